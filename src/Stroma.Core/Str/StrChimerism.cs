using System.Collections.Immutable;
using Stroma.Core.Diagnostics;
using MathNet.Numerics.Statistics;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Str;

/// <summary>A reference profile for chimerism: who it is and the analysis of its pre-treatment sample.</summary>
/// <param name="Role">The contributor's role (recipient, kidney-donor, msc-donor …).</param>
/// <param name="Analysis">Its analysed reference sample.</param>
public sealed record ChimerismReference(string Role, SampleAnalysis Analysis);

/// <summary>A locus left out of a chimerism analysis, and why.</summary>
/// <param name="Locus">Locus.</param>
/// <param name="Reason">Why.</param>
public sealed record SkippedLocus(string Locus, string Reason);

/// <summary>Chimerism from a run's files: the loci used (references' calls, the sample's signals) and those left out.</summary>
/// <param name="Loci">Loci with every contributor's genotype and the sample's signal at each reference allele.</param>
/// <param name="Skipped">Loci left out, with the reason.</param>
/// <param name="Contributors">Each contributor's estimate.</param>
/// <param name="LeastSquares">The constrained least-squares share of each contributor (two or three contributors), or empty.</param>
/// <param name="Signal">Which peak measure was used.</param>
/// <param name="Foreign">Real peaks of the sample at alleles of no reference (empty when the sample's calls were not given).</param>
public sealed record ChimerismRun(
    ImmutableArray<ChimerismLocus> Loci, ImmutableArray<SkippedLocus> Skipped, ImmutableArray<ContributorChimerism> Contributors,
    ImmutableDictionary<string, double> LeastSquares, PeakSignal Signal, ImmutableArray<ForeignAllele> Foreign)
{
    /// <summary>
    /// The share (%) of the sample's real allele signal, over the loci used, at alleles of no reference; null when the sample's calls
    /// were not given. A mixture of its references leaves only artefacts there (about 1 %).
    /// </summary>
    public double? UnexplainedPercent { get; init; }
}

/// <summary>
/// A peak of the post-treatment sample at an allele that no reference has: contamination, a sample mix-up, or a contributor who was
/// not typed (a second graft, a transfusion). Only peaks the sample's own calling kept as real count — called, or set aside only as
/// below the fraction of the locus's tallest peak — never one taken for stutter, −A, pull-up, a spike or a dye blob.
/// </summary>
/// <param name="Locus">Locus.</param>
/// <param name="Allele">Allele name (or "OL" for an off-ladder peak).</param>
/// <param name="SizeBp">Its size (bp).</param>
/// <param name="Height">Peak height (RFU).</param>
/// <param name="PercentOfLocus">Its height as a share of every real peak's height at the locus (%).</param>
public sealed record ForeignAllele(string Locus, string Allele, double SizeBp, double Height, double PercentOfLocus);

