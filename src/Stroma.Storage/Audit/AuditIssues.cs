namespace Stroma.Storage.Audit;

/// <summary>Stable issue codes of the audit trail and its key.</summary>
public static class AuditIssues
{
    /// <summary>The trail, a raw file or a table does not match what the trail records (tampering or damage).</summary>
    public const string NotIntact = "AUDIT001";

    /// <summary>A protection (trigger, role) is missing or the connection could go around it.</summary>
    public const string Unprotected = "AUDIT002";

    /// <summary>An anchor does not match the database (removed, rolled back or rewritten entries, an older copy, another database).</summary>
    public const string AnchorMismatch = "AUDIT003";

    /// <summary>An anchor file is not one, or its MAC does not verify.</summary>
    public const string BadAnchor = "AUDIT004";

    /// <summary>No audit key was found: writes are refused, MACs cannot be checked.</summary>
    public const string KeyMissing = "KEY001";

    /// <summary>The key is not one (too short, not base64) or is not the key this trail was written with.</summary>
    public const string KeyMalformed = "KEY002";

    /// <summary>What verify could not check (no key, no anchor), said so rather than passed over.</summary>
    public const string NotChecked = "AUDIT005";
}
