using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Str;

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
