using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

public sealed class GenotypingTests
{
    private static Kit Identifiler() => StrTestData.Identifiler();

    private static SizedLane Size(string name, Kit kit) =>
        LaneSizing.Size(AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/identifiler/{name}"), name), name, SizeStandard.Gs500Liz, kit.StandardFileChannel,
            new PeakDetectionSettings(MinHeight: 50)).ValueOrThrow();

    [Fact]
    public void ReadOsirisKit_Identifiler_HasItsSixteenLociAndChannels()
    {
        var kit = Identifiler();

        Assert.Equal("Identifiler", kit.Name);
        Assert.Equal(5, kit.StandardFileChannel);
        Assert.Equal(16, kit.Loci.Length);
        var d8 = kit.Loci[0];
        Assert.Equal(("D8S1179", 1, 12, 4), (d8.Name, d8.FileChannel, d8.Ladder.Length, d8.RepeatBp));
        Assert.Equal(6, kit.Loci.Single(l => l.Name == "AMEL").RepeatBp);
    }

    [Fact]
    public void ReadOsirisKit_GlobalFiler_MapsKitChannelsToFileChannels()
    {
        using var stream = File.OpenRead(TestData.PathOf("str/kits/osiris/GlobalFiler_LadderInfo.xml"));

        var kit = OsirisKitReader.Read(stream, "GlobalFiler_LadderInfo.xml").ValueOrThrow();

        Assert.Equal(5, kit.StandardFileChannel); // kit channel 6 (LIZ) is ABIF channel 5 (research/str.md §2.1)
        Assert.Contains(kit.Loci, l => l.KitChannel == 5 && l.FileChannel == 6);
    }

    // Ladder calibration on every shared allelic ladder, with its kit and size standard: every locus's alleles found.
    [Theory]
    [InlineData("Identifiler_LadderInfo.xml", "GS500LIZ", "str/osiris/identifiler/Identifiler_LADDER.fsa", 16)]
    [InlineData("Identifiler_LadderInfo.xml", "GS500LIZ", "str/osiris/identifiler/A01_LADDER_Run_3100_1465_027_2003-01-06_445_01.fsa", 16)]
    [InlineData("Identifiler_LadderInfo.xml", "GS500LIZ", "str/osiris/identifiler/A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa", 16)]
    [InlineData("GlobalFiler_LadderInfo.xml", "GS600LIZv2", "str/osiris/globalfiler_hid/GF_ladder1_A11_01.hid", 24)]
    [InlineData("PPFusion_LadderInfo.xml", "CC5ILS500", "str/osiris/ppfusion_hid/PPF_ladder1_A12_01.hid", 24)]
    public void CalibrateLadder_SharedLadders_FindEveryLocus(string kitFile, string standardId, string ladderFile, int loci)
    {
        using var stream = File.OpenRead(TestData.PathOf($"str/kits/osiris/{kitFile}"));
        var kit = OsirisKitReader.Read(stream, kitFile).ValueOrThrow();
        var lane = LaneSizing.Size(AbifReader.ReadOrThrow(TestData.Bytes(ladderFile), ladderFile), ladderFile, SizeStandard.All.Single(s => s.Id == standardId),
            kit.StandardFileChannel, new PeakDetectionSettings(MinHeight: 50)).ValueOrThrow();

        var bins = Genotyping.CalibrateLadder(kit, lane, ladderFile);

        Assert.Equal(loci, kit.Loci.Length);
        Assert.Equal(loci, bins.Value.Length);
        Assert.DoesNotContain(bins.Issues, i => i.Code == StrIssues.LadderLocusFailed);
    }

    private static Kit Fusion() =>
        GeneMapperKitReader.Read(
            File.ReadAllText(TestData.PathOf("str/kits/genemapper/PowerPlex_Fusion_Panels_IDX_v1.0.txt")), "PowerPlex_Fusion_Panels_IDX_v1.0.txt",
            File.ReadAllText(TestData.PathOf("str/kits/genemapper/PowerPlex_Fusion_Bins_IDX_v1.0.txt")), "PowerPlex_Fusion_Bins_IDX_v1.0.txt").ValueOrThrow();

    // The Promega panel's "control alleles" are the 2800M genotype; they must agree with the 2800M column of OSIRIS's list.
    [Fact]
    public void ReadGeneMapperKit_FusionPanel_ControlAllelesAre2800M()
    {
        var kit = Fusion();
        var expected = StrTestData.ControlGenotypes("2800M");

        Assert.Equal(24, kit.Loci.Length);
        var compared = kit.Loci.Where(l => expected.ContainsKey(l.Name) && !l.ControlAlleles.IsEmpty).ToList();
        Assert.True(compared.Count >= 20);
        Assert.All(compared, l => Assert.Equal(expected[l.Name], l.ControlAlleles));
        Assert.Contains(kit.Loci.SelectMany(l => l.Ladder), a => a.IsVirtual);
    }

