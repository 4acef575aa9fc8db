using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Str;

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
            // The channel's peaks by size once (stably, as each locus's window was sorted); each locus takes its stretch of them.
            var peaks = ladder.Peaks.Where(p => p.Channel == channel.Key && !double.IsNaN(p.Size.Bp)).OrderBy(p => p.Size.Bp).ToArray();
            var sizes = Array.ConvertAll(peaks, p => p.Size.Bp);
            var chosen = Place(loci.Select(l => Candidates(l, peaks, sizes)).ToList());
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
    // channelPeaks: the ladder lane's peaks of the locus's channel by size; channelSizes: their sizes.
    private static List<LadderWalk> Candidates(Locus locus, SizedPeak[] channelPeaks, double[] channelSizes)
    {
        // The grid window (where the kit author saw the ladder on their system) widened to the nominal sizes (where it runs on others).
        var (from, to) = (Math.Min(locus.MinGridBp, locus.Ladder[0].NominalBp) - 2, Math.Max(locus.MaxGridBp, locus.Ladder[^1].NominalBp) + 2);
        var (start, end) = Range(channelSizes, from, to);
        var window = channelPeaks[start..end];
        // Every substantial peak (a twentieth of the window's tallest; ladder alleles differ a few-fold, noise far more) proposes
        // where the first allele lies; each start is walked through the alleles (following drift).
        var physical = locus with { Ladder = [.. locus.Ladder.Where(a => !a.IsVirtual)] };
        var floor = window.Select(p => p.Peak.Height).DefaultIfEmpty(0).Max() / 20;
        // Every walk reads the window's sizes and heights many times: as plain arrays, not through each peak's records.
        var (sizes, heights) = (channelSizes[start..end], window.Select(p => p.Peak.Height).ToArray());
        // Starts whose walks make the same first match walk on alike from there: each such walk is made once.
        var walks = new Dictionary<(int Allele, int Peak), LadderWalk>();
        return [.. window
            .Where(p => p.Peak.Height >= floor && !physical.Ladder.IsEmpty)
            .Select(p => Walk(physical, window, sizes, heights, p.Size.Bp - physical.Ladder[0].NominalBp, walks))
            .Where(w => w.Matched.Count > 0)
            .Distinct(SameScans.Instance)
            .OrderByDescending(w => w.Strong).ThenBy(w => w.Weak).ThenByDescending(w => w.Signal)
            .Take(6)];
    }

    // Walks that matched peaks at the same scans, in the same order, are one.
    private sealed class SameScans : IEqualityComparer<LadderWalk>
    {
        public static SameScans Instance { get; } = new();

        public bool Equals(LadderWalk? x, LadderWalk? y)
        {
            if (x is null || y is null || x.Matched.Count != y.Matched.Count)
            {
                return ReferenceEquals(x, y);
            }

            for (var i = 0; i < x.Matched.Count; i++)
            {
                if (x.Matched[i].Peak.Peak.ApexScan != y.Matched[i].Peak.Peak.ApexScan)
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(LadderWalk obj)
        {
            var hash = new HashCode();
            foreach (var (_, peak) in obj.Matched)
            {
                hash.Add(peak.Peak.ApexScan);
            }

            return hash.ToHashCode();
        }
    }

    // The best walk per locus (loci in size order) such that no two loci claim the same peak: dynamic programming over neighbours
    // (only loci next to each other overlap), maximising strong matches, then fewest weak, then signal; a locus may take none.
    private static LadderWalk?[] Place(List<List<LadderWalk>> candidates)
    {
        static (int Strong, int Weak, double Signal) Add((int Strong, int Weak, double Signal) total, LadderWalk? w) =>
            w is null ? total : (total.Strong + w.Strong, total.Weak + w.Weak, total.Signal + w.Signal);
        static bool Better((int Strong, int Weak, double Signal) a, (int Strong, int Weak, double Signal) b) =>
            a.Strong != b.Strong ? a.Strong > b.Strong : a.Weak != b.Weak ? a.Weak < b.Weak : a.Signal > b.Signal;
        // A walk matches peaks in strictly increasing size, so a peak both claim is found by merging the two lists by size.
        static bool Compatible(LadderWalk? a, LadderWalk? b)
        {
            if (a is null || b is null)
            {
                return true;
            }

            var (i, j) = (0, 0);
            while (i < a.Matched.Count && j < b.Matched.Count)
            {
                var (x, y) = (a.Matched[i].Peak, b.Matched[j].Peak);
                if (ReferenceEquals(x, y))
                {
                    return false;
                }

                if (x.Size.Bp <= y.Size.Bp)
                {
                    i++;
                }

                if (y.Size.Bp <= x.Size.Bp)
                {
                    j++;
                }
            }

            return true;
        }

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

    // window: the peaks by size; sizes and heights: theirs. After its first match a walk depends only on that allele and peak (the
    // offset, the last size and the last nominal size all come from them; every allele before it is missing), so a walk that makes
    // a first match already in `walks` is that walk.
    private static LadderWalk Walk(Locus locus, SizedPeak[] window, double[] sizes, double[] heights, double offset, Dictionary<(int Allele, int Peak), LadderWalk> walks)
    {
        (int Allele, int Peak)? firstMatch = null;
        var index = -1;
        var matched = new List<(LadderAllele, SizedPeak)>(locus.Ladder.Length);
        List<string>? missing = null;
        var signal = 0.0;
        var after = double.MinValue;
        var previousNominal = locus.Ladder.IsEmpty ? 0 : locus.Ladder[0].NominalBp;
        var (first, last) = (-1, -1);
        foreach (var allele in locus.Ladder)
        {
            index++;
            // Each ladder peak serves one allele: a microvariant 1 bp from its neighbour (TH01 9.3 and 10) must not share its peak.
            // The nearest substantial peak (at least a quarter of the tallest within 1 bp): nearest, because 9.3 and 10 are 1 bp apart.
            var expected = allele.NominalBp + offset;
            // Drift grows with distance: across a wide gap in the ladder (FGA 33.2 to 42.2, 36 bp) allow 5% of the gap more.
            var tolerance = 1.0 + (0.05 * (allele.NominalBp - previousNominal));
            // Each allele's range lies a few peaks on from the last one's: looked for from there (the same bounds as a binary search).
            (first, last) = first < 0
                ? Range(sizes, Math.Max(expected - tolerance, after + 0.5 + 1e-9), expected + tolerance)
                : RangeFrom(sizes, Math.Max(expected - tolerance, after + 0.5 + 1e-9), expected + tolerance, first);
            var tallest = 0.0;
            for (var i = first; i < last; i++)
            {
                tallest = Math.Max(tallest, heights[i]);
            }

            var nearest = -1;
            for (var i = first; i < last; i++)
            {
                if (heights[i] >= tallest / 4 && (nearest < 0 || Math.Abs(sizes[i] - expected) < Math.Abs(sizes[nearest] - expected)))
                {
                    nearest = i;
                }
            }

            if (nearest < 0)
            {
                (missing ??= []).Add(allele.Name);
                continue;
            }

            if (firstMatch is null)
            {
                firstMatch = (index, nearest);
                if (walks.TryGetValue(firstMatch.Value, out var known))
                {
                    return known;
                }
            }

            var peak = window[nearest];
            matched.Add((allele, peak));
            previousNominal = allele.NominalBp;
            signal += heights[nearest];
            offset = sizes[nearest] - allele.NominalBp;
            after = sizes[nearest];
        }

        // Ladder alleles differ in height (L to H) but stutter is far lower: under a fifth of the median counts as weak.
        Span<double> matchedHeights = matched.Count <= 256 ? stackalloc double[matched.Count] : new double[matched.Count];
        for (var i = 0; i < matched.Count; i++)
        {
            matchedHeights[i] = matched[i].Item2.Peak.Height;
        }

        matchedHeights.Sort();
        var median = matchedHeights.IsEmpty ? 0 : matchedHeights[matchedHeights.Length / 2];
        var strong = 0;
        foreach (var h in matchedHeights)
        {
            strong += h >= median / 5 ? 1 : 0;
        }

        var walk = new LadderWalk(matched, missing ?? [], signal, strong, matched.Count - strong);
        if (firstMatch is { } key)
        {
            walks[key] = walk;
        }

        return walk;
    }

    // Range, found by stepping from index `from` (cheaper than a binary search when the range is near it).
    private static (int First, int Last) RangeFrom(ReadOnlySpan<double> sizes, double low, double high, int from)
    {
        var first = LowerFrom(sizes, low, from);
        return (first, Math.Max(first, LowerFrom(sizes, Math.BitIncrement(high), first)));

        // The first index whose size is at least bp: the one index with sizes[i − 1] < bp <= sizes[i], wherever the search starts.
        static int LowerFrom(ReadOnlySpan<double> sizes, double bp, int i)
        {
            while (i > 0 && sizes[i - 1] >= bp)
            {
                i--;
            }

            while (i < sizes.Length && sizes[i] < bp)
            {
                i++;
            }

            return i;
        }
    }

    // The index range [first, last) of the peaks (their sizes ascending) sized within [low, high].
    private static (int First, int Last) Range(ReadOnlySpan<double> sizes, double low, double high)
    {
        var first = Lower(sizes, low);
        return (first, Math.Max(first, Lower(sizes, Math.BitIncrement(high))));

        static int Lower(ReadOnlySpan<double> sizes, double bp)
        {
            int lo = 0, hi = sizes.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sizes[mid] < bp)
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
        var sizes = Array.ConvertAll(sorted, p => p.Size.Bp);
        foreach (var locus in bins)
        {
            var name = locus.Locus.Name;
            // The repeat is derived from the ladder when the kit does not state it: worked out once per locus, not per peak.
            var repeat = locus.Locus.RepeatBp;
            // The locus spans its ladder plus one repeat each side (kit windows of neighbouring loci overlap).
            var margin = repeat + settings.BinHalfWidth;
            var (low, high) = (locus.Alleles[0].Bp - margin, locus.Alleles[^1].Bp + margin);
            var filtered = new List<FilteredPeak>();
            var peaks = new List<SizedPeak>();
            var (first, last) = Range(sizes, low, high);
            for (var k = first; k < last; k++)
            {
                var peak = sorted[k];
                if (peak.Channel != locus.Locus.FileChannel || peak.Peak.Height < settings.CallThreshold)
                {
                    continue;
                }

                // Bleed-through sits at the source's position; on 3100 data it can trail by several scans, so compare sizes.
                var (near, far) = Range(sizes, peak.Size.Bp - settings.BinHalfWidth, peak.Size.Bp + settings.BinHalfWidth);
                if (PullUpSource(sorted, near, far, peak, settings.PullUpRatio) is { } source)
                {
                    filtered.Add(new FilteredPeak(peak, StrFlags.PullUp, Percent(peak, source, $"peak in channel {source.Channel} at {source.Size.Bp:0.00} bp")));
                }
                else if (Artefact(sorted, sizes, peak, widths) is { } artefact)
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
                // The first taller peak of the locus one repeat above, else the first about 1 bp above.
                var (stutterParent, adenylated) = ((SizedPeak?)null, (SizedPeak?)null);
                foreach (var p in peaks)
                {
                    if (p.Peak.Height <= peak.Peak.Height)
                    {
                        continue;
                    }

                    var gap = p.Size.Bp - peak.Size.Bp;
                    if (stutterParent is null && Math.Abs(gap - repeat) <= 0.8 && peak.Peak.Height < stutterRatio * p.Peak.Height)
                    {
                        stutterParent = p;
                        break;
                    }

                    if (adenylated is null && gap is > 0.5 and < 1.5 && peak.Peak.Height < settings.MinusARatio * p.Peak.Height)
                    {
                        adenylated = p;
                    }
                }

                if (stutterParent is not null)
                {
                    filtered.Add(new FilteredPeak(peak, StrFlags.Stutter, Percent(peak, stutterParent, "peak one repeat above") + Invariant($" (limit {stutterRatio:0%})")));
                }
                else if (adenylated is not null)
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

    // The tallest peak of another channel within [near, far) that this one is under PullUpRatio of (the first of equals), or null.
    private static SizedPeak? PullUpSource(SizedPeak[] sorted, int near, int far, SizedPeak peak, double ratio)
    {
        SizedPeak? source = null;
        for (var k = near; k < far; k++)
        {
            var q = sorted[k];
            if (q.Channel != peak.Channel && q.Peak.Height * ratio > peak.Peak.Height && (source is null || q.Peak.Height > source.Peak.Height))
            {
                source = q;
            }
        }

        return source;
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
    private static FilteredPeak? Artefact(SizedPeak[] sorted, double[] sizes, SizedPeak peak, Dictionary<int, double> widths)
    {
        var typical = widths.GetValueOrDefault(peak.Channel);
        if (typical <= 0)
        {
            return null;
        }

        if (peak.Peak.HalfWidth <= typical / 2)
        {
            // ±1.5 scans is well within ±1 bp on every instrument.
            var (near, far) = Range(sizes, peak.Size.Bp - 1, peak.Size.Bp + 1);
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
