using System.Collections.Immutable;
using System.Globalization;
using MathNet.Numerics.Statistics;

namespace Stroma.Core.Str;

/// <summary>How a minor allele in a stutter position of another contributor's allele is treated (research/str.md §4.3).</summary>
public enum StutterHandling
{
    /// <summary>Leave the allele out of quantification (Nollet 2001).</summary>
    Exclude,

    /// <summary>Subtract the expected stutter: S − ρ·S(allele one repeat above).</summary>
    Correct,
}

/// <summary>Chimerism settings.</summary>
/// <param name="Stutter">Stutter handling.</param>
/// <param name="StutterRatio">ρ for <see cref="StutterHandling.Correct"/> (back stutter ÷ parent).</param>
/// <param name="LimitOfDetectionPercent">The validated limit of detection; a contributor not seen, or estimated below it, is reported "not detected (&lt; LOD)".</param>
/// <param name="MinInformativeLoci">Fewer informative loci than this give no estimate.</param>
public sealed record ChimerismSettings(StutterHandling Stutter = StutterHandling.Exclude, double StutterRatio = 0.1, double LimitOfDetectionPercent = 1.0, int MinInformativeLoci = 3);

/// <summary>One locus of a chimerism analysis: the contributors' reference genotypes and the post-treatment sample's signals.</summary>
/// <param name="Name">Locus name.</param>
/// <param name="References">Contributor → its alleles (one name for a homozygote).</param>
/// <param name="Signals">Allele → signal (height or area, one convention throughout) in the sample; alleles with no peak are absent.</param>
public sealed record ChimerismLocus(string Name, IReadOnlyDictionary<string, ImmutableArray<string>> References, IReadOnlyDictionary<string, double> Signals);

/// <summary>A contributor's fraction at one informative locus.</summary>
/// <param name="Locus">Locus.</param>
/// <param name="Fraction">Fraction (0–1).</param>
/// <param name="UniqueAlleles">The alleles it was computed from.</param>
/// <param name="IsOutlier">Dropped as more than 2 SD from the mean.</param>
public sealed record LocusFraction(string Locus, double Fraction, ImmutableArray<string> UniqueAlleles, bool IsOutlier)
{
    /// <summary>True when the fraction is 1 minus the other contributors' (they were all informative at this locus).</summary>
    public bool IsByDifference => UniqueAlleles.IsEmpty;
}

/// <summary>A contributor's chimerism over the sample.</summary>
/// <param name="Contributor">Contributor name (recipient, kidney donor, MSC donor).</param>
/// <param name="Percent">Mean % over informative loci without outliers, or null when not detected or not estimable.</param>
/// <param name="StandardDeviation">SD of the per-locus % (percentage points).</param>
/// <param name="Loci">Per-locus fractions.</param>
/// <param name="IsDetected">False when none of its unique alleles shows a peak, or the estimate is under the LOD.</param>
/// <param name="Text">The result as it should be read, for example "3.2 % (SD 0.4, 9 loci)" or "not detected (&lt; 1 %)".</param>
public sealed record ContributorChimerism(string Contributor, double? Percent, double? StandardDeviation, ImmutableArray<LocusFraction> Loci, bool IsDetected, string Text)
{
    /// <summary>The coefficient of variation of the per-locus values (SD ÷ mean).</summary>
    public double? CoefficientOfVariation => Percent is > 0 && StandardDeviation is { } sd ? sd / Percent : null;

    /// <summary>Number of loci the estimate uses.</summary>
    public int LociUsed => Loci.Count(l => !l.IsOutlier);
}

