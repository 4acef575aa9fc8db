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
/// <param name="StutterRatio">ρ, back stutter ÷ parent: subtracted from every reference allele with <see cref="StutterHandling.Correct"/>; with <see cref="StutterHandling.Exclude"/>, from the total only, where one contributor's allele sits one repeat below another's.</param>
/// <param name="LimitOfDetectionPercent">The validated limit of detection; a contributor not seen, or estimated below it, is reported "not detected (&lt; LOD)".</param>
/// <param name="MinInformativeLoci">Fewer informative loci than this give no estimate.</param>
public sealed record ChimerismSettings(StutterHandling Stutter = StutterHandling.Exclude, double StutterRatio = 0.1, double LimitOfDetectionPercent = 1.0, int MinInformativeLoci = 3);

/// <summary>One locus of a chimerism analysis: the contributors' reference genotypes and the post-treatment sample's signals.</summary>
/// <param name="Name">Locus name.</param>
/// <param name="References">Contributor → its alleles (one name for a homozygote).</param>
/// <param name="Signals">Allele → signal (height or area, one convention throughout) in the sample; alleles with no peak are absent.</param>
public sealed record ChimerismLocus(string Name, IReadOnlyDictionary<string, ImmutableArray<string>> References, IReadOnlyDictionary<string, double> Signals)
{
    /// <summary>
    /// Contributor → allele → that allele's share of the contributor's own signal at this locus in its pre-transplant reference
    /// profile (its heterozygote balance; 1 for a homozygote; the shares of a contributor sum to 1). A contributor without an entry is
    /// taken as balanced: ½ per allele copy.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Balance { get; init; } = ImmutableDictionary<string, IReadOnlyDictionary<string, double>>.Empty;

    /// <summary>
    /// The sample's noise floor at this locus (same unit as <see cref="Signals"/>, ≥ 0): what the sample reads where there is no one's
    /// DNA (see <see cref="StrChimerism.Analyze"/>). Every signal is read less this floor, never below 0; 0 leaves signals as measured.
    /// </summary>
    public double NoiseFloor { get; init; }

    /// <summary>Allele → its size in this run (bp, the ladder's bin), where known: alleles 1 bp apart (TH01 9.3 and 10) are then seen.</summary>
    public IReadOnlyDictionary<string, double> SizesBp { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The share of <paramref name="contributor"/>'s own signal its <paramref name="alleles"/> carry: from its reference when known, else ½ per copy.</summary>
    public double ShareOf(string contributor, IEnumerable<string> alleles)
    {
        ArgumentNullException.ThrowIfNull(alleles);
        return Balance.TryGetValue(contributor, out var shares) ? alleles.Sum(a => shares.GetValueOrDefault(a)) : BalancedShareOf(contributor, alleles);
    }

    /// <summary>The share <paramref name="alleles"/> would carry in a balanced profile: ½ per copy of the contributor's two.</summary>
    public double BalancedShareOf(string contributor, IEnumerable<string> alleles)
    {
        ArgumentNullException.ThrowIfNull(alleles);
        var own = References[contributor];
        return alleles.Distinct().Sum(a => (own.Length == 1 ? (own[0] == a ? 2 : 0) : own.Count(x => x == a)) / 2.0);
    }
}

/// <summary>A contributor's fraction at one informative locus.</summary>
/// <param name="Locus">Locus.</param>
/// <param name="Fraction">Fraction (0–1), corrected for the contributor's reference allele balance.</param>
/// <param name="UniqueAlleles">The alleles it was computed from.</param>
/// <param name="IsOutlier">Dropped as more than 2 SD from the mean.</param>
public sealed record LocusFraction(string Locus, double Fraction, ImmutableArray<string> UniqueAlleles, bool IsOutlier)
{
    /// <summary>True when the fraction is 1 minus the other contributors' (they were all informative at this locus).</summary>
    public bool IsByDifference => UniqueAlleles.IsEmpty;

    /// <summary>The fraction as it reads assuming balanced heterozygotes (½ per allele copy), or null where that reading gives none.</summary>
    public double? UncorrectedFraction { get; init; }

