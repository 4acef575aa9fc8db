using Stroma.Core.Course;
using Stroma.Core.Renal;
using Stroma.Core.Text;

namespace Stroma.Application.Course;

/// <summary>The assessment for people: the same headline lines in the CLI and on the patient page.</summary>
public static class AssessmentText
{
    /// <summary>The headline lines of the assessment for people: a missing figure says "not assessable" and why, never a blank.</summary>
    public static IEnumerable<string> Summary(CourseAssessment a, int? lastRecordDay = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        yield return FormattableString.Invariant($"Patient {a.PatientId}, protocol {a.Protocol.Id}: day 0 {a.DayZero:yyyy-MM-dd}, last follow-up day {lastRecordDay ?? a.LastFollowUpDay}.");
        var oneYear = a.Attainment.HeldAtOneYear is { } held
            ? FormattableString.Invariant($"held at one year: {(held ? "yes" : "no")} (sample {a.Attainment.OneYearLabId})")
            : FormattableString.Invariant($"held at one year: {ClinicalFormat.NotAssessable} (no UPCR within day {a.Protocol.OneYearDay} ± {a.Protocol.OneYearToleranceDays})");
        yield return a.Attainment.TargetMetWithoutPlasmapheresis
            ? FormattableString.Invariant($"Target UPCR {a.Protocol.Target} held without plasmapheresis since day {a.Attainment.HeldSinceDay} (sample {a.Attainment.HeldSinceLabId}) to the last follow-up; {oneYear}.")
            : FormattableString.Invariant($"Target UPCR {a.Protocol.Target} did NOT hold without plasmapheresis to the last follow-up; {oneYear}.");
        yield return FormattableString.Invariant(
            $"Plasma exchange: {Rate(a.Dependence.Before)} before day 0, {Rate(a.Dependence.After)} after; free since day {a.Dependence.FreeSinceDay}; independent: {(a.Dependence.IsIndependent ? "yes" : "no")}.");
        var change = a.Renal.ChangeFromBaseline is { } c
            ? FormattableString.Invariant($"{c:+0.0;-0.0} mL/min/1.73 m²")
            : $"{ClinicalFormat.NotAssessable} ({(a.Renal.Baseline is null ? "no eGFR before day 0" : "no eGFR after the baseline")})";
        yield return FormattableString.Invariant(
            $"eGFR slope: {Slope(a.Renal.SlopeBefore, "before")} before, {Slope(a.Renal.SlopeAfter, "after")} after; change from baseline {change}.");
        var verdict = a.Renal.Verdict;
        yield return verdict.IsStable is { } stable
            ? $"Renal function stable: {(stable ? "yes" : "no")} ({verdict.Reason}; rule: KDIGO 2012 rec. 2.1.3)."
            : $"Renal function stable: {verdict.Reason} (rule: KDIGO 2012 rec. 2.1.3).";
    }

    private static string Rate(SessionPeriod period) => period.SessionsPer28Days is { } rate
        ? FormattableString.Invariant($"{rate:0.00} sessions/28 days")
        : $"{ClinicalFormat.NotAssessable} (no time {period.Name} day 0 to count sessions over)";

    private static string Slope(EgfrSlope? slope, string period) => slope is null
        ? $"{ClinicalFormat.NotAssessable} (fewer than two eGFR dates {period} day 0)"
        : FormattableString.Invariant($"{slope.PerYear:+0.0;-0.0} mL/min/1.73 m²/year (95% CI ") + (slope.Lower is { } lo && slope.Upper is { } up
            ? FormattableString.Invariant($"{lo:0.0} to {up:0.0})")
            : FormattableString.Invariant($"{ClinicalFormat.NotAssessable}: {slope.Count} values)"));
}
