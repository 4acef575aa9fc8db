using Stroma.Storage.Accounts;

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

    /// <summary>The full name is not one line of text (a control or direction-changing character, or too long).</summary>
    public const string BadName = "USR007";

    /// <summary>The account already has the role given: nothing changed.</summary>
    public const string SameRole = "USR008";
}

/// <summary>An account as <c>stroma user show</c> prints it.</summary>
/// <param name="User">The user name.</param>
/// <param name="FullName">The full name, or null.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="State"><c>enabled</c>, <c>disabled</c>, or <c>locked until …</c> (after failed sign-ins).</param>
/// <param name="SecondFactor">Whether an authenticator code is asked at sign-in.</param>
/// <param name="SingleSignOn">The identity-provider identities linked to it.</param>
/// <param name="Tokens">Its API tokens (prefixes only).</param>
/// <param name="Events">Its events in the audit trail, oldest first.</param>
public sealed record AccountSummary(string User, string? FullName, IReadOnlyList<string> Roles, string State, bool SecondFactor,
    IReadOnlyList<string> SingleSignOn, IReadOnlyList<TokenSummary> Tokens, IReadOnlyList<RecordedAccountEvent> Events);

/// <summary>An API token as listed: never the token, only its first characters.</summary>
/// <param name="Prefix">Its first characters.</param>
/// <param name="CreatedAtUtc">Made.</param>
/// <param name="ExpiresAtUtc">Expires.</param>
/// <param name="RevokedAtUtc">Revoked, or null.</param>
public sealed record TokenSummary(string Prefix, DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, DateTimeOffset? RevokedAtUtc);