    /// <summary>
    /// The share of the contributor's own signal that <see cref="UniqueAlleles"/> carry in its reference profile (0.5 for one allele of
    /// a balanced heterozygote, 1 for both alleles or a homozygote); null when the fraction is had by difference.
    /// </summary>
    public double? ReferenceShare { get; init; }
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

    /// <summary>The same estimate without the allele-balance correction (every heterozygote taken as balanced), or null when it gives none.</summary>
    public double? UncorrectedPercent { get; init; }
}

/// <summary>
/// Chimerism from STR peak signals (research/str.md §4): per locus and contributor X, with U_X the alleles of X found in no other
/// contributor, f_X = Σ_{a∈U_X} S(a) ÷ (T × Σ_{a∈U_X} w_X(a)), T being the summed signal of every reference allele and w_X(a) the
/// share of X's own signal that allele a carries in X's pre-transplant reference profile. With balanced heterozygotes
/// (w = ½ per copy) this is Nollet's TYPE I–III formulas, f_X = (Σ S(a) ÷ T) × (2 ÷ c_X), for any number of donors; with the measured
/// w it corrects the bias where X is seen through one unique allele beside an allele it shares (×2 assumes balance; on in-silico
/// mixtures of real GlobalFiler traces the uncorrected reading was 2.1 percentage points low at a 30 % donor share). Correcting each
/// contributor's allele ratio by the one measured in its pre-transplant sample is the clinical practice reviewed by Kristt et al.,
/// Bone Marrow Transplant 2007;39:255–268 (allelic imbalance and correction factors from pre-transplant profiles); the uncorrected
/// estimate is kept beside it. Loci where U_X is empty give nothing for X. A share cannot exceed the whole: per-locus fractions are
/// at most 1. Per sample: the mean over informative loci after dropping loci more than 2 SD away (with 4 or more), with SD, CV and
/// count. For two or three contributors a least-squares estimate constrained to the simplex uses every allele, shared ones included.
/// </summary>
public static partial class Chimerism
{
    /// <summary>Estimates every contributor's share, corrected for each contributor's reference allele balance, with the uncorrected share beside it.</summary>
    public static ImmutableArray<ContributorChimerism> Estimate(IReadOnlyList<ChimerismLocus> loci, ChimerismSettings settings)
    {
        ArgumentNullException.ThrowIfNull(loci);
        ArgumentNullException.ThrowIfNull(settings);
        var contributors = loci.SelectMany(l => l.References.Keys).Distinct().ToList();
        var corrected = loci.Select(l => (l.Name, Values: PerLocus(l, contributors, settings, balanced: false))).ToList();
        var uncorrected = loci.Select(l => (l.Name, Values: PerLocus(l, contributors, settings, balanced: true))).ToDictionary(t => t.Name, t => t.Values);
        return [.. contributors.Select(x =>
        {
            var plain = ForContributor(x, loci, [.. uncorrected.Where(t => t.Value.ContainsKey(x)).Select(t => (t.Key, t.Value[x]))], settings);
            var result = ForContributor(x, loci, [.. corrected.Where(t => t.Values.ContainsKey(x)).Select(t => (t.Name, t.Values[x]))], settings);
            return result with
            {
                UncorrectedPercent = plain.Percent,
                Loci = [.. result.Loci.Select(l => l with
                {
                    UncorrectedFraction = uncorrected[l.Locus].TryGetValue(x, out var u) ? u.Fraction : null,
                    ReferenceShare = l.IsByDifference ? null : loci.First(c => c.Name == l.Locus).ShareOf(x, l.UniqueAlleles),
                })],
            };
        })];
    }

    /// <summary>
    /// How far the contributors' shares may add up from 100 % (percentage points) before the sample is refused. Each share is a mean
    /// over its own informative loci, and a contributor not detected counts as 0 (it may hold up to the LOD), so the sum of a true
    /// mixture of the references strays a little: 98.0–105.4 % on in-silico mixtures of real Identifiler and GlobalFiler traces (14
    /// ordered pairs of 8 persons, 1–99 %, 4–11 informative loci per contributor, LOD 0.5 %); the widest is at 50 : 50, where each
    /// share is read over about 7 loci whose values spread 4–7 pp. That departure, plus one LOD per contributor, with a margin: 10.
    /// </summary>
    public const double SumTolerancePercent = 10;

