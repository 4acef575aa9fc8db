using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Str;

/// <summary>Stable issue codes for ladders and allele calls.</summary>
public static class StrIssues
{
    /// <summary>A locus's ladder peaks could not be matched to its ladder alleles.</summary>
    public const string LadderLocusFailed = "STR001";

    /// <summary>A locus has more alleles than a single source can have (warning).</summary>
    public const string TooManyAlleles = "STR002";

    /// <summary>A peak lies in a locus window but in no bin (off-ladder, warning).</summary>
    public const string OffLadder = "STR003";

    /// <summary>The largest ladder alleles of a locus ran off the end of the run or were too weak; they have no bin (warning).</summary>
    public const string LadderEndMissing = "STR004";

    /// <summary>Two alleles at a locus are out of balance (warning).</summary>
    public const string HeterozygoteImbalance = "STR005";

    /// <summary>More than two alleles at two or more loci: a mixed sample (warning).</summary>
    public const string Mixture = "STR006";

    /// <summary>A spike or dye blob lies in a locus (warning; the peak is not called).</summary>
    public const string Artefact = "STR007";

    /// <summary>A control did not give its expected result (error).</summary>
    public const string ControlFailed = "STR008";

    /// <summary>A post-treatment sample has a real peak at an allele of no reference (warning).</summary>
    public const string ForeignAllele = "STR009";

    /// <summary>A positive control was not judged: no expected profile was given and the kit has none (warning).</summary>
    public const string ControlNotJudged = "STR010";

    /// <summary>The ladder whose bins call a sample ran on another date (or in another named run) than the sample (warning).</summary>
    public const string LadderFromAnotherRun = "STR011";

    /// <summary>The contributors' shares of a sample do not add up to the whole: the sample is not a mixture of its references (error).</summary>
    public const string InconsistentWithReferences = "STR013";
}

/// <summary>The bins of one run: each ladder allele at the size it was measured in this run's ladder injection.</summary>
/// <param name="Locus">The locus.</param>
/// <param name="Alleles">Allele → measured ladder size (bp), ascending.</param>
public sealed record LocusBins(Locus Locus, ImmutableArray<(LadderAllele Allele, double Bp)> Alleles)
{
    /// <summary>
    /// The signal of an allele in a sized lane: the height (or area) of the tallest peak of the locus's channel within
    /// <paramref name="halfWidth"/> bp of the allele's bin, or 0 when there is none (what chimerism quantifies). Peaks in
    /// <paramref name="artefacts"/> (the sample's pull-up, spikes and dye blobs) are no one's DNA and are passed over.
    /// </summary>
    public double SignalAt(SizedLane lane, string allele, double halfWidth = 0.5, PeakSignal signal = PeakSignal.Height, IReadOnlySet<SizedPeak>? artefacts = null)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var bin = Alleles.First(a => a.Allele.Name == allele).Bp;
        var peak = lane.Peaks.Where(p => p.Channel == Locus.FileChannel && Math.Abs(p.Size.Bp - bin) <= halfWidth && !(artefacts?.Contains(p) ?? false)).MaxBy(p => p.Peak.Height);
        return peak is null ? 0 : signal == PeakSignal.Area ? peak.Peak.Area : peak.Peak.Height;
    }
}

/// <summary>Which measure of a peak quantifies it.</summary>
public enum PeakSignal
{
    /// <summary>Height above baseline (RFU), the common choice.</summary>
    Height,

    /// <summary>Area (RFU × scans): additive when peaks of two contributors overlap imperfectly.</summary>
    Area,
}

/// <summary>
/// The artefact and quality flags of peaks, loci and samples, named as they appear in output (research/str.md §3.6; OSIRIS's sample
/// tests and thresholds, shared kits/osiris/Generic_LabSettings.xml).
/// </summary>
public static class StrFlags
{
    /// <summary>A peak in no bin of the run's ladder.</summary>
    public const string OffLadder = "off-ladder";

