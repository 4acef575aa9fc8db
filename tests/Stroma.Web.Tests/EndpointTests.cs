using System.Net;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// Every endpoint of the running app names a known policy, and every role gets exactly what its policy allows on every page and API
/// endpoint (issue 13: "a test enumerates every endpoint of the running app and fails on one without a policy, and a role × endpoint
/// matrix test checks allow and deny").
/// </summary>
public sealed class EndpointTests(WebFixture web)
{
    private static readonly HashSet<string> KnownPolicies = [.. Policies.RolesOf.Keys, Policies.Anonymous];

    private List<RouteEndpoint> Endpoints() =>
        [.. ((IEndpointRouteBuilder)web.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()];

    [Fact]
    public void EveryEndpoint_NamesAKnownPolicy()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} endpoints found");
        var without = endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>() is not { Count: > 0 } data || data.Any(d => d.Policy is null || !KnownPolicies.Contains(d.Policy)))
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.True(without.Count == 0, "Endpoints without a known policy: " + string.Join(", ", without));
        Assert.DoesNotContain(endpoints, e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
    }

    public static TheoryData<string> Everyone => [.. Roles.All];

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task EveryGetEndpoint_AllowsExactlyItsPolicysRoles(string role)
    {
        var client = await web.SignedInAsync(role);
        var lab = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs[0].Id;
        _demoArrayRun = (await web.Store.LoadArrayRunsAsync("DEMO-001"))[0].Id;
        var resources = await FhirResourceIdsAsync(pseudonymise: !Policies.RolesOf[Policies.ReadIdentity].Contains(role));
        var failures = new List<string>();
        foreach (var (path, policy) in GetEndpoints(lab, await DemoStrSampleAsync(), resources))
        {
            var response = await client.GetAsync(path);
            var allowed = policy == Policies.Anonymous || Policies.RolesOf[policy].Contains(role);
            var expected = allowed ? OkStatus(path) : IsApi(path) ? HttpStatusCode.Forbidden : HttpStatusCode.Redirect;
            if (allowed && IsBulkExport(path))
            {
                // Reached, not refused: a kick-off without Prefer: respond-async is 400, a job that is not the user's 404 (the flow: FhirBulkExportTests).
                expected = path.EndsWith("$export", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound;
            }

            if (response.StatusCode != expected || (!allowed && expected == HttpStatusCode.Redirect && !response.Headers.Location!.ToString().Contains("/account/denied", StringComparison.Ordinal)))
            {
                failures.Add($"{role} GET {path} ({policy}): expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // A pseudonymised reader's pages and answers give every time in UTC: the demo site's offset (+01:00) would hint at the season the
    // date shift hides. JSON writers may escape '+', so both spellings are searched. A reader who sees identity sees the offset.
    [Fact]
    public async Task Researcher_EveryGetEndpoint_GivesNoSiteOffset()
    {
        var (read, withOffset) = await PathsGivingTheSiteOffsetAsync(Roles.Researcher);
        var (_, identified) = await PathsGivingTheSiteOffsetAsync(Roles.Clinician);

        Assert.True(read >= 10, $"only {read} endpoints read");
        Assert.True(withOffset.Count == 0, "The site's offset in: " + string.Join(", ", withOffset));
        Assert.NotEmpty(identified);
    }

    private async Task<(int Read, List<string> WithOffset)> PathsGivingTheSiteOffsetAsync(string role)
    {
        var client = await web.SignedInAsync(role);
        var lab = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs[0].Id;
        _demoArrayRun = (await web.Store.LoadArrayRunsAsync("DEMO-001"))[0].Id;
        var resources = await FhirResourceIdsAsync(pseudonymise: !Policies.RolesOf[Policies.ReadIdentity].Contains(role));
        var withOffset = new List<string>();
        var read = 0;
        foreach (var (path, policy) in GetEndpoints(lab, await DemoStrSampleAsync(), resources))
        {
            if (policy == Policies.Anonymous || !Policies.RolesOf[policy].Contains(role) || IsBulkExport(path))
            {
                continue;
            }

            var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            read++;
            if (body.Contains("+01:00", StringComparison.Ordinal) || body.Contains("\\u002B01:00", StringComparison.OrdinalIgnoreCase))
            {
                withOffset.Add(path);
            }
        }

        return (read, withOffset);
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn_OrRefusedWith401()
    {
        var client = web.Anonymous();
        var lab = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs[0].Id;
        _demoArrayRun = (await web.Store.LoadArrayRunsAsync("DEMO-001"))[0].Id;
        foreach (var (path, policy) in GetEndpoints(lab, await DemoStrSampleAsync()))
        {
            var response = await client.GetAsync(path);
            if (policy == Policies.Anonymous)
            {
                Assert.Equal(OkStatus(path), response.StatusCode);
            }
            else if (IsApi(path))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task SignOut_NeedsItsAntiforgeryToken()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients")).StatusCode);
    }

    // Every GET endpoint of the app with its route values filled in, and its policy.
    private IEnumerable<(string Path, string Policy)> GetEndpoints(string labId, string strSampleId, IReadOnlyDictionary<string, string>? fhirIds = null) =>
        Endpoints()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
            .Select(e => (Fill(e.RoutePattern.RawText!, labId, strSampleId, fhirIds ?? new Dictionary<string, string>()), e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy!).Last()))
            .Distinct();

    // The id of the demo patient's first resource of each FHIR type, as a reader who sees identity (or not) is served it.
    private async Task<IReadOnlyDictionary<string, string>> FhirResourceIdsAsync(bool pseudonymise)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in Fhir.Server.SearchRequest.Parameters.Keys)
        {
            var answer = await Fhir.Server.FhirApi.SearchAsync(web.Store, type, [KeyValuePair.Create(FhirPatientParameter(type), "DEMO-001")], "http://localhost/fhir/", pseudonymise,
                DateTimeOffset.UtcNow, CancellationToken.None);
            var bundle = Hl7.Fhir.Serialization.FhirJsonDeserializer.DEFAULT.Deserialize<Hl7.Fhir.Model.Bundle>(answer.Json);
            ids[type] = bundle.Entry[0].Resource!.Id!;
        }

        return ids;
    }

    private static string FhirPatientParameter(string type) => type == "AdverseEvent" ? "subject" : "patient";

    // The API, its OpenAPI document and the FHIR endpoint answer 401/403 instead of redirecting to the sign-in page.
    private static bool IsApi(string path) =>
        path.StartsWith("/api", StringComparison.Ordinal) || path.StartsWith("/openapi", StringComparison.Ordinal) || path.StartsWith("/fhir", StringComparison.Ordinal);

    private static bool IsBulkExport(string path) => path.StartsWith("/fhir/bulk/", StringComparison.Ordinal) || path.EndsWith("$export", StringComparison.Ordinal);

    // The framework's redirect endpoint answers a request without its protected address with 400: reached, not refused.
    private static HttpStatusCode OkStatus(string path) => path == "/_framework/opaque-redirect" ? HttpStatusCode.BadRequest : HttpStatusCode.OK;

    // The demo patient's first kept STR sample (the review page and its electropherogram).
    private async Task<string> DemoStrSampleAsync() => (await web.Store.LoadStrSamplesAsync("DEMO-001"))[0].Id;

    // The demo patient's first membrane array run (the demo keeps one per simulated membrane).
    private string DemoArrayRun => _demoArrayRun ?? throw new InvalidOperationException("Load the demo's array run first.");

    private string? _demoArrayRun;

    private string Fill(string pattern, string labId, string strSampleId, IReadOnlyDictionary<string, string> fhirIds)
    {
        var parts = pattern.TrimStart('/').Split('/');
        if (parts is ["fhir", "bulk", ..])
        {
            return "/fhir/bulk/no-such-job" + (parts.Length > 3 ? "/0" : string.Empty);
        }

        if (parts is ["fhir", "CodeSystem", _])
        {
            return "/fhir/CodeSystem/" + Fhir.StromaTerminology.CodeSystemId;
        }

        if (parts is ["fhir", "Group", _, "$export"])
        {
            return $"/fhir/Group/{Core.Course.TreatmentProtocol.SeedCase.Id}/$export";
        }

        if (parts is ["fhir", var type, ..] && Fhir.Server.SearchRequest.Parameters.ContainsKey(type))
        {
            return parts.Length == 2 ? $"/fhir/{type}?{FhirPatientParameter(type)}=DEMO-001" : $"/fhir/{type}/{fhirIds.GetValueOrDefault(type, "none")}";
        }

        return "/" + pattern.TrimStart('/').Replace(Features.Patients.PatientRoutes.Patient.TrimStart('/'), "patients/DEMO-001", StringComparison.Ordinal)
            .Replace("{SampleId}", strSampleId, StringComparison.OrdinalIgnoreCase).Replace("lots/{Id}", "lots/MSC-DEMO-001", StringComparison.OrdinalIgnoreCase).Replace("{id}", "DEMO-001", StringComparison.OrdinalIgnoreCase).Replace("{LabId}", labId, StringComparison.OrdinalIgnoreCase)
            .Replace("{Kind}", "labs", StringComparison.Ordinal).Replace("{RecordId}", labId, StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{plot}", "egfr", StringComparison.Ordinal)
            .Replace("{RunId}", DemoArrayRun, StringComparison.Ordinal).Replace("{run}", DemoArrayRun, StringComparison.Ordinal).Replace("{image:int}", "0", StringComparison.Ordinal);
    }
}
