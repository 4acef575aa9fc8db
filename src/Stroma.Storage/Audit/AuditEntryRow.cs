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
}

/// <summary>The chain's head (a single row): the last sequence and hash, so that deleting the newest entries is detected too.</summary>
public sealed class AuditHeadRow
{
    public int Id { get; set; }

    public long Sequence { get; set; }

    public required string Hash { get; set; }
}