    /// <summary>The detector saturated under the peak (cap reached or an off-scale scan).</summary>
    public const string Saturated = "saturated";

    /// <summary>Taller than the overload threshold (OSIRIS AlleleRFUOverloadThreshold): heights, ratios and pull-up are unreliable.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>Bleed-through at the position of a much taller peak in another dye.</summary>
    public const string PullUp = "pull-up";

    /// <summary>Back stutter: one repeat below a taller peak and under the stutter ratio of it.</summary>
    public const string Stutter = "stutter";

    /// <summary>About 1 bp below a taller peak and under the adenylation ratio of it (incomplete +A).</summary>
    public const string MinusA = "minus-a";

    /// <summary>An electrical spike: far narrower than the channel's peaks and at the same scan in at least three dyes.</summary>
    public const string Spike = "spike";

    /// <summary>A dye blob: unincorporated dye, far wider than the channel's peaks.</summary>
    public const string DyeBlob = "dye-blob";

    /// <summary>Under the sample fraction of the locus's tallest peak (OSIRIS FractionOfMaxPeak).</summary>
    public const string BelowFractionOfMax = "below-fraction-of-max";

    /// <summary>Two alleles whose height ratio (lower ÷ higher) is under the heterozygote balance limit.</summary>
    public const string HeterozygoteImbalance = "heterozygote-imbalance";

    /// <summary>More than two alleles at a locus (mixture, contamination or a tri-allelic pattern).</summary>
    public const string MoreThanTwoAlleles = "more-than-two-alleles";

    /// <summary>No allele called at the locus (drop-out, or a negative control's expected result).</summary>
    public const string NoCall = "no-call";

    /// <summary>More than two alleles at two or more loci: a mixed sample.</summary>
    public const string Mixture = "mixture";
}

/// <summary>One called allele (or off-ladder peak) with the peak it came from.</summary>
/// <param name="Name">Allele name; "OL" for off-ladder, or a microvariant label such as "9.3" derived between ladder alleles.</param>
/// <param name="Peak">The sized peak.</param>
/// <param name="Flags">Flags from <see cref="StrFlags"/> (off-ladder, saturated, overloaded).</param>
public sealed record AlleleCall(string Name, SizedPeak Peak, ImmutableArray<string> Flags)
{
    /// <summary>True when the peak fell in no bin.</summary>
    public bool IsOffLadder => Flags.Contains(StrFlags.OffLadder);
}

/// <summary>A peak in a locus that was not called, with the artefact it was taken for.</summary>
/// <param name="Peak">The sized peak.</param>
/// <param name="Flag">The artefact, from <see cref="StrFlags"/>.</param>
/// <param name="Reason">Why, with the numbers (for example "12% of the 2033 RFU peak one repeat above").</param>
public sealed record FilteredPeak(SizedPeak Peak, string Flag, string Reason);

/// <summary>The calls at one locus.</summary>
/// <param name="Locus">Locus name.</param>
/// <param name="Alleles">Called alleles, ascending by size.</param>
/// <param name="Filtered">Peaks in the locus that were not called, each with its artefact.</param>
/// <param name="Flags">Locus flags from <see cref="StrFlags"/> (heterozygote imbalance, more than two alleles, no call).</param>
public sealed record LocusCall(string Locus, ImmutableArray<AlleleCall> Alleles, ImmutableArray<FilteredPeak> Filtered, ImmutableArray<string> Flags)
{
    /// <summary>The genotype as the allele names, for example ["8", "9.3"]; one name for a homozygote.</summary>
    public ImmutableArray<string> Genotype => [.. Alleles.Select(a => a.Name).Distinct()];

    /// <summary>Lower ÷ higher allele height at a two-allele locus; null otherwise.</summary>
    public double? HeterozygoteBalance => Alleles.Length == 2 && Genotype.Length == 2
        ? Math.Min(Alleles[0].Peak.Peak.Height, Alleles[1].Peak.Peak.Height) / Math.Max(Alleles[0].Peak.Peak.Height, Alleles[1].Peak.Peak.Height)
        : null;
}

