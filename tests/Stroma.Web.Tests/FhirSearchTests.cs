using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Utility;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// Search on <c>/fhir</c> with Firely's <c>FhirClient</c>: Observation by code (token forms) and date (prefixes), paging through the
/// next links, <c>_include</c> of the patient, read and search of Procedure, AdverseEvent and BiologicallyDerivedProduct; strict
/// handling of what is not supported; 401 as an OperationOutcome. Expected sets are computed from the stored course.
/// </summary>
// Compares what FHIR answers with the demo patient's stored records, which other classes write to: runs alone.
[Collection(WebFixture.Alone)]
public sealed class FhirSearchTests(WebFixture web)
{
    private const string Loinc = "http://loinc.org";

    private async Task<FhirClient> ClientAsync(string role) =>
        new(new Uri("http://localhost/fhir/"), await web.SignedInAsync(role), new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });

    private static async Task<List<T>> AllPagesAsync<T>(FhirClient client, Bundle? page, List<int>? sizes = null)
        where T : Resource
    {
        var found = new List<T>();
        while (page is not null)
        {
            sizes?.Add(page.Entry.Count);
            found.AddRange(page.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => (T)e.Resource!));
            page = await client.ContinueAsync(page);
        }

        return found;
    }

    [Fact]
    public async System.Threading.Tasks.Task Observation_ByCodeInEveryTokenForm_IsTheStoredCreatinines()
    {
        var client = await ClientAsync(Roles.Clinician);
        var creatinines = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs.Count(l => l.Loinc == "2160-0");

        var withSystem = await client.SearchAsync<Observation>(["patient=DEMO-001", $"code={Loinc}|2160-0", "_count=1000"]);
        var bare = await client.SearchAsync<Observation>(["patient=DEMO-001", "code=2160-0", "_count=1000"]);
        var systemOnly = await client.SearchAsync<Observation>(["patient=Patient/DEMO-001", $"code={Loinc}|", "_count=1000"]);
        var noSystem = await client.SearchAsync<Observation>(["patient=DEMO-001", "code=|2160-0"]);
        var either = await client.SearchAsync<Observation>(["patient=DEMO-001", "code=2160-0,no-such-code", "_count=1000"]);

        Assert.True(creatinines > 2, $"the demo holds {creatinines} creatinines");
        Assert.Equal(creatinines, withSystem!.Total);
        Assert.All(withSystem.Entry, e => Assert.Contains(((Observation)e.Resource!).Code.Coding, c => c.System == Loinc && c.Code == "2160-0"));
        Assert.Equal(creatinines, bare!.Total);
        Assert.True(systemOnly!.Total > creatinines);
        Assert.All(systemOnly.Entry, e => Assert.Contains(((Observation)e.Resource!).Code.Coding, c => c.System == Loinc));
        Assert.Equal(0, noSystem!.Total);
        Assert.Equal(creatinines, either!.Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task Observation_ByDateWithPrefixes_IsTheStoredLabsInTheRange()
    {
        var client = await ClientAsync(Roles.Clinician);
        var times = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs.Where(l => l.Loinc == "2160-0").Select(l => l.SampledAt.ToUniversalTime()).Order().ToList();
        var day = times[times.Count / 2].UtcDateTime.Date;
        var next = day.AddDays(1);
        var d = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var month = day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        async Task<int?> Count(params string[] criteria) =>
            (await client.SearchAsync<Observation>(["patient=DEMO-001", "code=2160-0", "_count=0", .. criteria]))!.Total;

        Assert.Equal(times.Count(t => t >= day && t < next), await Count($"date={d}"));
        Assert.Equal(times.Count(t => t >= day && t < next), await Count($"date=eq{d}"));
        Assert.Equal(times.Count(t => t < day || t >= next), await Count($"date=ne{d}"));
        Assert.Equal(times.Count(t => t < day), await Count($"date=lt{d}"));
        Assert.Equal(times.Count(t => t < next), await Count($"date=le{d}"));
        Assert.Equal(times.Count(t => t >= next), await Count($"date=gt{d}"));
        Assert.Equal(times.Count(t => t >= day), await Count($"date=ge{d}"));
        Assert.Equal(times.Count(t => t.Year == day.Year && t.Month == day.Month), await Count($"date={month}"));
        // Repeated parameters must all hold: a closed range.
        Assert.Equal(times.Count(t => t >= day && t < next.AddDays(30)), await Count($"date=ge{d}", $"date=lt{next.AddDays(30):yyyy-MM-dd}"));
        // A time of day with its zone is a one-minute range.
        var at = times[times.Count / 2];
        var minute = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        Assert.Equal(times.Count(t => t >= minute && t < minute.AddMinutes(1)), await Count($"date=eq{minute:yyyy-MM-ddTHH:mm}Z"));
        Assert.Equal(times.Count(t => t >= minute.AddMinutes(1)), await Count($"date=gt{minute:yyyy-MM-ddTHH:mm}Z"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Observation_PagedWithCount_FollowsNextLinksThroughEveryMatchOnceInTheSameOrder()
    {
        var client = await ClientAsync(Roles.Clinician);
        var whole = await client.SearchAsync<Observation>(["patient=DEMO-001", "_count=1000"]);
        var sizes = new List<int>();

        var paged = await AllPagesAsync<Observation>(client, await client.SearchAsync<Observation>(["patient=DEMO-001", "_count=7"]), sizes);

        Assert.True(whole!.Total is > 14 and <= 1000, $"total {whole.Total}");
        Assert.Null(whole.NextLink);
        Assert.Equal(whole.Entry.Select(e => e.Resource!.Id), paged.Select(o => o.Id));
        Assert.All(sizes.SkipLast(1), s => Assert.Equal(7, s));
        Assert.Equal((whole.Total!.Value + 6) / 7, sizes.Count);
        Assert.All(whole.Entry, e => Assert.Equal("http://localhost/fhir/Observation/" + e.Resource!.Id, e.FullUrl));
    }

    [Fact]
    public async System.Threading.Tasks.Task Observation_IncludePatient_AddsThePatientOncePerPage()
    {
        var client = await ClientAsync(Roles.Researcher);

        var page = await client.SearchAsync<Observation>(["patient=DEMO-001", "_include=Observation:patient", "_count=5"]);
        var bySubject = await client.SearchAsync<Observation>(["subject=Patient/DEMO-001", "_include=Observation:subject", "_count=5"]);

        var included = Assert.Single(page!.Entry, e => e.Search?.Mode == Bundle.SearchEntryMode.Include);
        var patient = Assert.IsType<Patient>(included.Resource);
        Assert.Equal("DEMO-001", patient.Id);
        Assert.Empty(patient.Name);
        Assert.Equal(5, page.Entry.Count(e => e.Search?.Mode == Bundle.SearchEntryMode.Match));
        Assert.Equal(page.Entry.Select(e => e.Resource!.Id), bySubject!.Entry.Select(e => e.Resource!.Id));
    }

    [Theory]
    [InlineData("Procedure", "patient")]
    [InlineData("AdverseEvent", "subject")]
    [InlineData("BiologicallyDerivedProduct", "patient")]
    public async System.Threading.Tasks.Task OtherTypes_SearchByPatientThenRead_GiveTheSameResource(string type, string parameter)
    {
        var client = await ClientAsync(Roles.Clinician);

        var found = await client.SearchAsync(type, [$"{parameter}=DEMO-001"]);
        var first = found!.Entry[0].Resource!;
        var read = await client.ReadAsync<Resource>($"{type}/{first.Id}");

        Assert.All(found.Entry, e => Assert.Equal(type, e.Resource!.TypeName));
        Assert.True(read!.IsExactly(first), $"{type}/{first.Id} read differs from its search entry");
    }

    [Fact]
    public async System.Threading.Tasks.Task BiologicallyDerivedProduct_Researcher_GetsNoDinAndIdsThatDoNotResolveForTheClinicianView()
    {
        var clinician = await ClientAsync(Roles.Clinician);
        var researcher = await ClientAsync(Roles.Researcher);

        var identified = await clinician.SearchAsync<BiologicallyDerivedProduct>(["patient=DEMO-001"]);
        var pseudonymised = await researcher.SearchAsync<BiologicallyDerivedProduct>(["patient=DEMO-001"]);
        var http = await web.SignedInAsync(Roles.Researcher);
        var crossed = await http.GetAsync("/fhir/BiologicallyDerivedProduct/" + identified!.Entry[0].Resource!.Id);

        Assert.Contains(identified.Entry, e => ((BiologicallyDerivedProduct)e.Resource!).Identifier.Any(i => i.System == StromaIsbtDin));
        Assert.Equal(identified.Total, pseudonymised!.Total);
        Assert.DoesNotContain(pseudonymised.Entry, e => ((BiologicallyDerivedProduct)e.Resource!).Identifier.Any(i => i.System == StromaIsbtDin));
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
    }

    private static string StromaIsbtDin => Fhir.StromaTerminology.IsbtDin;

    [Theory]
    [InlineData("/fhir/Observation?patient=DEMO-001&_sort=date", "_sort", "not-supported")]
    [InlineData("/fhir/Observation?patient=DEMO-001&code:text=creatinine", "code:text", "not-supported")]
    [InlineData("/fhir/Observation?patient=DEMO-001&_include=Observation:performer", "_include", "not-supported")]
    [InlineData("/fhir/AdverseEvent?patient=DEMO-001", "patient", "not-supported")]
    [InlineData("/fhir/Observation?patient=DEMO-001&date=sa2024-01-01", "date", "invalid")]
    [InlineData("/fhir/Observation?patient=DEMO-001&date=ge2024-01-01T10:00", "date", "invalid")]
    [InlineData("/fhir/Observation?patient=DEMO-001&date=2024-02-30", "date", "invalid")]
    [InlineData("/fhir/Observation?patient=DEMO-001&_count=-1", "_count", "invalid")]
    [InlineData("/fhir/Procedure?patient=DEMO-001&subject=OTHER-1", "patient", "invalid")]
    public async System.Threading.Tasks.Task Search_WhatIsNotSupported_Is400NamingTheParameter(string path, string parameter, string issueType)
    {
        var http = await web.SignedInAsync(Roles.Clinician);

        var response = await http.GetAsync(path);
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var issue = Assert.Single(outcome.Issue, i => i.Diagnostics == parameter);
        Assert.Equal(issueType, issue.Code!.Value.GetLiteral());
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_UnknownId_Is404WithAnOperationOutcome()
    {
        var http = await web.SignedInAsync(Roles.Clinician);

        var response = await http.GetAsync("/fhir/Procedure/0123456789abcdef-00000000-0000-8000-8000-000000000000");
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Fhir.FhirIssues.NoSuchResource, Assert.Single(outcome.Issue).Details!.Coding.Single().Code);
    }

    // A type the endpoint does not serve and a write to the read-only endpoint are OperationOutcomes too, not the web app's problem details.
    [Theory]
    [InlineData("GET", "/fhir/Medication/x", HttpStatusCode.NotFound)]
    [InlineData("POST", "/fhir/Observation", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/fhir/Patient/DEMO-001", HttpStatusCode.MethodNotAllowed)]
    public async System.Threading.Tasks.Task UnsupportedInteraction_IsAnOperationOutcome(string method, string path, HttpStatusCode status)
    {
        var http = await web.SignedInAsync(Roles.Clinician);

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new StringContent("{}") });
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(Fhir.FhirIssues.UnsupportedInteraction, Assert.Single(outcome.Issue).Details!.Coding.Single().Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("stroma_not-a-token")]
    public async System.Threading.Tasks.Task NotSignedIn_Is401WithAnOperationOutcome(string? token)
    {
        using var http = web.Anonymous();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.GetAsync("/fhir/Observation?patient=DEMO-001");
        var body = await response.Content.ReadAsStringAsync();
        var outcome = FhirOutcomes.Read(body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueType.Login, issue.Code);
        Assert.Equal(Fhir.FhirIssues.NotSignedIn, issue.Details!.Coding.Single().Code);
        Assert.DoesNotContain("DEMO-001\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Metadata_SaysExactlyWhatIsSupported()
    {
        var client = await ClientAsync(Roles.Researcher);

        var rest = (await client.CapabilityStatementAsync())!.Rest.Single();

        Assert.Equal(["Patient", "Group", "CodeSystem", "Observation", "Procedure", "AdverseEvent", "BiologicallyDerivedProduct"], rest.Resource.Select(r => r.Type));
        var observation = rest.Resource.Single(r => r.Type == "Observation");
        Assert.Equal(["patient", "subject", "code", "date", "_count"], observation.SearchParam.Select(p => p.Name));
        Assert.Equal(["Observation:patient", "Observation:subject"], observation.SearchInclude);
        Assert.Equal(["subject", "_count"], rest.Resource.Single(r => r.Type == "AdverseEvent").SearchParam.Select(p => p.Name));
        Assert.Contains("strict", rest.Documentation, StringComparison.Ordinal);
    }
}
