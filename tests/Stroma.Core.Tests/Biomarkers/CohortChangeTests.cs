using Stroma.Core.Biomarkers;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class CohortChangeTests
{
    private static readonly int[] Days = [-7, 0, 30, 90, 180, 365];

    // A simulated cohort with known truth: 6 patients (levels spread 4-fold between them), 15 % within-patient noise; "Down" halves
    // after the infusions and stays down, "Flat" does not move, "Rebound" halves at day 30 only. Only "Down" is a sustained
    // decrease, ranked first; its geometric-mean ratio at one year is 0.5 within its confidence interval, and the paired tests
    // agree. Two pre-infusion samples per patient become one baseline.
    [Fact]
    public void Assess_SimulatedCohort_FindsTheSustainedDecreaseOnly()
    {
        var random = new Random(7);
        double Noise() => Math.Exp(0.15 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));
        var truth = new Dictionary<string, Func<int, double>>
        {
            ["Down"] = day => day > 0 ? 0.5 : 1,
            ["Flat"] = _ => 1,
            ["Rebound"] = day => day == 30 ? 0.5 : 1,
        };
        var series = truth.ToDictionary(t => t.Key, t => (IReadOnlyList<CohortPoint>)[.. Enumerable.Range(1, 6).SelectMany(p =>
        {
            var level = 10 * Math.Pow(4, (p - 1) / 5.0);
            return Days.Select(d => new CohortPoint($"P{p}", d, level * t.Value(d) * Noise()));
        })]);

        var results = CohortChanges.Assess(series, new CohortSettings());

        var down = results[0];
        Assert.Equal("Down", down.Analyte);
        Assert.True(down.Sustained, down.Reason);
        Assert.True(down.Q < 0.01, $"q {down.Q}");
        var year = down.Days.Single(d => d.Day == 365);
        Assert.InRange(0.5, year.FoldLower95, year.FoldUpper95);
        Assert.True(year.PairedT!.PLess < 0.01 && year.Wilcoxon!.PLess <= 1 / 64.0 + 1e-12, $"{year.PairedT} {year.Wilcoxon}");
        Assert.Equal(6, down.Fit!.Patients);
        Assert.Equal(6 * 5, down.Fit.Observations);
        Assert.All(results.Skip(1), r => Assert.False(r.Sustained, r.Analyte));
        Assert.Contains("not sustained", results.Single(r => r.Analyte == "Rebound").Reason, StringComparison.Ordinal);
    }

    // Values not detected are left out of the log-scale model and counted; an analyte without a one-year day is not assessed, and one
    // seen in a single patient cannot be modelled — both say why instead of guessing.
    [Fact]
    public void Assess_NotDetectedNoOneYearOnePatient_SayWhy()
    {
        IReadOnlyList<CohortPoint> Of(params (string P, int Day, double? V)[] points) => [.. points.Select(x => new CohortPoint(x.P, x.Day, x.V))];
        var series = new Dictionary<string, IReadOnlyList<CohortPoint>>
        {
            ["Short"] = Of(("A", 0, 10), ("A", 30, 5), ("A", 90, 5), ("B", 0, 20), ("B", 30, 9), ("B", 90, null)),
            ["Alone"] = Of(("A", 0, 10), ("A", 365, 5)),
        };

        var results = CohortChanges.Assess(series, new CohortSettings());

        var shortSeries = results.Single(r => r.Analyte == "Short");
        Assert.False(shortSeries.Assessable);
        Assert.Equal(1, shortSeries.NotDetected);
        Assert.Contains("no day within 45 days of day 365", shortSeries.Reason, StringComparison.Ordinal);
        Assert.Contains("at least 2 patients", results.Single(r => r.Analyte == "Alone").Reason, StringComparison.Ordinal);
    }

    // A cohort whose values are all equal on a day (every pair tied with its baseline) gave an exception from the exact Wilcoxon
    // test; now the day has no paired test and says why, and the whole cohort still gets its verdicts.
    [Fact]
    public void Assess_EveryPairTiedOnADay_HasNoPairedTestAndSaysWhy()
    {
        IReadOnlyList<CohortPoint> Of(params (string P, int Day, double V)[] points) => [.. points.Select(x => new CohortPoint(x.P, x.Day, x.V))];
        var series = new Dictionary<string, IReadOnlyList<CohortPoint>>
        {
            ["IL-6"] = Of(("A", -1, 5), ("A", 30, 5), ("A", 365, 4), ("B", -1, 5), ("B", 30, 5), ("B", 365, 3), ("C", -1, 5), ("C", 30, 5), ("C", 365, 4.5)),
            ["Equal"] = Of(("A", -1, 5), ("A", 30, 5), ("A", 365, 5), ("B", -1, 5), ("B", 30, 5), ("B", 365, 5)),
        };

        var results = CohortChanges.Assess(series, new CohortSettings());

        var day30 = results.Single(r => r.Analyte == "IL-6").Days.Single(d => d.Day == 30);
        Assert.Null(day30.Wilcoxon);
        Assert.Null(day30.PairedT);
        Assert.StartsWith("all 3 pairs equal to baseline", day30.PairedNote, StringComparison.Ordinal);
        var equal = results.Single(r => r.Analyte == "Equal");
        Assert.False(equal.Assessable);
        Assert.StartsWith("mixed model not estimable: Expected some within-patient variation", equal.Reason, StringComparison.Ordinal);
    }
}