/// <summary>
/// Chimerism from STR peak signals (research/str.md §4): per locus and contributor X, with U_X the alleles of X found in no other
/// contributor and c_X the number of X's two allele copies in U_X, f_X = (Σ_{a∈U_X} S(a) ÷ T) × (2 ÷ c_X), T being the summed signal
/// of every reference allele. This covers Nollet's TYPE I–III formulas and any number of donors; loci where U_X is empty give nothing
/// for X. Per sample: the mean over informative loci after dropping loci more than 2 SD away (with 4 or more), with SD, CV and count.
/// For three contributors a least-squares estimate constrained to the simplex uses every allele, shared ones included.
/// </summary>
public static class Chimerism
{
    /// <summary>Estimates every contributor's share.</summary>
    public static ImmutableArray<ContributorChimerism> Estimate(IReadOnlyList<ChimerismLocus> loci, ChimerismSettings settings)
    {
        ArgumentNullException.ThrowIfNull(loci);
        ArgumentNullException.ThrowIfNull(settings);
        var contributors = loci.SelectMany(l => l.References.Keys).Distinct().ToList();
        var table = loci.Select(l => (l.Name, Values: PerLocus(l, contributors, settings))).ToList();
        return [.. contributors.Select(x => ForContributor(x, loci, table.Where(t => t.Values.ContainsKey(x)).Select(t => (t.Name, t.Values[x])).ToList(), settings))];
    }

    /// <summary>
    /// Every contributor's fraction at one locus. Each comes from its own unique alleles where it has any; but when every other
    /// contributor has its own, the largest share (whether or not it has unique alleles) is 1 minus theirs. A small share read from its
    /// unique alleles carries a small error; a large one read the same way carries its heterozygote imbalance in full (a 99%
    /// recipient read through one of two alleles is off by half the imbalance), so the large one is better had by difference.
    /// </summary>
    private static Dictionary<string, (double Fraction, ImmutableArray<string> Unique)> PerLocus(ChimerismLocus locus, List<string> contributors, ChimerismSettings settings)
    {
        var direct = contributors.Where(locus.References.ContainsKey).Select(x => (X: x, Value: AtLocus(locus, x, settings)))
            .Where(v => v.Value is not null).ToDictionary(v => v.X, v => v.Value!.Value);
        var present = contributors.Where(locus.References.ContainsKey).ToList();
        var largest = direct.Count == 0 ? null : direct.MaxBy(d => d.Value.Fraction).Key;
        foreach (var x in present)
        {
            var others = present.Where(o => o != x).ToList();
            if (others.Count == 0 || !others.All(direct.ContainsKey) || (direct.ContainsKey(x) && x != largest))
            {
                continue;
            }

            // Only the largest share is had by difference; a small one without unique alleles stays unestimated here.
            var difference = Math.Max(0, 1 - others.Sum(o => direct[o].Fraction));
            if (difference >= others.Max(o => direct[o].Fraction))
            {
                direct[x] = (difference, []);
            }
        }

        return direct;
    }

    /// <summary>The fraction of one contributor at one locus, or null when the locus is not informative for it.</summary>
    public static (double Fraction, ImmutableArray<string> Unique)? AtLocus(ChimerismLocus locus, string contributor, ChimerismSettings settings)
    {
        ArgumentNullException.ThrowIfNull(locus);
        ArgumentNullException.ThrowIfNull(settings);
        var own = locus.References[contributor];
        var others = locus.References.Where(r => r.Key != contributor).SelectMany(r => r.Value).ToHashSet(StringComparer.Ordinal);
        var copies = own.Length == 1 ? [own[0], own[0]] : own;
        var unique = own.Distinct().Where(a => !others.Contains(a)).ToList();
        if (settings.Stutter == StutterHandling.Exclude)
        {
            // An allele one repeat below, one above or two below another contributor's allele carries that allele's stutter.
            unique = [.. unique.Where(a => !others.Any(o => IsStutterPosition(a, o)))];
        }

        if (unique.Count == 0)
        {
            return null;
        }

        // With correction, every reference allele one repeat below another reference allele loses that allele's expected back
        // stutter, in the numerator and in the total alike (a minor allele under the major's stutter would otherwise inflate T).
        var references = locus.References.SelectMany(r => r.Value).ToHashSet(StringComparer.Ordinal);
        var corrected = unique.Sum(a => Signal(locus, a, settings, references));
        var total = references.Sum(a => Signal(locus, a, settings, references));
        if (total <= 0)
        {
            return null;
        }

        var c = copies.Count(unique.Contains);
        var fraction = corrected / total * (2.0 / c);
        return (fraction, [.. unique]);
    }

