using Stroma.Core.Diagnostics;

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

    /// <summary>The new record's id is already stored for the patient (an unknown patient is <see cref="LabCsvIssues.UnknownPatient"/>, as everywhere).</summary>
    public const string IdTaken = "COR004";
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

    /// <summary>
    /// The problem with a correction's reason (COR002 at <c>reason</c>): none given, or not one line of at most
    /// <see cref="Text.OneLine.MaxReason"/> characters; null when it will do.
    /// </summary>
    /// <param name="reason">The reason given.</param>
    /// <param name="action"><c>amend</c> or <c>retract</c>.</param>
    public static Issue? CheckReason(string? reason, string action) =>
        Text.OneLine.CheckRequired(reason, "reason", CorrectionIssues.BadReason,
            $"a reason for the {(action == "amend" ? "amendment" : "retraction")} (it is kept in the record's trail)");
}
