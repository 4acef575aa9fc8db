using System.Net;
using System.Text.RegularExpressions;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The sign-in page tells no one which accounts exist: a wrong password, an unknown name, a locked and a disabled account get the same
/// answer — and the lockout still counts and holds.
/// </summary>
public sealed partial class SignInMessagesTests(WebFixture web)
{
    [Fact]
    public async Task WrongPassword_UnknownLockedAndDisabledAccounts_GetOneAnswer_AndTheLockoutHolds()
    {
        var (locked, disabled) = ("locked-" + Guid.NewGuid().ToString("N")[..8], "gone-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.False((await web.Admin.AddUserAsync(locked, Roles.Clinician, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        Assert.False((await web.Admin.AddUserAsync(disabled, Roles.Clinician, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        Assert.False((await web.Admin.SetEnabledAsync(disabled, enabled: false, CancellationToken.None)).HasErrors);
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(locked, "not-the-password-" + i);
        }

        var answers = new[]
        {
            await SignInAsync(Roles.Clinician, "not-the-password"),
            await SignInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], WebFixture.Password),
            await SignInAsync(locked, WebFixture.Password), // the right password, but locked: refused
            await SignInAsync(disabled, WebFixture.Password),
        };

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, false), (a.Status, a.SignedIn)));
        Assert.Single(answers.Select(a => a.Alert).Distinct());
        Assert.Equal(Features.Account.Login.Failed, answers[0].Alert);

        Assert.False((await web.Admin.SetEnabledAsync(locked, enabled: true, CancellationToken.None)).HasErrors); // lifts the lockout
        Assert.True((await SignInAsync(locked, WebFixture.Password)).SignedIn);
    }

    private async Task<(HttpStatusCode Status, bool SignedIn, string Alert)> SignInAsync(string user, string password)
    {
        var client = web.Anonymous();
        var response = await WebFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = password });
        var alert = WebUtility.HtmlDecode(AlertPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
        return (response.StatusCode, (await client.GetAsync("/patients")).StatusCode == HttpStatusCode.OK, alert);
    }

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex AlertPattern();
}
