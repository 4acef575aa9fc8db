namespace Stroma.Storage.Audit;

/// <summary>
/// One append-only audit entry: who changed what and when, the row before and after, chained to the previous entry by a SHA-256.
/// The table refuses UPDATE and DELETE (database triggers); the chain detects changes made by anyone who removes them.
/// </summary>
public sealed class AuditEntryRow
{
    public long Sequence { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public required string Actor { get; set; }

    public required string TableName { get; set; }

    public required string EntityKey { get; set; }

    public required string Action { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>HMAC-SHA-256 of <see cref="Hash"/> under the site's audit key (null only for entries written before the trail was keyed).</summary>
    public string? Mac { get; set; }
}

/// <summary>The chain's head (a single row): the last sequence and hash, so that deleting the newest entries is detected too.</summary>
public sealed class AuditHeadRow
{
    public int Id { get; set; }

    public long Sequence { get; set; }

    public required string Hash { get; set; }

    /// <summary>This database's identity (anchors name it, so an anchor of another database is not taken for this one's).</summary>
    public string? DatabaseId { get; set; }

    /// <summary>The fingerprint of the key the trail is keyed with.</summary>
    public string? KeyId { get; set; }

    /// <summary>HMAC of the head's fields under the audit key.</summary>
    public string? Mac { get; set; }
}
