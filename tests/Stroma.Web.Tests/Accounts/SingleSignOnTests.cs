using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Stroma.Storage;
using Stroma.Storage.Tests;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Tests.Accounts;

/// <summary>
/// Hospital single sign-on driven through the whole code flow without network: the app on a test server, a provider on loopback
/// issuing signed id_tokens. A mapped group gives its role and links the local account (an event in the trail); an unmapped person,
/// a forged, misdirected or expired token, and a disabled local account are refused — on SQLite and PostgreSQL.
/// </summary>
public abstract partial class SingleSignOnTests(IStoreFixture db) : IAsyncLifetime
{
    private const string Mapping = "stroma-clinicians=clinician; stroma-admins=admin; /hospital/research=researcher";

    private TestIdentityProvider _idp = null!;
    private readonly List<WebApplication> _apps = [];

    public async ValueTask InitializeAsync() => _idp = await TestIdentityProvider.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _idp.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task MappedGroup_SignsIn_LinkingTheLocalAccount_AndTheGroupsDecideItsRole()
    {
        var (app, store) = await StartAsync();
        var client = Browser(app);

        var done = await SignInAsync(client, new TestPerson("subject-ana", "ana", ["stroma-clinicians", "unrelated-group"]));

        Assert.Equal("/patients", done.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients")).StatusCode);
        var linked = Assert.Single(await store.LoadAccountEventsAsync("ana"), e => e.Event == AccountEventNames.SsoLinked);
        Assert.Equal("ana (single sign-on)", linked.Actor);
        Assert.Contains("subject-ana", linked.Detail, StringComparison.Ordinal);

        // Another person given the user name at the provider (another subject) does not inherit the account.
        var other = Browser(app);
        Assert.Equal(SingleSignOn.LoginPathFor(SingleSignOnOutcome.Conflict), (await SignInAsync(other, new TestPerson("subject-new-ana", "ana", ["stroma-clinicians"]))).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/patients")).StatusCode);

        // Signed in again: nothing to record. Moved to the administrators' group at the hospital: the role follows, recorded.
        await SignInAsync(Browser(app), new TestPerson("subject-ana", "ana", ["stroma-clinicians"]));
        Assert.Equal(2, (await store.LoadAccountEventsAsync("ana")).Count);
        var admin = Browser(app);
        await SignInAsync(admin, new TestPerson("subject-ana", "ana", ["stroma-admins"]));
        var changed = (await store.LoadAccountEventsAsync("ana"))[^1];
        Assert.Equal((AccountEventNames.RoleChanged, "clinician -> admin (groups at Hospital Login)"), (changed.Event, changed.Detail));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/patients")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync($"/patients/NOPE/labs/new")).StatusCode); // an admin enters no data
        var audit = await store.VerifyAuditAsync();
        Assert.True(audit.IsIntact, string.Join("\n", audit.Problems));
    }

    [Fact]
    public async Task UnmappedPerson_IsDenied_NeverGivenADefaultRole()
    {
        var (app, store) = await StartAsync(createAccounts: true);
        var client = Browser(app);

        var done = await SignInAsync(client, new TestPerson("subject-eve", "eve", ["stroma-clinicians-typo", "everyone"]));

        Assert.Equal(SingleSignOn.LoginPathFor(SingleSignOnOutcome.NoRole), done.Headers.Location?.OriginalString);
        Assert.Contains("none of your groups gives a role", await client.GetStringAsync(done.Headers.Location), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/patients")).StatusCode);
        Assert.Empty(await store.LoadAccountEventsAsync("eve"));
    }

    [Theory]
    [InlineData(TokenFault.WrongSignature)]
    [InlineData(TokenFault.WrongAudience)]
    [InlineData(TokenFault.Expired)]
    public async Task ForgedMisdirectedOrExpiredToken_IsRefused(TokenFault fault)
    {
        var (app, store) = await StartAsync();
        var client = Browser(app);

        var done = await SignInAsync(client, new TestPerson("subject-ana", "ana", ["stroma-clinicians"], fault));

        Assert.Equal(SingleSignOn.LoginPathFor(SingleSignOnOutcome.Failed), done.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/patients")).StatusCode);
        Assert.Equal([AccountEventNames.UserAdded], (await store.LoadAccountEventsAsync("ana")).Select(e => e.Event));
        Assert.Equal(0, _idp.Refused); // the provider issued the token: the app refused it
    }

    [Fact]
    public async Task DisabledLocalAccount_IsRefused_WhoeverVouchesForThePerson()
    {
        var (app, store) = await StartAsync();
        await using (var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None))
        {
            Assert.False((await admin.SetEnabledAsync("ana", enabled: false, CancellationToken.None)).HasErrors);
        }

        var client = Browser(app);
        var done = await SignInAsync(client, new TestPerson("subject-ana", "ana", ["stroma-clinicians"]));

        Assert.Equal(SingleSignOn.LoginPathFor(SingleSignOnOutcome.Disabled), done.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/patients")).StatusCode);
        Assert.DoesNotContain(await store.LoadAccountEventsAsync("ana"), e => e.Event == AccountEventNames.SsoLinked);
    }

    [Fact]
    public async Task PersonWithoutAnAccount_GetsOne_OnlyWhenConfigured()
    {
        var (closed, closedStore) = await StartAsync();
        var refused = await SignInAsync(Browser(closed), new TestPerson("subject-carla", "carla", ["/hospital/research"], Name: "Carla Nuñez"));
        Assert.Equal(SingleSignOn.LoginPathFor(SingleSignOnOutcome.NoAccount), refused.Headers.Location?.OriginalString);
        Assert.Empty(await closedStore.LoadAccountEventsAsync("carla"));

        var (open, openStore) = await StartAsync(createAccounts: true);
        var client = Browser(open);
        Assert.Equal("/patients", (await SignInAsync(client, new TestPerson("subject-carla", "carla", ["/hospital/research"], Name: "Carla Nuñez"))).Headers.Location?.OriginalString);

        Assert.Equal([AccountEventNames.UserAdded, AccountEventNames.SsoLinked], (await openStore.LoadAccountEventsAsync("carla")).Select(e => e.Event));
        await using var admin = await AccountAdmin.OpenAsync(openStore, CancellationToken.None);
        var shown = (await admin.ShowAsync("carla", DateTimeOffset.UtcNow, CancellationToken.None)).ValueOrThrow();
        Assert.Equal([Roles.Researcher], shown.Roles);
        Assert.Equal("Carla Nuñez", shown.FullName);
        Assert.Equal("Hospital Login: subject-carla", Assert.Single(shown.SingleSignOn));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients")).StatusCode);
    }

    [Fact]
    public async Task SignInPage_OffersTheProvider_AndSsoOnlyTurnsPasswordsOff()
    {
        var (both, _) = await StartAsync();
        var page = await Browser(both).GetStringAsync(StromaWebApp.LoginPath);
        Assert.Contains("Sign in with Hospital Login", page, StringComparison.Ordinal);
        Assert.Contains("id=\"password\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(Browser(both), StromaWebApp.LoginPath, "login", new() { ["Input.User"] = "ana", ["Input.Password"] = WebFixture.Password })).StatusCode);

        var (only, _) = await StartAsync(only: true);
        var client = Browser(only);
        var onlyPage = await client.GetStringAsync(StromaWebApp.LoginPath);
        Assert.Contains("Sign in with Hospital Login", onlyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"password\"", onlyPage, StringComparison.Ordinal);
        await client.PostAsync(StromaWebApp.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login", ["Input.User"] = "ana", ["Input.Password"] = WebFixture.Password }));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/patients")).StatusCode);

        var endpoints = ((IEndpointRouteBuilder)only).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Where(e => e.RoutePattern.RawText!.StartsWith("/account/sso", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, endpoints.Count);
        Assert.All(endpoints, e => Assert.Equal(Policies.Anonymous, e.Metadata.GetOrderedMetadata<IAuthorizeData>().Single().Policy));
    }

    // The app with single sign-on configured in the database (as the schema owner would) and the secret from the environment; a local
    // account "ana" (clinician) exists.
    private async Task<(WebApplication App, StromaStore Store)> StartAsync(bool createAccounts = false, bool only = false)
    {
        var owner = await db.NewEmptyLocationAsync();
        var location = owner;
        if (db.Provider == StoreProvider.Postgres)
        {
            await StromaStore.MigrateSchemaAsync(owner, PostgresFixture.AppRole);
            await StromaWebApp.MigrateAccountsSchemaAsync(owner, PostgresFixture.AppRole, CancellationToken.None);
            location = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = PostgresFixture.AppRole, Password = "stroma-app-ci" }.ToString());
        }

        var ownerStore = await db.OpenAsync(owner, "site-owner", StoreOpening.CreateIfMissing);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            [SingleSignOnSettings.AuthorityKey] = _idp.Issuer, [SingleSignOnSettings.ClientIdKey] = TestIdentityProvider.ClientId,
            [SingleSignOnSettings.DisplayNameKey] = "Hospital Login", [SingleSignOnSettings.RolesKey] = Mapping,
            [SingleSignOnSettings.CreateAccountsKey] = createAccounts ? "true" : "false", [SingleSignOnSettings.OnlyKey] = only ? "true" : "false",
        })
        {
            Assert.Null(SingleSignOnSettings.CheckValue(key, value));
            await ownerStore.SaveSettingAsync(key, value);
        }

        var store = await db.OpenAsync(location, "admin-os-user", StoreOpening.Existing);
        await using (var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None))
        {
            Assert.False((await admin.AddUserAsync("ana", Roles.Clinician, "Ana Ruiz", WebFixture.Password, CancellationToken.None)).HasErrors);
        }

