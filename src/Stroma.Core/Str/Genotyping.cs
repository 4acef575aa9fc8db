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