    /// <summary>
    /// The largest standard deviation (percentage points) of a contributor's per-locus values before the sample is refused: the loci
    /// of a mixture of its references agree (SD at most 9.7 pp on the in-silico series above, at 30–70 %); a sample of someone else
    /// reads each locus near 0 or near 100 % (SD 40–58 pp on every pairing of the shared single-source persons with references of
    /// two others), even where the sum lands near 100 %.
    /// </summary>
    public const double SpreadLimitPercent = 25;

    /// <summary>
    /// The contributors must add up: a sample that is a mixture of its references reads about 100 % in all. A sum far from it (a
    /// sample of someone else read as 71 % recipient and 71 % donor, because unrelated people share alleles) means the sample is not
    /// what its references say, and no share of it may be reported: STR013. Contributors not detected count as 0; with one not
    /// estimable only a sum above 100 % is judged. The loci must agree too: a contributor whose per-locus values spread more than
    /// <see cref="SpreadLimitPercent"/> (SD) is read from loci that say different things, the mark of another person: STR013.
    /// </summary>
    public static Diagnostics.Issue? CheckSum(IReadOnlyList<ContributorChimerism> contributors, string location)
    {
        ArgumentNullException.ThrowIfNull(contributors);
        var sum = contributors.Sum(c => c.Percent ?? 0);
        var complete = contributors.All(c => c.Percent is not null || c.Text.StartsWith("not detected", StringComparison.Ordinal));
        var parts = string.Join(" + ", contributors.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Contributor} {c.Percent ?? 0:0.0} %")));
        if (sum > 100 + SumTolerancePercent || (complete && sum < 100 - SumTolerancePercent))
        {
            return Diagnostics.Issue.Error(StrIssues.InconsistentWithReferences, location,
                $"Expected the contributors to add up to 100 % (± {SumTolerancePercent:0}); found {parts} = {sum:0.0} %. The sample is not a mixture of these references (another person, a mix-up, or a reference missing); no share is reported.");
        }

        if (contributors.FirstOrDefault(c => c.StandardDeviation > SpreadLimitPercent) is { } spread)
        {
            var values = string.Join(", ", spread.Loci.Where(l => !l.IsOutlier).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Locus} {l.Fraction * 100:0}")));
            return Diagnostics.Issue.Error(StrIssues.InconsistentWithReferences, location,
                $"Expected the loci to agree on each share (SD ≤ {SpreadLimitPercent:0} points); found {spread.Contributor} {spread.Percent:0.0} % with SD {spread.StandardDeviation:0.0} over {values} %. The sample is not a mixture of these references (another person, a mix-up, or a reference missing); no share is reported.");
        }

        return null;
    }

