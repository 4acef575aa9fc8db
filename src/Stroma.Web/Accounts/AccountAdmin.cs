using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;
using Stroma.Storage;
using Stroma.Storage.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Accounts;

/// <summary>An account made: the password is shown once (generated unless given).</summary>
/// <param name="User">The user name.</param>
/// <param name="Role">The role.</param>
/// <param name="Password">The password, or null when the caller gave it.</param>
public sealed record NewAccount(string User, string Role, string? Password);

/// <summary>
/// The administrator's account commands (the CLI's <c>user</c> and <c>token</c> commands, <c>demo --serve</c>'s demo accounts): Identity's
/// managers on the records' database, the same password policy as the web app. Every change is one transaction with its event in the
/// keyed audit trail, recorded as the store's actor. No account has a default password: a password is either given or generated and
/// shown once. One instance serves a batch: the accounts' tables are migrated and the services built once, when it is opened.
/// </summary>
public sealed class AccountAdmin : IAsyncDisposable
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The longest full name kept.</summary>
    public const int MaxFullName = 200;

    private readonly StromaStore _store;
    private readonly ServiceProvider _services;

    private AccountAdmin(StromaStore store, ServiceProvider services) => (_store, _services) = (store, services);

    /// <summary>Opens the accounts of <paramref name="store"/>'s database (migrating their tables when they need it) for a batch of changes made as its actor.</summary>
    public static async Task<AccountAdmin> OpenAsync(StromaStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await StromaWebApp.MigrateAccountsAsync(store.Location, ct);
        return new AccountAdmin(store, StromaWebApp.AddAccounts(new ServiceCollection(), store.Location).BuildServiceProvider());
    }

    /// <summary>Creates an account with one role.</summary>
    public Task<ReadResult<NewAccount>> AddUserAsync(string user, string role, string? fullName, string? password, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            return Task.FromResult(ReadResult.Failed<NewAccount>([Issue.Error(AccountIssues.UnknownRole, "--role", $"Expected one of {string.Join(", ", Roles.All)}; found {OneLine.Shown(role)}.")]));
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(user, "^[A-Za-z0-9._@-]{1,64}$"))
        {
            return Task.FromResult(ReadResult.Failed<NewAccount>([Issue.Error(AccountIssues.Rejected, "--user",
                $"Expected a user name of 1 to 64 letters, digits, '-', '.', '_' or '@'; found {OneLine.Shown(user)}.")]));
        }

        // The name is shown beside what the person records: a newline or a direction-changing character (U+202E) would let it pose as another.
        if (OneLine.Check(fullName, "--name", AccountIssues.BadName, MaxFullName) is { } badName)
        {
            return Task.FromResult(ReadResult.Failed<NewAccount>([badName]));
        }

        return ChangeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<StromaUser>>();
            if (await users.FindByNameAsync(user) is not null)
            {
                return Refused<NewAccount>(Issue.Error(AccountIssues.UserExists, "--user", $"Expected a new user name; {OneLine.Shown(user)} already has an account."));
            }

            var generated = password is null ? NewPassword() : null;
            var account = new StromaUser { UserName = user, FullName = fullName };
            var created = await users.CreateAsync(account, password ?? generated!);
            if (!created.Succeeded)
            {
                return (ReadResult.Failed<NewAccount>([.. created.Errors.Select(e => Issue.Error(AccountIssues.Rejected, e.Code.Contains("Password", StringComparison.Ordinal) ? "--password-stdin" : "--user", $"{e.Description}"))]), null);
            }

            await GrantAsync(s, account, role);
            return (ReadResult.Of(new NewAccount(user, role, generated)), new AccountEvent(user, AccountEventNames.UserAdded, $"role {role}"));
        }, ct);
    }

    /// <summary>Gives an account <paramref name="role"/> in place of the roles it had.</summary>
    public Task<ReadResult<string>> SetRoleAsync(string user, string role, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            return Task.FromResult(ReadResult.Failed<string>([Issue.Error(AccountIssues.UnknownRole, "--role", $"Expected one of {string.Join(", ", Roles.All)}; found {OneLine.Shown(role)}.")]));
        }

        return ChangeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<StromaUser>>();
            if (await users.FindByNameAsync(user) is not { } account)
            {
                return Refused<string>(UnknownUser(user));
            }

            var before = await users.GetRolesAsync(account);
            if (before.SequenceEqual([role]))
            {
                return Refused<string>(Issue.Error(AccountIssues.SameRole, "--role", $"Expected a role {user} does not have; found {OneLine.Shown(role)}, the role it has: nothing changed."));
            }

            var change = await ReplaceRolesAsync(s, account, [role]);
            return (ReadResult.Of($"{user} is now {role} (was {string.Join(", ", before.DefaultIfEmpty("no role"))}); open sessions change within a minute."), new AccountEvent(user, AccountEventNames.RoleChanged, change));
        }, ct);
    }

    /// <summary>Makes a personal API token for <paramref name="user"/>; <paramref name="lifetime"/> as <c>30d</c> or <c>12h</c>.</summary>
    public Task<ReadResult<NewApiToken>> CreateTokenAsync(string user, string lifetime, DateTimeOffset now, CancellationToken ct)
    {
        if (ParseLifetime(lifetime) is not { } span)
        {
            return Task.FromResult(ReadResult.Failed<NewApiToken>([Issue.Error(AccountIssues.BadLifetime, "--expires",
                $"Expected a lifetime in days or hours within {ApiTokens.MaxLifetime.TotalDays:0} days, such as 30d or 12h; found {OneLine.Shown(lifetime)}.")]));
        }

        return ChangeAsync(async s =>
        {
            if (await s.GetRequiredService<UserManager<StromaUser>>().FindByNameAsync(user) is not { } account)
            {
                return Refused<NewApiToken>(UnknownUser(user));
            }

            var token = await ApiTokens.CreateAsync(s.GetRequiredService<AccountsContext>(), account, span, now, ct);
            return (ReadResult.Of(token), new AccountEvent(user, AccountEventNames.TokenCreated,
                FormattableString.Invariant($"{token.Token[..(ApiTokens.Prefix.Length + 6)]} until {token.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}")));
        }, ct);
    }

    /// <summary>Revokes the user's live tokens (those starting with <paramref name="prefix"/>, or all); returns how many.</summary>
    public Task<ReadResult<int>> RevokeTokensAsync(string user, string? prefix, DateTimeOffset now, CancellationToken ct) =>
        ChangeAsync(async s =>
        {
            if (await s.GetRequiredService<UserManager<StromaUser>>().FindByNameAsync(user) is not { } account)
            {
                return Refused<int>(UnknownUser(user));
            }

            var revoked = await ApiTokens.RevokeAsync(s.GetRequiredService<AccountsContext>(), account, prefix, now, ct);
            if (revoked.Count == 0)
            {
                return prefix is null ? (ReadResult.Of(0), null)
                    : Refused<int>(Issue.Error(AccountIssues.NoSuchToken, "--prefix",
                        $"Expected the first characters of a live token of {user} (stroma_ and at least four more); found {OneLine.Shown(prefix)}, which starts none: nothing was revoked."));
            }

            return (ReadResult.Of(revoked.Count), new AccountEvent(user, AccountEventNames.TokenRevoked, string.Join(", ", revoked)));
        }, ct);

    /// <summary>
    /// Disables (or enables again) an account: a disabled account cannot sign in, its API tokens are refused, and its open sessions
    /// end within a minute (the security stamp changes and is checked every minute).
    /// </summary>
    public Task<ReadResult<string>> SetEnabledAsync(string user, bool enabled, CancellationToken ct) =>
        ChangeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<StromaUser>>();
            if (await users.FindByNameAsync(user) is not { } account)
            {
                return Refused<string>(UnknownUser(user));
            }

            await users.SetLockoutEnabledAsync(account, true);
            await users.SetLockoutEndDateAsync(account, enabled ? null : DateTimeOffset.MaxValue);
            await users.ResetAccessFailedCountAsync(account);
            await users.UpdateSecurityStampAsync(account);
            return (ReadResult.Of(enabled ? $"{user} is enabled." : $"{user} is disabled: no sign-in, no API token; open sessions end within a minute."),
                new AccountEvent(user, enabled ? AccountEventNames.Enabled : AccountEventNames.Disabled));
        }, ct);

    /// <summary>Gives an existing account a new generated password (shown once); a lockout after failed sign-ins ends, a disabled account stays disabled.</summary>
    public Task<ReadResult<NewAccount>> ResetPasswordAsync(string user, CancellationToken ct) =>
        ChangeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<StromaUser>>();
            if (await users.FindByNameAsync(user) is not { } account)
            {
                return Refused<NewAccount>(UnknownUser(user));
            }

            var password = NewPassword();
            await users.RemovePasswordAsync(account);
            var set = await users.AddPasswordAsync(account, password);
            if (!set.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", set.Errors.Select(e => e.Description)));
            }

            if (account.LockoutEnd != DateTimeOffset.MaxValue)
            {
                await users.SetLockoutEndDateAsync(account, null);
            }

            await users.UpdateSecurityStampAsync(account);
            return (ReadResult.Of(new NewAccount(user, (await users.GetRolesAsync(account)).FirstOrDefault() ?? string.Empty, password)), new AccountEvent(user, AccountEventNames.PasswordReset));
        }, ct);

    /// <summary>An account as the administrator reads it: roles, state, sign-in links, tokens, and its events from the audit trail.</summary>
    public async Task<ReadResult<AccountSummary>> ShowAsync(string user, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        if (await users.FindByNameAsync(user) is not { } account)
        {
            return ReadResult.Failed<AccountSummary>([UnknownUser(user)]);
        }

        var db = scope.ServiceProvider.GetRequiredService<AccountsContext>();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == account.Id).ToListAsync(ct);
        var state = account.LockoutEnd == DateTimeOffset.MaxValue ? "disabled" : account.LockoutEnd is { } end && end > now ? "locked until " + end.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) : "enabled";
        return ReadResult.Of(new AccountSummary(user, account.FullName, [.. await users.GetRolesAsync(account)], state, account.TwoFactorEnabled,
            [.. (await users.GetLoginsAsync(account)).Select(l => $"{l.ProviderDisplayName ?? l.LoginProvider}: {l.ProviderKey}")],
            [.. tokens.OrderBy(t => t.CreatedAtUtc).Select(t => new TokenSummary(t.Prefix, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc))],
            await _store.LoadAccountEventsAsync(user, ct)));
    }

    /// <summary>The issue for a user name that has no account.</summary>
    public static Issue UnknownUser(string? user) =>
        Issue.Error(AccountIssues.UnknownUser, "--user", $"Expected an existing user; found no account {OneLine.Shown(user)} (stroma user add makes one).");

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

    /// <summary>
    /// Replaces an account's roles with <paramref name="roles"/> (creating a role the database lacks) and changes its security stamp, so
    /// that its open sessions take the new roles within a minute; returns the change in words (<c>clinician -> admin</c>).
    /// </summary>
    internal static async Task<string> ReplaceRolesAsync(IServiceProvider scope, StromaUser account, IReadOnlyList<string> roles)
    {
        var users = scope.GetRequiredService<UserManager<StromaUser>>();
        var before = await users.GetRolesAsync(account);
        await users.RemoveFromRolesAsync(account, before.Except(roles, StringComparer.Ordinal));
        foreach (var role in roles.Except(before, StringComparer.Ordinal))
        {
            await GrantAsync(scope, account, role);
        }

        await users.UpdateSecurityStampAsync(account); // the account's open sessions take the new roles within a minute

        return $"{string.Join(", ", before.Order(StringComparer.Ordinal).DefaultIfEmpty("no role"))} -> {string.Join(", ", roles.Order(StringComparer.Ordinal).DefaultIfEmpty("no role"))}";
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static async Task GrantAsync(IServiceProvider scope, StromaUser account, string role)
    {
        var roles = scope.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        await scope.GetRequiredService<UserManager<StromaUser>>().AddToRoleAsync(account, role);
    }

    private Task<ReadResult<T>> ChangeAsync<T>(Func<IServiceProvider, Task<(ReadResult<T>, AccountEvent?)>> change, CancellationToken ct) =>
        AccountChanges.RunAsync(_store, _services, change, ct);

    private static (ReadResult<T>, AccountEvent?) Refused<T>(Issue issue) => (ReadResult.Failed<T>([issue]), null);

    // 20 characters from 55 unambiguous letters and digits: about 115 bits.
    private static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 20);
}
