using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Application.Demo;
using Stroma.Core.Course;
using Stroma.Storage;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

[assembly: AssemblyFixture(typeof(Stroma.Web.Tests.WebFixture))]

namespace Stroma.Web.Tests;

/// <summary>The app's clock, as the tests see it (the system clock; a test that needs another time makes its record in the past).</summary>
public sealed class TestClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow;
}

/// <summary>
/// The web app on a test server over a SQLite database holding the demo case, with one account per role (user name = role) whose
/// password is <see cref="Password"/>. Shared by the assembly: tests that write add their own records and do not change the demo's.
/// </summary>
public sealed partial class WebFixture : IAsyncLifetime
{
    /// <summary>The collection of tests that must not run beside any other test class (they depend on the records' version standing still).</summary>
    public const string Alone = "alone";

    public const string Password = "web-tests-password-1";

    /// <summary>
    /// "Nothing was written", checked at the refused lab's time (and, given, on no lab that day) rather than by counting the patient's
    /// labs: the web tests share the demo patient, and other classes write to it at the same time.
    /// </summary>
    public async Task AssertNoLabAtAsync(string patientId, DateTimeOffset at, DateTimeOffset? orOnDayOf = null)
    {
        var labs = (await Store.LoadCourseAsync(patientId))!.Labs;
        Assert.DoesNotContain(labs, l => l.SampledAt == at);
        if (orOnDayOf is { } day)
        {
            Assert.DoesNotContain(labs, l => l.SampledAt.ToOffset(day.Offset).Date == day.Date);
        }
    }

    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-web-").FullName;

    public WebApplication App { get; private set; } = null!;

    public StoreLocation Location { get; private set; } = null!;

    public StromaStore Store { get; private set; } = null!;

    public TestClock Clock { get; } = new();

    /// <summary>The accounts, changed as the store's actor (test-setup).</summary>
    public AccountAdmin Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Location = StoreLocation.Sqlite(Path.Combine(_folder, "stroma.db"));
        Store = await StromaStore.OpenAsync(Location, "test-setup", StoreOpening.CreateIfMissing);
        var loaded = await DemoLoad.RunAsync(Store, new Progress<string>(), DateTimeOffset.Now, CancellationToken.None);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Issues));
        await Store.SaveSettingAsync(SiteTime.Setting, "Europe/Rome");
        Admin = await AccountAdmin.OpenAsync(Store, CancellationToken.None);
        foreach (var role in Roles.All)
        {
            var added = await Admin.AddUserAsync(role, role, $"Test {role}", Password, CancellationToken.None);
            Assert.False(added.HasErrors, string.Join("\n", added.Issues));
        }

        App = await StromaWebApp.BuildAsync(new WebSettings(Location), b =>
        {
            b.WebHost.UseTestServer();
            b.Services.AddSingleton<TimeProvider>(Clock);
        });
        await App.StartAsync();
    }

    /// <summary>A client that keeps cookies and does not follow redirects (so tests see them).</summary>
    public HttpClient Anonymous() =>
        new(new CookieContainerHandler { InnerHandler = App.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    /// <summary>A client signed in as the account named <paramref name="role"/> through the sign-in form.</summary>
    public async Task<HttpClient> SignedInAsync(string role)
    {
        var client = Anonymous();
        var response = await PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = role, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a Blazor form: fetches the page for its anti-forgery token, then posts the fields with the form's name.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields, bool withToken = true)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName };
        if (withToken)
        {
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Admin.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Tests that run alone, after the parallel ones (xUnit runs a collection that disables parallelisation by itself).</summary>
[CollectionDefinition(WebFixture.Alone, DisableParallelization = true)]
public sealed class RunAlone;
