using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

// Ground truth by construction (issue 16 §2: "the simulator's three-genome runs still within 1 pp"): simulated runs of the synthetic
// kit — a recipient, a kidney donor and an MSC donor typed alone, and a sample made of the three at known shares — analysed end to
// end (sizing, calling, StrChimerism with the sample's noise floor and each reference's allele balance); every detected share within
// 1 percentage point of the share it was made with, and the contributors adding up. Measured: within 0.9 pp (the 90 % MSC donor
// of 5/5/90 reads 89.1 %). At 1 % a donor is not detected at the default 50 RFU analytical threshold (95/4/1: the MSC donor reads
// "not detected (< 0.5 %)"), and at 98/1/1 the recipient, had by difference where both donors vanish, reads 99.2 %: the simulated
// run's limit of detection, not a bias.
public sealed class ThreeGenomeSimulationTests
{
    private static readonly Kit Kit = SyntheticKit.Kit;
    private static readonly SimulationSettings Settings = new();

    private static readonly Lazy<(LadderRun Ladder, ChimerismReference[] References)> Run = new(() =>
    {
        var ladder = StrAnalysis.Ladder(ElectropherogramSimulator.Ladder(Kit, SizeStandard.Gs500Liz, Settings), "ladder.fsa", Kit, null, StrSettings.Default).ValueOrThrow();
        ChimerismReference Reference(string role, int offset, int seed) => new(role, Analyze(ladder, [new(role, Genotype(offset), 1)], seed));
        return (ladder, [Reference("recipient", 0, 2), Reference("kidney-donor", 3, 3), Reference("msc-donor", 6, 4)]);
    });

    [Theory]
    [InlineData(0.90, 0.08, 0.02)]
    [InlineData(0.95, 0.03, 0.02)]
    [InlineData(0.50, 0.30, 0.20)]
    [InlineData(0.20, 0.70, 0.10)]
    [InlineData(0.05, 0.05, 0.90)]
    public void Chimerism_SimulatedThreeGenomes_RecoversEveryShare(double recipient, double kidney, double msc)
    {
        var (ladder, references) = Run.Value;
        var truth = new Dictionary<string, double> { ["recipient"] = recipient, ["kidney-donor"] = kidney, ["msc-donor"] = msc };
        var sample = Analyze(ladder, [.. truth.Select((t, i) => new SimulatedContributor(t.Key, Genotype(3 * i), t.Value))], 5);

        var run = StrChimerism.Analyze(ladder, references, sample.Lane, new ChimerismSettings(StutterHandling.Correct, 0.08, 0.5), PeakSignal.Height, sample);

        Assert.Null(StrChimerism.Consistency(run, "sample"));
        foreach (var c in run.Contributors)
        {
            Assert.True(c.Percent is not null, $"{c.Contributor}: {c.Text}");
            Assert.True(Math.Abs(c.Percent.Value - (100 * truth[c.Contributor])) <= 1.0, $"{c.Contributor}: {c.Text}, made at {100 * truth[c.Contributor]} %");
        }
    }

    private static SampleAnalysis Analyze(LadderRun ladder, SimulatedContributor[] contributors, int seed) =>
        StrAnalysis.Sample(ElectropherogramSimulator.Sample(Kit, SizeStandard.Gs500Liz, contributors, Settings with { Seed = seed }), "sim.fsa", ladder, null, StrSettings.Default, SampleRole.Sample).ValueOrThrow();

    // Alleles spread along each ladder so that the three people differ at most loci (as the CLI's simulated runs).
    private static Dictionary<string, ImmutableArray<string>> Genotype(int offset) =>
        Kit.Loci.Select((l, i) => (l, i)).ToDictionary(x => x.l.Name, x => ImmutableArray.Create(x.l.Ladder[(offset + x.i) % x.l.Ladder.Length].Name, x.l.Ladder[(offset + (2 * x.i) + 4) % x.l.Ladder.Length].Name));
}
