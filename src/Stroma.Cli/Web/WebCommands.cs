using System.CommandLine;
using Stroma.Application.Administration;
using Stroma.Application.Json;
using Stroma.Core.Course;
using Stroma.Storage;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Cli.Web;

/// <summary><c>stroma serve</c>, <c>stroma token create|revoke</c>, <c>demo --serve</c>: the web app and its tokens (the accounts: <see cref="UserCommands"/>).</summary>
public static class WebCommands
{
    /// <summary>The port <c>serve</c> listens on unless told.</summary>
    public const int DefaultPort = 5080;

    /// <summary><c>stroma serve [--port P] [--host H] [--db F | --connection S]</c>.</summary>
    public static Command Serve(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var (port, host) = (PortOption(), HostOption());
        var command = new Command("serve", "Serve the web app (pages and the /api) on the database until Ctrl+C. Accounts come from stroma user add.") { port, host };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            return await ServeAsync(location, opened, parsed.GetValue(host)!, parsed.GetValue(port), stdout, stderr, ct);
        });
        return command;
    }

    /// <summary><c>stroma token create --user U [--expires 30d] [--json]</c> and <c>stroma token revoke --user U [--prefix P]</c>.</summary>
    public static Command Token(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var user = new Option<string>("--user") { Description = "The account the token acts for.", Required = true };
        var expires = new Option<string>("--expires") { Description = "Lifetime: days (30d) or hours (12h), at most 366d.", DefaultValueFactory = _ => "30d" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the token in 'token')." };
        var create = new Command("create", "Make a personal API token (sent as Authorization: Bearer TOKEN). Printed once; only its hash is kept.") { user, expires, json };
        store.AddTo(create);
        create.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            await using var admin = await AccountAdmin.OpenAsync(await store.OpenAsync(parsed, location, StoreOpening.Existing, ct), ct);
            var made = await admin.CreateTokenAsync(parsed.GetValue(user)!, parsed.GetValue(expires)!, DateTimeOffset.UtcNow, ct);
            if (made.Value is not { } token || made.HasErrors)
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, made.Issues, parsed.GetValue(json));
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine(parsed.GetValue(json)
                ? StromaJson.Serialize(new TokenCreatedView(token.User, token.Token, AdministrationTime.Of(token.ExpiresAt)))
                : $"Token for {token.User}, valid until {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC (shown once):\n{token.Token}");
            return ExitCodes.Ok;
        });

        var revokeStore = new StoreOptions();
        var revokeUser = new Option<string>("--user") { Description = "The account whose tokens are revoked.", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only the token starting with this (its first characters); default: every live token of the user." };
        var revoke = new Command("revoke", "Revoke a user's API tokens (at once, on every instance).") { revokeUser, prefix };
        revokeStore.AddTo(revoke);
        revoke.SetAction(async (parsed, ct) =>
        {
            if (revokeStore.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            await using var admin = await AccountAdmin.OpenAsync(await revokeStore.OpenAsync(parsed, location, StoreOpening.Existing, ct), ct);
            var revoked = await admin.RevokeTokensAsync(parsed.GetValue(revokeUser)!, parsed.GetValue(prefix), DateTimeOffset.UtcNow, ct);
            if (revoked.HasErrors)
            {
                CliIssues.Write(stderr, revoked.Issues);
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"Revoked {revoked.Value} token{(revoked.Value == 1 ? "" : "s")}.");
            return ExitCodes.Ok;
        });
        return new Command("token", "Personal API tokens.") { create, revoke };
    }

    /// <summary>The port option.</summary>
    internal static Option<int> PortOption() => new("--port") { Description = $"The TCP port (default {DefaultPort}).", DefaultValueFactory = _ => DefaultPort };

    /// <summary>The host option.</summary>
    internal static Option<string> HostOption() => new("--host")
    {
        Description = "The address to listen on (default 127.0.0.1: put a reverse proxy with TLS in front; 0.0.0.0 listens on every interface).",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    /// <summary>Serves the web app on the store until cancelled (Ctrl+C).</summary>
    internal static async Task<int> ServeAsync(StoreLocation location, StromaStore opened, string host, int port, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (host != "localhost" && !System.Net.IPAddress.TryParse(host, out _))
        {
            // Kestrel listens on every interface for a host it cannot read: a typo must not expose the app to the network.
            CliIssues.Write(stderr, [Core.Diagnostics.Issue.Error(CliCodes.BadHost, "--host", $"Expected an IP address to listen on (127.0.0.1, ::1, 0.0.0.0) or localhost; found {Core.Text.OneLine.Shown(host)}.")]);
            return ExitCodes.InvalidInput;
        }

        if (port is < 0 or > 65535)
        {
            CliIssues.Write(stderr, [Core.Diagnostics.Issue.Error(CliCodes.BadPort, "--port", $"Expected a TCP port from 0 to 65535; found {port}.")]);
            return ExitCodes.InvalidInput;
        }

        await using var app = await StromaWebApp.BuildAsync(new WebSettings(location, opened.Key, $"http://{host}:{port}"), ct: ct);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            CliIssues.Write(stderr, [Core.Diagnostics.Issue.Error(CliCodes.PortInUse, "--port", $"Expected a free port to listen on; {host}:{port} is in use by another program (another stroma serve?). Choose another with --port.")]);
            return ExitCodes.Environment;
        }

        foreach (var address in app.Urls)
        {
            stdout.WriteLine($"Stroma is serving {location} at {address} (Ctrl+C stops it).");
        }

        // Ctrl+C (SIGINT) or SIGTERM: the host's console lifetime catches the signal (the process is not killed) and stops the
        // application; waiting for that, not for the command's token alone, is what stops serving. System.CommandLine cancels the
        // token on no signal by default, so waiting on the token kept the server running after Ctrl+C.
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }

    /// <summary>The demo's site time zone: the seed case was treated in Italy.</summary>
    internal const string DemoTimeZone = "Europe/Rome";

    /// <summary>
    /// <c>demo --serve</c>: sets the demo site's time zone (when unset), gives each demo account a new password, prints them once with
    /// the address, and serves until Ctrl+C.
    /// </summary>
    internal static async Task<int> ServeDemoAsync(StromaStore store, string host, int port, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (await store.LoadSettingAsync(SiteTime.Setting, ct) is null)
        {
            await store.SaveSettingAsync(SiteTime.Setting, DemoTimeZone, ct);
        }

        var accounts = await DemoAccounts.EnsureAsync(store, ct);
        stdout.WriteLine("Demo accounts (this database only; new passwords on every start, shown once):");
        var (userWidth, roleWidth) = (accounts.Max(a => a.User.Length), accounts.Max(a => a.Role.Length));
        foreach (var a in accounts)
        {
            stdout.WriteLine($"  {a.User.PadRight(userWidth)}  {a.Role.PadRight(roleWidth)}  {a.Password}");
        }

        return await ServeAsync(store.Location, store, host, port, stdout, stderr, ct);
    }
}
