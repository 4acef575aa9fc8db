using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Stroma.Core.Biomarkers;

/// <summary>A paired comparison's result.</summary>
/// <param name="Statistic">The test statistic (t, or W⁺ the sum of positive ranks).</param>
/// <param name="PTwoSided">Two-sided p.</param>
/// <param name="PLess">One-sided p for "after below before" (a decrease).</param>
/// <param name="Pairs">Pairs used (zero differences dropped for Wilcoxon).</param>
public sealed record PairedResult(double Statistic, double PTwoSided, double PLess, int Pairs);

/// <summary>
/// Small-cohort comparisons of a time point with baseline on log concentrations (research/proteome.md §5): the paired t test and
/// the exact Wilcoxon signed-rank test (all 2ⁿ sign patterns; for n ≤ 20, where it is exact and cheap).
/// </summary>
public static class PairedTests
{
    /// <summary>Paired t test on ln(after) − ln(before).</summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 pairs, or a value not positive.</exception>
    public static PairedResult LogT(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var d = Differences(before, after);
        if (d.Length < 2)
        {
            throw new ArgumentException("A paired t test needs at least 2 pairs.", nameof(before));
        }

        return T(d) ?? new PairedResult(double.NaN, double.NaN, double.NaN, d.Length);
    }

    /// <summary>
    /// Paired t test on differences already on the log scale; null when it is not defined: fewer than 2 differences, or all equal
    /// (no spread, so no t).
    /// </summary>
    public static PairedResult? T(IReadOnlyList<double> logDifferences)
    {
        ArgumentNullException.ThrowIfNull(logDifferences);
        if (logDifferences.Count < 2)
        {
            return null;
        }

        var mean = logDifferences.Average();
        var sd = logDifferences.StandardDeviation();
        if (!(sd > 0))
        {
            return null;
        }

        var t = mean / (sd / Math.Sqrt(logDifferences.Count));
        var less = StudentT.CDF(0, 1, logDifferences.Count - 1, t);
        return new PairedResult(t, 2 * Math.Min(less, 1 - less), less, logDifferences.Count);
    }

    /// <summary>Exact Wilcoxon signed-rank test on ln(after) − ln(before); zero differences dropped, ties get mean ranks.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no or more than 20 non-zero pairs, or a value not positive.</exception>
    public static PairedResult LogWilcoxon(IReadOnlyList<double> before, IReadOnlyList<double> after) =>
        Wilcoxon(Differences(before, after)) ?? throw new ArgumentException("The exact test takes 1 to 20 non-zero differences.", nameof(before));

    /// <summary>
    /// The exact Wilcoxon signed-rank test on differences already on the log scale (zero differences dropped, ties get mean ranks);
    /// null when it is not defined here: every pair tied (no non-zero difference) or more than 20 non-zero differences.
    /// </summary>
    public static PairedResult? Wilcoxon(IReadOnlyList<double> logDifferences)
    {
        ArgumentNullException.ThrowIfNull(logDifferences);
        var d = logDifferences.Where(x => x != 0).ToArray();
        if (d.Length is 0 or > MaxExactPairs)
        {
            return null;
        }

        var order = d.Select((x, i) => (Abs: Math.Abs(x), i)).OrderBy(p => p.Abs).ToArray();
        var ranks = new double[d.Length];
        for (var k = 0; k < order.Length;)
        {
            var end = k;
            while (end + 1 < order.Length && order[end + 1].Abs == order[k].Abs)
            {
                end++;
            }

            for (var m = k; m <= end; m++)
            {
                ranks[order[m].i] = ((k + end) / 2.0) + 1;
            }

            k = end + 1;
        }

        var observed = Enumerable.Range(0, d.Length).Where(i => d[i] > 0).Sum(i => ranks[i]);
        // Every sign pattern is equally likely under the null: count those with W⁺ at most / at least the observed one.
        var patterns = 1 << d.Length;
        var (atMost, atLeast) = (0, 0);
        for (var mask = 0; mask < patterns; mask++)
        {
            double w = 0;
            for (var i = 0; i < d.Length; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    w += ranks[i];
                }
            }

            atMost += w <= observed + 1e-9 ? 1 : 0;
            atLeast += w >= observed - 1e-9 ? 1 : 0;
        }

        var less = (double)atMost / patterns;
        return new PairedResult(observed, Math.Min(1, 2 * Math.Min(less, (double)atLeast / patterns)), less, d.Length);
    }

    /// <summary>The most non-zero differences the exact test enumerates (2²⁰ sign patterns).</summary>
    public const int MaxExactPairs = 20;

    private static double[] Differences(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count != after.Count || before.Concat(after).Any(v => !(v > 0) || !double.IsFinite(v)))
        {
            throw new ArgumentException("Pairs need equal lengths and positive, finite values (they are compared on the log scale).", nameof(before));
        }

        return [.. before.Zip(after, (b, a) => Math.Log(a) - Math.Log(b))];
    }
}