/// <summary>Chimerism from analysed runs (research/str.md §4): references typed in the same run, the sample's peaks at their alleles.</summary>
public static class StrChimerism
{
    /// <summary>
    /// Builds the loci (sex markers — AMEL, Yindel, DYS… — are left out; so is any locus where a reference has no call, more than two
    /// alleles, or an allele without a bin in this run) and estimates every contributor's share. Each dye's noise floor (the lower
    /// quartile of the sample's signal at ladder positions where no contributor has an allele, its stutter or −A) is taken off every
    /// signal of that dye (<see cref="ChimerismLocus.NoiseFloor"/>).
    /// </summary>
    public static ChimerismRun Analyze(
        LadderRun ladder, IReadOnlyList<ChimerismReference> references, SizedLane sample, ChimerismSettings settings, PeakSignal signal = PeakSignal.Height, SampleAnalysis? sampleCalls = null)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(settings);
        var loci = ImmutableArray.CreateBuilder<ChimerismLocus>();
        // Peaks the sample's own calling took for bleed-through from another dye, a spike or a dye blob (by position and shape, not
        // by height beside a taller allele) carry no DNA: an allele's signal passes over them.
        // A reviewer's rejected call is set aside the same way; a relabelled call is read on its own peak as its new allele, and its
        // peak no longer counts for the bin it lies in.
        var artefacts = sampleCalls?.Loci.SelectMany(l => l.Filtered).Where(f => f.Flag is StrFlags.PullUp or StrFlags.Spike or StrFlags.DyeBlob or StrFlags.Rejected)
            .Select(f => f.Peak).Concat(Relabelled(sampleCalls).Select(r => r.Call.Peak)).ToHashSet() ?? [];
        var skipped = ImmutableArray.CreateBuilder<SkippedLocus>();
        foreach (var bins in ladder.Bins)
        {
            var name = bins.Locus.Name;
            if (Amelogenin.IsLocus(name) || name is "Yindel" || name.StartsWith("DYS", StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add(new SkippedLocus(name, "sex marker"));
                continue;
            }

            var genotypes = references.ToDictionary(r => r.Role, r => r.Analysis.Loci.FirstOrDefault(l => l.Locus == name)?.Genotype ?? []);
            var problem = genotypes.Select(g => g.Value.Length switch
            {
                0 => $"{g.Key} has no call",
                > 2 => $"{g.Key} has {g.Value.Length} alleles",
                _ => g.Value.FirstOrDefault(a => bins.Alleles.All(b => b.Allele.Name != a)) is { } unbinned ? $"{g.Key}'s allele {unbinned} has no bin in this run" : null,
            }).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                skipped.Add(new SkippedLocus(name, problem));
                continue;
            }

            var alleles = genotypes.Values.SelectMany(g => g).Distinct(StringComparer.Ordinal);
            loci.Add(new ChimerismLocus(name, genotypes, alleles.ToDictionary(a => a, a => SignalAt(bins, sample, a, signal, artefacts, sampleCalls), StringComparer.Ordinal))
            {
                Balance = references.Select(r => (r.Role, Shares: Balance(r.Analysis, bins, signal))).Where(b => b.Shares is not null).ToDictionary(b => b.Role, b => (IReadOnlyDictionary<string, double>)b.Shares!),
                SizesBp = bins.Alleles.Where(b => genotypes.Values.Any(g => g.Contains(b.Allele.Name))).ToDictionary(b => b.Allele.Name, b => b.Bp, StringComparer.Ordinal),
            });
        }

