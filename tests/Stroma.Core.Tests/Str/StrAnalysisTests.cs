using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

// The OSIRIS artefact exemplars (shared osiris/identifiler/artifact_*.fsa, PROVENANCE.md) must each be flagged for the artefact
// they were published to show, and the run's controls judged against their expected results (9947A from the shared
// StandardPositiveControlList.tab).
public sealed class StrAnalysisTests
{
    private const string Run2002Ladder = "A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa";
    private const string Run2003Ladder = "A01_LADDER_Run_3100_1465_027_2003-01-06_445_01.fsa";

    private static readonly Lazy<Kit> Kit = new(StrTestData.Identifiler);

    private static AbifFile Read(string name) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/identifiler/{name}"), name);

    private static LadderRun Ladder(string name) => StrAnalysis.Ladder(Read(name), name, Kit.Value, "GS500LIZ", StrSettings.Default).ValueOrThrow();

    private static SampleAnalysis Analyze(string name, string ladder, SampleRole role = SampleRole.Sample, (string, IReadOnlyDictionary<string, ImmutableArray<string>>)? expected = null) =>
        StrAnalysis.Sample(Read(name), name, Ladder(ladder), "GS500LIZ", StrSettings.Default, role, expected).Value!;

    private static LocusCall Locus(SampleAnalysis sample, string locus) => sample.Loci.Single(l => l.Locus == locus);

    [Theory]
    [InlineData("Identifiler_LADDER.fsa")]
    [InlineData(Run2002Ladder)]
    [InlineData(Run2003Ladder)]
    public void Check_IdentifilerLadders_AreComplete(string name)
    {
        var ladder = Ladder(name);

        var check = StrAnalysis.Check(ladder);

        Assert.True(check.Passed, string.Join("; ", check.Differences));
        Assert.Equal(ladder.Expected, ladder.Found);
    }

    [Fact]
    public void Sample_PositiveControl_PassesAs9947AAndFailsAs9948NamingTheLoci()
    {
        var passed = Analyze("Positive_Control.fsa", "Identifiler_LADDER.fsa", SampleRole.PositiveControl, ("9947A", StrTestData.ControlGenotypes("9947A")));
        var failed = StrAnalysis.Sample(Read("Positive_Control.fsa"), "Positive_Control.fsa", Ladder("Identifiler_LADDER.fsa"), "GS500LIZ", StrSettings.Default,
            SampleRole.PositiveControl, ("9948", StrTestData.ControlGenotypes("9948")));

        Assert.True(passed.Check!.Passed, string.Join("; ", passed.Check.Differences));
        Assert.False(failed.Value!.Check!.Passed);
        Assert.Contains(failed.Value.Check.Differences, d => d.StartsWith("D8S1179: expected 12, 13, found 13", StringComparison.Ordinal));
        Assert.Contains(failed.Issues, i => i.Code == StrIssues.ControlFailed);
    }

    // The 2005 PowerPlex 16 run (shared osiris/powerplex16): its ILS600 is weak (most fragments 110–280 RFU), so under the default
    // standard-height rule the lanes are refused (SIZE004); a lab that accepts 100 RFU gets all 21 fragments it ran (600 bp ran off the
    // end), the complete ladder, and the kit control typing as 9947A at all 16 loci (PROVENANCE.md guessed 2800M; it is 9947A).
    [Fact]
    public void PowerPlex16_WeakStandard_IsRefusedByDefaultAndTypes9947AWhenAccepted()
    {
        var kit = Pp16();
        var accepting = StrSettings.Default with { MinStandardHeight = 100 };

        var refused = StrAnalysis.Ladder(Pp16File("PP16_LADDER.fsa"), "PP16_LADDER.fsa", kit, "ILS600", StrSettings.Default);
        var ladder = StrAnalysis.Ladder(Pp16File("PP16_LADDER.fsa"), "PP16_LADDER.fsa", kit, "ILS600", accepting).ValueOrThrow();
        var control = StrAnalysis.Sample(Pp16File("positive_control.fsa"), "positive_control.fsa", ladder, "ILS600", accepting, SampleRole.PositiveControl,
            ("9947A", StrTestData.ControlGenotypes("9947A"))).Value!;

        Assert.Contains(refused.Issues, i => i.Code == SizingIssues.StandardTooWeak);
        Assert.True(StrAnalysis.Check(ladder).Passed, string.Join("; ", StrAnalysis.Check(ladder).Differences));
        Assert.Equal([600.0], ladder.Lane.Standard.Missing);
        Assert.True(control.Check!.Passed, string.Join("; ", control.Check.Differences));
        Assert.Equal(16, control.Loci.Length);
        Assert.Equal([600.0], control.Lane.Standard.Missing); // its 375 bp fragment has a flat top, once lost as a zero-width "spike"
    }

