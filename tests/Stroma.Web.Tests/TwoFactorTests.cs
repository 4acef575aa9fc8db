using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>The optional second factor: an authenticator app's time-based code (RFC 6238), turned on by the user and asked at sign-in.</summary>
public sealed partial class TwoFactorTests(WebFixture web)
{
    // RFC 6238, Appendix B: the SHA-1 secret "12345678901234567890" at T = 59 s gives 94287082 (8 digits); its last 6 are 287082.
    [Fact]
    public void TheTestsCodeGenerator_MatchesRfc6238()
    {
        Assert.Equal("287082", Totp("12345678901234567890"u8.ToArray(), DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp("12345678901234567890"u8.ToArray(), DateTimeOffset.FromUnixTimeSeconds(1111111109)));
    }

    [Fact]
    public async Task SecondFactor_TurnedOn_IsAskedAtSignIn_AndAWrongCodeIsRefused()
    {
        var user = "totp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.False((await web.Admin.AddUserAsync(user, Roles.Clinician, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        var client = web.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password })).StatusCode);

        var page = await client.GetStringAsync("/account/two-factor");
        var key = KeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var wrong = await WebFixture.PostFormAsync(client, "/account/two-factor", "enable", new() { ["On.Code"] = "000000" == Totp(Base32(key), DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Contains("current one, or was used already", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var at = DateTimeOffset.UtcNow; // the codes below are of this step and the next, whenever the 30-second boundary falls
        var on = await WebFixture.PostFormAsync(client, "/account/two-factor", "enable", new() { ["On.Code"] = Totp(Base32(key), at) });
        Assert.Contains("The second factor is on", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A new sign-in: the password alone leads to the code page, not into the app.
        var next = web.Anonymous();
        var password = await WebFixture.PostFormAsync(next, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });
        Assert.Equal("/account/login-code", new Uri(new Uri("http://localhost"), password.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/patients")).StatusCode);
        var bad = await WebFixture.PostFormAsync(next, "/account/login-code", "code", new() { ["Input.Code"] = "12345" });
        Assert.Contains("That code is not right", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The code that turned the factor on was used: it is refused for the rest of its window (RFC 6238 §5.2); the app's next one is taken.
        var replayed = await WebFixture.PostFormAsync(next, "/account/login-code", "code", new() { ["Input.Code"] = Totp(Base32(key), at) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("That code is not right, or was used already", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var good = await WebFixture.PostFormAsync(next, "/account/login-code", "code", new() { ["Input.Code"] = Totp(Base32(key), at.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/patients")).StatusCode);

        // The same code in a second sign-in (someone who saw it typed) is refused.
        var thief = web.Anonymous();
        await WebFixture.PostFormAsync(thief, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });
        var stolen = await WebFixture.PostFormAsync(thief, "/account/login-code", "code", new() { ["Input.Code"] = Totp(Base32(key), at.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/patients")).StatusCode);
    }

    [Fact]
    public async Task SecondFactor_OnAndOff_AreEventsInTheTrail_MadeByTheUser()
    {
        var user = "totp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.False((await web.Admin.AddUserAsync(user, Roles.Clinician, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        var client = web.Anonymous();
        await WebFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });
        var key = Base32(KeyPattern().Match(await client.GetStringAsync("/account/two-factor")).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));

        var at = DateTimeOffset.UtcNow;

        var on = await WebFixture.PostFormAsync(client, "/account/two-factor", "enable", new() { ["On.Code"] = Totp(key, at) });
        var sameCode = await WebFixture.PostFormAsync(client, "/account/two-factor", "disable", new() { ["Off.Code"] = Totp(key, at) });
        var off = await WebFixture.PostFormAsync(client, "/account/two-factor", "disable", new() { ["Off.Code"] = Totp(key, at.AddSeconds(30)) });

        Assert.Contains("The second factor is on", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("the second factor stays on", await sameCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The second factor is off", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var events = (await web.Store.LoadAccountEventsAsync(user)).Where(e => e.Event.StartsWith("second-factor", StringComparison.Ordinal)).ToList();
        Assert.Equal([(AccountEventNames.SecondFactorOn, user), (AccountEventNames.SecondFactorOff, user)], events.Select(e => (e.Event, e.Actor)));
        Assert.All(events, e => Assert.NotNull(e.AuditSequence));
    }

    // RFC 6238 with HMAC-SHA-1, 30-second steps, 6 digits (RFC 4226 §5.3 dynamic truncation).
    private static string Totp(byte[] secret, DateTimeOffset at)
    {
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator codes are HMAC-SHA-1 by definition (what the apps compute)
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    // RFC 4648 base32, as authenticator keys are written.
    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }

    [GeneratedRegex("id=\"authenticator-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyPattern();
}

/// <summary>The administrator disables a departing user's account: no sign-in, no token; enabled again, both work.</summary>
public sealed class AccountLifecycleTests(WebFixture web)
{
    [Fact]
    public async Task DisabledAccount_CannotSignInOrUseItsToken_UntilEnabled()
    {
        var user = "leaver-" + Guid.NewGuid().ToString("N")[..8];
        Assert.False((await web.Admin.AddUserAsync(user, Roles.Clinician, null, WebFixture.Password, CancellationToken.None)).HasErrors);
        var token = (await web.Admin.CreateTokenAsync(user, "1d", DateTimeOffset.UtcNow, CancellationToken.None)).Value!.Token;
        using var api = web.Anonymous();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/patients")).StatusCode);

        Assert.False((await web.Admin.SetEnabledAsync(user, enabled: false, CancellationToken.None)).HasErrors);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/patients")).StatusCode);
        var refused = await WebFixture.PostFormAsync(web.Anonymous(), "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(Features.Account.Login.Failed, System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await web.Admin.ResetPasswordAsync(user, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/patients")).StatusCode); // a new password does not enable it

        Assert.False((await web.Admin.SetEnabledAsync(user, enabled: true, CancellationToken.None)).HasErrors);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/patients")).StatusCode);
        Assert.Equal(AccountIssues.UnknownUser, Assert.Single((await web.Admin.SetEnabledAsync("nobody-here", enabled: false, CancellationToken.None)).Issues).Code);
    }
}
