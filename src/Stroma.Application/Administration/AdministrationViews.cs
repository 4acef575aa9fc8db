using System.Globalization;

namespace Stroma.Application.Administration;

// The result records of the administrators' commands (audit, db, identity, setting, user, token) as --json prints them. Times are
// ISO 8601 round-trip ("O"); every list is present, empty when there is nothing.

/// <summary>A command that refused: <c>done</c> false and why.</summary>
public sealed record RefusedView(bool Done, IReadOnlyList<Course.IssueView> Issues)
{
    /// <summary>The refusal with these issues.</summary>
    public static RefusedView Of(IReadOnlyList<Course.IssueView> issues) => new(false, issues);
}

/// <summary><c>audit verify --json</c>: what was checked and every problem.</summary>
public sealed record AuditVerifiedView(
    bool Intact, long Entries, long KeyedEntries, long HeadSequence, string HeadHash, string? DatabaseId, IReadOnlyList<string> Checked, IReadOnlyList<Course.IssueView> Issues);

/// <summary><c>db migrate --json</c>: the migrations applied and the role granted.</summary>
public sealed record SchemaMigratedView(string Database, IReadOnlyList<string> Applied, string? AppRole);

/// <summary>One change or viewing of an identity, as its trail keeps it.</summary>
public sealed record IdentityTrailView(string At, string Action, string Fields, string By, string? Reason);

/// <summary><c>identity show --json</c>: the identity (null fields when erased) and its trail.</summary>
public sealed record IdentityShownView(
    string Patient, string? Name, string? HospitalNumber, bool Erased, IReadOnlyList<IdentityTrailView> Trail, bool Done, IReadOnlyList<Course.IssueView> Issues);

/// <summary><c>identity correct --json</c>.</summary>
public sealed record IdentityCorrectedView(string Patient, bool Done, IReadOnlyList<Course.IssueView> Issues);

/// <summary><c>identity erase --json</c>: the reference the erasure is recorded under.</summary>
public sealed record IdentityErasedView(string Patient, string? IdentityRef, bool Done, IReadOnlyList<Course.IssueView> Issues);

/// <summary><c>setting set|show --json</c> (value null when not set).</summary>
public sealed record SettingView(string Key, string? Value);

/// <summary><c>user add --json</c>: the password only when it was generated (printed once).</summary>
public sealed record AccountAddedView(string User, string Role, string? Password);

/// <summary><c>user role --json</c>.</summary>
public sealed record AccountRoleView(string User, string Role);

/// <summary><c>user disable|enable --json</c>.</summary>
public sealed record AccountEnabledView(string User, bool Enabled);

/// <summary><c>user password --json</c>: the new password, printed once.</summary>
public sealed record AccountPasswordView(string User, string? Password);

/// <summary>An API token as listed: never the token, only its first characters.</summary>
public sealed record AccountTokenView(string Prefix, string CreatedAt, string ExpiresAt, string? RevokedAt);

/// <summary>An account's event with the audit entry that holds it (null when the entry is missing).</summary>
public sealed record AccountEventView(string At, string Event, string By, string? Detail, long? AuditEntry);

/// <summary><c>user show --json</c>.</summary>
public sealed record AccountShownView(
    string User, string? FullName, IReadOnlyList<string> Roles, string State, bool SecondFactor, IReadOnlyList<string> SingleSignOn,
    IReadOnlyList<AccountTokenView> Tokens, IReadOnlyList<AccountEventView> Events);

/// <summary><c>token create --json</c>: the token, printed once.</summary>
public sealed record TokenCreatedView(string User, string Token, string ExpiresAt);

/// <summary>How the administrators' views write a time: ISO 8601 round trip.</summary>
public static class AdministrationTime
{
    /// <summary>The time as <c>O</c>.</summary>
    public static string Of(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
