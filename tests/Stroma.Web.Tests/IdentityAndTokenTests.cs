using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>The researcher never receives identity (pages and every API shape); API tokens work, expire and are revoked.</summary>
public sealed class IdentityAndTokenTests(WebFixture web)
{
    // The demo patient's identity (DemoLoad) and birth date (DemoCase).
    private static readonly string[] Identifying = ["Synthetic Demo Patient", "DEMO-HN-0001", "2007-10-15"];

    private static readonly string[] ApiPaths = ["/api/patients", "/api/patients/DEMO-001", "/api/patients/DEMO-001/assessment"];

    private static readonly string[] PagePaths = ["/patients", "/patients?q=DEMO", "/patients/DEMO-001", "/patients/DEMO-001/plots/upcr.svg", "/patients/DEMO-001/plots/egfr.svg"];

    [Fact]
    public async Task Researcher_NeverReceivesIdentity_OnAnyPageOrApiShape()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        foreach (var path in ApiPaths.Concat(PagePaths))
        {
            var body = await researcher.GetStringAsync(path);
            foreach (var text in Identifying)
            {
                Assert.DoesNotContain(text, body, StringComparison.Ordinal);
            }
        }

        foreach (var path in ApiPaths)
        {
            using var json = JsonDocument.Parse(await researcher.GetStringAsync(path));
            Assert.Empty(PropertyNames(json.RootElement).Intersect(["name", "hospitalNumber", "birthDate", "sourceSha256"]));
        }

