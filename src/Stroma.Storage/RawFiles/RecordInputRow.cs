namespace Stroma.Storage.RawFiles;

/// <summary>
/// Which raw input a record was written from: the form typed for it, or the file it was imported from, kept in <c>raw_files</c> under
/// its SHA-256. One row per write (an entry, each amendment, an import), so every version of a record traces to what was entered;
/// append-only, and audited like every row.
/// </summary>
public sealed class RecordInputRow
{
    /// <summary>A key made before the save (a database-generated one would enter the audit trail as a temporary value).</summary>
    public required string Id { get; set; }

    /// <summary>The record's table (for example <c>plasma_exchanges</c>).</summary>
    public required string TableName { get; set; }

    /// <summary>The record's key as the audit trail writes it (<c>patient|id</c> for a patient's record, the lot id for a lot).</summary>
    public required string RecordKey { get; set; }

    /// <summary><c>add</c>, <c>amend</c> or <c>import</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The raw input's SHA-256 (a key of <c>raw_files</c>).</summary>
    public required string SourceSha256 { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset AtUtc { get; set; }
}
