using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Renal;

namespace Stroma.Application.Course;

/// <summary>An issue as the front ends show it: code, severity (lower case), message and where.</summary>
public sealed record IssueView(string Code, string Severity, string Message, string Location)
{
    /// <summary>The view of an issue.</summary>
    public static IssueView Of(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new(issue.Code, issue.Severity.ToString().ToLowerInvariant(), issue.Message, issue.Location);
    }
}

/// <summary>One UPCR sample as assessed.</summary>
public sealed record UpcrPointView(string LabId, int Day, double MgPerMg, bool MeetsTarget, bool PlasmapheresisFree, string? LastSessionIdBefore, string Remission, string RemissionRuleSet);

/// <summary>One eGFR as derived.</summary>
public sealed record EgfrPointView(string CreatinineLabId, string? HeightLabId, int Day, string Equation, double Egfr, bool EquationSwitch);

/// <summary>The renal-stability rule, its answer and its evidence.</summary>
public sealed record StabilityView(
    bool? Stable, string Reason, string Rule, string Source, bool? RapidDecline, bool? CertainDrop, double? SlopePerYear, double[]? SlopeCi, int? SlopeValues,
    double? BaselineEgfr, double? LastEgfr, double RapidDeclineAbovePerYear, double CertainDropFraction);

/// <summary>
/// A patient's assessment as every front end returns it (the CLI's <c>assess --json</c>, the API's
/// <c>/api/patients/{id}/assessment</c>): the headline figures first, then everything they were computed from, every figure linked to
/// the record ids it came from.
/// </summary>
public sealed record AssessmentView(
    string PatientId, string Protocol, string AssessmentVersion, string DayZero, int LastFollowUpDay, int LastCourseRecordDay,
    bool TargetMetWithoutPlasmapheresis, int? TargetHeldSinceDay, string? TargetHeldSinceLabId, bool TargetHeldAtLastFollowUp, bool? TargetHeldAtOneYear, string? OneYearLabId,
    int? PlasmapheresisFreeSinceDay, bool PlasmapheresisIndependent, int? TimeToIndependenceDays, string? LastSessionId,
    double? SessionsPer28DaysBefore, double? SessionsPer28DaysAfter, double? MedianIntervalDaysBefore, double? LongestIntervalDaysBefore,
    double? MedianIntervalDaysAfter, double? LongestIntervalDaysAfter, IReadOnlyList<string> SessionIdsBefore, IReadOnlyList<string> SessionIdsAfter,
    string EgfrUnit, double? EgfrSlopeBefore, double[]? EgfrSlopeBeforeCi, double? EgfrSlopeAfter, double[]? EgfrSlopeAfterCi,
    double? EgfrBaseline, string? EgfrBaselineLabId, double? EgfrLast, string? EgfrLastLabId, double? EgfrChangeFromBaseline, bool? RenalFunctionStable,
    StabilityView RenalStability, IReadOnlyList<string> InfusionIds, IReadOnlyList<UpcrPointView> Upcr, IReadOnlyList<EgfrPointView> Egfr, IReadOnlyList<IssueView> Issues)
{
    /// <summary>The view of an assessment; <paramref name="issues"/> as the front end locates them (the CLI names its options).</summary>
    public static AssessmentView Of(CourseAssessment a, int? lastRecordDay, IEnumerable<IssueView> issues)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(issues);
        var (d, r, v) = (a.Dependence, a.Renal, a.Renal.Verdict);
        return new(
            a.PatientId, a.Protocol.Id, CourseAssessment.Version, a.DayZero.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            lastRecordDay ?? a.LastFollowUpDay, a.LastFollowUpDay,
            a.Attainment.TargetMetWithoutPlasmapheresis, a.Attainment.HeldSinceDay, a.Attainment.HeldSinceLabId, a.Attainment.HeldAtLastFollowUp,
            a.Attainment.HeldAtOneYear, a.Attainment.OneYearLabId,
            d.FreeSinceDay, d.IsIndependent, d.TimeToIndependenceDays, d.LastSessionId,
            d.Before.SessionsPer28Days, d.After.SessionsPer28Days, d.Before.MedianIntervalDays, d.Before.LongestIntervalDays,
            d.After.MedianIntervalDays, d.After.LongestIntervalDays, [.. d.Before.SessionIds], [.. d.After.SessionIds],
            Core.Quantities.Egfr.Ucum, r.SlopeBefore?.PerYear, Interval(r.SlopeBefore), r.SlopeAfter?.PerYear, Interval(r.SlopeAfter),
            r.Baseline?.Result.Egfr.MlPerMinPer173M2, r.Baseline?.CreatinineLabId, r.Last?.Result.Egfr.MlPerMinPer173M2, r.Last?.CreatinineLabId,
            r.ChangeFromBaseline, v.IsStable,
            new StabilityView(v.IsStable, v.Reason, KdigoProgression.Rule, KdigoProgression.Source, v.RapidDecline, v.CertainDrop, v.Slope?.PerYear, Interval(v.Slope),
                v.Slope?.Count, v.Baseline?.Egfr.MlPerMinPer173M2, v.Last?.Egfr.MlPerMinPer173M2, KdigoProgression.RapidDeclinePerYear, KdigoProgression.CertainDropFraction),
            [.. a.InfusionIds],
            [.. a.Attainment.Points.Select(p => new UpcrPointView(p.LabId, p.Day, p.Upcr.MgPerMg, p.MeetsTarget, p.IsPlasmapheresisFree, p.LastSessionIdBefore,
                p.Remission.Status.ToString(), p.Remission.RuleSet))],
            [.. r.Points.Select(p => new EgfrPointView(p.CreatinineLabId, p.HeightLabId, p.Day, p.Result.Equation, p.Result.Egfr.MlPerMinPer173M2, p.IsFamilySwitch))],
            [.. issues]);
    }

    private static double[]? Interval(EgfrSlope? slope) =>
        slope?.Lower is { } lower && slope.Upper is { } upper ? [lower, upper] : null;
}