/// <summary>Settings for allele calling; the defaults are OSIRIS's sample settings (shared kits/osiris/Generic_LabSettings.xml).</summary>
/// <param name="CallThreshold">Peaks under this height (RFU) are not called (MinimumRFU 150).</param>
/// <param name="BinHalfWidth">A peak within this many bp of a ladder allele's measured size is that allele (GeneMapper ±0.5).</param>
/// <param name="StutterRatio">A peak one repeat below a larger peak and under this fraction of it is stutter (StutterThreshold 0.15).</param>
/// <param name="MinusARatio">A peak about 1 bp below a larger peak and under this fraction of it is a −A shoulder (AdenylationThreshold 0.3).</param>
/// <param name="PullUpRatio">A peak within half a bin of a peak in another channel and under this fraction of it is pull-up (PullupFractionalFilter 0.2).</param>
/// <param name="FractionOfMaxPeak">A peak under this fraction of the locus's tallest is not called (FractionOfMaxPeak 0.2); 0 turns it off.</param>
/// <param name="HeterozygoteBalanceLimit">Two alleles under this height ratio are flagged (HeterozygousImbalanceLimit 0.5).</param>
/// <param name="OverloadRfu">Peaks at least this tall are flagged overloaded (AlleleRFUOverloadThreshold 5000).</param>
/// <param name="LocusStutterRatios">Per-locus stutter ratios (the lab's validated table) that replace the kit's and <paramref name="StutterRatio"/> at those loci.</param>
public sealed record CallSettings(
    double CallThreshold = 150, double BinHalfWidth = 0.5, double StutterRatio = 0.15, double MinusARatio = 0.3, double PullUpRatio = 0.2,
    double FractionOfMaxPeak = 0.2, double HeterozygoteBalanceLimit = 0.5, double OverloadRfu = 5000, IReadOnlyDictionary<string, double>? LocusStutterRatios = null)
{
    /// <summary>The stutter ratio at a locus: the lab's table, else the kit's ratio for the locus, else the general one.</summary>
    public double StutterRatioAt(Locus locus)
    {
        ArgumentNullException.ThrowIfNull(locus);
        return LocusStutterRatios?.GetValueOrDefault(locus.Name) is { } own and > 0 ? own : locus.StutterRatio ?? StutterRatio;
    }
}

