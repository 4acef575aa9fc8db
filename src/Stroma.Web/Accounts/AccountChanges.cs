using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Storage;
using Stroma.Storage.Accounts;

namespace Stroma.Web.Accounts;

/// <summary>What the account events of the audit trail name (<c>account_events.Event</c>).</summary>
public static class AccountEventNames
{
    public const string UserAdded = "user-added";
    public const string Disabled = "disabled";
    public const string Enabled = "enabled";
    public const string PasswordReset = "password-reset";
    public const string RoleChanged = "role-changed";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string SecondFactorOn = "second-factor-on";
    public const string SecondFactorOff = "second-factor-off";
    public const string SsoLinked = "sso-linked";

    /// <summary>A signing refused at re-authentication (wrong password or authenticator code, locked account): 21 CFR 11.300(d).</summary>
    public const string SigningFailed = "signing-failed";
}

/// <summary>
/// The connection the accounts' context of one scope enlists in (the records' write transaction, so that a change to an account and
/// its audited event commit together); none: the context opens its own.
/// </summary>
public sealed class AccountsConnection
{
    internal DbConnection? Connection { get; private set; }

    internal DbTransaction? Transaction { get; private set; }

    /// <summary>Enlists this scope's accounts context in <paramref name="transaction"/> on <paramref name="connection"/>.</summary>
    public void Use(DbConnection connection, DbTransaction transaction) => (Connection, Transaction) = (connection, transaction);
}

/// <summary>
/// A change to an account and its event in the keyed audit trail, in one transaction: the change runs in a new scope of the
/// services given, whose accounts context uses the store's write transaction; a change that returns no event was refused
/// and writes nothing.
/// </summary>
public static class AccountChanges
{
    /// <summary>Runs <paramref name="change"/> with its event recorded as the store's actor.</summary>
    public static Task<T> RunAsync<T>(StromaStore store, IServiceProvider services, Func<IServiceProvider, Task<(T Result, AccountEvent? Event)>> change, CancellationToken ct) =>
        RunManyAsync(store, services, async s =>
        {
            var (result, done) = await change(s);
            return (result, done is null ? (IReadOnlyList<AccountEvent>)[] : [done]);
        }, ct);

    /// <summary>Runs <paramref name="change"/> with its events (none: refused or nothing changed) recorded as the store's actor.</summary>
    public static Task<T> RunManyAsync<T>(StromaStore store, IServiceProvider services, Func<IServiceProvider, Task<(T Result, IReadOnlyList<AccountEvent> Events)>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        return store.ChangeAccountAsync(async (connection, transaction, _) =>
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccountsConnection>().Use(connection, transaction);
            return await change(scope.ServiceProvider);
        }, ct);
    }
}
