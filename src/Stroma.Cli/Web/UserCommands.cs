using System.CommandLine;
using System.Globalization;
using Stroma.Application.Administration;
using Stroma.Application.Json;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Cli.Web;

/// <summary><c>stroma user add|role|disable|enable|password|show</c>: the web app's accounts, each change with its event in the audit trail.</summary>
public static class UserCommands
{
    /// <summary>The <c>user</c> command.</summary>
    public static Command User(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var user = new Option<string>("--user") { Description = "The user name (letters, digits, - . _ @).", Required = true };
        var role = new Option<string>("--role") { Description = $"The role: {string.Join(", ", Roles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "The person's full name (shown with what they record; one line, no control or direction-changing characters)." };
        var fromStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line) instead of generating one." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var add = Make(stdout, stderr, "add", "Create an account with one role. The password is generated and printed once unless --password-stdin gives it (at least 12 characters).",
            async (admin, parsed, ct) =>
            {
                var password = parsed.GetValue(fromStdin) ? await stdin.ReadLineAsync(ct) ?? string.Empty : null;
                var added = await admin.AddUserAsync(parsed.GetValue(user)!, parsed.GetValue(role)!, parsed.GetValue(name), password, ct);
                return added.Value is not { } a || added.HasErrors ? (added.Issues, null, null)
                    : (added.Issues, () => StromaJson.Serialize(new AccountAddedView(a.User, a.Role, a.Password)),
                        a.Password is { } p ? $"Created {a.User} ({a.Role}). Password (shown once): {p}" : $"Created {a.User} ({a.Role}).");
            }, user, role, name, fromStdin, json);

        var roleUser = new Option<string>("--user") { Description = "The account.", Required = true };
        var newRole = new Option<string>("--role") { Description = $"The new role: {string.Join(", ", Roles.All)}.", Required = true };
        var roleJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var changeRole = Make(stdout, stderr, "role", "Give an account another role (in place of the one it has); its open sessions change within a minute.", async (admin, parsed, ct) =>
        {
            var done = await admin.SetRoleAsync(parsed.GetValue(roleUser)!, parsed.GetValue(newRole)!, ct);
            return (done.Issues, () => StromaJson.Serialize(new AccountRoleView(parsed.GetValue(roleUser)!, parsed.GetValue(newRole)!)), done.Value);
        }, roleUser, newRole, roleJson);

        Command Toggle(string verb, bool enabled, string description)
        {
            var who = new Option<string>("--user") { Description = "The account.", Required = true };
            var toggleJson = new Option<bool>("--json") { Description = "Print one JSON object." };
            return Make(stdout, stderr, verb, description, async (admin, parsed, ct) =>
            {
                var done = await admin.SetEnabledAsync(parsed.GetValue(who)!, enabled, ct);
                return (done.Issues, () => StromaJson.Serialize(new AccountEnabledView(parsed.GetValue(who)!, enabled)), done.Value);
            }, who, toggleJson);
        }

        var resetUser = new Option<string>("--user") { Description = "The account.", Required = true };
        var resetJson = new Option<bool>("--json") { Description = "Print one JSON object (the password in 'password')." };
        var password = Make(stdout, stderr, "password", "Give an account a new generated password (printed once); its open sessions end within a minute.", async (admin, parsed, ct) =>
        {
            var reset = await admin.ResetPasswordAsync(parsed.GetValue(resetUser)!, ct);
            return reset.Value is not { } r ? (reset.Issues, null, null)
                : (reset.Issues, () => StromaJson.Serialize(new AccountPasswordView(r.User, r.Password)), $"New password for {r.User} (shown once): {r.Password}");
        }, resetUser, resetJson);

        var showUser = new Option<string>("--user") { Description = "The account.", Required = true };
        var showJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var show = Make(stdout, stderr, "show", "Show an account: roles, state, second factor, single sign-on links, tokens (prefixes), and its events from the audit trail (who, when).", async (admin, parsed, ct) =>
        {
            var shown = await admin.ShowAsync(parsed.GetValue(showUser)!, DateTimeOffset.UtcNow, ct);
            return shown.Value is not { } s ? (shown.Issues, null, null) : (shown.Issues, () => StromaJson.Serialize(ToView(s)), ToText(s));
        }, showUser, showJson);

        return new Command("user", "Accounts of the web app (each change is recorded in the audit trail; stroma user show lists them).")
        {
            add,
            changeRole,
            Toggle("disable", enabled: false, "Disable an account: no sign-in, no API token; its open sessions end within a minute."),
            Toggle("enable", enabled: true, "Enable an account again (also lifts a lockout after failed sign-ins)."),
            password,
            show,
        };
    }

    /// <summary>
    /// A command that opens the store (as the operating-system user, or --as), runs <paramref name="body"/> on the accounts, and prints
    /// its text or JSON (the command's last option is its --json), or its issues.
    /// </summary>
    internal static Command Make(TextWriter stdout, TextWriter stderr, string verb, string description, Func<AccountAdmin, ParseResult, CancellationToken, Task<(IReadOnlyList<Issue> Issues, Func<string>? Json, string? Text)>> body, params Option[] options)
    {
        var store = new StoreOptions();
        var command = new Command(verb, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        var json = (Option<bool>)options[^1];
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            await using var admin = await AccountAdmin.OpenAsync(await store.OpenAsync(parsed, location, StoreOpening.Existing, ct), ct);
            var (issues, result, text) = await body(admin, parsed, ct);
            if (issues.Any(i => i.Severity == Severity.Error) || result is null)
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, issues, parsed.GetValue(json));
                return ExitCodes.InvalidInput;
            }

            CliIssues.Write(stderr, issues);
            stdout.WriteLine(parsed.GetValue(json) ? result() : text);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string At(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string ToText(AccountSummary s)
    {
        var lines = new List<string>
        {
            $"{s.User}{(s.FullName is null ? "" : $" ({s.FullName})")}: {string.Join(", ", s.Roles.DefaultIfEmpty("no role"))}; {s.State}; second factor {(s.SecondFactor ? "on" : "off")}",
            $"Single sign-on: {string.Join("; ", s.SingleSignOn.DefaultIfEmpty("none"))}",
            $"Tokens: {(s.Tokens.Count == 0 ? "none" : string.Join("; ", s.Tokens.Select(t => $"{t.Prefix}… made {At(t.CreatedAtUtc)}, {(t.RevokedAtUtc is { } r ? $"revoked {At(r)}" : $"expires {At(t.ExpiresAtUtc)}")}")))}",
            "Events (audit trail):",
        };
        lines.AddRange(s.Events.Select(e => $"  {At(e.AtUtc)}  {e.Event,-18} by {e.Actor}{(e.Detail is null ? "" : $"  {e.Detail}")}  (entry {e.AuditSequence?.ToString(CultureInfo.InvariantCulture) ?? "missing"})"));
        return string.Join(Environment.NewLine, lines);
    }

    private static AccountShownView ToView(AccountSummary s) => new(
        s.User, s.FullName, s.Roles, s.State, s.SecondFactor, s.SingleSignOn,
        [.. s.Tokens.Select(t => new AccountTokenView(t.Prefix, AdministrationTime.Of(t.CreatedAtUtc), AdministrationTime.Of(t.ExpiresAtUtc), t.RevokedAtUtc is { } r ? AdministrationTime.Of(r) : null))],
        [.. s.Events.Select(e => new AccountEventView(AdministrationTime.Of(e.AtUtc), e.Event, e.Actor, e.Detail, e.AuditSequence))]);
}
