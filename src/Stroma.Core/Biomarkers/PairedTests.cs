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

        var mean = d.Average();
        var sd = d.StandardDeviation();
        var t = mean / (sd / Math.Sqrt(d.Length));
        var less = StudentT.CDF(0, 1, d.Length - 1, t);
        return new PairedResult(t, 2 * Math.Min(less, 1 - less), less, d.Length);
    }

    /// <summary>Exact Wilcoxon signed-rank test on ln(after) − ln(before); zero differences dropped, ties get mean ranks.</summary>
    /// <exception cref="ArgumentException">Lengths differ, more than 20 non-zero pairs, or a value not positive.</exception>
    public static PairedResult LogWilcoxon(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var d = Differences(before, after).Where(x => x != 0).ToArray();
        if (d.Length is 0 or > 20)
        {
            throw new ArgumentException("The exact test takes 1 to 20 non-zero differences.", nameof(before));
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
