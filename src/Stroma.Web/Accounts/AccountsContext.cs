using System.Data.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Stroma.Storage;

namespace Stroma.Web.Accounts;

/// <summary>A person who signs in to Stroma: Identity's user with the full name shown beside what they record.</summary>
public sealed class StromaUser : IdentityUser
{
    /// <summary>The person's full name.</summary>
    public string? FullName { get; set; }
}

/// <summary>
/// The RFC 6238 time step of the last authenticator code an account used (a code is used once: none of that step or an earlier one is
/// taken again). A table of its own: Identity rewrites every column of a user when it saves one, which would put back a step read before.
/// </summary>
public sealed class AuthenticatorStepRow
{
    public required string UserId { get; set; }

    public long Step { get; set; }
}

/// <summary>A personal API token: only its SHA-256 is kept; the token itself is shown once, when it is made.</summary>
public sealed class ApiTokenRow
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token's first characters, to tell tokens apart in lists (never enough to use it).</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    public DateTimeOffset ExpiresAtUtc { get; set; }

    public DateTimeOffset? RevokedAtUtc { get; set; }
}

/// <summary>
/// The web app's accounts on the same database as the records (SQLite or PostgreSQL): Identity's users and roles, personal API tokens,
/// and the data-protection keys (so that several instances share the keys that sign cookies and anti-forgery tokens). Its own
/// migrations and history table, beside Stroma's.
/// </summary>
public abstract class AccountsContext(DbContextOptions options) : IdentityDbContext<StromaUser>(options), IDataProtectionKeyContext
{
    /// <summary>The history table of these migrations.</summary>
    public const string HistoryTable = "__StromaAccountsMigrations";

    /// <summary>The table of the last authenticator step used per account.</summary>
    public const string AuthenticatorStepsTable = "accounts_totp_steps";

    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AuthenticatorStepRow> AuthenticatorSteps => Set<AuthenticatorStepRow>();

    /// <summary>Bulk FHIR <c>$export</c> jobs.</summary>
    public DbSet<Features.Fhir.BulkExportJobRow> BulkExportJobs => Set<Features.Fhir.BulkExportJobRow>();

    /// <summary>Their NDJSON files.</summary>
    public DbSet<Features.Fhir.BulkExportFileRow> BulkExportFiles => Set<Features.Fhir.BulkExportFileRow>();

    /// <summary>A context on <paramref name="location"/>.</summary>
    public static AccountsContext Create(StoreLocation location) => Create(location, null, null);

    /// <summary>A context on <paramref name="location"/>, or on an open connection enlisted in its transaction (the records' write transaction).</summary>
    public static AccountsContext Create(StoreLocation location, DbConnection? connection, DbTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(location);
        AccountsContext db = (location.Provider, connection) switch
        {
            (StoreProvider.Sqlite, null) => new SqliteAccountsContext(new DbContextOptionsBuilder<SqliteAccountsContext>().UseSqlite(location.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable)).Options),
            (StoreProvider.Sqlite, _) => new SqliteAccountsContext(new DbContextOptionsBuilder<SqliteAccountsContext>().UseSqlite(connection, o => o.MigrationsHistoryTable(HistoryTable)).Options),
            (_, null) => new PostgresAccountsContext(new DbContextOptionsBuilder<PostgresAccountsContext>().UseNpgsql(location.ConnectionString, o => o.MigrationsHistoryTable(HistoryTable)).Options),
            _ => new PostgresAccountsContext(new DbContextOptionsBuilder<PostgresAccountsContext>().UseNpgsql(connection, o => o.MigrationsHistoryTable(HistoryTable)).Options),
        };
        if (transaction is not null)
        {
            db.Database.UseTransaction(transaction);
        }

        return db;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne<StromaUser>().WithMany().HasForeignKey(t => t.UserId);
        });
        builder.Entity<AuthenticatorStepRow>(e =>
        {
            e.ToTable(AuthenticatorStepsTable);
            e.HasKey(t => t.UserId);
            e.HasOne<StromaUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        Features.Fhir.BulkExportStatus.Configure(builder);
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        builder.Entity<StromaUser>().ToTable("accounts_users");
        builder.Entity<IdentityRole>().ToTable("accounts_roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("accounts_user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("accounts_user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("accounts_user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("accounts_user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("accounts_role_claims");
    }
}

/// <summary>The SQLite flavour.</summary>
public sealed class SqliteAccountsContext(DbContextOptions<SqliteAccountsContext> options) : AccountsContext(options);

/// <summary>The PostgreSQL flavour.</summary>
public sealed class PostgresAccountsContext(DbContextOptions<PostgresAccountsContext> options) : AccountsContext(options);

/// <summary>Design-time factory for <c>dotnet ef migrations add --context SqliteAccountsContext</c>.</summary>
public sealed class SqliteAccountsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccountsContext>
{
    public SqliteAccountsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAccountsContext>().UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(AccountsContext.HistoryTable)).Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add --context PostgresAccountsContext</c> (no server needed).</summary>
public sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccountsContext>
{
    public PostgresAccountsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAccountsContext>().UseNpgsql("Host=localhost;Database=stroma_design", o => o.MigrationsHistoryTable(AccountsContext.HistoryTable)).Options);
}
