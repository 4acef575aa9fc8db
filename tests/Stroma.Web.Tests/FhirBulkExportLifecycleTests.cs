using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Stroma.Web.Accounts;
using Stroma.Web.Features.Fhir;

namespace Stroma.Web.Tests;

/// <summary>
/// What becomes of bulk export jobs (Bulk Data Access IG v2): a job whose instance stopped is failed by any instance that is asked (no job
/// stays "in progress" for ever); a job past its lifetime answers 410 Gone and its files are deleted, and later it is forgotten (404);
/// <c>DELETE</c> cancels a running job. Also the group-level kick-off and the Stroma CodeSystem the canonical URLs name. Each test makes
/// its own job rows (random ids) for its own user.
/// </summary>
public sealed class FhirBulkExportLifecycleTests(WebFixture web)
{
    // A job row of the given user, as if an instance had written it at requestedAt.
    private async Task<string> JobAsync(string role, string status, DateTimeOffset requestedAt, bool withFile = false)
    {
        var jobId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var db = AccountsContext.Create(web.Location);
        var userId = db.Users.AsNoTracking().Single(u => u.UserName == role).Id;
        db.BulkExportJobs.Add(new BulkExportJobRow
        {
            Id = jobId, UserId = userId, Request = "http://localhost/fhir/Patient/$export", Status = status, RequestedAtUtc = requestedAt,
            TransactionTimeUtc = status == BulkExportStatus.Complete ? requestedAt : null,
        });
        if (withFile)
        {
            db.BulkExportFiles.Add(new BulkExportFileRow { JobId = jobId, Index = 0, Type = "Patient", Count = 0, Content = [] });
        }

        await db.SaveChangesAsync();
        return jobId;
    }