        var built = WithNoiseFloors(ladder, loci.ToImmutable(), sample, signal, artefacts);
        var contributors = Chimerism.Estimate(built, settings);
        var lsq = references.Count is 2 or 3 && built.Length > 0 ? Chimerism.LeastSquares(built) : ImmutableDictionary<string, double>.Empty;
        var (foreign, unexplained) = sampleCalls is null ? ([], null) : Foreign(ladder, built, sampleCalls);
        return new ChimerismRun(built, skipped.ToImmutable(), contributors, lsq, signal, foreign) { UnexplainedPercent = unexplained };
    }

    // The first two references whose genotypes are the same at every locus used (alleles compared as sets), or null.
    private static (string First, string Second)? Indistinguishable(ChimerismRun run)
    {
        if (run.Loci.IsEmpty)
        {
            return null;
        }

        var roles = run.Loci.SelectMany(l => l.References.Keys).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < roles.Count; i++)
        {
            for (var j = i + 1; j < roles.Count; j++)
            {
                var (a, b) = (roles[i], roles[j]);
                if (run.Loci.All(l =>
                    l.References.TryGetValue(a, out var ga) && l.References.TryGetValue(b, out var gb) && ga.ToHashSet(StringComparer.Ordinal).SetEquals(gb)))
                {
                    return (a, b);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The largest share (%) of the sample's allele signal that may belong to no reference before the sample is refused: artefacts
    /// that pass calling leave 0–0.8 % on in-silico mixtures of real Identifiler, GlobalFiler and PowerPlex 16 traces, while a
    /// contributor left out (an untyped kidney donor at 8 %) leaves about its share, and every other share is then read too high.
    /// </summary>
    public const double UnexplainedLimitPercent = 5;

    /// <summary>
    /// Whether the sample is a mixture of its references, or an error saying why not: two references the loci cannot tell apart
    /// (STR026); more than
    /// <see cref="UnexplainedLimitPercent"/> of its allele signal at alleles of no reference (another person, or a contributor
    /// without a reference), or contributors that do not add up (<see cref="Chimerism.CheckSum"/>). Such a sample's shares are not
    /// reported.
    /// </summary>
    public static Issue? Consistency(ChimerismRun run, string location)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Indistinguishable(run) is { } same)
        {
            return Issue.Error(StrIssues.ReferencesIndistinguishable, location,
                $"Expected references that differ at some locus; {same.First} and {same.Second} have the same genotype at all {run.Loci.Length} loci used (the same file or person given twice, or identical twins): no share can tell them apart, and none is reported.");
        }

        if (run.UnexplainedPercent is > UnexplainedLimitPercent and var unexplained)
        {
            return Issue.Error(StrIssues.InconsistentWithReferences, location,
                $"Expected the sample's alleles to be its references' ({string.Join(", ", run.Contributors.Select(c => c.Contributor))}); {unexplained:0.0} % of its allele signal belongs to none of them (limit {UnexplainedLimitPercent:0} %): another person, a mix-up, or a contributor without a reference. No share is reported.");
        }

        return Chimerism.CheckSum(run.Contributors, location);
    }

    /// <summary>
    /// Where the noise floor of a dye is read, as a quantile of the signals at its free ladder positions: the lower quartile. Free
    /// positions still hold some artefacts (half-repeat stutter, pull-up, a distant allele's −A), so the median reads the floor high:
    /// on in-silico mixtures of real Identifiler and GlobalFiler traces it took 1.1 percentage points too much from a 2 % contributor
    /// seen at the noise; the 20th–35th percentiles all keep every pair of persons within 1 pp.
    /// </summary>
    public const double NoiseFloorQuantile = 0.25;

    // The noise floor of each dye: the lower quartile of the sample's signal at the ladder positions of its loci where no contributor
    // has an allele, its stutter (one repeat either side, two below) or its −A shoulder. A small contributor's allele is read on top of
    // the large one's noise there (the tallest peak within half a bp): at 1 % of a 600 RFU FGA allele, 6 RFU beside 25 RFU of noise.
    private static ImmutableArray<ChimerismLocus> WithNoiseFloors(LadderRun ladder, ImmutableArray<ChimerismLocus> loci, SizedLane sample, PeakSignal signal, HashSet<SizedPeak> artefacts)
    {
        var byChannel = new Dictionary<int, List<double>>();
        foreach (var locus in loci)
        {
            var bins = ladder.Bins.First(b => b.Locus.Name == locus.Name);
            var repeat = bins.Locus.RepeatBp;
            var taken = locus.SizesBp.Values.ToList();
            var free = bins.Alleles.Where(b => taken.All(t => Math.Abs(b.Bp - t) > 1.5 && Math.Abs(b.Bp - (t - repeat)) > 1.5 && Math.Abs(b.Bp - (t + repeat)) > 1.5 && Math.Abs(b.Bp - (t - (2 * repeat))) > 1.5));
            if (!byChannel.TryGetValue(bins.Locus.FileChannel, out var values))
            {
                byChannel[bins.Locus.FileChannel] = values = [];
            }

            values.AddRange(free.Select(b => bins.SignalAt(sample, b.Allele.Name, signal: signal, artefacts: artefacts)));
        }

        var floors = byChannel.ToDictionary(c => c.Key, c => c.Value.Count == 0 ? 0 : Statistics.Quantile(c.Value, NoiseFloorQuantile));
        return [.. loci.Select(l => l with { NoiseFloor = floors[ladder.Bins.First(b => b.Locus.Name == l.Name).Locus.FileChannel] })];
    }

    // A reference's allele balance at a locus: each allele's share of its signal there (1 for a homozygote), measured as the sample
    // is (height or area, the tallest peak within half a bp of the bin); none when a peak is saturated (its height says nothing).
    private static Dictionary<string, double>? Balance(SampleAnalysis reference, LocusBins bins, PeakSignal signal)
    {
        if (reference.Loci.FirstOrDefault(l => l.Locus == bins.Locus.Name) is not { } call || call.Alleles.Any(a => a.Peak.Peak.IsSaturated))
        {
            return null;
        }

        var signals = call.Genotype.ToDictionary(a => a, a => SignalAt(bins, reference.Lane, a, signal, null, reference), StringComparer.Ordinal);
        var total = signals.Values.Sum();
        return total > 0 && signals.Values.All(v => v > 0) ? signals.ToDictionary(p => p.Key, p => p.Value / total, StringComparer.Ordinal) : null;
    }

    // The calls a reviewer relabelled (their peak is their new allele's, wherever it lies).
    private static IEnumerable<(string Locus, AlleleCall Call)> Relabelled(SampleAnalysis? calls) =>
        calls?.Loci.SelectMany(l => l.Alleles.Where(a => a.Flags.Contains(StrFlags.Relabelled)).Select(a => (l.Locus, a))) ?? [];

    // An allele's signal: a relabelled call's own peak, else the tallest peak in the allele's bin (artefacts passed over).
    private static double SignalAt(LocusBins bins, SizedLane lane, string allele, PeakSignal signal, IReadOnlySet<SizedPeak>? artefacts, SampleAnalysis? calls) =>
        Relabelled(calls).Where(r => r.Locus == bins.Locus.Name && r.Call.Name == allele).Select(r => r.Call.Peak).FirstOrDefault() is { } own
            ? (signal == PeakSignal.Area ? own.Peak.Area : own.Peak.Height)
            : bins.SignalAt(lane, allele, signal: signal, artefacts: artefacts);

    // The sample's real peaks (called, or set aside only for being small beside the tallest) at alleles of no reference.
    private static (ImmutableArray<ForeignAllele> Found, double? UnexplainedPercent) Foreign(LadderRun ladder, ImmutableArray<ChimerismLocus> loci, SampleAnalysis sample)
    {
        var found = ImmutableArray.CreateBuilder<ForeignAllele>();
        var (all, unexplained) = (0.0, 0.0);
        foreach (var locus in loci)
        {
            if (sample.Loci.FirstOrDefault(l => l.Locus == locus.Name) is not { } calls || ladder.Bins.FirstOrDefault(b => b.Locus.Name == locus.Name) is not { } bins)
            {
                continue;
            }

            var known = locus.References.Values.SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
            var real = calls.Alleles.Select(a => (a.Name, a.Peak))
                .Concat(calls.Filtered.Where(f => f.Flag == StrFlags.BelowFractionOfMax)
                    .Select(f => (Name: bins.Alleles.Where(b => Math.Abs(b.Bp - f.Peak.Size.Bp) <= 0.5).Select(b => b.Allele.Name).FirstOrDefault() ?? "OL", f.Peak)))
                .ToList();
            var total = real.Sum(r => r.Peak.Peak.Height);
            var foreign = real.Where(r => !known.Contains(r.Name)).ToList();
            found.AddRange(foreign.Select(r => new ForeignAllele(locus.Name, r.Name, r.Peak.Size.Bp, r.Peak.Peak.Height, 100 * r.Peak.Peak.Height / total)));
            (all, unexplained) = (all + total, unexplained + foreign.Sum(r => r.Peak.Peak.Height));
        }

        return (found.ToImmutable(), all > 0 ? 100 * unexplained / all : null);
    }
}
