using System.Text.Json.Nodes;
using Stroma.Core.Course;
using Stroma.Core.Renal;

namespace Stroma.Cli.Course;

/// <summary>The assessment as camelCase JSON: the headline figures first, then everything they were computed from.</summary>
public static class AssessmentJson
{
    /// <summary>Builds the JSON object.</summary>
    public static JsonObject Of(CourseAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new JsonObject
        {
            ["patientId"] = a.PatientId,
            ["protocol"] = a.Protocol.Id,
            ["assessmentVersion"] = CourseAssessment.Version,
            ["dayZero"] = a.DayZero.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["lastFollowUpDay"] = a.LastFollowUpDay,
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

    /// <summary>The headline lines of the assessment for people.</summary>
    public static IEnumerable<string> Summary(CourseAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        yield return FormattableString.Invariant($"Patient {a.PatientId}, protocol {a.Protocol.Id}: day 0 {a.DayZero:yyyy-MM-dd}, last follow-up day {a.LastFollowUpDay}.");
        yield return a.Attainment.TargetMetWithoutPlasmapheresis
            ? FormattableString.Invariant($"Target UPCR {a.Protocol.Target} held without plasmapheresis since day {a.Attainment.HeldSinceDay} (sample {a.Attainment.HeldSinceLabId}) to the last follow-up.")
            : FormattableString.Invariant($"Target UPCR {a.Protocol.Target} did NOT hold without plasmapheresis to the last follow-up.");
        yield return FormattableString.Invariant(
            $"Plasma exchange: {a.Dependence.Before.SessionsPer28Days:0.00} sessions/28 days before day 0, {a.Dependence.After.SessionsPer28Days:0.00} after; free since day {a.Dependence.FreeSinceDay}; independent: {(a.Dependence.IsIndependent ? "yes" : "no")}.");
        yield return FormattableString.Invariant(
            $"eGFR slope: {Slope(a.Renal.SlopeBefore)} before, {Slope(a.Renal.SlopeAfter)} after; change from baseline {a.Renal.ChangeFromBaseline:+0.0;-0.0} mL/min/1.73 m2.");
    }

    private static string Slope(EgfrSlope? slope) =>
        slope is null ? "n/a" : FormattableString.Invariant($"{slope.PerYear:+0.0;-0.0} (95% CI {slope.Lower:0.0} to {slope.Upper:0.0}) mL/min/1.73 m2/year");

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    private static JsonArray? Interval(EgfrSlope? slope) =>
        slope?.Lower is { } lower && slope.Upper is { } upper ? [lower, upper] : null;
}
