using System.Collections.Immutable;

namespace Stroma.Core.Biomarkers;

/// <summary>One patient's result in a cohort series.</summary>
/// <param name="Patient">Patient.</param>
/// <param name="Day">Study day relative to the patient's first infusion.</param>
/// <param name="Value">Positive value, or null when not detected.</param>
public sealed record CohortPoint(string Patient, int Day, double? Value);

/// <summary>A follow-up day of a cohort against baseline.</summary>
/// <param name="Day">Study day.</param>
/// <param name="Model">The mixed model's change from baseline (a log ratio), with its tests.</param>
/// <param name="FoldChange">exp(model estimate): the geometric-mean ratio to baseline.</param>
/// <param name="FoldLower95">Its lower 95 % limit.</param>
/// <param name="FoldUpper95">Its upper 95 % limit.</param>
/// <param name="PairedT">Paired t test on ln values, patients with both baseline and this day (null with fewer than 2, or no spread).</param>
/// <param name="Wilcoxon">Exact Wilcoxon signed-rank test on the same pairs (null when every pair is tied, or more than 20 are not).</param>
public sealed record CohortDay(int Day, TimePointEffect Model, double FoldChange, double FoldLower95, double FoldUpper95, PairedResult? PairedT, PairedResult? Wilcoxon)
{
    /// <summary>Why a paired test is missing (every pair tied, too few pairs …), or null when both were computed.</summary>
    public string? PairedNote { get; init; }
}

/// <summary>An analyte's verdict in a cohort.</summary>
/// <param name="Analyte">Analyte.</param>
/// <param name="Assessable">False when the model cannot be fitted or there is no one-year day; <see cref="Reason"/> says why.</param>
/// <param name="Reason">The verdict in words.</param>
/// <param name="Fit">The mixed model (null when not estimable).</param>
/// <param name="Days">Follow-up days from the onset on.</param>
/// <param name="Sustained">A decrease (one-sided p &lt; α) at every follow-up day from onset through the one-year day.</param>
/// <param name="PSustained">The intersection–union p: the largest one-sided p of those days.</param>
/// <param name="Q">Benjamini–Hochberg q across the assessable analytes.</param>
/// <param name="NotDetected">Values left out because not detected (they cannot enter a log-scale model).</param>
public sealed record CohortChange(
    string Analyte, bool Assessable, string Reason, MixedModelFit? Fit, ImmutableArray<CohortDay> Days, bool Sustained, double? PSustained, double? Q, int NotDetected);

/// <summary>Settings of the cohort rule.</summary>
/// <param name="Alpha">One-sided level per day (0.05).</param>
/// <param name="OnsetDay">First follow-up day judged.</param>
/// <param name="OneYearDay">The one-year visit.</param>
/// <param name="OneYearToleranceDays">A day within this many days of it counts as the one-year visit.</param>
public sealed record CohortSettings(double Alpha = 0.05, int OnsetDay = 28, int OneYearDay = 365, int OneYearToleranceDays = 45);

/// <summary>
/// Putative efficacy biomarkers in a small cohort (research/proteome.md §5, the cohort form of the single-patient rule): per analyte,
/// each patient's pre-infusion samples (day ≤ 0) become one baseline (their geometric mean, day 0); the random-intercept model on ln
/// values gives each follow-up day's geometric-mean ratio to baseline with a one-sided p; the decrease is sustained when every day
/// from the onset through the one-year visit is below baseline at α, p = the largest of those (intersection–union); BH across
/// analytes. Paired t and exact Wilcoxon tests per day go with it as evidence for readers who want the classical tests.
/// </summary>
public static class CohortChanges
{
    /// <summary>Judges every analyte and ranks them: sustained decreases first by q, then the rest by q.</summary>
    public static ImmutableArray<CohortChange> Assess(IReadOnlyDictionary<string, IReadOnlyList<CohortPoint>> series, CohortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        var judged = series.Select(s => Judge(s.Key, s.Value, settings)).ToList();
        var assessable = judged.Where(j => j.PSustained is not null).ToList();
        var q = ReferenceChange.BenjaminiHochberg([.. assessable.Select(a => a.PSustained!.Value)]);
        return [.. judged.Select(j => assessable.IndexOf(j) is var i and >= 0 ? j with { Q = q[i] } : j)
            .OrderByDescending(j => j.Sustained).ThenBy(j => j.Q ?? 2).ThenBy(j => j.Analyte, StringComparer.Ordinal)];
    }