    // Column 6 of a Panels row is the marker's stutter ratio ("none" = the global one): read per locus, and the lab's own table wins.
    [Fact]
    public void ReadGeneMapperKit_MarkerStutterRatio_IsUsedForThatLocus()
    {
        var panels = File.ReadAllText(TestData.PathOf("str/kits/genemapper/PowerPlex_Fusion_Panels_IDX_v1.0.txt"))
            .Replace("D3S1358\tblue\t93\t150\t17,18\t4\tnone", "D3S1358\tblue\t93\t150\t17,18\t4\t0.12", StringComparison.Ordinal);
        var kit = GeneMapperKitReader.Read(panels, "panels.txt", File.ReadAllText(TestData.PathOf("str/kits/genemapper/PowerPlex_Fusion_Bins_IDX_v1.0.txt")), "bins.txt").ValueOrThrow();
        var (d3, d1) = (kit.Loci.Single(l => l.Name == "D3S1358"), kit.Loci.Single(l => l.Name == "D1S1656"));

        Assert.Equal(0.12, d3.StutterRatio);
        Assert.Null(d1.StutterRatio);
        Assert.Equal(0.12, new CallSettings().StutterRatioAt(d3));
        Assert.Equal(0.15, new CallSettings().StutterRatioAt(d1));
        Assert.Equal(0.08, new CallSettings(LocusStutterRatios: new Dictionary<string, double> { ["D3S1358"] = 0.08 }).StutterRatioAt(d3));
    }

    // Ground truth: simulated back stutter of 12% is filtered under the general 15% limit, but at a locus whose kit ratio is 10% the
    // 12% peak is above the limit and is called (the ratio decides, per locus).
    [Fact]
    public void Call_LocusStutterRatio_DecidesWhatIsStutter()
    {
        var synthetic = Core.Simulation.SyntheticKit.Kit;
        var kit = synthetic with { Loci = [.. synthetic.Loci.Select(l => l.Name == "SYN02" ? l with { StutterRatio = 0.10 } : l)] };
        var settings = new Core.Simulation.SimulationSettings(StutterRatio: 0.12);
        var genotype = kit.Loci.ToDictionary(l => l.Name, l => System.Collections.Immutable.ImmutableArray.Create(l.Ladder[3].Name, l.Ladder[7].Name));
        var ladder = StrAnalysis.Ladder(Core.Simulation.ElectropherogramSimulator.Ladder(kit, SizeStandard.Gs500Liz, settings), "ladder", kit, null, StrSettings.Default).ValueOrThrow();

        var sample = StrAnalysis.Sample(Core.Simulation.ElectropherogramSimulator.Sample(kit, SizeStandard.Gs500Liz, [new("x", genotype, 1)], settings), "x", ladder, null, StrSettings.Default with { Calls = new CallSettings(FractionOfMaxPeak: 0) }, SampleRole.Sample).Value!;

        Assert.Equal(4, sample.Loci.Single(l => l.Locus == "SYN02").Alleles.Length);
        Assert.All(sample.Loci.Where(l => l.Locus != "SYN02"), l => Assert.Equal(genotype[l.Locus], l.Genotype));
    }

    [Fact]
    public void ReadGeneMapperKit_GmV41Panel_TakesTheLadderFromTheLastColumn()
    {
        var kit = GeneMapperKitReader.Read(
            File.ReadAllText(TestData.PathOf("str/kits/genemapper/HID_COrDIS_Plus_Panels.txt")), "HID_COrDIS_Plus_Panels.txt",
            File.ReadAllText(TestData.PathOf("str/kits/genemapper/HID_COrDIS_Plus_bins.txt")), "HID_COrDIS_Plus_bins.txt").ValueOrThrow();

        var th01 = kit.Loci.Single(l => l.Name == "TH01");
        Assert.Equal(4, th01.RepeatBp);
        Assert.Contains(th01.Ladder, a => a.Name == "9.3");
        Assert.Empty(th01.ControlAlleles);
    }

