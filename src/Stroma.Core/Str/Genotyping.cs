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
}

/// <summary>The bins of one run: each ladder allele at the size it was measured in this run's ladder injection.</summary>
/// <param name="Locus">The locus.</param>
/// <param name="Alleles">Allele → measured ladder size (bp), ascending.</param>
public sealed record LocusBins(Locus Locus, ImmutableArray<(LadderAllele Allele, double Bp)> Alleles)
{
    /// <summary>
    /// The signal of an allele in a sized lane: the height of the tallest peak of the locus's channel within
    /// <paramref name="halfWidth"/> bp of the allele's bin, or 0 when there is none (what chimerism quantifies).
    /// </summary>
    public double SignalAt(SizedLane lane, string allele, double halfWidth = 0.5)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var bin = Alleles.First(a => a.Allele.Name == allele).Bp;
        return lane.Peaks.Where(p => p.Channel == Locus.FileChannel && Math.Abs(p.Size.Bp - bin) <= halfWidth).Select(p => p.Peak.Height).DefaultIfEmpty(0).Max();
    }
}

/// <summary>One called allele (or off-ladder peak) with the peak it came from.</summary>
/// <param name="Name">Allele name; "OL" for off-ladder, or a microvariant label such as "9.3" derived between ladder alleles.</param>
/// <param name="Peak">The sized peak.</param>
/// <param name="IsOffLadder">True when the peak fell in no bin.</param>
public sealed record AlleleCall(string Name, SizedPeak Peak, bool IsOffLadder);

/// <summary>The calls at one locus.</summary>
/// <param name="Locus">Locus name.</param>
/// <param name="Alleles">Called alleles, ascending by size.</param>
/// <param name="Filtered">Peaks in the window not called: stutter (n − 1 repeat below a parent) and −A shoulders.</param>
public sealed record LocusCall(string Locus, ImmutableArray<AlleleCall> Alleles, ImmutableArray<(SizedPeak Peak, string Reason)> Filtered)
{
    /// <summary>The genotype as the allele names, for example ["8", "9.3"]; one name for a homozygote.</summary>
    public ImmutableArray<string> Genotype => [.. Alleles.Select(a => a.Name).Distinct()];
}