    // A kit file names the lane standards it runs with (OSIRIS LSName/ILSName); the PowerPlex 16 files' StdF says GSLIZ500 although
    // the run's standard is ILS 600, so the kit's standard is taken, with a warning, and no --size-standard is needed.
    [Fact]
    public void Standard_PowerPlex16FileNamingGs500_TakesTheKitsIls600WithSize007()
    {
        var kit = Pp16();

        var standard = StrAnalysis.Standard(Pp16File("PP16_LADDER.fsa"), "PP16_LADDER.fsa", null, kit);

        Assert.Equal([SizeStandard.Ils600], kit.SizeStandards);
        Assert.Same(SizeStandard.Ils600, standard.Value);
        Assert.Equal((SizingIssues.StandardNotTheKits, "PP16_LADDER.fsa"), (Assert.Single(standard.Issues).Code, standard.Issues[0].Location));
    }

    [Theory]
    [InlineData("GlobalFiler_LadderInfo.xml", new[] { "GS600LIZv2" })]
    [InlineData("Identifiler_LadderInfo.xml", new[] { "GS500LIZ", "GS600LIZv2" })]
    [InlineData("PPFusion_LadderInfo.xml", new[] { "CC5ILS500" })]
    public void ReadOsirisKit_NamesItsSizeStandards(string kitFile, string[] expected)
    {
        using var stream = File.OpenRead(TestData.PathOf($"str/kits/osiris/{kitFile}"));

        var kit = OsirisKitReader.Read(stream, kitFile).ValueOrThrow();

        Assert.Equal(expected, kit.SizeStandards.Select(s => s.Id));
    }

    // The PP16 MIX05 case 1 reference's D16S539 allele 12 has a flat step beside its top (TraceProcessingTests); it was called twice,
    // "12:291.10/275 12:291.16/262". Every allele is called once, at every locus of every shared single-source file of the run.
    [Fact]
    public void Sample_PowerPlex16FlatStepBesideTheTop_CallsEachAlleleOnce()
    {
        var accepting = StrSettings.Default with { MinStandardHeight = 100 };
        var ladder = StrAnalysis.Ladder(Pp16File("PP16_LADDER.fsa"), "PP16_LADDER.fsa", Pp16(), "ILS600", accepting).ValueOrThrow();

        var sample = StrAnalysis.Sample(Pp16File("MIX05case1_victim.fsa"), "MIX05case1_victim.fsa", ladder, "ILS600", accepting, SampleRole.Sample).Value!;

        Assert.Equal(["11", "12"], Locus(sample, "D16S539").Alleles.Select(a => a.Name));
        Assert.All(sample.Loci, l => Assert.Equal(l.Genotype.Length, l.Alleles.Length));
    }

    private static Kit Pp16()
    {
        using var stream = File.OpenRead(TestData.PathOf("str/kits/osiris/PowerPlex16_LadderInfo.xml"));
        return OsirisKitReader.Read(stream, "PowerPlex16_LadderInfo.xml").ValueOrThrow();
    }

    private static AbifFile Pp16File(string name) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/powerplex16/{name}"), name);

    // Cross-kit concordance (shared osiris/*_hid, one 3500 plate): GF_1 (GlobalFiler) and PPF_1 (PowerPlex Fusion) are the same FTA
    // donor, so every locus both kits type must agree. Before loci of one dye were placed together, PowerPlex Fusion's D10S1248
    // ladder walked one repeat up onto D13S317's first peak and the calls differed by a repeat at both loci.
    [Fact]
    public void Sample_GlobalFilerAndFusionOfOneDonor_AgreeAtEverySharedLocus()
    {
        Kit Osiris(string name)
        {
            using var stream = File.OpenRead(TestData.PathOf($"str/kits/osiris/{name}"));
            return OsirisKitReader.Read(stream, name).ValueOrThrow();
        }

        SampleAnalysis Type(string kitFile, string standard, string ladder, string sample)
        {
            AbifFile File(string path) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/{path}"), path);
            var run = StrAnalysis.Ladder(File(ladder), ladder, Osiris(kitFile), standard, StrSettings.Default).ValueOrThrow();
            Assert.True(StrAnalysis.Check(run).Passed, string.Join("; ", StrAnalysis.Check(run).Differences));
            return StrAnalysis.Sample(File(sample), sample, run, standard, StrSettings.Default, SampleRole.Sample).Value!;
        }

        var globalFiler = Type("GlobalFiler_LadderInfo.xml", "GS600LIZv2", "globalfiler_hid/GF_ladder1_A11_01.hid", "globalfiler_hid/GF_1_FTA_A01_01.hid");
        var fusion = Type("PPFusion_LadderInfo.xml", "CC5ILS500", "ppfusion_hid/PPF_ladder1_A12_01.hid", "ppfusion_hid/PPF_1_FTA_A06_01.hid").Loci.ToDictionary(l => l.Locus);

        var shared = globalFiler.Loci.Where(l => fusion.ContainsKey(l.Locus) && !l.Genotype.IsEmpty).ToList();

        Assert.True(shared.Count >= 20, $"{shared.Count} shared loci");
        Assert.All(shared, l => Assert.True(l.Genotype.SequenceEqual(fusion[l.Locus].Genotype), $"{l.Locus}: GlobalFiler {string.Join(",", l.Genotype)}, Fusion {string.Join(",", fusion[l.Locus].Genotype)}"));
    }

