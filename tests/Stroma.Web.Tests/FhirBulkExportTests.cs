using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PatientIdentity = Stroma.Core.Course.PatientIdentity;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Tests;

/// <summary>
/// The Bulk Data <c>$export</c> flow over HTTP (Bulk Data Access IG v2): kick-off with <c>Prefer: respond-async</c> → 202 and
/// <c>Content-Location</c>; polling → 202 with <c>X-Progress</c>, then 200 with the manifest; every NDJSON file fetched and parsed back.
/// A researcher's export holds no identity; another user cannot see a job or its files; on PostgreSQL a second instance answers the
/// status and the files of a job the first took.
/// </summary>
// Compares what FHIR answers with the demo patient's stored records, which other classes write to: runs alone.
[Collection(WebFixture.Alone)]
public sealed class FhirBulkExportTests(WebFixture web, PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    private sealed record Exported(JsonElement Manifest, Dictionary<string, List<Resource>> Files, string StatusUrl);

    // Kicks off at kickOffBase, polls and fetches at pollBase (another instance, or the same).
    private static async Task<Exported> ExportAsync(HttpClient client, string kickOffBase, string? pollBase = null)
    {
        using var kickOff = new HttpRequestMessage(HttpMethod.Get, $"{kickOffBase}/fhir/Patient/$export?_outputFormat=application/fhir%2Bndjson");
        kickOff.Headers.Add("Accept", "application/fhir+json");
        kickOff.Headers.Add("Prefer", "respond-async");
        var accepted = await client.SendAsync(kickOff);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = accepted.Content.Headers.ContentLocation?.ToString() ?? accepted.Headers.GetValues("Content-Location").Single();
        Assert.StartsWith($"{kickOffBase}/fhir/bulk/", status, StringComparison.Ordinal);
        if (pollBase is not null)
        {
            status = pollBase + status[kickOffBase.Length..];
        }

        HttpResponseMessage poll;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((poll = await client.GetAsync(status)).StatusCode == HttpStatusCode.Accepted)
        {
            Assert.NotEmpty(poll.Headers.GetValues("X-Progress").Single());
            Assert.True(DateTime.UtcNow < deadline, "the export did not finish in two minutes");
            await System.Threading.Tasks.Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        var manifest = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement;
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.EndsWith("/fhir/Patient/$export?_outputFormat=application/fhir%2Bndjson", manifest.GetProperty("request").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse(manifest.GetProperty("transactionTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(0, manifest.GetProperty("error").GetArrayLength());
        var files = new Dictionary<string, List<Resource>>(StringComparer.Ordinal);
        foreach (var output in manifest.GetProperty("output").EnumerateArray())
        {
            var url = output.GetProperty("url").GetString()!;
            if (pollBase is not null)
            {
                Assert.StartsWith(pollBase, url, StringComparison.Ordinal);
            }

            var file = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/fhir+ndjson", file.Content.Headers.ContentType!.MediaType);
            var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var resources = lines.Select(l => FhirJsonDeserializer.DEFAULT.Deserialize<Resource>(l)).ToList();
            var type = output.GetProperty("type").GetString()!;
            Assert.All(resources, r => Assert.Equal(type, r.TypeName));
            Assert.Equal(output.GetProperty("count").GetInt32(), resources.Count);
            files[type] = resources;
        }

        return new Exported(manifest, files, status);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Clinician_EveryFileParsesBackAndHoldsTheDemoPatientsResources()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var search = FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(await client.GetStringAsync("/fhir/Observation?patient=DEMO-001&_count=1000"));

        var export = await ExportAsync(client, "http://localhost");

        var patient = Assert.Single(export.Files["Patient"], p => p.Id == "DEMO-001");
        Assert.Equal("Synthetic Demo Patient", ((Patient)patient).Name.Single().Text);
        var observations = export.Files["Observation"].Where(o => ((Observation)o).Subject?.Reference == "Patient/DEMO-001").ToList();
        Assert.Equal(search.Entry.Select(e => e.Resource!.Id).Order(StringComparer.Ordinal), observations.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.Contains("BiologicallyDerivedProduct", export.Files.Keys);
        Assert.Contains("AdverseEvent", export.Files.Keys);
        Assert.Contains("Provenance", export.Files.Keys);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Researcher_HoldsNoIdentity_AndAnotherUserCannotSeeTheJobOrItsFiles()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var other = await web.SignedInAsync(Roles.Clinician);

        var export = await ExportAsync(researcher, "http://localhost");
        var status = await other.GetAsync(export.StatusUrl);
        var file = await other.GetAsync(export.StatusUrl + "/0");

        Assert.All(export.Files["Patient"].Cast<Patient>(), p =>
        {
            Assert.Empty(p.Name);
            Assert.Equal(4, p.BirthDate!.Length);
            Assert.DoesNotContain(p.Identifier, i => i.Type?.Coding.Any(c => c.Code == "MR") == true);
        });
        Assert.DoesNotContain(export.Files["BiologicallyDerivedProduct"].Cast<BiologicallyDerivedProduct>(), b => b.Identifier.Any(i => i.System == Fhir.StromaTerminology.IsbtDin));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (status.StatusCode, file.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync(export.StatusUrl + "/0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(export.StatusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await researcher.DeleteAsync(export.StatusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync(export.StatusUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync(export.StatusUrl + "/0")).StatusCode);
        Assert.False(await FileRowsLeftAsync(export.StatusUrl));
    }

    // Whether any file row of the job is left (the files go with their job).
    private async Task<bool> FileRowsLeftAsync(string statusUrl)
    {
        var jobId = statusUrl[(statusUrl.LastIndexOf('/') + 1)..];
        await using var db = AccountsContext.Create(web.Location);
        return await db.BulkExportFiles.AnyAsync(f => f.JobId == jobId);
    }

    [Fact]
    public async System.Threading.Tasks.Task Status_WhileRunning_Is202WithXProgress_AndAFailedJobIs500WithAnOperationOutcome()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var jobId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using (var db = AccountsContext.Create(web.Location))
        {
            var userId = db.Users.AsNoTracking().Single(u => u.UserName == Roles.ResearchNurse).Id;
            db.BulkExportJobs.Add(new Features.Fhir.BulkExportJobRow
            {
                Id = jobId, UserId = userId, Request = "http://localhost/fhir/Patient/$export", Status = Features.Fhir.BulkExportStatus.Running, RequestedAtUtc = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var running = await client.GetAsync($"/fhir/bulk/{jobId}");
        await using (var db = AccountsContext.Create(web.Location))
        {
            await db.BulkExportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u.SetProperty(j => j.Status, Features.Fhir.BulkExportStatus.Failed).SetProperty(j => j.Failure, "TimeoutException"));
        }

        var failed = await client.GetAsync($"/fhir/bulk/{jobId}");
        var outcome = FhirOutcomes.Read(await failed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("reading the patients", running.Headers.GetValues("X-Progress").Single());
        Assert.NotNull(running.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(Fhir.FhirIssues.ExportFailed, Assert.Single(outcome.Issue).Details!.Coding.Single().Code);
    }

    [Theory]
    [InlineData(null, "", "Prefer")]
    [InlineData("respond-async", "?_type=Patient", "_type")]
    [InlineData("respond-async", "?_since=2024-01-01T00:00:00Z", "_since")]
    [InlineData("respond-async", "?_outputFormat=text/csv", "_outputFormat")]
    public async System.Threading.Tasks.Task KickOff_WithoutPreferOrWithWhatIsNotSupported_Is400NamingIt(string? prefer, string query, string location)
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient/$export" + query);
        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }

        var response = await client.SendAsync(request);
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(location, Assert.Single(outcome.Issue).Diagnostics);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_OnPostgres_TwoInstances_TheSecondAnswersTheStatusAndFilesOfTheFirstsJob()
    {
        var owner = await pg.NewEmptyLocationAsync();
        await StromaStore.MigrateSchemaAsync(owner, PostgresFixture.AppRole);
        await StromaWebApp.MigrateAccountsSchemaAsync(owner, PostgresFixture.AppRole, CancellationToken.None);
        var app = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = PostgresFixture.AppRole, Password = "stroma-app-ci" }.ToString());
        var store = await pg.OpenAsync(app, "setup", StoreOpening.Existing);
        (await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo Patient", "DEMO-HN-0001"))).ValueOrThrow();
        await using var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None);
        Assert.False((await admin.AddUserAsync("researcher", Roles.Researcher, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        await using var first = await StromaWebApp.BuildAsync(new WebSettings(app, store.Key, "http://127.0.0.1:0"));
        await using var second = await StromaWebApp.BuildAsync(new WebSettings(app, store.Key, "http://127.0.0.1:0"));
        await first.StartAsync();
        await second.StartAsync();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        var (a, b) = (first.Urls.Single(), second.Urls.Single());
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, $"{a}/account/login", "login",
            new() { ["Input.User"] = "researcher", ["Input.Password"] = WebFixture.Password })).StatusCode);

        var export = await ExportAsync(client, a, pollBase: b);

        var patient = (Patient)Assert.Single(export.Files["Patient"]);
        Assert.Equal(DemoCase.PatientId, patient.Id);
        Assert.Empty(patient.Name);
        var labs = (await store.LoadCourseAsync(DemoCase.PatientId))!.Labs.Count;
        Assert.Equal(labs, export.Files["Observation"].Count(o => ((Observation)o).Identifier.Any(i => i.System == Fhir.StromaTerminology.IdentifierSystem("lab-result"))));

        // A job the first instance claimed and never finished (as if it stopped mid-way): the second, asked past the deadline, fails it.
        var stuck = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using (var db = AccountsContext.Create(app))
        {
            db.BulkExportJobs.Add(new Features.Fhir.BulkExportJobRow
            {
                Id = stuck, UserId = db.Users.AsNoTracking().Single(u => u.UserName == "researcher").Id, Request = $"{a}/fhir/Patient/$export",
                Status = Features.Fhir.BulkExportStatus.Running, RequestedAtUtc = DateTimeOffset.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }

        var interrupted = await client.GetAsync($"{b}/fhir/bulk/{stuck}");
        Assert.Equal(HttpStatusCode.InternalServerError, interrupted.StatusCode);
        Assert.Equal(Fhir.FhirIssues.ExportInterrupted, FhirOutcomes.Read(await interrupted.Content.ReadAsStringAsync()).Issue.Single().Details!.Coding.Single().Code);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync($"{a}/fhir/bulk/{stuck}")).StatusCode);
    }
}