    private static CohortChange Judge(string analyte, IReadOnlyList<CohortPoint> points, CohortSettings s)
    {
        var notDetected = points.Count(p => p.Value is not > 0);
        var detected = points.Where(p => p.Value is > 0).ToList();
        var baselines = detected.Where(p => p.Day <= 0).GroupBy(p => p.Patient, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(p => Math.Log(p.Value!.Value)), StringComparer.Ordinal);
        var observations = baselines.Select(b => new CohortObservation(b.Key, 0, b.Value))
            .Concat(detected.Where(p => p.Day > 0).Select(p => new CohortObservation(p.Patient, p.Day, Math.Log(p.Value!.Value)))).ToList();
        var fit = MixedModel.Fit(observations, 0);
        if (fit.Value is not { } model)
        {
            return new CohortChange(analyte, false, $"mixed model not estimable: {fit.Issues[0].Message}", null, [], false, null, null, notDetected);
        }

        var days = model.Effects.Where(e => e.Day >= s.OnsetDay).Select(e =>
        {
            // Differences on the log scale, the scale of the baselines: equal values give exactly 0 (a tie), never a rounding residue.
            var differences = baselines.Keys.Select(id => (id, After: detected.Where(p => p.Patient == id && p.Day == e.Day).Select(p => (double?)p.Value).FirstOrDefault()))
                .Where(x => x.After is not null).Select(x => Math.Log(x.After!.Value) - baselines[x.id]).ToList();
            var nonZero = differences.Count(d => d != 0);
            var t = PairedTests.T(differences);
            var wilcoxon = PairedTests.Wilcoxon(differences);
            var note = (t, wilcoxon) switch
            {
                (null, null) when differences.Count > 0 && nonZero == 0 => FormattableString.Invariant($"all {differences.Count} pairs equal to baseline: no paired test"),
                (null, null) => FormattableString.Invariant($"{differences.Count} pair(s): no paired test"),
                (null, _) => FormattableString.Invariant($"no paired t test: {(differences.Count < 2 ? "fewer than 2 pairs" : "every difference the same")}"),
                (_, null) => nonZero == 0 ? "no signed-rank test: every pair tied" : FormattableString.Invariant($"no exact signed-rank test: {nonZero} non-zero pairs (more than {PairedTests.MaxExactPairs})"),
                _ => null,
            };
            return new CohortDay(e.Day, e, Math.Exp(e.Estimate), Math.Exp(e.Lower95), Math.Exp(e.Upper95), t, wilcoxon) { PairedNote = note };
        }).ToImmutableArray();
        var oneYear = days.Where(d => Math.Abs(d.Day - s.OneYearDay) <= s.OneYearToleranceDays).Select(d => (int?)d.Day).LastOrDefault();
        if (oneYear is not { } yearDay)
        {
            return new CohortChange(analyte, false, FormattableString.Invariant($"no day within {s.OneYearToleranceDays} days of day {s.OneYearDay}"), model, days, false, null, null, notDetected);
        }

        var window = days.Where(d => d.Day <= yearDay).ToList();
        var pSustained = window.Max(d => d.Model.PLess);
        var sustained = pSustained < s.Alpha;
        var reason = sustained
            ? FormattableString.Invariant($"below baseline at all {window.Count} follow-up days from day {s.OnsetDay} to day {yearDay} ({model.Patients} patients; geometric-mean ratio at day {yearDay} {window[^1].FoldChange:0.00})")
            : FormattableString.Invariant($"not sustained: {window.Count(d => d.Model.PLess >= s.Alpha)} of {window.Count} follow-up days to day {yearDay} not below baseline at α = {s.Alpha}");
        return new CohortChange(analyte, true, reason, model, days, sustained, pSustained, null, notDetected);
    }
}
