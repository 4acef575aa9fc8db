using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

public sealed class ElectropherogramSimulatorTests
{
    private static Kit Identifiler()
    {
        using var stream = File.OpenRead(TestData.PathOf("str/kits/osiris/Identifiler_LadderInfo.xml"));
        return OsirisKitReader.Read(stream, "Identifiler_LadderInfo.xml").ValueOrThrow();
    }

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
