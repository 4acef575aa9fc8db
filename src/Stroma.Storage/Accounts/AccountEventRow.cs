using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.Accounts;

/// <summary>
/// One event in the life of a web account (added, disabled, a token made, a second factor turned on, an SSO identity linked): who did it
/// and when. The rows are audited like every other table (so <c>audit verify</c> proves them) and append-only; the accounts themselves
/// live in the web app's tables beside them.
/// </summary>
public sealed class AccountEventRow
{
    /// <summary>A key made before the save (a database-generated one would enter the audit trail as a temporary value).</summary>
    public required string Id { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    /// <summary>Who made the change (the administrator's operating-system user, the signed-in user, or the identity provider's sign-in).</summary>
    public required string Actor { get; set; }

    /// <summary>The account changed (its user name).</summary>
    public required string UserName { get; set; }

    /// <summary>What happened (<c>user-added</c>, <c>token-revoked</c> ...).</summary>
    public required string Event { get; set; }

    /// <summary>What the event needs said (the role, the token's prefix and expiry, the identity provider's subject), or null.</summary>
    public string? Detail { get; set; }
}

/// <summary>An account event to record: the account, what happened, and the detail.</summary>
/// <param name="UserName">The account's user name.</param>
/// <param name="Event">What happened.</param>
/// <param name="Detail">What it needs said, or null.</param>
public sealed record AccountEvent(string UserName, string Event, string? Detail = null);

/// <summary>An account event as recorded: when, by whom, and its entry in the audit trail.</summary>
/// <param name="AtUtc">When.</param>
/// <param name="Actor">Who made the change.</param>
/// <param name="UserName">The account.</param>
/// <param name="Event">What happened.</param>
/// <param name="Detail">The detail, or null.</param>
/// <param name="AuditSequence">The audit entry that records it (null only if the trail lacks it: verify then says so).</param>
public sealed record RecordedAccountEvent(DateTimeOffset AtUtc, string Actor, string UserName, string Event, string? Detail, long? AuditSequence);

/// <summary>The EF Core configuration of account events.</summary>
internal static class AccountsModel
{
    /// <summary>The table's name.</summary>
    public const string Table = "account_events";

    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AccountEventRow>(e =>
        {
            e.ToTable(Table);
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.HasIndex(p => new { p.UserName, p.AtUtc });
        });
}
