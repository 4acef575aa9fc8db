using System.Globalization;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Text;

namespace Stroma.Core.Tests.Electrophoresis;

public sealed class SizeStandardMatcherTests
{
    private static readonly PeakDetectionSettings Settings = new(MinHeight: 50);

    private static Diagnostics.ReadResult<SizeStandardMatch> MatchFile(string relative, int channel, SizeStandard standard)
    {
        var file = AbifReader.ReadOrThrow(TestData.Bytes(relative), Path.GetFileName(relative));
        return SizeStandardMatcher.Match(TraceProcessing.FindPeaks(file.RawTrace(channel)!.Value.AsSpan(), Settings), standard, relative);
    }

    // Reference: Peak Scanner's GS600 LIZ assignments (ORANGE rows "*60.00"…"*600.00", integer data points) in the shared
    // peakscanner_cnv.csv for the K1 and K2 files. Every fragment must sit on the same scan.
    [Theory]
    [InlineData("Multi_K1__230907PRT1-4test_A04_Dx.fsa")]
    [InlineData("Multi_K2__230907PRT1-4test_B04_Dx.fsa")]
    public void Match_Gs600_AssignsEveryFragmentWherePeakScannerDoes(string name)
    {
        var table = CsvTable.Read(TestData.Bytes("str/fraggler/peakscanner_cnv.csv"), "peakscanner_cnv.csv").ValueOrThrow();
        var (file, size, point) = (table.ColumnIndex("Sample Filename"), table.ColumnIndex("Size"), table.ColumnIndex("Data Point"));
        var expected = table.Rows.Where(r => r.Fields[file] == name && r.Fields[size].StartsWith('*'))
            .Select(r => (Bp: double.Parse(r.Fields[size][1..], CultureInfo.InvariantCulture), Scan: (int)double.Parse(r.Fields[point], CultureInfo.InvariantCulture))).ToList();

        var match = MatchFile($"str/fraggler/{name}", 5, SizeStandard.Gs600LizV2).ValueOrThrow();

        Assert.Equal(34, expected.Count);
        Assert.Equal(expected, match.Matched.Select(m => (m.Bp, m.Peak.ApexScan)));
        Assert.Empty(match.Missing);
        Assert.True(match.Correlation > 0.999);
    }

    // The 3100 Identifiler runs: GS500 LIZ 75–500 (14 fragments, 250 matched but excluded from the fit), except the OSIRIS
    // exemplar whose standard is too weak, which must fail loudly.
    [Theory]
    [InlineData("Identifiler_LADDER.fsa")]
    [InlineData("Positive_Control.fsa")]
    [InlineData("Negative_Control.fsa")]
    [InlineData("MIX05case2_victim.fsa")]
    [InlineData("MIX05case3_victim.fsa")]
    [InlineData("A01_LADDER_Run_3100_1465_027_2003-01-06_445_01.fsa")]
    [InlineData("A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa")]
    [InlineData("artifact_stutter_in_D3_D16_A03_TT50.fsa")]
    [InlineData("artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa")]
    [InlineData("artifact_spike_in_D2_and_FGA_B12_ID_LADDER2.fsa")]
    [InlineData("artifact_mixture_G01_ESM7.fsa")]
    [InlineData("artifact_imbalance_Amel_F04_C2_01-0801.fsa")]
    public void Match_Gs500OnIdentifilerRuns_FindsAllFourteen(string name)
    {
        var match = MatchFile($"str/osiris/identifiler/{name}", 5, SizeStandard.Gs500Liz).ValueOrThrow();

        Assert.Equal(14, match.Matched.Length);
        Assert.DoesNotContain(250.0, match.FitPoints.Select(p => p.Bp));
    }

    [Fact]
    public void Match_WeakStandard_FailsWithSize004() =>
        Assert.Contains(MatchFile("str/osiris/identifiler/artifact_ILS_too_low_A06_OT05897.fsa", 5, SizeStandard.Gs500Liz).Issues, i => i.Code == SizingIssues.StandardTooWeak);