    private async Task<BulkExportJobRow?> RowAsync(string jobId)
    {
        await using var db = AccountsContext.Create(web.Location);
        return await db.BulkExportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId);
    }

    private async Task<int> FileRowsAsync(string jobId)
    {
        await using var db = AccountsContext.Create(web.Location);
        return await db.BulkExportFiles.CountAsync(f => f.JobId == jobId);
    }

    private static async Task<string> CodeOfAsync(HttpResponseMessage response) =>
        Assert.Single(FhirOutcomes.Read(await response.Content.ReadAsStringAsync()).Issue).Details!.Coding.Single().Code!;

    [Theory]
    [InlineData(BulkExportStatus.Running)]
    [InlineData(BulkExportStatus.Accepted)]
    public async System.Threading.Tasks.Task Status_JobUnfinishedPastItsDeadline_IsMarkedFailedAsInterrupted(string status)
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var jobId = await JobAsync(Roles.Clinician, status, DateTimeOffset.UtcNow.AddMinutes(-16));

        var response = await client.GetAsync($"/fhir/bulk/{jobId}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(Fhir.FhirIssues.ExportInterrupted, await CodeOfAsync(response));
        Assert.Equal(BulkExportStatus.Failed, (await RowAsync(jobId))!.Status);
    }

    [Fact]
    public async System.Threading.Tasks.Task Status_JobRunningWithinItsDeadline_StaysRunning()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var jobId = await JobAsync(Roles.Clinician, BulkExportStatus.Running, DateTimeOffset.UtcNow.AddMinutes(-14));

        var response = await client.GetAsync($"/fhir/bulk/{jobId}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(BulkExportStatus.Running, (await RowAsync(jobId))!.Status);
    }

    [Fact]
    public async System.Threading.Tasks.Task StatusAndFile_JobPastItsLifetime_Are410_AndItsFilesAreDeleted()
    {
        var client = await web.SignedInAsync(Roles.Researcher);
        var jobId = await JobAsync(Roles.Researcher, BulkExportStatus.Complete, DateTimeOffset.UtcNow.AddHours(-25), withFile: true);
        var fresh = await JobAsync(Roles.Researcher, BulkExportStatus.Complete, DateTimeOffset.UtcNow.AddHours(-23), withFile: true);

        var status = await client.GetAsync($"/fhir/bulk/{jobId}");
        var file = await client.GetAsync($"/fhir/bulk/{jobId}/0");

        Assert.Equal(HttpStatusCode.Gone, status.StatusCode);
        Assert.Equal(Fhir.FhirIssues.ExportExpired, await CodeOfAsync(status));
        Assert.Equal(HttpStatusCode.Gone, file.StatusCode);
        Assert.Equal(0, await FileRowsAsync(jobId));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/bulk/{fresh}/0")).StatusCode);
        Assert.Equal(1, await FileRowsAsync(fresh));
    }

    [Fact]
    public async System.Threading.Tasks.Task Status_JobPastTwoLifetimes_IsForgotten404()
    {
        var client = await web.SignedInAsync(Roles.Researcher);
        var jobId = await JobAsync(Roles.Researcher, BulkExportStatus.Complete, DateTimeOffset.UtcNow.AddHours(-49), withFile: true);

        var status = await client.GetAsync($"/fhir/bulk/{jobId}");

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Null(await RowAsync(jobId));
        Assert.Equal(0, await FileRowsAsync(jobId));
    }

    [Fact]
    public async System.Threading.Tasks.Task Delete_RunningJob_CancelsIt()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var jobId = await JobAsync(Roles.ResearchNurse, BulkExportStatus.Running, DateTimeOffset.UtcNow);

        var deleted = await client.DeleteAsync($"/fhir/bulk/{jobId}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Null(await RowAsync(jobId));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/fhir/bulk/{jobId}")).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task GroupExport_TheProtocolsCohort_RunsToAManifestWithTheDemoPatient()
    {
        var client = await web.SignedInAsync(Roles.Researcher);
        using var kickOff = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Group/{Core.Course.TreatmentProtocol.SeedCase.Id}/$export");
        kickOff.Headers.Add("Prefer", "respond-async");

        var accepted = await client.SendAsync(kickOff);
        var status = accepted.Content.Headers.ContentLocation?.ToString() ?? accepted.Headers.GetValues("Content-Location").Single();
        HttpResponseMessage poll;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((poll = await client.GetAsync(status)).StatusCode == HttpStatusCode.Accepted && DateTime.UtcNow < deadline)
        {
            await System.Threading.Tasks.Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        var manifest = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
        Assert.EndsWith($"/fhir/Group/{Core.Course.TreatmentProtocol.SeedCase.Id}/$export", manifest.GetProperty("request").GetString(), StringComparison.Ordinal);
        var patients = manifest.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "Patient").GetProperty("url").GetString()!;
        var lines = (await client.GetStringAsync(patients)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines.Select(l => FhirJsonDeserializer.DEFAULT.Deserialize<Patient>(l)), p => p.Id == "DEMO-001" && p.Name.Count == 0);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync(status)).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task GroupExport_UnknownGroup_Is404WithFhir024()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        using var kickOff = new HttpRequestMessage(HttpMethod.Get, "/fhir/Group/no-such-cohort/$export");
        kickOff.Headers.Add("Prefer", "respond-async");

        var response = await client.SendAsync(kickOff);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Fhir.FhirIssues.NoSuchGroup, await CodeOfAsync(response));
    }

    [Fact]
    public async System.Threading.Tasks.Task CodeSystem_Stroma_IsServedAtItsCanonicalsPath_AndTheCapabilityStatementSaysSo()
    {
        var client = await web.SignedInAsync(Roles.Researcher);

        var system = FhirJsonDeserializer.DEFAULT.Deserialize<CodeSystem>(await client.GetStringAsync("/fhir/CodeSystem/stroma"));
        var unknown = await client.GetAsync("/fhir/CodeSystem/loinc");
        var statement = FhirJsonDeserializer.DEFAULT.Deserialize<CapabilityStatement>(await client.GetStringAsync("/fhir/metadata"));

        Assert.Equal(Fhir.StromaTerminology.DefaultBase + "/CodeSystem/stroma", system.Url);
        Assert.Contains(system.Concept, c => c.Code == Fhir.StromaTerminology.Codes.PlasmaExchange);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var resources = statement.Rest.Single().Resource;
        Assert.Contains(resources, r => r.Type == "CodeSystem" && r.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.Read));
        Assert.Contains(resources, r => r.Type == "Group" && r.Operation.Any(o => o.Name == "export" && o.Definition == Fhir.Server.BulkExport.GroupExportDefinition));
    }

    [Fact]
    public async System.Threading.Tasks.Task CodeSystem_StromaIssue_IsServed_AndCodesTheOutcomesOfThisServer()
    {
        var client = await web.SignedInAsync(Roles.Researcher);

        var system = FhirJsonDeserializer.DEFAULT.Deserialize<CodeSystem>(await client.GetStringAsync("/fhir/CodeSystem/" + Fhir.StromaTerminology.IssueCodeSystemId));
        var unknown = FhirOutcomes.Read(await (await client.GetAsync("/fhir/CodeSystem/loinc")).Content.ReadAsStringAsync());

        Assert.Equal(Fhir.StromaTerminology.IssueCodeSystem, system.Url);
        var coding = unknown.Issue.Single().Details!.Coding.Single();
        Assert.Equal(Fhir.StromaTerminology.IssueCodeSystem, coding.System);
        Assert.Contains(system.Concept, c => c.Code == coding.Code && c.Code == Fhir.FhirIssues.NoSuchResource);
    }
}
