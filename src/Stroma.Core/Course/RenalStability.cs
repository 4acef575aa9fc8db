using Stroma.Core.Diagnostics;
using Stroma.Core.Renal;

namespace Stroma.Core.Course;

/// <summary>One eGFR of the course, traceable to the creatinine (and height) it came from.</summary>
/// <param name="CreatinineLabId">The creatinine sample.</param>
/// <param name="HeightLabId">The height used, if the equation needs one.</param>
/// <param name="Day">Study day.</param>
/// <param name="Result">The estimate with its equation and inputs.</param>
/// <param name="IsFamilySwitch">True when the equation family changed at this point.</param>
public sealed record CourseEgfr(string CreatinineLabId, string? HeightLabId, int Day, EgfrResult Result, bool IsFamilySwitch)
{
    /// <summary>The sample time.</summary>
    public DateTimeOffset SampledAt { get; init; }
}

/// <summary>Renal function before and after day 0: the eGFR series, a slope in each period, and the change from baseline.</summary>
/// <param name="Points">Every eGFR that could be computed, oldest first.</param>
/// <param name="SlopeBefore">Slope over the protocol's before window, or null with too few values.</param>
/// <param name="SlopeAfter">Slope from day 0 on, or null with too few values.</param>
/// <param name="Baseline">The last eGFR before day 0.</param>
/// <param name="Last">The last eGFR.</param>
/// <param name="AtOneYear">The eGFR nearest the one-year day within tolerance.</param>
/// <param name="Issues">Creatinine samples that gave no eGFR and periods too short for a slope.</param>
public sealed record RenalStability(
    IReadOnlyList<CourseEgfr> Points, EgfrSlope? SlopeBefore, EgfrSlope? SlopeAfter, CourseEgfr? Baseline, CourseEgfr? Last, CourseEgfr? AtOneYear, IReadOnlyList<Issue> Issues)
{
    /// <summary>Last minus baseline eGFR in mL/min/1.73 m², or null without both.</summary>
    public double? ChangeFromBaseline => Baseline is null || Last is null ? null : Last.Result.Egfr.MlPerMinPer173M2 - Baseline.Result.Egfr.MlPerMinPer173M2;

    /// <summary>
    /// "Renal function stable?" answered by the stated rule (<see cref="KdigoProgression"/>: no rapid progression, no certain drop
    /// after day 0), with the slope after day 0 as evidence; not assessable without a baseline or with too few values after day 0.
    /// </summary>
    public RenalStabilityVerdict Verdict { get; init; } = KdigoProgression.Judge((DatedEgfr?)null, []);

    /// <summary>The change as a fraction of the baseline (0.1 = 10% higher), or null.</summary>
    public double? RelativeChangeFromBaseline => ChangeFromBaseline is { } change ? change / Baseline!.Result.Egfr.MlPerMinPer173M2 : null;

    /// <summary>Estimates eGFR at every creatinine with the policy's equations (family switches marked) and fits the slopes.</summary>
    /// <exception cref="InvalidOperationException">The course has no MSC infusion.</exception>
    public static RenalStability Of(PatientCourse course, TreatmentProtocol protocol, EgfrRecommendationPolicy policy, int slopeBeforeDays = 365)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        var zero = course.DayZero ?? throw new InvalidOperationException("The course has no MSC infusion, so it has no day 0.");
        var issues = new List<Issue>();
        var heights = new Timeline<LabResult>(course.LabsOf(Analyte.Height), h => h.SampledAt);
        var samples = new List<(LabResult Creatinine, LabResult? Height, EgfrSeriesSample Sample)>();
        foreach (var creatinine in course.LabsOf(Analyte.Creatinine))
        {
            var height = heights.Nearest(creatinine.SampledAt, protocol.HeightMaxAgeDays);
            var date = DateOnly.FromDateTime(creatinine.SampledAt.DateTime);
            var inputs = new EgfrInputs(course.Patient.Sex, course.Patient.AgeOn(date), height?.AsHeight(), creatinine.AsCreatinine());
            samples.Add((creatinine, height, new EgfrSeriesSample(date, inputs)));
        }

        var estimated = EgfrSeries.EvaluateRecommended(samples.Select(s => s.Sample), policy);
        var points = new List<CourseEgfr>();
        foreach (var (sample, point) in samples.OrderBy(s => s.Sample.Date).Zip(estimated))
        {
            if (point.Result.Value is { } result)
            {
                points.Add(new CourseEgfr(sample.Creatinine.Id, result.Inputs.Height is null ? null : sample.Height?.Id, PatientCourse.StudyDay(zero, sample.Creatinine.SampledAt), result, point.IsFamilySwitch)
                {
                    SampledAt = sample.Creatinine.SampledAt,
                });
                continue;
            }

            var code = point.Result.Issues.Any(i => i.Code == EgfrIssues.MissingInput && i.Location == "height") ? CourseIssues.NoHeightForEgfr : CourseIssues.EgfrNotComputed;
            issues.Add(Issue.Warning(code, sample.Creatinine.Id,
                $"No eGFR for creatinine {sample.Creatinine.Id} on day {PatientCourse.StudyDay(zero, sample.Creatinine.SampledAt)}: {string.Join(" ", point.Result.Issues.Select(i => i.Message))}"));
        }

        var before = points.Where(p => p.SampledAt < zero && p.SampledAt >= zero.AddDays(-slopeBeforeDays)).ToList();
        var after = points.Where(p => p.SampledAt >= zero).ToList();
        var oneYear = after.Where(p => protocol.IsNearOneYear(p.Day)).MinBy(p => Math.Abs(p.Day - protocol.OneYearDay));
        static DatedEgfr Dated(CourseEgfr p) => new(DateOnly.FromDateTime(p.SampledAt.DateTime), p.Result.Egfr);
        var baseline = points.LastOrDefault(p => p.SampledAt < zero);
        return new RenalStability(
            points,
            Slope("before", before, issues),
            Slope("after", after, issues),
            baseline,
            points.LastOrDefault(),
            oneYear,
            issues)
        {
            Verdict = KdigoProgression.Judge(baseline is null ? null : Dated(baseline), [.. after.Select(Dated)]),
        };
    }

    private static EgfrSlope? Slope(string period, List<CourseEgfr> points, List<Issue> issues)
    {
        if (points.Select(p => p.SampledAt.Date).Distinct().Count() >= 2)
        {
            return EgfrSlope.Fit(points.Select(p => new DatedEgfr(DateOnly.FromDateTime(p.SampledAt.DateTime), p.Result.Egfr)));
        }

        issues.Add(new Issue(CourseIssues.TooFewForSlope, Severity.Information, $"Fewer than two eGFR dates {period} day 0: no slope.", period));
        return null;
    }
}