    /// <summary>
    /// Every contributor's fraction at one locus. Each comes from its own unique alleles where it has any; but when every other
    /// contributor has its own, the largest share (whether or not it has unique alleles) is 1 minus theirs. A small share read from its
    /// unique alleles carries a small error; a large one read the same way carries any departure from its reference balance in full,
    /// so the large one is better had by difference.
    /// </summary>
    private static Dictionary<string, (double Fraction, ImmutableArray<string> Unique)> PerLocus(ChimerismLocus locus, List<string> contributors, ChimerismSettings settings, bool balanced)
    {
        var direct = contributors.Where(locus.References.ContainsKey).Select(x => (X: x, Value: Read(locus, x, settings, balanced)))
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

    /// <summary>
    /// The fraction of one contributor at one locus, corrected for its reference allele balance (see <see cref="ChimerismLocus.Balance"/>),
    /// or null when the locus is not informative for it.
    /// </summary>
    public static (double Fraction, ImmutableArray<string> Unique)? AtLocus(ChimerismLocus locus, string contributor, ChimerismSettings settings) =>
        Read(locus, contributor, settings, balanced: false);

    private static (double Fraction, ImmutableArray<string> Unique)? Read(ChimerismLocus locus, string contributor, ChimerismSettings settings, bool balanced)
    {
        ArgumentNullException.ThrowIfNull(locus);
        ArgumentNullException.ThrowIfNull(settings);
        var own = locus.References[contributor];
        var others = locus.References.Where(r => r.Key != contributor).SelectMany(r => r.Value).ToHashSet(StringComparer.Ordinal);
        var unique = own.Distinct().Where(a => !others.Contains(a)).ToList();
        if (settings.Stutter == StutterHandling.Exclude)
        {
            // An allele one repeat below, one above or two below another contributor's allele carries that allele's stutter.
            unique = [.. unique.Where(a => !others.Any(o => IsStutterPosition(a, o)))];
        }

        // An allele within 1.5 bp of another contributor's allele sits on its −A (or +A) shoulder, which no stutter ratio models: the
        // recipient's TH01 10 puts ~9 % of its height on a donor's 9.3, 1 bp below. Left out whatever the stutter handling.
        unique = [.. unique.Where(a => !locus.SizesBp.TryGetValue(a, out var bp) || !others.Any(o => locus.SizesBp.TryGetValue(o, out var other) && Math.Abs(other - bp) <= 1.5))];

        if (unique.Count == 0)
        {
            return null;
        }

        // With correction, every reference allele one repeat below another reference allele loses that allele's expected back
        // stutter, in the numerator and in the total alike (a minor allele under the major's stutter would otherwise inflate T).
        var references = locus.References.SelectMany(r => r.Value).ToHashSet(StringComparer.Ordinal);
        var signal = unique.Sum(a => Signal(locus, a, settings, references));
        var total = references.Sum(a => Signal(locus, a, settings, references)) - (settings.Stutter == StutterHandling.Exclude ? StutterOnOthers(locus, settings.StutterRatio) : 0);
        var share = balanced ? locus.BalancedShareOf(contributor, unique) : locus.ShareOf(contributor, unique);
        if (total <= 0 || share <= 0)
        {
            return null;
        }

        return (Math.Min(1, signal / (total * share)), [.. unique]);
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
        var raw = Net(locus, allele);
        if (settings.Stutter != StutterHandling.Correct)
        {
            return raw;
        }

        // Back stutter of the reference allele one repeat above is removed.
        var above = Shift(allele, +1);
        return above is not null && references.Contains(above) ? Math.Max(0, raw - (settings.StutterRatio * Net(locus, above))) : raw;
    }

    // An allele's signal less the locus's noise floor (never below 0).
    private static double Net(ChimerismLocus locus, string allele) => Math.Max(0, locus.Signals.GetValueOrDefault(allele) - locus.NoiseFloor);

    // The back stutter one contributor puts on another's allele (one repeat below one of its own, which that contributor lacks) is no
    // one's DNA: without it the total reads high, and the share of whoever is read directly low (a 99 % donor's SE33 19 puts ~10 % of
    // itself on the recipient's 18). Excluding such alleles from the numerators is not enough; this is taken off the total, at ρ.
    private static double StutterOnOthers(ChimerismLocus locus, double ratio)
    {
        var stutter = 0.0;
        foreach (var a in locus.References.SelectMany(r => r.Value).Distinct())
        {
            if (Shift(a, +1) is { } parent && locus.Signals.ContainsKey(parent)
                && locus.References.Values.Any(g => g.Contains(parent)) && !locus.References.Values.Any(g => g.Contains(parent) && g.Contains(a)))
            {
                stutter += Math.Min(Net(locus, a), ratio * Net(locus, parent));
            }
        }

        return stutter;
    }

    private static bool IsStutterPosition(string allele, string other) =>
        Shift(other, -1) == allele || Shift(other, +1) == allele || Shift(other, -2) == allele;

    // The allele name k repeats away ("9.3" + 1 = "10.3"); null for names that are not repeat numbers (X, Y, OL).
    private static string? Shift(string allele, int repeats) =>
        decimal.TryParse(allele, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? (value + repeats).ToString(CultureInfo.InvariantCulture)
            : null;
}
