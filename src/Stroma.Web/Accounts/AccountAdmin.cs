using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Web.Hosting;

namespace Stroma.Web.Accounts;

/// <summary>Stable issue codes for accounts and tokens.</summary>
public static class AccountIssues
{
    /// <summary>The role is not one of <see cref="Roles.All"/>.</summary>
    public const string UnknownRole = "USR001";

    /// <summary>The user name is taken.</summary>
    public const string UserExists = "USR002";

    /// <summary>The password or user name does not meet the policy.</summary>
    public const string Rejected = "USR003";

    /// <summary>No such user.</summary>
    public const string UnknownUser = "USR004";

    /// <summary>The token's lifetime is not a number of days (<c>30d</c>) or hours (<c>12h</c>) within a year.</summary>
    public const string BadLifetime = "USR005";

    /// <summary>No live token of the user starts with the prefix given: nothing was revoked.</summary>
    public const string NoSuchToken = "USR006";
}

/// <summary>An account made: the password is shown once (generated unless given).</summary>
/// <param name="User">The user name.</param>
/// <param name="Role">The role.</param>
/// <param name="Password">The password, or null when the caller gave it.</param>
public sealed record NewAccount(string User, string Role, string? Password);

/// <summary>
/// The administrator's account commands (the CLI's <c>user add</c> and <c>token create|revoke</c>, <c>demo --serve</c>'s demo accounts):
/// Identity's managers on the records' database, the same password policy as the web app. No account has a default password: a
/// password is either given or generated and shown once.
/// </summary>
public static class AccountAdmin
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Creates an account with one role.</summary>
    public static async Task<ReadResult<NewAccount>> AddUserAsync(StoreLocation location, string user, string role, string? fullName, string? password, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            return ReadResult.Failed<NewAccount>([Issue.Error(AccountIssues.UnknownRole, "--role", $"Expected one of {string.Join(", ", Roles.All)}; found {Core.Text.OneLine.Shown(role)}.")]);
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(user, "^[A-Za-z0-9._@-]{1,64}$"))
        {
            return ReadResult.Failed<NewAccount>([Issue.Error(AccountIssues.Rejected, "--user",
                $"Expected a user name of 1 to 64 letters, digits, '-', '.', '_' or '@'; found {Core.Text.OneLine.Shown(user)}.")]);
        }

        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (await users.FindByNameAsync(user) is not null)
        {
            return ReadResult.Failed<NewAccount>([Issue.Error(AccountIssues.UserExists, "--user", $"Expected a new user name; {Core.Text.OneLine.Shown(user)} already has an account.")]);
        }

        var generated = password is null ? NewPassword() : null;
        var account = new StromaUser { UserName = user, FullName = fullName };
        var created = await users.CreateAsync(account, password ?? generated!);
        if (!created.Succeeded)
        {
            return ReadResult.Failed<NewAccount>([.. created.Errors.Select(e => Issue.Error(AccountIssues.Rejected, e.Code.Contains("Password", StringComparison.Ordinal) ? "--password-stdin" : "--user", $"{e.Description}"))]);
        }

        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        await users.AddToRoleAsync(account, role);
        return ReadResult.Of(new NewAccount(user, role, generated));
    }

    /// <summary>Makes a personal API token for <paramref name="user"/>; <paramref name="lifetime"/> as <c>30d</c> or <c>12h</c>.</summary>
    public static async Task<ReadResult<NewApiToken>> CreateTokenAsync(StoreLocation location, string user, string lifetime, DateTimeOffset now, CancellationToken ct)
    {
        if (ParseLifetime(lifetime) is not { } span)
        {
            return ReadResult.Failed<NewApiToken>([Issue.Error(AccountIssues.BadLifetime, "--expires",
                $"Expected a lifetime in days or hours within {ApiTokens.MaxLifetime.TotalDays:0} days, such as 30d or 12h; found {Core.Text.OneLine.Shown(lifetime)}.")]);
        }

        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        if (await users.FindByNameAsync(user) is not { } account)
        {
            return ReadResult.Failed<NewApiToken>([UnknownUser(user)]);
        }

        return ReadResult.Of(await ApiTokens.CreateAsync(scope.ServiceProvider.GetRequiredService<AccountsContext>(), account, span, now, ct));
    }

    /// <summary>Revokes the user's live tokens (those starting with <paramref name="prefix"/>, or all); returns how many.</summary>
    public static async Task<ReadResult<int>> RevokeTokensAsync(StoreLocation location, string user, string? prefix, DateTimeOffset now, CancellationToken ct)
    {
        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        if (await users.FindByNameAsync(user) is not { } account)
        {
            return ReadResult.Failed<int>([UnknownUser(user)]);
        }

        var revoked = await ApiTokens.RevokeAsync(scope.ServiceProvider.GetRequiredService<AccountsContext>(), account, prefix, now, ct);
        return revoked == 0 && prefix is not null
            ? ReadResult.Failed<int>([Issue.Error(AccountIssues.NoSuchToken, "--prefix",
                $"Expected the first characters of a live token of {user} (stroma_ and at least four more); found {Core.Text.OneLine.Shown(prefix)}, which starts none: nothing was revoked.")])
            : ReadResult.Of(revoked);
    }

    /// <summary>
    /// Disables (or enables again) an account: a disabled account cannot sign in, its API tokens are refused, and its open sessions
    /// end within a minute (the security stamp changes and is checked every minute). Returns whether the account exists.
    /// </summary>
    public static async Task<ReadResult<string>> SetEnabledAsync(StoreLocation location, string user, bool enabled, CancellationToken ct)
    {
        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        if (await users.FindByNameAsync(user) is not { } account)
        {
            return ReadResult.Failed<string>([UnknownUser(user)]);
        }

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, enabled ? null : DateTimeOffset.MaxValue);
        await users.ResetAccessFailedCountAsync(account);
        await users.UpdateSecurityStampAsync(account);
        return ReadResult.Of(enabled ? $"{user} is enabled." : $"{user} is disabled: no sign-in, no API token; open sessions end within a minute.");
    }

    /// <summary>The issue for a user name that has no account.</summary>
    public static Issue UnknownUser(string? user) =>
        Issue.Error(AccountIssues.UnknownUser, "--user", $"Expected an existing user; found no account {Core.Text.OneLine.Shown(user)} (stroma user add makes one).");

    /// <summary>Whether an account exists.</summary>
    public static async Task<bool> ExistsAsync(StoreLocation location, string user, CancellationToken ct)
    {
        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>().FindByNameAsync(user) is not null;
    }

    /// <summary>Gives an existing account a new generated password (the demo's accounts on every start).</summary>
    public static async Task<NewAccount> ResetPasswordAsync(StoreLocation location, string user, CancellationToken ct)
    {
        await using var services = await ServicesAsync(location, ct);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        var account = await users.FindByNameAsync(user) ?? throw new InvalidOperationException($"No account '{user}'.");
        var password = NewPassword();
        await users.RemovePasswordAsync(account);
        var set = await users.AddPasswordAsync(account, password);
        if (account.LockoutEnd != DateTimeOffset.MaxValue)
        {
            await users.SetLockoutEndDateAsync(account, null); // a lockout after failed sign-ins ends; a disabled account stays disabled
        }

        await users.UpdateSecurityStampAsync(account);
        return set.Succeeded ? new NewAccount(user, (await users.GetRolesAsync(account)).FirstOrDefault() ?? string.Empty, password)
            : throw new InvalidOperationException(string.Join(" ", set.Errors.Select(e => e.Description)));
    }

    /// <summary>A lifetime such as <c>30d</c> or <c>12h</c>, or null when it is not one (or is beyond <see cref="ApiTokens.MaxLifetime"/>).</summary>
    public static TimeSpan? ParseLifetime(string? text)
    {
        if (text is not { Length: >= 2 } t || !int.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }

        TimeSpan? span = t[^1] switch { 'd' => TimeSpan.FromDays(n), 'h' => TimeSpan.FromHours(n), _ => null };
        return span is { } s && s <= ApiTokens.MaxLifetime ? s : null;
    }

    // 20 characters from 55 unambiguous letters and digits: about 115 bits.
    private static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 20);

    private static async Task<ServiceProvider> ServicesAsync(StoreLocation location, CancellationToken ct)
    {
        await StromaWebApp.MigrateAccountsAsync(location, ct);
        return StromaWebApp.AddAccounts(new ServiceCollection(), location).BuildServiceProvider();
    }
}

/// <summary>The demo database's accounts: one per role, named after it, with a new password on every start (printed once).</summary>
public static class DemoAccounts
{
    /// <summary>The demo accounts' user names and roles.</summary>
    public static IReadOnlyList<(string User, string Role)> All { get; } =
    [
        ("clinician", Roles.Clinician), ("nurse", Roles.ResearchNurse), ("cell-factory", Roles.CellFactory), ("molecular-lab", Roles.MolecularLab),
        ("pathologist", Roles.Pathologist), ("researcher", Roles.Researcher), ("admin", Roles.Administrator),
    ];

    /// <summary>Creates the demo accounts, or gives the existing ones new passwords; returns each with its password.</summary>
    public static async Task<IReadOnlyList<NewAccount>> EnsureAsync(StoreLocation location, CancellationToken ct)
    {
        var made = new List<NewAccount>();
        foreach (var (user, role) in All)
        {
            var added = await AccountAdmin.AddUserAsync(location, user, role, $"Demo {role}", null, ct);
            made.Add(added.Value ?? await AccountAdmin.ResetPasswordAsync(location, user, ct));
        }

        return made;
    }
}
