using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

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
    public const string IdTaken = "COR006";

    /// <summary>The record was retracted: it is neither amended nor retracted again (a new result is entered instead).</summary>
    public const string AlreadyRetracted = "COR004";

    /// <summary>The amendment changes the analyte: that is a retraction plus a new entry, not a correction of this result.</summary>
    public const string AnalyteChanged = "COR005";
}

/// <summary>What an amendment of a stored lab result may change.</summary>
public static class LabAmendment
{
    /// <summary>
    /// An error at the <c>analyte</c> field when <paramref name="amended"/> names another analyte than <paramref name="stored"/>: a
    /// result of another analyte is another measurement, so the stored one is retracted with its reason and the new one entered (the
    /// trail then says what happened, rather than a creatinine silently becoming a UPCR).
    /// </summary>
    public static Issue? Check(LabResult stored, LabResult amended)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(amended);
        return stored.Analyte == amended.Analyte
            ? null
            : Issue.Error(CorrectionIssues.AnalyteChanged, "analyte",
                $"Expected the analyte of lab result '{stored.Id}', {Analytes.NameOf(stored.Analyte)}; found {Analytes.NameOf(amended.Analyte)}. An amendment corrects the value, unit or time of the same measurement; a change of analyte is a retraction plus a new entry: retract this result with its reason, then enter the {Analytes.NameOf(amended.Analyte)} result.");
    }

    /// <summary>The error for a record that was retracted, saying by whom and when (in the site's zone, <paramref name="zone"/>) and why.</summary>
    public static Issue Retracted(RecordCorrection retraction, string location, TimeZoneInfo? zone)
    {
        ArgumentNullException.ThrowIfNull(retraction);
        return Issue.Error(CorrectionIssues.AlreadyRetracted, location,
            $"Expected a stored lab result; '{retraction.RecordId}' was already retracted by {retraction.Actor} on {SiteTime.Shown(retraction.At, zone)} (reason: {OneLine.Shown(retraction.Reason)}). A retracted result is neither amended nor retracted again; enter a new result instead.");
    }
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
