namespace Stroma.Storage.Course;

/// <summary>
/// Why a stored record was amended or retracted, and by whom: the reason the audit trail's before/after entry of the record itself
/// cannot hold. Written in the same transaction as the change, and audited like every row.
/// </summary>
public sealed class RecordCorrectionRow
{
    /// <summary>A key made before the save (a database-generated one would enter the audit trail as a temporary value).</summary>
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    /// <summary>The table of the corrected record (for example <c>lab_results</c>).</summary>
    public required string TableName { get; set; }

    public required string RecordId { get; set; }

    /// <summary><c>amend</c> or <c>retract</c>.</summary>
    public required string Action { get; set; }

    public required string Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset AtUtc { get; set; }
}