        // The researcher's dates are shifted: day 0 differs from the clinician's.
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var shifted = JsonDocument.Parse(await researcher.GetStringAsync("/api/patients/DEMO-001")).RootElement;
        var real = JsonDocument.Parse(await clinician.GetStringAsync("/api/patients/DEMO-001")).RootElement;
        Assert.True(shifted.GetProperty("datesShifted").GetBoolean());
        Assert.NotEqual(real.GetProperty("dayZero").GetString(), shifted.GetProperty("dayZero").GetString());
        Assert.Equal(real.GetProperty("birthYear").GetInt32(), shifted.GetProperty("birthYear").GetInt32());
    }

    [Fact]
    public async Task Clinician_SeesIdentity_SoTheResearcherTestCanFail()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        Assert.Contains("Synthetic Demo Patient", await clinician.GetStringAsync("/patients/DEMO-001"), StringComparison.Ordinal);
        Assert.Contains("DEMO-HN-0001", await clinician.GetStringAsync("/api/patients/DEMO-001"), StringComparison.Ordinal);
        Assert.Contains("2007-10-15", await clinician.GetStringAsync("/api/patients/DEMO-001"), StringComparison.Ordinal);

        // A lab kept with its raw input: the clinician's answer names the input's hash, the researcher's does not.
        var lab = Core.Course.LabResult.Create("sha-visible-1", Core.Course.Analyte.Upcr, new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.FromHours(2)), 1.3, "mg/mg");
        var form = "{\"value\":\"1.3\"}"u8.ToArray();
        (await web.Store.AddLabAsync("DEMO-001", lab with { SourceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(form)) }, Core.RawInput.Of("sha.json", form))).ValueOrThrow();
        Assert.Contains("\"sourceSha256\"", await clinician.GetStringAsync("/api/patients/DEMO-001"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"sourceSha256\"", await (await web.SignedInAsync(Roles.Researcher)).GetStringAsync("/api/patients/DEMO-001"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_BeyondTheLastPageIsEmpty_AndABadPageIsNamed()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        // Other classes add patients to the shared demo database while this one runs: a page far beyond the last is empty, whatever the total.
        using (var beyond = JsonDocument.Parse(await clinician.GetStringAsync("/api/patients?page=1000")))
        {
            Assert.Equal(0, beyond.RootElement.GetProperty("patients").GetArrayLength());
            Assert.InRange(beyond.RootElement.GetProperty("total").GetInt32(), 1, 49_999);
        }

        foreach (var bad in new[] { "abc", "0", "-5", "99999999999" })
        {
            var response = await clinician.GetAsync($"/api/patients?page={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("page: Expected a whole number from 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync($"/patients?page={bad}")).StatusCode);
        }
    }

    [Fact]
    public async Task Token_Authenticates_ThenExpires_AndIsRevoked()
    {
        var made = await web.Admin.CreateTokenAsync(Roles.Clinician, "1d", web.Clock.GetUtcNow(), CancellationToken.None);
        var token = made.Value!.Token;
        Assert.StartsWith(ApiTokens.Prefix, token, StringComparison.Ordinal);
        var client = web.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var assessment = await client.GetAsync("/api/patients/DEMO-001/assessment");
        Assert.Equal(HttpStatusCode.OK, assessment.StatusCode);
        using (var json = JsonDocument.Parse(await assessment.Content.ReadAsStringAsync()))
        {
            Assert.Equal("DEMO-001", json.RootElement.GetProperty("patientId").GetString());
            Assert.True(json.RootElement.TryGetProperty("targetMetWithoutPlasmapheresis", out _));
            Assert.True(json.RootElement.GetProperty("upcr").GetArrayLength() > 10);
        }

        // A token made two days ago for one day has expired (made in the past rather than by moving the shared clock, which would
        // expire the other tests' sign-in cookies too).
        var old = await web.Admin.CreateTokenAsync(Roles.Clinician, "1d", web.Clock.GetUtcNow().AddDays(-2), CancellationToken.None);
        using (var expired = web.Anonymous())
        {
            expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", old.Value!.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/patients")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/patients")).StatusCode);
        var revoked = await web.Admin.RevokeTokensAsync(Roles.Clinician, token[..12], web.Clock.GetUtcNow(), CancellationToken.None);
        Assert.True(revoked.Value >= 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/patients")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiTokens.Prefix + "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/patients")).StatusCode);
    }

    [Fact]
    public async Task ResearchersToken_GetsThePseudonymisedShapes()
    {
        var made = await web.Admin.CreateTokenAsync(Roles.Researcher, "1h", web.Clock.GetUtcNow(), CancellationToken.None);
        var client = web.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Value!.Token);
        foreach (var path in ApiPaths)
        {
            var body = await client.GetStringAsync(path);
            Assert.DoesNotContain("Synthetic Demo Patient", body, StringComparison.Ordinal);
            Assert.DoesNotContain("2007-10-15", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownPatient_IsAProblemDetails404()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var response = await client.GetAsync("/api/patients/NOPE-1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("NOPE-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> PropertyNames(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}

/// <summary>What the pages keep in memory is keyed by the record's version: a change made elsewhere (the CLI, another instance) shows at once.</summary>
public sealed class FreshnessTests(WebFixture web)
{
    [Fact]
    public async Task AChangeMadeOutsideTheWebApp_ShowsOnTheNextView()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var before = await clinician.GetStringAsync("/api/patients/DEMO-001");
        // A unique id: the web tests share one database and run in parallel, so another test's lab must not match.
        var id = $"fresh-{Guid.NewGuid():N}";
        var lab = Core.Course.LabResult.Create(id, Core.Course.Analyte.Upcr, new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.FromHours(2)), 1.7, "mg/mg");
        (await web.Store.AddLabAsync("DEMO-001", lab, Core.RawInput.Of("fresh.json", "{}"u8.ToArray()))).ValueOrThrow();

        Assert.DoesNotContain(id, before, StringComparison.Ordinal);
        Assert.Contains(id, await clinician.GetStringAsync("/api/patients/DEMO-001"), StringComparison.Ordinal);
        Assert.Contains(id, await clinician.GetStringAsync("/api/patients/DEMO-001/assessment"), StringComparison.Ordinal);
        Assert.Contains($"{id}: UPCR 1.70 mg/mg", await clinician.GetStringAsync("/patients/DEMO-001/plots/upcr.svg"), StringComparison.Ordinal);
    }
}