    // Without an expected profile (no --controls, and OSIRIS kits carry none) the positive control was silently not judged.
    [Fact]
    public void Sample_PositiveControlWithoutProfile_SaysItIsNotJudged()
    {
        var result = StrAnalysis.Sample(Read("Positive_Control.fsa"), "Positive_Control.fsa", Ladder("Identifiler_LADDER.fsa"), "GS500LIZ", StrSettings.Default, SampleRole.PositiveControl);

        Assert.Null(result.Value!.Check);
        Assert.Contains(result.Issues, i => i.Code == StrIssues.ControlNotJudged && i.Location == "Positive_Control.fsa");
    }

    // The 2003 stutter exemplar called with the 2005 run's ladder takes bins drifted by another run (two of its peaks fall off-ladder):
    // a warning names both run dates; with its own run's ladder (2003-01-06) there is none.
    [Fact]
    public void Sample_LadderOfAnotherRunDate_WarnsStr011()
    {
        const string Sample = "artifact_stutter_in_D3_D16_A03_TT50.fsa";

        var other = StrAnalysis.Sample(Read(Sample), Sample, Ladder("Identifiler_LADDER.fsa"), "GS500LIZ", StrSettings.Default, SampleRole.Sample);
        var own = StrAnalysis.Sample(Read(Sample), Sample, Ladder(Run2003Ladder), "GS500LIZ", StrSettings.Default, SampleRole.Sample);

        Assert.Contains(other.Issues, i => i.Code == StrIssues.LadderFromAnotherRun && i.Location == Sample);
        Assert.DoesNotContain(own.Issues, i => i.Code == StrIssues.LadderFromAnotherRun);
    }

    [Fact]
    public void Sample_NegativeControl_Passes()
    {
        var blank = Analyze("Negative_Control.fsa", "Identifiler_LADDER.fsa", SampleRole.NegativeControl);

        Assert.True(blank.Check!.Passed);
        Assert.All(blank.Loci, l => Assert.Contains(StrFlags.NoCall, l.Flags));
    }

    [Theory]
    [InlineData("Identifiler_LADDER.fsa", null, SampleRole.Ladder)]
    [InlineData("Positive_Control.fsa", null, SampleRole.PositiveControl)]
    [InlineData("Negative_Control.fsa", null, SampleRole.NegativeControl)]
    [InlineData("MIX05case2_victim.fsa", "MIX05_A", SampleRole.Sample)]
    [InlineData("B12.fsa", "blank extraction", SampleRole.NegativeControl)]
    public void RoleFromName_UsesOsirisSynonyms(string file, string? sample, SampleRole expected) =>
        Assert.Equal(expected, StrAnalysis.RoleFromName(file, sample));

    // OSIRIS "stutter in D3, D16": back stutter one repeat below the D3 16 and D16 13 alleles, under 15%; not called.
    [Fact]
    public void Sample_StutterExemplar_FiltersStutterAtD3AndD16()
    {
        var sample = Analyze("artifact_stutter_in_D3_D16_A03_TT50.fsa", Run2003Ladder);

        Assert.Contains(Locus(sample, "D3S1358").Filtered, f => f.Flag == StrFlags.Stutter);
        Assert.Contains(Locus(sample, "D16S539").Filtered, f => f.Flag == StrFlags.Stutter);
        Assert.Equal(["14", "16"], Locus(sample, "D3S1358").Genotype);
        Assert.Equal(["11", "13"], Locus(sample, "D16S539").Genotype);
        Assert.Empty(sample.Flags);
    }

    // OSIRIS "off-scale D3, D21, vWA, pull-up": the very tall blue/green alleles are flagged overloaded, and their bleed into other
    // dyes is pull-up, not alleles.
    [Fact]
    public void Sample_OffScaleExemplar_FlagsOverloadAndPullUp()
    {
        var sample = Analyze("artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa", Run2002Ladder);

        Assert.Contains(StrFlags.Overloaded, Locus(sample, "D3S1358").Alleles.Single().Flags);
        Assert.Contains(Locus(sample, "D21S11").Filtered, f => f.Flag == StrFlags.PullUp && f.Reason.Contains("channel 2", StringComparison.Ordinal));
        Assert.Contains(Locus(sample, "vWA").Filtered, f => f.Flag == StrFlags.PullUp);
        Assert.All(sample.Loci, l => Assert.True(l.Genotype.Length <= 2, l.Locus));
    }

