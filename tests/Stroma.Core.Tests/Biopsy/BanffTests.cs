using Stroma.Core.Biopsy;

namespace Stroma.Core.Tests.Biopsy;

public sealed class BanffTests
{
    private static BanffScores Scores(int i = 0, int t = 0, int v = 0, int g = 0, int ptc = 0, int ci = 0, int ct = 0, int cg = 0, int iIfta = 0, int ti = 0, int c4d = 0,
        C4dMethod method = C4dMethod.Immunofluorescence) => new(i, t, v, g, ptc, ci, ct, 0, 0, 0, cg, iIfta, ti, c4d, method);

    private static string[] Diagnoses(BanffScores s, BanffFindings? f = null) => [.. Banff.Categorise(s, f ?? new BanffFindings()).Select(d => d.Diagnosis)];

    // Banff 2019 rules as summarised in research/platform.md §5.2 (Roufosse et al., Transplantation 2018; Loupy et al., AJT 2020;
    // 2022 MVI categories: Naesens et al., AJT 2024), one case per rule and at its edges.
    [Theory]
    [InlineData(2, 2, 0, "Acute TCMR grade IA")]
    [InlineData(3, 3, 0, "Acute TCMR grade IB")]
    [InlineData(0, 0, 1, "Acute TCMR grade IIA")]
    [InlineData(1, 1, 2, "Acute TCMR grade IIB")]
    [InlineData(0, 0, 3, "Acute TCMR grade III")]
    [InlineData(1, 1, 0, "Borderline (suspicious) for acute TCMR")]
    [InlineData(1, 3, 0, "Borderline (suspicious) for acute TCMR")]
    [InlineData(2, 1, 0, "Borderline (suspicious) for acute TCMR")]
    [InlineData(0, 1, 0, "Normal biopsy or nonspecific changes")]
    [InlineData(1, 0, 0, "Normal biopsy or nonspecific changes")]
    public void Categorise_TcmrAndBorderline(int i, int t, int v, string expected) =>
        Assert.Equal([expected], Diagnoses(Scores(i: i, t: t, v: v)));

    [Fact]
    public void Categorise_ActiveAmr_NeedsInjuryInteractionAndDsa()
    {
        Assert.Equal(["Active AMR"], Diagnoses(Scores(g: 2, ptc: 1), new BanffFindings(Dsa: true)));
        // C4d2–3 by IF stands for both the interaction and the DSA.
        Assert.Equal(["Active AMR"], Diagnoses(Scores(g: 1, c4d: 3)));
        // By IHC any C4d counts.
        Assert.Equal(["Active AMR"], Diagnoses(Scores(ptc: 1, c4d: 1, method: C4dMethod.Immunohistochemistry)));
        // C4d1 by IF is negative: g1 alone with DSA is "probable AMR" (2022), not active AMR.
        Assert.Equal(["Probable AMR"], Diagnoses(Scores(g: 1, c4d: 1), new BanffFindings(Dsa: true)));
    }

    [Fact]
    public void Categorise_ChronicActiveAmrAndC4dWithoutRejectionAndMvi()
    {
        Assert.Equal(["Chronic active AMR"], Diagnoses(Scores(g: 1, ptc: 1, cg: 2), new BanffFindings(Dsa: true)));
        Assert.Equal(["Chronic active AMR"], Diagnoses(Scores(g: 1, ptc: 1), new BanffFindings(Dsa: true, PtcBasementMembraneMultilayering: true)));
        Assert.Equal(["C4d staining without evidence of rejection"], Diagnoses(Scores(c4d: 2)));
        Assert.Equal(["Microvascular inflammation, DSA-negative and C4d-negative"], Diagnoses(Scores(g: 1, ptc: 1), new BanffFindings(Dsa: false)));
    }

    // With TCMR present, g + ptc ≥ 2 counts towards AMR only with g ≥ 1: i2 t2 with ptc2 and g0 is TCMR alone.
    [Fact]
    public void Categorise_MviWithoutGlomerulitisBesideTcmr_DoesNotMakeAmr()
    {
        Assert.Equal(["Acute TCMR grade IA"], Diagnoses(Scores(i: 2, t: 2, ptc: 2), new BanffFindings(Dsa: true)));
        Assert.Equal(["Active AMR", "Acute TCMR grade IA"], Diagnoses(Scores(i: 2, t: 2, g: 1, ptc: 1), new BanffFindings(Dsa: true)));
    }

