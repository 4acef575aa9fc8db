using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

public sealed class ElectropherogramSimulatorTests
{
    private static Kit Identifiler() => Str.StrTestData.Identifiler();

    // Ground truth by construction: every simulated allele sits at its nominal size; after writing, reading back, matching the
    // standard and sizing by Local Southern, each allele peak must be found within 0.1 bp of that size.
    [Fact]
    public void Sample_WrittenAndReadBack_SizesEveryAlleleWhereItWasPlaced()
    {
        var kit = Identifiler();
        var genotype = new Dictionary<string, ImmutableArray<string>> { ["D8S1179"] = ["13"], ["TH01"] = ["8", "9.3"], ["FGA"] = ["23", "24"], ["D5S818"] = ["11"] };
        var settings = new SimulationSettings();

        var bytes = AbifWriter.Write(ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new SimulatedContributor("R", genotype, 1.0)], settings));
        var lane = LaneSizing.Size(AbifReader.ReadOrThrow(bytes, "sim.fsa"), "sim.fsa", SizeStandard.Gs500Liz, kit.StandardFileChannel, new PeakDetectionSettings()).ValueOrThrow();

        Assert.Equal(14, lane.Standard.Matched.Length);
        foreach (var (locusName, alleles) in genotype)
        {
            var locus = kit.Loci.Single(l => l.Name == locusName);
            foreach (var allele in alleles)
            {
                var bp = locus.Ladder.Single(a => a.Name == allele).NominalBp;
                var peak = lane.Peaks.Where(p => p.Channel == locus.FileChannel).MinBy(p => Math.Abs(p.Size.Bp - bp))!;
                Assert.True(Math.Abs(peak.Size.Bp - bp) <= 0.1, $"{locusName} {allele}: placed at {bp} bp, sized {peak.Size.Bp:0.000}");
            }
        }
    }

    // End to end on ground truth: a simulated Identifiler ladder calibrates the bins, a simulated 9947A types as 9947A, and
    // 9947A (recipient) + 9948 (MSC donor) mixtures give the donor's share within 1 percentage point from 1% to 99% (stutter
    // corrected with the simulator's own ratio, 0.08).
    [Fact]
    public void Pipeline_SimulatedRuns_TypeAndQuantifyTheTruth()
    {
        var kit = Identifiler();
        var (recipient, donor) = (Str.StrTestData.ControlGenotypes("9947A"), Str.StrTestData.ControlGenotypes("9948"));
        var settings = new SimulationSettings();
        SizedLane Size(AbifFile file) =>
            LaneSizing.Size(AbifReader.ReadOrThrow(AbifWriter.Write(file), "sim.fsa"), "sim.fsa", SizeStandard.Gs500Liz, kit.StandardFileChannel, new PeakDetectionSettings(MinHeight: 10)).ValueOrThrow();
        var bins = Genotyping.CalibrateLadder(kit, Size(ElectropherogramSimulator.Ladder(kit, SizeStandard.Gs500Liz, settings)), "ladder").ValueOrThrow();

        var calls = Genotyping.Call(bins, Size(ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new("R", recipient, 1.0)], settings)), new CallSettings(), "R").ValueOrThrow();

        Assert.All(calls, c => Assert.Equal(recipient[c.Locus].Distinct(), c.Genotype));
        foreach (var share in new[] { 0.01, 0.03, 0.1, 0.5, 0.9, 0.99 })
        {
            var mixture = Size(ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new("R", recipient, 1 - share), new("M", donor, share)], settings with { Seed = 7 }));
            var loci = bins.Where(b => b.Locus.Name != "AMEL").Select(b => new ChimerismLocus(b.Locus.Name,
                new Dictionary<string, ImmutableArray<string>> { ["R"] = recipient[b.Locus.Name], ["M"] = donor[b.Locus.Name] },
                recipient[b.Locus.Name].Concat(donor[b.Locus.Name]).Distinct().ToDictionary(a => a, a => b.SignalAt(mixture, a)))).ToList();

            var msc = Chimerism.Estimate(loci, new ChimerismSettings(StutterHandling.Correct, 0.08, LimitOfDetectionPercent: 0.5)).Single(c => c.Contributor == "M");

            Assert.True(Math.Abs(msc.Percent!.Value - (share * 100)) <= 1.0, $"{share:P0}: {msc.Text}");
        }
    }

    [Fact]
    public void Sample_Saturating_IsClampedAndFlagged()
    {
        var kit = Identifiler();
        var genotype = new Dictionary<string, ImmutableArray<string>> { ["D8S1179"] = ["13"] };

        var file = ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new SimulatedContributor("R", genotype, 1.0)], new SimulationSettings(AlleleHeight: 30000, SaturationCap: 8000));
        var peaks = TraceProcessing.FindPeaks(file.RawTrace(1)!.Value.AsSpan(), new PeakDetectionSettings(SaturationCap: 8000));

        Assert.Equal(8000, file.RawTrace(1)!.Value.Max());
        Assert.Contains(peaks, p => p.IsSaturated);
    }

    [Fact]
    public void Simulator_SameSettings_GivesTheSameFile()
    {
        var kit = Identifiler();
        var genotype = new Dictionary<string, ImmutableArray<string>> { ["D8S1179"] = ["13", "14"] };

        var first = AbifWriter.Write(ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new SimulatedContributor("R", genotype, 1.0)], new SimulationSettings()));
        var second = AbifWriter.Write(ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new SimulatedContributor("R", genotype, 1.0)], new SimulationSettings()));

        Assert.Equal(first, second);
    }
}