/// <summary>
/// Allele calling with the allelic ladder (research/str.md §3.5): the ladder injection, sized like every sample, gives this run's bin
/// for each allele; sample peaks in a locus are called by bin, stutter and −A shoulders are filtered by ratio, and peaks in no bin
/// are off-ladder (labelled n.x between integer alleles).
/// </summary>
public static class Genotyping
{
    /// <summary>
    /// Matches each locus's ladder alleles to the ladder lane's peaks in the locus's grid window. Each peak proposes where the first
    /// allele lies; from there the alleles are walked in order, each taking the nearest substantial peak within 1 bp (plus 5% of the gap from the last match) of its nominal size plus
    /// the offset of the allele before it (so run drift is followed). A walk shifted by one repeat lands on stutter (weak matches) or
    /// borrows a neighbouring locus's peak, so the loci of one dye are placed together: the walks that claim no peak twice with the
    /// most strong matches, the fewest weak ones, then the most signal. A locus fails, naming the alleles, unless the only alleles
    /// missing are its largest (at most one in ten), which is a warning.
    /// </summary>
    public static ReadResult<ImmutableArray<LocusBins>> CalibrateLadder(Kit kit, SizedLane ladder, string location)
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(ladder);
        var bins = new Dictionary<string, LocusBins>(StringComparer.Ordinal);
        var issues = new List<Issue>();
        // Loci of one dye are placed together: a walk shifted by a repeat can look as good as the true one when it borrows the first
        // peak of the next locus, so each channel's loci take the best set of walks that claim no ladder peak twice.
        foreach (var channel in kit.Loci.GroupBy(l => l.FileChannel))
        {
            var loci = channel.OrderBy(l => l.Ladder.IsEmpty ? 0 : l.Ladder[0].NominalBp).ToList();
            var chosen = Place(loci.Select(l => Candidates(l, ladder)).ToList());
            for (var i = 0; i < loci.Count; i++)
            {
                var locus = loci[i];
                var physical = locus.Ladder.Where(a => !a.IsVirtual).ToList();
                var (matched, missing) = chosen[i] is { } w ? (w.Matched, w.Missing) : ([], [.. physical.Select(a => a.Name)]);
                // Only the largest alleles may be missing (run off the end of the standard or too faint), and at most one in ten.
                var endOnly = missing.SequenceEqual(physical.TakeLast(missing.Count).Select(a => a.Name)) && missing.Count * 10 <= physical.Count;
                if (missing.Count > 0 && !endOnly)
                {
                    issues.Add(Issue.Error(StrIssues.LadderLocusFailed, $"{location} {locus.Name}",
                        $"Expected every ladder allele of {locus.Name} within 1 bp of its place; not found: {string.Join(", ", missing)}."));
                    continue;
                }

                if (missing.Count > 0)
                {
                    issues.Add(Issue.Warning(StrIssues.LadderEndMissing, $"{location} {locus.Name}",
                        $"The largest ladder allele(s) {string.Join(", ", missing)} of {locus.Name} were not found; they have no bin in this run."));
                }

                // Virtual bins move with the nearest physical allele (GeneMapper's rule).
                var placed = matched.Select(m => (m.Allele, m.Peak.Size.Bp)).ToList();
                foreach (var virtualAllele in locus.Ladder.Where(a => a.IsVirtual))
                {
                    var nearest = placed.MinBy(m => Math.Abs(m.Allele.NominalBp - virtualAllele.NominalBp));
                    placed.Add((virtualAllele, virtualAllele.NominalBp + (nearest.Bp - nearest.Allele.NominalBp)));
                }

                bins[locus.Name] = new LocusBins(locus, [.. placed.OrderBy(m => m.Item2)]);
            }
        }