/// <summary>Settings for allele calling.</summary>
/// <param name="CallThreshold">Peaks under this height (RFU) are not called.</param>
/// <param name="BinHalfWidth">A peak within this many bp of a ladder allele's measured size is that allele (GeneMapper ±0.5).</param>
/// <param name="StutterRatio">A peak one repeat below a larger peak and under this fraction of it is stutter (OSIRIS default 0.15).</param>
/// <param name="MinusARatio">A peak about 1 bp below a larger peak and under this fraction of it is a −A shoulder (OSIRIS 0.3).</param>
/// <param name="PullUpRatio">A peak within half a bin of a peak in another channel and under this fraction of it is pull-up (OSIRIS sample filter 0.2).</param>
public sealed record CallSettings(double CallThreshold = 150, double BinHalfWidth = 0.5, double StutterRatio = 0.15, double MinusARatio = 0.3, double PullUpRatio = 0.2);

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
    /// the offset of the allele before it (so run drift is followed). The walk with the most strong matches and the fewest weak
    /// ones wins (a walk shifted by one repeat lands on stutter). A locus fails, naming the alleles, unless the only alleles
    /// missing are its largest (at most one in ten), which is a warning.
    /// </summary>
    public static ReadResult<ImmutableArray<LocusBins>> CalibrateLadder(Kit kit, SizedLane ladder, string location)
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(ladder);
        var bins = ImmutableArray.CreateBuilder<LocusBins>();
        var issues = new List<Issue>();
        foreach (var locus in kit.Loci)
        {
            // The grid window (where the kit author saw the ladder on their system) widened to the nominal sizes (where it runs on others).
            var (from, to) = (Math.Min(locus.MinGridBp, locus.Ladder[0].NominalBp) - 2, Math.Max(locus.MaxGridBp, locus.Ladder[^1].NominalBp) + 2);
            var window = ladder.Peaks.Where(p => p.Channel == locus.FileChannel && p.Size.Bp >= from && p.Size.Bp <= to).ToList();
            // Every peak proposes where the first allele lies; each start is walked through the alleles (following drift). The walk
            // with the most strong matches wins, then the fewest weak ones (a walk shifted by a repeat puts an allele on stutter),
            // then the most signal.
            var physical = locus with { Ladder = [.. locus.Ladder.Where(a => !a.IsVirtual)] };
            var (matched, missing) = window
                .SelectMany(p => physical.Ladder.Take(1).Select(a => p.Size.Bp - a.NominalBp))
                .Select(start => Walk(physical, window, start))
                .OrderByDescending(w => w.Strong).ThenBy(w => w.Weak).ThenByDescending(w => w.Signal)
                .Select(w => (w.Matched, w.Missing))
                .DefaultIfEmpty(([], [.. physical.Ladder.Select(a => a.Name)]))
                .First();
            // Only the largest alleles may be missing (run off the end of the standard or too faint), and at most one in ten.
            var endOnly = missing.SequenceEqual(physical.Ladder.TakeLast(missing.Count).Select(a => a.Name)) && missing.Count * 10 <= physical.Ladder.Length;
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
            foreach (var virtualAllele in locus.Ladder.Where(a => a.IsVirtual))
            {
                var nearest = matched.MinBy(m => Math.Abs(m.Item1.NominalBp - virtualAllele.NominalBp));
                matched.Add((virtualAllele, virtualAllele.NominalBp + (nearest.Item2 - nearest.Item1.NominalBp)));
            }

            bins.Add(new LocusBins(locus, [.. matched.OrderBy(m => m.Item2)]));
        }

        return issues.Count > 0 && bins.Count == 0 ? ReadResult.Failed<ImmutableArray<LocusBins>>(issues) : ReadResult.Of(bins.ToImmutable(), issues);
    }

    private static (List<(LadderAllele, double)> Matched, List<string> Missing, double Signal, int Strong, int Weak) Walk(Locus locus, List<SizedPeak> window, double offset)
    {
        var heights = new List<double>();
        var matched = new List<(LadderAllele, double)>();
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
            var near = window.Where(p => p.Size.Bp > after + 0.5 && Math.Abs(p.Size.Bp - expected) <= tolerance).ToList();
            var tallest = near.Select(p => p.Peak.Height).DefaultIfEmpty(0).Max();
            var peak = near.Where(p => p.Peak.Height >= tallest / 4).MinBy(p => Math.Abs(p.Size.Bp - expected));
            if (peak is null)
            {
                missing.Add(allele.Name);
                continue;
            }

            matched.Add((allele, peak.Size.Bp));
            previousNominal = allele.NominalBp;
            heights.Add(peak.Peak.Height);
            signal += peak.Peak.Height;
            offset = peak.Size.Bp - allele.NominalBp;
            after = peak.Size.Bp;
        }

        // Ladder alleles differ in height (L to H) but stutter is far lower: under a fifth of the median counts as weak.
        var median = heights.Count == 0 ? 0 : heights.Order().ElementAt(heights.Count / 2);
        var strong = heights.Count(h => h >= median / 5);
        return (matched, missing, signal, strong, heights.Count - strong);
    }

    /// <summary>Calls every locus of a sample lane.</summary>
    public static ReadResult<ImmutableArray<LocusCall>> Call(IReadOnlyList<LocusBins> bins, SizedLane sample, CallSettings settings, string location)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        var issues = new List<Issue>();
        var calls = ImmutableArray.CreateBuilder<LocusCall>();
        foreach (var locus in bins)
        {
            // The locus spans its ladder plus one repeat each side (kit windows of neighbouring loci overlap).
            var margin = locus.Locus.RepeatBp + settings.BinHalfWidth;
            var (low, high) = (locus.Alleles[0].Bp - margin, locus.Alleles[^1].Bp + margin);
            var filtered = new List<(SizedPeak, string)>();
            var peaks = new List<SizedPeak>();
            foreach (var peak in sample.Peaks.Where(p => p.Channel == locus.Locus.FileChannel && p.Size.Bp >= low && p.Size.Bp <= high && p.Peak.Height >= settings.CallThreshold).OrderBy(p => p.Size.Bp))
            {
                // Bleed-through sits at the source's position; on 3100 data it can trail by several scans, so compare sizes.
                var source = sample.Peaks.Where(q => q.Channel != peak.Channel && Math.Abs(q.Size.Bp - peak.Size.Bp) <= settings.BinHalfWidth && q.Peak.Height * settings.PullUpRatio > peak.Peak.Height)
                    .MaxBy(q => q.Peak.Height);
                if (source is not null)
                {
                    filtered.Add((peak, FormattableString.Invariant($"pull-up from channel {source.Channel}")));
                }
                else if (peaks.Count > 0 && peak.Size.Bp - peaks[^1].Size.Bp < settings.BinHalfWidth)
                {
                    // A split top: keep the taller part.
                    filtered.Add(peak.Peak.Height > peaks[^1].Peak.Height ? (peaks[^1], "split peak") : (peak, "split peak"));
                    peaks[^1] = peak.Peak.Height > peaks[^1].Peak.Height ? peak : peaks[^1];
                }
                else
                {
                    peaks.Add(peak);
                }
            }

            var kept = new List<SizedPeak>();
            foreach (var peak in peaks)
            {
                var parent = peaks.Where(p => p.Peak.Height > peak.Peak.Height).Select(p => (Peak: p, Gap: p.Size.Bp - peak.Size.Bp)).ToList();
                if (parent.Any(p => Math.Abs(p.Gap - locus.Locus.RepeatBp) <= 0.8 && peak.Peak.Height < settings.StutterRatio * p.Peak.Peak.Height))
                {
                    filtered.Add((peak, "stutter (n-1)"));
                }
                else if (parent.Any(p => p.Gap is > 0.5 and < 1.5 && peak.Peak.Height < settings.MinusARatio * p.Peak.Peak.Height))
                {
                    filtered.Add((peak, "-A"));
                }
                else
                {
                    kept.Add(peak);
                }
            }

            var alleles = kept.Select(p => Bin(locus, p, settings, location, issues)).ToImmutableArray();
            if (alleles.Select(a => a.Name).Distinct().Count() > 2)
            {
                issues.Add(Issue.Warning(StrIssues.TooManyAlleles, $"{location} {locus.Locus.Name}",
                    $"Expected at most 2 alleles from a single source; found {string.Join(", ", alleles.Select(a => a.Name))} (mixture, contamination or tri-allele)."));
            }

            calls.Add(new LocusCall(locus.Locus.Name, alleles, [.. filtered]));
        }

        return ReadResult.Of(calls.ToImmutable(), issues);
    }

    private static AlleleCall Bin(LocusBins locus, SizedPeak peak, CallSettings settings, string location, List<Issue> issues)
    {
        var nearest = locus.Alleles.MinBy(a => Math.Abs(a.Bp - peak.Size.Bp));
        if (Math.Abs(nearest.Bp - peak.Size.Bp) <= settings.BinHalfWidth)
        {
            return new AlleleCall(nearest.Allele.Name, peak, false);
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
        return new AlleleCall(name, peak, true);
    }
}