    // OSIRIS "spikes in D2 and FGA": one electrical spike (scan ~6591, ~346 bp) in every dye, narrow; it falls in the D2S1338 and
    // FGA windows of this ladder injection (and within a repeat of D18S51's last allele) and is flagged there, never called.
    [Fact]
    public void Sample_SpikeExemplar_FlagsTheSpikeInD2AndFga()
    {
        var sample = Analyze("artifact_spike_in_D2_and_FGA_B12_ID_LADDER2.fsa", Run2002Ladder);

        var spikes = sample.Loci.SelectMany(l => l.Filtered.Where(f => f.Flag == StrFlags.Spike).Select(f => (l.Locus, f.Peak.Peak.Apex))).ToList();

        Assert.Contains(spikes, s => s.Locus == "D2S1338");
        Assert.Contains(spikes, s => s.Locus == "FGA");
        Assert.All(spikes, s => Assert.InRange(s.Apex, 6589, 6593));
        Assert.All(sample.Loci.SelectMany(l => l.Alleles), a => Assert.NotInRange(a.Peak.Peak.Apex, 6588, 6594));
    }

    [Fact]
    public void Sample_ImbalanceExemplar_FlagsAmelogeninOnly()
    {
        var sample = Analyze("artifact_imbalance_Amel_F04_C2_01-0801.fsa", Run2002Ladder);

        var flagged = sample.Loci.Where(l => l.Flags.Contains(StrFlags.HeterozygoteImbalance)).Select(l => l.Locus);

        Assert.Equal(["AMEL"], flagged);
        Assert.InRange(Locus(sample, "AMEL").HeterozygoteBalance!.Value, 0.3, 0.5);
    }

    [Fact]
    public void Sample_MixtureExemplar_IsAMixture()
    {
        var sample = Analyze("artifact_mixture_G01_ESM7.fsa", Run2002Ladder);

        Assert.Contains(StrFlags.Mixture, sample.Flags);
        Assert.True(sample.Loci.Count(l => l.Flags.Contains(StrFlags.MoreThanTwoAlleles)) >= 10);
    }

    [Theory]
    [InlineData("Positive_Control.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("MIX05case2_victim.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("MIX05case3_victim.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("artifact_stutter_in_D3_D16_A03_TT50.fsa", Run2003Ladder)]
    public void Sample_SingleSourceFiles_HaveNoMixtureSpikeOrBlob(string name, string ladder)
    {
        var sample = Analyze(name, ladder);

        Assert.Empty(sample.Flags);
        Assert.DoesNotContain(sample.Loci.SelectMany(l => l.Filtered), f => f.Flag is StrFlags.Spike or StrFlags.DyeBlob);
        Assert.All(sample.Loci, l => Assert.InRange(l.Genotype.Length, 1, 2));
    }

    // Ground truth: a simulated 9947A with a spike at 160.3 bp (inside D8S1179's window, blue) and a dye blob at 215.5 bp in the blue
    // channel (inside D21S11's window) types as 9947A with both artefacts flagged where they were put.
    [Fact]
    public void Sample_SimulatedSpikeAndDyeBlob_AreFlaggedAndNotCalled()
    {
        var kit = Kit.Value;
        var settings = new SimulationSettings { SpikesBp = [160.3], DyeBlobs = [(1, 215.5, 900)] };
        var genotype = StrTestData.ControlGenotypes("9947A");
        var ladderFile = ElectropherogramSimulator.Ladder(kit, SizeStandard.Gs500Liz, new SimulationSettings());
        var ladder = StrAnalysis.Ladder(ladderFile, "ladder.fsa", kit, null, StrSettings.Default).ValueOrThrow();
        var sample = ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new("9947A", genotype, 1.0)], settings);

        var analysis = StrAnalysis.Sample(sample, "sim.fsa", ladder, null, StrSettings.Default, SampleRole.PositiveControl, ("9947A", genotype)).Value!;

        Assert.True(analysis.Check!.Passed, string.Join("; ", analysis.Check.Differences));
        var flags = analysis.Loci.SelectMany(l => l.Filtered.Select(f => (l.Locus, f.Flag))).ToList();
        Assert.Contains(("D8S1179", StrFlags.Spike), flags);
        Assert.Contains(("D21S11", StrFlags.DyeBlob), flags);
    }
}