    [Theory]
    [InlineData("str/osiris/globalfiler_hid/GF_ladder1_A11_01.hid", 34)]
    [InlineData("str/osiris/globalfiler_hid/GF_1_FTA_A01_01.hid", 34)]
    [InlineData("str/osiris/globalfiler_hid/GF_2_FTA_B01_02.hid", 34)]
    [InlineData("str/fraggler/multiplex.fsa", 34)]
    public void Match_Gs600OnOtherRuns_FindsAllFragments(string relative, int expected) =>
        Assert.Equal(expected, MatchFile(relative, 5, SizeStandard.Gs600LizV2).ValueOrThrow().Matched.Length);

    [Theory]
    [InlineData("str/osiris/ppfusion_hid/PPF_ladder1_A12_01.hid")]
    [InlineData("str/osiris/ppfusion_hid/PPF_1_FTA_A06_01.hid")]
    public void Match_Cc5OnFusionRuns_FindsAllFragmentsDespitePrimerPeaks(string relative) =>
        Assert.Equal(21, MatchFile(relative, 5, SizeStandard.Cc5Ils500).ValueOrThrow().Matched.Length);

    // Robustness on the real K1 standard peaks: remove the end fragments (lost in the primer front, or run off the end), add
    // artefacts between and beside them; the rest still match, each on its own scan.
    [Fact]
    public void Match_MissingEndsAndExtraPeaks_StillMatchesTheRest()
    {
        var (peaks, truth) = K1();
        var damaged = Damage(peaks, truth[60], truth[600]);

        var result = SizeStandardMatcher.Match(damaged, SizeStandard.Gs600LizV2, "K1");

        var match = result.ValueOrThrow();
        Assert.Equal([60.0, 600], match.Missing);
        Assert.All(match.Matched, m => Assert.Equal(truth[m.Bp], m.Peak.ApexScan));
        Assert.Contains(result.Issues, i => i.Code == SizingIssues.MissingFragments);
    }

    // A fragment missing between matched ones means the peaks are not this standard's ladder (a wrong channel, a wrong standard, or
    // a peak lost under an artefact): the lane is refused, never sized across the gap.
    [Fact]
    public void Match_FragmentsMissingBetweenMatchedOnes_IsRefusedWithSize008()
    {
        var (peaks, truth) = K1();

        var result = SizeStandardMatcher.Match(Damage(peaks, truth[140], truth[314], truth[600]), SizeStandard.Gs600LizV2, "K1");

        Assert.Null(result.Value);
        Assert.Equal((SizingIssues.GapInStandard, "K1"), (Assert.Single(result.Issues).Code, result.Issues[0].Location));
    }

    private static (IReadOnlyList<Peak> Peaks, Dictionary<double, int> Truth) K1()
    {
        var file = AbifReader.ReadOrThrow(TestData.Bytes("str/fraggler/Multi_K1__230907PRT1-4test_A04_Dx.fsa"), "K1");
        var peaks = TraceProcessing.FindPeaks(file.RawTrace(5)!.Value.AsSpan(), Settings);
        return (peaks, SizeStandardMatcher.Match(peaks, SizeStandard.Gs600LizV2, "K1").ValueOrThrow().Matched.ToDictionary(m => m.Bp, m => m.Peak.ApexScan));
    }

    private static List<Peak> Damage(IReadOnlyList<Peak> peaks, params int[] removed) =>
        [.. peaks.Where(p => !removed.Contains(p.ApexScan))
            .Append(new Peak(2500, 2500, 900, 9000, 2490, 2510, 8, false))
            .Append(new Peak(4500, 4500, 900, 9000, 4490, 4510, 8, false))
            .OrderBy(p => p.ApexScan)];

    [Fact]
    public void Match_NoPeaks_FailsWithSize001() =>
        Assert.Equal(SizingIssues.StandardNotFound, Assert.Single(SizeStandardMatcher.Match([], SizeStandard.Gs500Liz, "x").Issues).Code);
}