        var ordered = kit.Loci.Where(l => bins.ContainsKey(l.Name)).Select(l => bins[l.Name]).ToImmutableArray();
        return issues.Count > 0 && ordered.IsEmpty ? ReadResult.Failed<ImmutableArray<LocusBins>>(issues) : ReadResult.Of(ordered, issues);
    }

    // A walk of a locus's ladder alleles over the ladder lane's peaks.
    private sealed record LadderWalk(List<(LadderAllele Allele, SizedPeak Peak)> Matched, List<string> Missing, double Signal, int Strong, int Weak);

    // The candidate walks of one locus, best first (most strong matches, fewest weak, most signal), distinct, at most six.
    private static List<LadderWalk> Candidates(Locus locus, SizedLane ladder)
    {
        // The grid window (where the kit author saw the ladder on their system) widened to the nominal sizes (where it runs on others).
        var (from, to) = (Math.Min(locus.MinGridBp, locus.Ladder[0].NominalBp) - 2, Math.Max(locus.MaxGridBp, locus.Ladder[^1].NominalBp) + 2);
        var window = ladder.Peaks.Where(p => p.Channel == locus.FileChannel && p.Size.Bp >= from && p.Size.Bp <= to).OrderBy(p => p.Size.Bp).ToArray();
        // Every substantial peak (a twentieth of the window's tallest; ladder alleles differ a few-fold, noise far more) proposes
        // where the first allele lies; each start is walked through the alleles (following drift).
        var physical = locus with { Ladder = [.. locus.Ladder.Where(a => !a.IsVirtual)] };
        var floor = window.Select(p => p.Peak.Height).DefaultIfEmpty(0).Max() / 20;
        return [.. window
            .Where(p => p.Peak.Height >= floor && !physical.Ladder.IsEmpty)
            .Select(p => Walk(physical, window, p.Size.Bp - physical.Ladder[0].NominalBp))
            .Where(w => w.Matched.Count > 0)
            .DistinctBy(w => string.Join(",", w.Matched.Select(m => m.Peak.Peak.ApexScan)))
            .OrderByDescending(w => w.Strong).ThenBy(w => w.Weak).ThenByDescending(w => w.Signal)
            .Take(6)];
    }

    // The best walk per locus (loci in size order) such that no two loci claim the same peak: dynamic programming over neighbours
    // (only loci next to each other overlap), maximising strong matches, then fewest weak, then signal; a locus may take none.
    private static LadderWalk?[] Place(List<List<LadderWalk>> candidates)
    {
        static (int Strong, int Weak, double Signal) Add((int Strong, int Weak, double Signal) total, LadderWalk? w) =>
            w is null ? total : (total.Strong + w.Strong, total.Weak + w.Weak, total.Signal + w.Signal);
        static bool Better((int Strong, int Weak, double Signal) a, (int Strong, int Weak, double Signal) b) =>
            a.Strong != b.Strong ? a.Strong > b.Strong : a.Weak != b.Weak ? a.Weak < b.Weak : a.Signal > b.Signal;
        static bool Compatible(LadderWalk? a, LadderWalk? b) =>
            a is null || b is null || !a.Matched.Any(m => b.Matched.Any(n => ReferenceEquals(m.Peak, n.Peak)));

        var options = candidates.Select(c => c.Cast<LadderWalk?>().Append(null).ToList()).ToList();
        var score = new List<(int Strong, int Weak, double Signal)[]>();
        var back = new List<int[]>();
        for (var i = 0; i < options.Count; i++)
        {
            var here = new (int, int, double)[options[i].Count];
            var from = new int[options[i].Count];
            for (var k = 0; k < options[i].Count; k++)
            {
                if (i == 0)
                {
                    here[k] = Add((0, 0, 0), options[i][k]);
                    continue;
                }

                var best = -1;
                for (var j = 0; j < options[i - 1].Count; j++)
                {
                    if (Compatible(options[i - 1][j], options[i][k]) && (best < 0 || Better(score[i - 1][j], score[i - 1][best])))
                    {
                        best = j;
                    }
                }

                // The previous locus may always take no walk, so a compatible predecessor exists.
                from[k] = best;
                here[k] = Add(score[i - 1][best], options[i][k]);
            }

            score.Add(here);
            back.Add(from);
        }

        var chosen = new LadderWalk?[options.Count];
        if (options.Count == 0)
        {
            return chosen;
        }

        var pick = Enumerable.Range(0, options[^1].Count).Aggregate((a, b) => Better(score[^1][b], score[^1][a]) ? b : a);
        for (var i = options.Count - 1; i >= 0; i--)
        {
            chosen[i] = options[i][pick];
            pick = back[i][pick];
        }

        return chosen;
    }

    private static LadderWalk Walk(Locus locus, SizedPeak[] window, double offset)
    {
        var heights = new List<double>();
        var matched = new List<(LadderAllele, SizedPeak)>();
        var missing = new List<string>();
        var signal = 0.0;
        var after = double.MinValue;
        var previousNominal = locus.Ladder.IsEmpty ? 0 : locus.Ladder[0].NominalBp;
        foreach (var allele in locus.Ladder)
        {
            // Each ladder peak serves one allele: a microvariant 1 bp from its neighbour (TH01 9.3 and 10) must not share its peak.
            // The nearest substantial peak (at least a quarter of the tallest within 1 bp): nearest, because 9.3 and 10 are 1 bp apart.
            var expected = allele.NominalBp + offset;
            // Drift grows with distance: across a wide gap in the ladder (FGA 33.2 to 42.2, 36 bp) allow 5% of the gap more.
            var tolerance = 1.0 + (0.05 * (allele.NominalBp - previousNominal));
            var (first, last) = Range(window, Math.Max(expected - tolerance, after + 0.5 + 1e-9), expected + tolerance);
            var tallest = 0.0;
            for (var i = first; i < last; i++)
            {
                tallest = Math.Max(tallest, window[i].Peak.Height);
            }

            SizedPeak? peak = null;
            for (var i = first; i < last; i++)
            {
                if (window[i].Peak.Height >= tallest / 4 && (peak is null || Math.Abs(window[i].Size.Bp - expected) < Math.Abs(peak.Size.Bp - expected)))
                {
                    peak = window[i];
                }
            }

            if (peak is null)
            {
                missing.Add(allele.Name);
                continue;
            }

            matched.Add((allele, peak));
            previousNominal = allele.NominalBp;
            heights.Add(peak.Peak.Height);
            signal += peak.Peak.Height;
            offset = peak.Size.Bp - allele.NominalBp;
            after = peak.Size.Bp;
        }

        // Ladder alleles differ in height (L to H) but stutter is far lower: under a fifth of the median counts as weak.
        var median = heights.Count == 0 ? 0 : heights.Order().ElementAt(heights.Count / 2);
        var strong = heights.Count(h => h >= median / 5);
        return new LadderWalk(matched, missing, signal, strong, heights.Count - strong);
    }

    // The index range [first, last) of the peaks (sorted by size) sized within [low, high].
    private static (int First, int Last) Range(SizedPeak[] sorted, double low, double high)
    {
        int Lower(double bp)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid].Size.Bp < bp)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        return (Lower(low), Math.Max(Lower(low), Lower(Math.BitIncrement(high))));
    }

    /// <summary>Calls every locus of a sample lane.</summary>
    public static ReadResult<ImmutableArray<LocusCall>> Call(IReadOnlyList<LocusBins> bins, SizedLane sample, CallSettings settings, string location)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        var issues = new List<Issue>();
        var calls = ImmutableArray.CreateBuilder<LocusCall>();
        var widths = TypicalWidths(sample, settings.CallThreshold);
        var sorted = sample.Peaks.OrderBy(p => p.Size.Bp).ToArray();
        foreach (var locus in bins)
        {
            var name = locus.Locus.Name;
            // The locus spans its ladder plus one repeat each side (kit windows of neighbouring loci overlap).
            var margin = locus.Locus.RepeatBp + settings.BinHalfWidth;
            var (low, high) = (locus.Alleles[0].Bp - margin, locus.Alleles[^1].Bp + margin);
            var filtered = new List<FilteredPeak>();
            var peaks = new List<SizedPeak>();
            var (first, last) = Range(sorted, low, high);
            foreach (var peak in sorted[first..last].Where(p => p.Channel == locus.Locus.FileChannel && p.Peak.Height >= settings.CallThreshold))
            {
                // Bleed-through sits at the source's position; on 3100 data it can trail by several scans, so compare sizes.
                var (near, far) = Range(sorted, peak.Size.Bp - settings.BinHalfWidth, peak.Size.Bp + settings.BinHalfWidth);
                var source = sorted[near..far].Where(q => q.Channel != peak.Channel && q.Peak.Height * settings.PullUpRatio > peak.Peak.Height).MaxBy(q => q.Peak.Height);
                if (source is not null)
                {
                    filtered.Add(new FilteredPeak(peak, StrFlags.PullUp, Percent(peak, source, $"peak in channel {source.Channel} at {source.Size.Bp:0.00} bp")));
                }
                else if (Artefact(sorted, peak, widths) is { } artefact)
                {
                    filtered.Add(artefact);
                    issues.Add(Issue.Warning(StrIssues.Artefact, $"{location} {name}", $"Peak at {peak.Size.Bp:0.00} bp is a {artefact.Flag}: {artefact.Reason}; not called."));
                }
                else
                {
                    peaks.Add(peak);
                }
            }

            var kept = new List<SizedPeak>();
            var stutterRatio = settings.StutterRatioAt(locus.Locus);
            foreach (var peak in peaks)
            {
                var parents = peaks.Where(p => p.Peak.Height > peak.Peak.Height).Select(p => (Peak: p, Gap: p.Size.Bp - peak.Size.Bp)).ToList();
                if (parents.FirstOrDefault(p => Math.Abs(p.Gap - locus.Locus.RepeatBp) <= 0.8 && peak.Peak.Height < stutterRatio * p.Peak.Peak.Height) is { Peak: { } stutterParent })
                {
                    filtered.Add(new FilteredPeak(peak, StrFlags.Stutter, Percent(peak, stutterParent, "peak one repeat above") + Invariant($" (limit {stutterRatio:0%})")));
                }
                else if (parents.FirstOrDefault(p => p.Gap is > 0.5 and < 1.5 && peak.Peak.Height < settings.MinusARatio * p.Peak.Peak.Height) is { Peak: { } adenylated })
                {
                    filtered.Add(new FilteredPeak(peak, StrFlags.MinusA, Percent(peak, adenylated, "peak 1 bp above")));
                }
                else
                {
                    kept.Add(peak);
                }
            }

            var tallest = kept.Select(p => p.Peak.Height).DefaultIfEmpty(0).Max();
            foreach (var weak in kept.Where(p => p.Peak.Height < settings.FractionOfMaxPeak * tallest).ToList())
            {
                kept.Remove(weak);
                filtered.Add(new FilteredPeak(weak, StrFlags.BelowFractionOfMax, Invariant($"{weak.Peak.Height / tallest:0%} of the locus's tallest peak ({tallest:0} RFU; limit {settings.FractionOfMaxPeak:0%})")));
            }

            var alleles = kept.Select(p => Bin(locus, p, settings, location, issues)).ToImmutableArray();
            var flags = ImmutableArray.CreateBuilder<string>();
            var genotype = alleles.Select(a => a.Name).Distinct().ToList();
            if (genotype.Count > 2)
            {
                flags.Add(StrFlags.MoreThanTwoAlleles);
                issues.Add(Issue.Warning(StrIssues.TooManyAlleles, $"{location} {name}",
                    $"Expected at most 2 alleles from a single source; found {string.Join(", ", genotype)} (mixture, contamination or tri-allele)."));
            }
            else if (genotype.Count == 0)
            {
                flags.Add(StrFlags.NoCall);
            }

            var call = new LocusCall(name, alleles, [.. filtered.OrderBy(f => f.Peak.Size.Bp)], []);
            if (call.HeterozygoteBalance is { } balance && balance < settings.HeterozygoteBalanceLimit)
            {
                flags.Add(StrFlags.HeterozygoteImbalance);
                issues.Add(Issue.Warning(StrIssues.HeterozygoteImbalance, $"{location} {name}",
                    $"Expected the two alleles within a height ratio of {settings.HeterozygoteBalanceLimit:0.00}; found {balance:0.00} ({string.Join(" vs ", alleles.Select(a => Invariant($"{a.Name} {a.Peak.Peak.Height:0} RFU")))})."));
            }

            calls.Add(call with { Flags = flags.ToImmutable() });
        }

        if (calls.Count(c => c.Flags.Contains(StrFlags.MoreThanTwoAlleles)) >= 2)
        {
            issues.Add(Issue.Warning(StrIssues.Mixture, location,
                $"More than two alleles at {calls.Count(c => c.Flags.Contains(StrFlags.MoreThanTwoAlleles))} loci ({string.Join(", ", calls.Where(c => c.Flags.Contains(StrFlags.MoreThanTwoAlleles)).Select(c => c.Locus))}): a mixed sample."));
        }

        return ReadResult.Of(calls.ToImmutable(), issues);
    }

    /// <summary>A sample is mixed when two or more loci show more than two alleles (one tri-allelic locus can be genuine).</summary>
    public static bool IsMixture(IEnumerable<LocusCall> calls) => calls.Count(c => c.Flags.Contains(StrFlags.MoreThanTwoAlleles)) >= 2;

    // The typical width (median FWHM) of each channel's callable peaks: spikes are far narrower, dye blobs far wider.
    private static Dictionary<int, double> TypicalWidths(SizedLane sample, double threshold) =>
        sample.Peaks.Where(p => p.Peak.Height >= threshold && !p.Peak.IsSaturated).GroupBy(p => p.Channel)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Peak.HalfWidth).Order().ElementAt(g.Count() / 2));

    /// <summary>
    /// Spike: at most half the channel's typical width, with equally narrow peaks at the same scan (±1.5) in two other dyes (a tall
    /// allele's pull-up is caught before this; the allele itself is wide). Dye blob: three times the typical width.
    /// </summary>
    private static FilteredPeak? Artefact(SizedPeak[] sorted, SizedPeak peak, Dictionary<int, double> widths)
    {
        var typical = widths.GetValueOrDefault(peak.Channel);
        if (typical <= 0)
        {
            return null;
        }

        if (peak.Peak.HalfWidth <= typical / 2)
        {
            // ±1.5 scans is well within ±1 bp on every instrument.
            var (near, far) = Range(sorted, peak.Size.Bp - 1, peak.Size.Bp + 1);
            var dyes = sorted[near..far]
                .Where(q => q.Channel != peak.Channel && Math.Abs(q.Peak.Apex - peak.Peak.Apex) <= 1.5 && q.Peak.HalfWidth <= widths.GetValueOrDefault(q.Channel, double.MaxValue) / 2)
                .Select(q => q.Channel).Distinct().Count();
            if (dyes >= 2)
            {
                return new FilteredPeak(peak, StrFlags.Spike, Invariant($"{peak.Peak.HalfWidth:0.0} scans wide (channel typical {typical:0.0}) and present in {dyes + 1} dyes at scan {peak.Peak.Apex:0}"));
            }
        }

        return !peak.Peak.IsSaturated && peak.Peak.HalfWidth >= 3 * typical
            ? new FilteredPeak(peak, StrFlags.DyeBlob, Invariant($"{peak.Peak.HalfWidth:0.0} scans wide, {peak.Peak.HalfWidth / typical:0.0}× the channel's typical {typical:0.0}"))
            : null;
    }

    private static string Percent(SizedPeak peak, SizedPeak parent, string what) =>
        Invariant($"{peak.Peak.Height / parent.Peak.Height:0%} of the {parent.Peak.Height:0} RFU {what}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static AlleleCall Bin(LocusBins locus, SizedPeak peak, CallSettings settings, string location, List<Issue> issues)
    {
        var flags = ImmutableArray.CreateBuilder<string>();
        if (peak.Peak.IsSaturated)
        {
            flags.Add(StrFlags.Saturated);
        }

        if (peak.Peak.Height >= settings.OverloadRfu)
        {
            flags.Add(StrFlags.Overloaded);
        }

        var nearest = locus.Alleles.MinBy(a => Math.Abs(a.Bp - peak.Size.Bp));
        if (Math.Abs(nearest.Bp - peak.Size.Bp) <= settings.BinHalfWidth)
        {
            return new AlleleCall(nearest.Allele.Name, peak, flags.ToImmutable());
        }

        // Between two integer ladder alleles: n.x with x the whole bp above n (a microvariant such as TH01 9.3).
        var below = locus.Alleles.Where(a => a.Bp < peak.Size.Bp && !a.Allele.Name.Contains('.', StringComparison.Ordinal)).Select(a => ((LadderAllele, double)?)a).LastOrDefault();
        var name = "OL";
        if (below is { } b && int.TryParse(b.Item1.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            var x = (int)Math.Round(peak.Size.Bp - b.Item2);
            if (x >= 1 && x < locus.Locus.RepeatBp)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{n}.{x}");
            }
        }

        issues.Add(Issue.Warning(StrIssues.OffLadder, $"{location} {locus.Locus.Name}",
            $"Peak at {peak.Size.Bp:0.00} bp ({peak.Peak.Height:0} RFU) is in no bin; called {name} (off-ladder)."));
        flags.Add(StrFlags.OffLadder);
        return new AlleleCall(name, peak, flags.ToImmutable());
    }
}
