namespace Stroma.Core.Course;

/// <summary>Stable issue codes for entering, amending and retracting single records.</summary>
public static class CorrectionIssues
{
    /// <summary>The record to amend or retract is not stored for the patient.</summary>
    public const string UnknownRecord = "COR001";

    /// <summary>The reason is missing, too long, or not one line.</summary>
    public const string BadReason = "COR002";

    /// <summary>The amendment changes nothing: there is nothing to record.</summary>
    public const string NoChange = "COR003";
}

/// <summary>Why and how a stored record was corrected (the before and after are in the audit trail, in the same transaction).</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Table">The record's table.</param>
/// <param name="RecordId">The record's id.</param>
/// <param name="Action"><c>amend</c> or <c>retract</c>.</param>
/// <param name="Reason">The reason given.</param>
/// <param name="Actor">Who corrected it.</param>
/// <param name="At">When.</param>
public sealed record RecordCorrection(string PatientId, string Table, string RecordId, string Action, string Reason, string Actor, DateTimeOffset At)
{
    /// <summary>
    /// The time of the audit entries written with the correction (the record's change and the reason are saved together and share
    /// it), which pairs a reason with the change it explains in the trail; null before it is stored.
    /// </summary>
    public DateTimeOffset? TrailAt { get; init; }
}
