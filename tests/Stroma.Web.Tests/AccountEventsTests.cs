using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stroma.Storage;
using Stroma.Storage.Tests;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Tests;

/// <summary>
/// Account changes on SQLite and PostgreSQL: each commits with its event in the keyed audit trail (who, when) or not at all; an
/// authenticator code is accepted once, also when two instances receive it at the same moment.
/// </summary>
public abstract class AccountEventsTests(IStoreFixture db)
{
    /// <summary>A store whose accounts' tables exist, as a deployment has it (PostgreSQL: migrated by the owner, used by the application role).</summary>
    internal static async Task<StromaStore> NewAccountsStoreAsync(IStoreFixture db, string actor = "admin-os-user")
    {
        var owner = await db.NewEmptyLocationAsync();
        if (db.Provider == StoreProvider.Sqlite)
        {
            return await db.OpenAsync(owner, actor, StoreOpening.CreateIfMissing);
        }

        await StromaStore.MigrateSchemaAsync(owner, PostgresFixture.AppRole);
        await StromaWebApp.MigrateAccountsSchemaAsync(owner, PostgresFixture.AppRole, CancellationToken.None);
        var app = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = PostgresFixture.AppRole, Password = "stroma-app-ci" }.ToString());
        return await db.OpenAsync(app, actor, StoreOpening.Existing);
    }

    [Fact]
    public async Task AccountChanges_AreEventsInTheVerifiedTrail_WithWhoMadeThem()
    {
        var store = await NewAccountsStoreAsync(db);
        await using var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        Assert.False((await admin.AddUserAsync("ana", Roles.Clinician, "Ana Ruiz", null, CancellationToken.None)).HasErrors);
        var token = (await admin.CreateTokenAsync("ana", "1d", now, CancellationToken.None)).ValueOrThrow();
        Assert.Equal(1, (await admin.RevokeTokensAsync("ana", null, now, CancellationToken.None)).ValueOrThrow());
        Assert.False((await admin.SetRoleAsync("ana", Roles.Administrator, CancellationToken.None)).HasErrors);
        Assert.False((await admin.SetEnabledAsync("ana", enabled: false, CancellationToken.None)).HasErrors);
        await using (var other = await AccountAdmin.OpenAsync(store.WithActor("second-admin"), CancellationToken.None))
        {
            Assert.False((await other.SetEnabledAsync("ana", enabled: true, CancellationToken.None)).HasErrors);
        }

        Assert.False((await admin.ResetPasswordAsync("ana", CancellationToken.None)).HasErrors);

        var events = await store.LoadAccountEventsAsync("ana");
        Assert.Equal([AccountEventNames.UserAdded, AccountEventNames.TokenCreated, AccountEventNames.TokenRevoked, AccountEventNames.RoleChanged,
            AccountEventNames.Disabled, AccountEventNames.Enabled, AccountEventNames.PasswordReset], events.Select(e => e.Event));
        Assert.Equal(["admin-os-user", "admin-os-user", "admin-os-user", "admin-os-user", "admin-os-user", "second-admin", "admin-os-user"], events.Select(e => e.Actor));
        Assert.StartsWith(token.Token[..13], events[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Token, string.Join("", events.Select(e => e.Detail)), StringComparison.Ordinal);
        Assert.Equal("clinician -> admin", events[3].Detail);
        Assert.All(events, e => Assert.NotNull(e.AuditSequence));
        var audit = await store.VerifyAuditAsync();
        Assert.True(audit.IsIntact, string.Join("\n", audit.Problems));
    }

    [Fact]
    public async Task RefusedChange_WritesNeitherTheAccountNorAnEvent()
    {
        var store = await NewAccountsStoreAsync(db);
        await using var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None);
        Assert.False((await admin.AddUserAsync("ana", Roles.Clinician, null, null, CancellationToken.None)).HasErrors);
        var before = (await store.VerifyAuditAsync()).Entries;

        var again = await admin.AddUserAsync("ana", Roles.Researcher, null, null, CancellationToken.None);
        var weak = await admin.AddUserAsync("bob", Roles.Researcher, null, "short", CancellationToken.None);
        var noToken = await admin.RevokeTokensAsync("ana", "stroma_zzzzzz", DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(AccountIssues.UserExists, Assert.Single(again.Issues).Code);
        Assert.Contains(weak.Issues, i => i.Code == AccountIssues.Rejected && i.Location == "--password-stdin");
        Assert.Equal(AccountIssues.NoSuchToken, Assert.Single(noToken.Issues).Code);
        Assert.Equal(before, (await store.VerifyAuditAsync()).Entries);
        Assert.Empty(await store.LoadAccountEventsAsync("bob"));
        Assert.Equal(AccountIssues.UnknownUser, Assert.Single((await admin.ShowAsync("bob", DateTimeOffset.UtcNow, CancellationToken.None)).Issues).Code);
        Assert.Equal([Roles.Clinician], (await admin.ShowAsync("ana", DateTimeOffset.UtcNow, CancellationToken.None)).ValueOrThrow().Roles);
    }

    [Fact]
    public async Task AuthenticatorCode_IsAcceptedOnce_EvenByTwoInstancesAtOnce()
    {
        var store = await NewAccountsStoreAsync(db);
        await using (var admin = await AccountAdmin.OpenAsync(store, CancellationToken.None))
        {
            Assert.False((await admin.AddUserAsync("ana", Roles.Clinician, null, null, CancellationToken.None)).HasErrors);
        }

        // Two instances: each its own services and connections on the one database.
        await using var first = StromaWebApp.AddAccounts(new ServiceCollection(), store.Location).BuildServiceProvider();
        await using var second = StromaWebApp.AddAccounts(new ServiceCollection(), store.Location).BuildServiceProvider();
        var secret = await WithUserAsync(first, async (users, user) =>
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return OneUseAuthenticatorCodes.Base32((await users.GetAuthenticatorKeyAsync(user))!)!;
        });
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

        var both = await Task.WhenAll(
            WithUserAsync(first, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step))),
            WithUserAsync(second, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step))));

        Assert.Equal(1, both.Count(accepted => accepted));
        Assert.False(await WithUserAsync(first, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step))));
        Assert.True(await WithUserAsync(second, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step + 1))));
        // A code of an earlier step, still within the clock's tolerance, is refused once a later one was used.
        Assert.False(await WithUserAsync(first, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step - 1))));
        Assert.False(await WithUserAsync(first, (users, user) => users.VerifyTwoFactorTokenAsync(user, OneUseAuthenticatorCodes.Name, OneUseAuthenticatorCodes.Code(secret, step + 3))));
    }

    private static async Task<T> WithUserAsync<T>(IServiceProvider services, Func<UserManager<StromaUser>, StromaUser, Task<T>> body)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        return await body(users, (await users.FindByNameAsync("ana"))!);
    }
}

public sealed class SqliteAccountEventsTests(SqliteFixture db) : AccountEventsTests(db), IClassFixture<SqliteFixture>;

public sealed class PostgresAccountEventsTests(PostgresFixture db) : AccountEventsTests(db), IClassFixture<PostgresFixture>;