    /// <summary>
    /// The least-squares fractions of every contributor at once (Σ f = 1, f ≥ 0): minimise Σ over loci and reference alleles of
    /// (S(a)/T − ½ Σ_X f_X n_X(a))². Uses shared alleles too. Exact for two or three contributors.
    /// </summary>
    /// <exception cref="ArgumentException">Not two or three contributors.</exception>
    public static ImmutableDictionary<string, double> LeastSquares(IReadOnlyList<ChimerismLocus> loci)
    {
        ArgumentNullException.ThrowIfNull(loci);
        var names = loci.SelectMany(l => l.References.Keys).Distinct().ToList();
        if (names.Count is < 2 or > 3)
        {
            throw new ArgumentException("The constrained least-squares estimate takes two or three contributors.", nameof(loci));
        }

        // Rows: y = S(a)/T, x_X = n_X(a)/2. With f_last = 1 − Σ others, y − x_last = Σ_k f_k (x_k − x_last).
        var rows = new List<(double Y, double[] X)>();
        foreach (var locus in loci)
        {
            var alleles = locus.References.SelectMany(r => r.Value).Distinct().ToList();
            var total = alleles.Sum(a => locus.Signals.GetValueOrDefault(a));
            if (total <= 0)
            {
                continue;
            }

            foreach (var allele in alleles)
            {
                var x = names.Select(n => Copies(locus.References[n], allele) / 2.0).ToArray();
                rows.Add((locus.Signals.GetValueOrDefault(allele) / total, x));
            }
        }

        var free = names.Count - 1;
        double Residual(double[] f) => rows.Sum(r => Math.Pow(r.Y - Enumerable.Range(0, names.Count).Sum(i => (i < free ? f[i] : 1 - f.Take(free).Sum()) * r.X[i]), 2));
        var candidates = new List<double[]>();
        var unconstrained = SolveNormal(rows, free, fixedIndex: null);
        candidates.Add(unconstrained);
        for (var edge = 0; edge < names.Count && free == 2; edge++)
        {
            // On each edge of the triangle one fraction is zero; solve the 1-D problem there.
            var solution = SolveNormal(rows, free, fixedIndex: edge);
            candidates.Add(solution);
        }

        candidates.AddRange(Enumerable.Range(0, names.Count).Select(v => Enumerable.Range(0, free).Select(i => i == v ? 1.0 : 0.0).ToArray()));
        var best = candidates.Where(f => f.All(v => v >= -1e-12) && f.Sum() <= 1 + 1e-12).MinBy(Residual)!;
        var fractions = best.Select(v => Math.Max(0, v)).Append(Math.Max(0, 1 - best.Sum())).ToArray();
        return names.Select((n, i) => (n, fractions[i])).ToImmutableDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
    }

    private static double[] SolveNormal(List<(double Y, double[] X)> rows, int free, int? fixedIndex)
    {
        var last = free;
        if (free == 1)
        {
            var (sxy, sxx) = (0.0, 0.0);
            foreach (var (y, x) in rows)
            {
                var d = x[0] - x[last];
                sxy += d * (y - x[last]);
                sxx += d * d;
            }

            return [sxx > 0 ? sxy / sxx : 0];
        }

        if (fixedIndex is { } zero)
        {
            // f_zero = 0: a two-contributor problem between the other two.
            var (a, b) = zero switch { 0 => (1, 2), 1 => (0, 2), _ => (0, 1) };
            var (sxy, sxx) = (0.0, 0.0);
            foreach (var (y, x) in rows)
            {
                var d = x[a] - x[b];
                sxy += d * (y - x[b]);
                sxx += d * d;
            }

            var fa = sxx > 0 ? Math.Clamp(sxy / sxx, 0, 1) : 0;
            var f = new double[3];
            f[a] = fa;
            f[b] = 1 - fa;
            return [f[0], f[1]];
        }

        double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
        foreach (var (y, x) in rows)
        {
            var (d1, d2, r) = (x[0] - x[2], x[1] - x[2], y - x[2]);
            s11 += d1 * d1;
            s12 += d1 * d2;
            s22 += d2 * d2;
            t1 += d1 * r;
            t2 += d2 * r;
        }

        var det = (s11 * s22) - (s12 * s12);
        return Math.Abs(det) < 1e-15 ? [double.NaN, double.NaN] : [((t1 * s22) - (t2 * s12)) / det, ((s11 * t2) - (s12 * t1)) / det];
    }

