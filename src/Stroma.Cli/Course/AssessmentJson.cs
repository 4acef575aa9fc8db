using System.Text.Json.Nodes;
using Stroma.Core.Course;
using Stroma.Core.Renal;
using Stroma.Core.Text;

namespace Stroma.Cli.Course;

/// <summary>The assessment as camelCase JSON: the headline figures first, then everything they were computed from.</summary>
public static class AssessmentJson
{
    /// <summary>Builds the JSON object.</summary>
    public static JsonObject Of(CourseAssessment a, int? lastRecordDay = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new JsonObject
        {
            ["patientId"] = a.PatientId,
            ["protocol"] = a.Protocol.Id,
            ["assessmentVersion"] = CourseAssessment.Version,
            ["dayZero"] = a.DayZero.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["lastFollowUpDay"] = lastRecordDay ?? a.LastFollowUpDay,
            ["lastCourseRecordDay"] = a.LastFollowUpDay,
            ["targetMetWithoutPlasmapheresis"] = a.Attainment.TargetMetWithoutPlasmapheresis,
            ["targetHeldSinceDay"] = a.Attainment.HeldSinceDay,
            ["targetHeldSinceLabId"] = a.Attainment.HeldSinceLabId,
            ["targetHeldAtLastFollowUp"] = a.Attainment.HeldAtLastFollowUp,
            ["targetHeldAtOneYear"] = a.Attainment.HeldAtOneYear,
            ["oneYearLabId"] = a.Attainment.OneYearLabId,
            ["plasmapheresisFreeSinceDay"] = a.Dependence.FreeSinceDay,
            ["plasmapheresisIndependent"] = a.Dependence.IsIndependent,
            ["timeToIndependenceDays"] = a.Dependence.TimeToIndependenceDays,
            ["lastSessionId"] = a.Dependence.LastSessionId,
            ["sessionsPer28DaysBefore"] = a.Dependence.Before.SessionsPer28Days,
            ["sessionsPer28DaysAfter"] = a.Dependence.After.SessionsPer28Days,
            ["medianIntervalDaysBefore"] = a.Dependence.Before.MedianIntervalDays,
            ["longestIntervalDaysBefore"] = a.Dependence.Before.LongestIntervalDays,
            ["medianIntervalDaysAfter"] = a.Dependence.After.MedianIntervalDays,
            ["longestIntervalDaysAfter"] = a.Dependence.After.LongestIntervalDays,
            ["sessionIdsBefore"] = Strings(a.Dependence.Before.SessionIds),
            ["sessionIdsAfter"] = Strings(a.Dependence.After.SessionIds),
            ["egfrUnit"] = Core.Quantities.Egfr.Ucum,
            ["egfrSlopeBefore"] = a.Renal.SlopeBefore?.PerYear,
            ["egfrSlopeBeforeCi"] = Interval(a.Renal.SlopeBefore),
            ["egfrSlopeAfter"] = a.Renal.SlopeAfter?.PerYear,
            ["egfrSlopeAfterCi"] = Interval(a.Renal.SlopeAfter),
            ["egfrBaseline"] = a.Renal.Baseline?.Result.Egfr.MlPerMinPer173M2,
            ["egfrBaselineLabId"] = a.Renal.Baseline?.CreatinineLabId,
            ["egfrLast"] = a.Renal.Last?.Result.Egfr.MlPerMinPer173M2,
            ["egfrLastLabId"] = a.Renal.Last?.CreatinineLabId,
            ["egfrChangeFromBaseline"] = a.Renal.ChangeFromBaseline,
            ["renalFunctionStable"] = a.Renal.Verdict.IsStable,
            ["renalStability"] = Stability(a.Renal.Verdict),
            ["infusionIds"] = Strings(a.InfusionIds),
            ["upcr"] = new JsonArray([.. a.Attainment.Points.Select(p => (JsonNode)new JsonObject
            {
                ["labId"] = p.LabId,
                ["day"] = p.Day,
                ["mgPerMg"] = p.Upcr.MgPerMg,
                ["meetsTarget"] = p.MeetsTarget,
                ["plasmapheresisFree"] = p.IsPlasmapheresisFree,
                ["lastSessionIdBefore"] = p.LastSessionIdBefore,
                ["remission"] = p.Remission.Status.ToString(),
                ["remissionRuleSet"] = p.Remission.RuleSet,
            })]),
            ["egfr"] = new JsonArray([.. a.Renal.Points.Select(p => (JsonNode)new JsonObject
            {
                ["creatinineLabId"] = p.CreatinineLabId,
                ["heightLabId"] = p.HeightLabId,
                ["day"] = p.Day,
                ["equation"] = p.Result.Equation,
                ["egfr"] = p.Result.Egfr.MlPerMinPer173M2,
                ["equationSwitch"] = p.IsFamilySwitch,
            })]),
            ["issues"] = CliIssues.ToJson(a.Issues),
        };
    }

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

    // The stated rule, its answer and its evidence.
    private static JsonObject Stability(RenalStabilityVerdict v) => new()
    {
        ["stable"] = v.IsStable,
        ["reason"] = v.Reason,
        ["rule"] = KdigoProgression.Rule,
        ["source"] = KdigoProgression.Source,
        ["rapidDecline"] = v.RapidDecline,
        ["certainDrop"] = v.CertainDrop,
        ["slopePerYear"] = v.Slope?.PerYear,
        ["slopeCi"] = Interval(v.Slope),
        ["slopeValues"] = v.Slope?.Count,
        ["baselineEgfr"] = v.Baseline?.Egfr.MlPerMinPer173M2,
        ["lastEgfr"] = v.Last?.Egfr.MlPerMinPer173M2,
        ["rapidDeclineAbovePerYear"] = KdigoProgression.RapidDeclinePerYear,
        ["certainDropFraction"] = KdigoProgression.CertainDropFraction,
    };

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    private static JsonArray? Interval(EgfrSlope? slope) =>
        slope?.Lower is { } lower && slope.Upper is { } upper ? [lower, upper] : null;
}
