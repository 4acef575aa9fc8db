using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class RemissionTests
{
    private static RemissionAssessment Ipna(double upcr, double? albumin = null) =>
        RemissionAssessment.Assess(RemissionRuleSet.Ipna2022Children, Upcr.FromMgPerMg(upcr), albumin: albumin is { } a ? SerumAlbumin.FromGPerL(a) : null);

    private static RemissionAssessment Kdigo(double upcr, double? baseline) =>
        RemissionAssessment.Assess(RemissionRuleSet.Kdigo2021Adults, Upcr.FromMgPerMg(upcr), baseline is { } b ? Upcr.FromMgPerMg(b) : null);

    // IPNA 2022 Table 1 (Trautmann 2023): complete remission UPCR <= 20 mg/mmol (0.2 mg/mg); partial > 0.2 and < 2 mg/mg with albumin
    // >= 30 g/L; nephrotic range >= 2 mg/mg.
    [Theory]
    [InlineData(0.2, 35.0, RemissionStatus.Complete, ProteinuriaLevel.RemissionRange)]
    [InlineData(0.21, 30.0, RemissionStatus.Partial, ProteinuriaLevel.SubNephrotic)]
    [InlineData(1.99, 30.0, RemissionStatus.Partial, ProteinuriaLevel.SubNephrotic)]
    [InlineData(1.0, 29.9, RemissionStatus.None, ProteinuriaLevel.SubNephrotic)]
    [InlineData(1.0, null, RemissionStatus.Indeterminate, ProteinuriaLevel.SubNephrotic)]
    [InlineData(2.0, 35.0, RemissionStatus.None, ProteinuriaLevel.NephroticRange)]
    [InlineData(4.9, 35.0, RemissionStatus.None, ProteinuriaLevel.NephroticRange)]
    public void Ipna2022_Children_Classifies(double upcr, double? albumin, RemissionStatus status, ProteinuriaLevel level)
    {
        var assessment = Ipna(upcr, albumin);

        Assert.Equal(status, assessment.Status);
        Assert.Equal(level, assessment.Level);
        Assert.Equal("ipna_2022_children", assessment.RuleSet);
    }

    [Fact]
    public void Ipna2022_TwentyMgPerMmol_IsCompleteRemission() =>
        Assert.Equal(RemissionStatus.Complete, RemissionAssessment.Assess(RemissionRuleSet.Ipna2022Children, Upcr.FromMgPerMmol(20)).Status);

    // KDIGO 2021 adults: complete < 0.3 g/g; partial 0.3-3.5 g/g and > 50% fall from baseline.
    [Theory]
    [InlineData(0.29, null, RemissionStatus.Complete)]
    [InlineData(0.3, 8.0, RemissionStatus.Partial)]
    [InlineData(3.5, 8.0, RemissionStatus.Partial)]
    [InlineData(3.5, 7.0, RemissionStatus.None)]
    [InlineData(3.51, 10.0, RemissionStatus.None)]
    [InlineData(2.0, null, RemissionStatus.Indeterminate)]
    public void Kdigo2021_Adults_Classifies(double upcr, double? baseline, RemissionStatus expected) =>
        Assert.Equal(expected, Kdigo(upcr, baseline).Status);

    [Fact]
    public void Assess_Always_StatesWhatItCouldNotCheck() =>
        Assert.Contains(Kdigo(0.1, null).Reasons, r => r.Contains("stable kidney function", StringComparison.Ordinal));

    [Fact]
    public void Assess_Baseline_RecordsTheFall() =>
        Assert.Equal(0.75, Kdigo(2.0, 8.0).ReductionFromBaseline!.Value, 1e-12);

    // FPRE (Troost 2018): >= 40% fall and UPCR < 1.5 g/g; the boundary is configurable (later protocols: <= 1.5).
    [Theory]
    [InlineData(1.49, 2.5, true)]
    [InlineData(1.5, 2.5, false)]
    [InlineData(1.2, 2.0, true)]
    [InlineData(1.21, 2.0, false)]
    [InlineData(1.4, 1.45, false)]
    public void Fpre_Troost2018_Applies(double upcr, double baseline, bool expected) =>
        Assert.Equal(expected, PartialRemissionEndpoint.Troost2018.IsMet(Upcr.FromMgPerMg(upcr), Upcr.FromMgPerMg(baseline)));

    [Fact]
    public void Fpre_InclusiveVariant_AcceptsTheBoundary()
    {
        var inclusive = PartialRemissionEndpoint.Troost2018 with { Id = "fpre_inclusive", Below = new UpcrThreshold(1.5, Inclusive: true) };

        Assert.True(inclusive.IsMet(Upcr.FromMgPerMg(1.5), Upcr.FromMgPerMg(2.5)));
    }

    [Fact]
    public void Fpre_ZeroBaseline_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PartialRemissionEndpoint.Troost2018.IsMet(Upcr.FromMgPerMg(0.1), Upcr.FromMgPerMg(0)));

    [Theory]
    [InlineData(4.99, true)]
    [InlineData(5.0, false)]
    public void ProtocolTarget_BelowFiveMgPerMg_IsExclusive(double upcr, bool expected) =>
        Assert.Equal(expected, new UpcrThreshold(5, Inclusive: false).IsBelow(Upcr.FromMgPerMg(upcr)));
}