    private static ContributorChimerism ForContributor(
        string contributor, IReadOnlyList<ChimerismLocus> loci, List<(string Name, (double Fraction, ImmutableArray<string> Unique) Result)> values, ChimerismSettings settings)
    {
        var fractions = values.Select(v => v.Result.Fraction * 100).ToArray();
        var outliers = new bool[fractions.Length];
        if (fractions.Length >= 4)
        {
            var (mean, sd) = (fractions.Mean(), fractions.StandardDeviation());
            for (var i = 0; i < fractions.Length; i++)
            {
                outliers[i] = sd > 0 && Math.Abs(fractions[i] - mean) > 2 * sd;
            }
        }

        var perLocus = values.Select((v, i) => new LocusFraction(v.Name, v.Result.Fraction, v.Result.Unique, outliers[i])).ToImmutableArray();
        var kept = fractions.Where((_, i) => !outliers[i]).ToArray();
        var lod = settings.LimitOfDetectionPercent.ToString("0.###", CultureInfo.InvariantCulture);
        if (kept.Length < settings.MinInformativeLoci)
        {
            return new ContributorChimerism(contributor, null, null, perLocus, false,
                string.Create(CultureInfo.InvariantCulture, $"not estimable: {kept.Length} informative loci, {settings.MinInformativeLoci} needed"));
        }

        // Seen: a unique allele shows a peak, or a share had by difference is above zero.
        var seen = values.Any(v => v.Result.Unique.IsEmpty ? v.Result.Fraction > 0 : v.Result.Unique.Any(a => loci.First(l => l.Name == v.Name).Signals.GetValueOrDefault(a) > 0));
        var percent = kept.Mean();
        if (!seen || percent < settings.LimitOfDetectionPercent)
        {
            return new ContributorChimerism(contributor, null, null, perLocus, false, $"not detected (< {lod} %)");
        }

        var sd2 = kept.Length > 1 ? kept.StandardDeviation() : 0;
        return new ContributorChimerism(contributor, percent, sd2, perLocus, true,
            string.Create(CultureInfo.InvariantCulture, $"{percent:0.0} % (SD {sd2:0.0}, {kept.Length} loci)"));
    }

    private static double Signal(ChimerismLocus locus, string allele, ChimerismSettings settings, HashSet<string> references)
    {
        var raw = locus.Signals.GetValueOrDefault(allele);
        if (settings.Stutter != StutterHandling.Correct)
        {
            return raw;
        }

        // Back stutter of the reference allele one repeat above is removed.
        var above = Shift(allele, +1);
        return above is not null && references.Contains(above) ? Math.Max(0, raw - (settings.StutterRatio * locus.Signals.GetValueOrDefault(above))) : raw;
    }

    private static bool IsStutterPosition(string allele, string other) =>
        Shift(other, -1) == allele || Shift(other, +1) == allele || Shift(other, -2) == allele;

    // The allele name k repeats away ("9.3" + 1 = "10.3"); null for names that are not repeat numbers (X, Y, OL).
    private static string? Shift(string allele, int repeats) =>
        decimal.TryParse(allele, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? (value + repeats).ToString(CultureInfo.InvariantCulture)
            : null;

    private static int Copies(ImmutableArray<string> genotype, string allele) =>
        genotype.Length == 1 ? (genotype[0] == allele ? 2 : 0) : genotype.Count(a => a == allele);
}