    [Theory]
    [InlineData(1, 0, "IFTA grade I (mild)")]
    [InlineData(2, 1, "IFTA grade II (moderate)")]
    [InlineData(1, 3, "IFTA grade III (severe)")]
    public void Categorise_Ifta_FromTheWorseOfCiAndCt(int ci, int ct, string expected) =>
        Assert.Equal([expected], Diagnoses(Scores(ci: ci, ct: ct)));

    [Fact]
    public void Categorise_ChronicActiveTcmrAndOtherDiagnoses()
    {
        Assert.Contains("Chronic active TCMR grade IA", Diagnoses(Scores(i: 1, t: 2, ti: 2, iIfta: 2, ci: 2)));
        Assert.Equal(["Recurrent FSGS"], Diagnoses(Scores(), new BanffFindings(Other: ["Recurrent FSGS"])));
    }

    [Fact]
    public void Validate_ScoreOutOfRange_NamesTheScore() =>
        Assert.Equal("biopsy b1 ptc", Assert.Single(Scores(ptc: 4).Validate("biopsy b1")).Location);

    // Columbia hierarchy (D'Agati 2004): collapsing > tip > cellular > perihilar > NOS; tip excludes perihilar sclerosis; perihilar
    // needs more than half of the segmentally sclerotic glomeruli.
    [Theory]
    [InlineData(1, 1, 1, 0, 3, ColumbiaVariant.Collapsing)]
    [InlineData(0, 1, 1, 0, 2, ColumbiaVariant.Tip)]
    [InlineData(0, 1, 0, 1, 4, ColumbiaVariant.Nos)]
    [InlineData(0, 1, 1, 1, 4, ColumbiaVariant.Cellular)]
    [InlineData(0, 0, 0, 3, 5, ColumbiaVariant.Perihilar)]
    [InlineData(0, 0, 0, 2, 4, ColumbiaVariant.Nos)]
    [InlineData(0, 0, 0, 0, 0, ColumbiaVariant.None)]
    public void Variant_FollowsTheHierarchy(int collapsing, int tip, int cellular, int perihilar, int segmental, ColumbiaVariant expected) =>
        Assert.Equal(expected, new FsgsLesions(collapsing, tip, cellular, perihilar, segmental).Variant);

    [Theory]
    [InlineData(10, 2, Adequacy.Adequate)]
    [InlineData(9, 2, Adequacy.Marginal)]
    [InlineData(7, 1, Adequacy.Marginal)]
    [InlineData(6, 3, Adequacy.Unsatisfactory)]
    [InlineData(12, 0, Adequacy.Unsatisfactory)]
    public void Adequacy_AtItsLimits(int glomeruli, int arteries, Adequacy expected) =>
        Assert.Equal(expected, Report("b", 0, glomeruli, arteries, new FsgsLesions(0, 0, 0, 0, 0), Scores(), 70).Adequacy);

    [Fact]
    public void Compare_PreTreatmentAndOneYear_GivesChangesWhateverTheOrder()
    {
        var before = Report("pre", -30, 18, 2, new FsgsLesions(0, 0, 0, 0, 3), Scores(ci: 1, ct: 1), 70, "Recurrent FSGS");
        var after = Report("1y", 365, 20, 3, new FsgsLesions(0, 0, 0, 0, 4), Scores(ci: 1, ct: 2), 55, "Recurrent FSGS");

        var comparison = BiopsyComparison.Of(after, before);

        Assert.Equal("pre", comparison.Before.Id);
        Assert.Equal(1, comparison.Scores.Single(s => s.Name == "ct").Change);
        Assert.Equal(["IFTA grade II (moderate)"], comparison.DiagnosesGained);
        Assert.Equal(["IFTA grade I (mild)"], comparison.DiagnosesLost);
        Assert.Equal(20 - 16.666666666666664, comparison.SegmentalSclerosisChangePoints!.Value, 1e-9);
        Assert.Equal(-15, comparison.EffacementChangePoints);
    }

    [Fact]
    public void Validate_MoreSclerosedThanCountedAndEffacementOver100_AreRefused()
    {
        var issues = Report("b", 0, 5, 1, new FsgsLesions(0, 0, 0, 0, 4), Scores(), 120).Validate();

        Assert.Equal([BiopsyIssues.Counts, BiopsyIssues.Percent], issues.Select(i => i.Code));
    }

    private static BiopsyReport Report(string id, int day, int glomeruli, int arteries, FsgsLesions lesions, BanffScores scores, double fpe, string? other = null) =>
        new(id, new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(1)).AddDays(day), "protocol", glomeruli, 2, arteries, lesions, scores,
            new BanffFindings(Other: other is null ? [] : [other]), fpe, 3);
}
