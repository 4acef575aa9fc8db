using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Tests;

/// <summary>
/// Scale-out (issue 13): two instances of the web app on loopback against one PostgreSQL database, as behind a load balancer. A
/// sign-in on one is honoured by the other (data-protection keys in the database, no session state in memory), forms posted to both
/// at once are written, and the audit chain stays whole under the concurrent writers.
/// </summary>
public sealed class MultiInstanceTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task TwoInstances_ShareTheSignIn_AndWriteThroughBoth_WithTheTrailWhole()
    {
        var owner = await pg.NewEmptyLocationAsync();
        await StromaStore.MigrateSchemaAsync(owner, PostgresFixture.AppRole);
        await StromaWebApp.MigrateAccountsSchemaAsync(owner, PostgresFixture.AppRole, CancellationToken.None);
        var app = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = PostgresFixture.AppRole, Password = "stroma-app-ci" }.ToString());
        var store = await pg.OpenAsync(app, "setup", StoreOpening.Existing);
        (await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo Patient", "DEMO-HN-0001"))).ValueOrThrow();
        await (await pg.OpenAsync(owner, "setup", StoreOpening.Existing)).SaveSettingAsync(SiteTime.Setting, "Europe/Rome");
        await using var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None);
        Assert.False((await admin.AddUserAsync("nurse", Roles.ResearchNurse, null, WebFixture.Password, CancellationToken.None)).HasErrors);

        await using var first = await StromaWebApp.BuildAsync(new WebSettings(app, store.Key, "http://127.0.0.1:0"));
        await using var second = await StromaWebApp.BuildAsync(new WebSettings(app, store.Key, "http://127.0.0.1:0"));
        await first.StartAsync();
        await second.StartAsync();
        var (a, b) = (first.Urls.Single(), second.Urls.Single());
        Assert.NotEqual(a, b);

        // Signed in on the first; the second reads the same cookie (cookies are per host, not per port).
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler);
        var signIn = await WebFixture.PostFormAsync(client, $"{a}/account/login", "login", new() { ["Input.User"] = "nurse", ["Input.Password"] = WebFixture.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{b}/patients/{DemoCase.PatientId}")).StatusCode);

        // Ten lab results posted at once, alternately to each instance (each form's anti-forgery token from the other instance's keys).
        var posts = Enumerable.Range(0, 10).Select(i => WebFixture.PostFormAsync(client, $"{(i % 2 == 0 ? a : b)}/patients/{DemoCase.PatientId}/labs/new", "lab", new()
        {
            ["Input.Analyte"] = "creatinine", ["Input.Value"] = $"0.{60 + i}", ["Input.Unit"] = "mg/dL", ["Input.SampledAt"] = $"2026-02-{10 + i:00}T08:00",
        }));
        var responses = await Task.WhenAll(posts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

        var stored = (await store.LoadCourseAsync(DemoCase.PatientId))!.Labs.Where(l => l.SampledAt.Month == 2 && l.SampledAt.Year == 2026 && l.SourceSha256 is not null).ToList();
        Assert.Equal(10, stored.Count);
        var audit = await store.VerifyAuditAsync();
        Assert.True(audit.IsIntact, string.Join("\n", audit.Problems));

        // A token made once works on either instance.
        var token = (await admin.CreateTokenAsync("nurse", "1h", DateTimeOffset.UtcNow, CancellationToken.None)).Value!.Token;
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{a}/api/patients/{DemoCase.PatientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{b}/api/patients/{DemoCase.PatientId}")).StatusCode);
    }

    [Fact]
    public async Task ApplicationRole_CannotMigrateTheAccounts_AndIsToldWhoCan()
    {
        var owner = await pg.NewEmptyLocationAsync();
        await StromaStore.MigrateSchemaAsync(owner, PostgresFixture.AppRole);
        var app = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = PostgresFixture.AppRole, Password = "stroma-app-ci" }.ToString());
        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => StromaWebApp.MigrateAccountsAsync(app, CancellationToken.None));
        Assert.Contains("stroma db migrate", refused.Message, StringComparison.Ordinal);
    }
}