    [Fact]
    public void CalibrateLadder_FusionWithGeneMapperBins_FindsEveryLocusAndPlacesVirtualBins()
    {
        var kit = Fusion();
        var lane = LaneSizing.Size(AbifReader.ReadOrThrow(TestData.Bytes("str/osiris/ppfusion_hid/PPF_ladder1_A12_01.hid"), "PPF_ladder1"), "PPF_ladder1",
            SizeStandard.Cc5Ils500, kit.StandardFileChannel, new PeakDetectionSettings(MinHeight: 50)).ValueOrThrow();

        var bins = Genotyping.CalibrateLadder(kit, lane, "PPF_ladder1");

        Assert.Equal(24, bins.Value.Length);
        Assert.DoesNotContain(bins.Issues, i => i.Code == StrIssues.LadderLocusFailed);
        Assert.All(bins.Value, b => Assert.Equal(b.Locus.Ladder.Length, b.Alleles.Length));
    }

    [Fact]
    public void ReadGeneMapperKit_NotAPanelsFile_ReportsKit001() =>
        Assert.Equal(KitIssues.Malformed, Assert.Single(GeneMapperKitReader.Read("hello", "p.txt", "", "b.txt").Issues).Code);

    [Fact]
    public void ReadOsirisKit_NotXml_ReportsKit001() =>
        Assert.Equal(KitIssues.Malformed, Assert.Single(OsirisKitReader.Read(new MemoryStream("<KitData><Kits>"u8.ToArray()), "bad.xml").Issues).Code);

    // research/str.md (PROVENANCE, Identifiler_LADDER.fsa): D8S1179 ladder alleles 8–19 size to 123.98…170.45 bp with Local Southern.
    [Fact]
    public void CalibrateLadder_IdentifilerLadder_SizesD8AsOsirisDoes()
    {
        var kit = Identifiler();

        var bins = Genotyping.CalibrateLadder(kit, Size("Identifiler_LADDER.fsa", kit), "ladder");

        var d8 = bins.Value!.Single(b => b.Locus.Name == "D8S1179");
        Assert.Equal(123.98, d8.Alleles[0].Bp, 0.05);
        Assert.Equal(170.45, d8.Alleles[^1].Bp, 0.05);
        Assert.Equal(16, bins.Value!.Length);
        Assert.DoesNotContain(bins.Issues, i => i.Code == StrIssues.LadderLocusFailed);
    }

    // The kit control of the same run must type as 9947A (shared kits/osiris/StandardPositiveControlList.tab, where AMEL "1" is X).
    [Fact]
    public void Call_IdentifilerPositiveControl_Is9947A()
    {
        var kit = Identifiler();
        var bins = Genotyping.CalibrateLadder(kit, Size("Identifiler_LADDER.fsa", kit), "ladder").ValueOrThrow();

        var calls = Genotyping.Call(bins, Size("Positive_Control.fsa", kit), new CallSettings(), "Positive_Control.fsa").ValueOrThrow();

        var expected = StrTestData.ControlGenotypes("9947A");
        Assert.All(calls, call => Assert.Equal(expected[call.Locus], call.Genotype));
        Assert.Equal(16, calls.Length);
        Assert.Equal(["X"], calls.Single(c => c.Locus == "AMEL").Genotype); // 9947A is female
    }

    // OSIRIS kit files, its control list and Promega's GeneMapper panel number the amelogenin alleles 1 and 2; they are X and Y
    // everywhere Stroma names them (they were printed "1"/"2").
    [Fact]
    public void Readers_Amelogenin_NameTheAllelesXAndY()
    {
        var osiris = Identifiler().Loci.Single(l => l.Name == "AMEL");
        var fusion = Fusion().Loci.Single(l => l.Name == "AMEL");

        Assert.Equal(["X", "Y"], osiris.Ladder.Select(a => a.Name));
        Assert.Equal(["X", "Y"], fusion.Ladder.Where(a => !a.IsVirtual).Select(a => a.Name));
        Assert.Equal(["X", "Y"], fusion.ControlAlleles); // 2800M is male
        Assert.Equal(["X", "Y"], StrTestData.ControlGenotypes("9948")["AMEL"]);
        Assert.Equal(["X"], StrTestData.ControlGenotypes("9947A")["AMEL"]);
    }

    [Fact]
    public void Call_NegativeControl_CallsNothing()
    {
        var kit = Identifiler();
        var bins = Genotyping.CalibrateLadder(kit, Size("Identifiler_LADDER.fsa", kit), "ladder").ValueOrThrow();

        var calls = Genotyping.Call(bins, Size("Negative_Control.fsa", kit), new CallSettings(), "Negative_Control.fsa").ValueOrThrow();

        Assert.All(calls, call => Assert.Empty(call.Alleles));
    }
}