        var app = await StromaWebApp.BuildAsync(new WebSettings(location, store.Key, Environment: v => v == SingleSignOnSettings.SecretVariable ? TestIdentityProvider.ClientSecret : null),
            b => b.WebHost.UseTestServer());
        _apps.Add(app);
        await app.StartAsync();
        return (app, store);
    }

    // A browser on the app over https (the handler's correlation and nonce cookies are Secure), keeping cookies, not following redirects.
    private static HttpClient Browser(WebApplication app) =>
        new(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("https://localhost") };

    // The code flow as a browser runs it: to the provider, its form posted back to /signin-oidc, then to where the app sends it.
    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, TestPerson person)
    {
        _idp.Next = person;
        var challenge = await client.GetAsync("/account/sso?returnUrl=%2Fpatients");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(_idp.Issuer + "/authorize?", challenge.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var toProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var form = await toProvider.GetStringAsync(challenge.Headers.Location);
        var action = WebUtility.HtmlDecode(ActionPattern().Match(form).Groups[1].Value);
        var fields = InputPattern().Matches(form).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal("https://localhost/signin-oidc", action);

        var back = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        return back.Headers.Location!.OriginalString.StartsWith("/account/sso-done", StringComparison.Ordinal) ? await client.GetAsync(back.Headers.Location) : back;
    }

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex InputPattern();
}

public sealed class SqliteSingleSignOnTests(SqliteFixture db) : SingleSignOnTests(db), IClassFixture<SqliteFixture>;

public sealed class PostgresSingleSignOnTests(PostgresFixture db) : SingleSignOnTests(db), IClassFixture<PostgresFixture>;
