using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class FullAgeSpectrumTests
{
    // Source: scientific-tools-org/kidney.epi @d4e6f31, docs/reference/egfr.{ekfc,fas}.*.html example outputs (2 dp; kidney.epi
    // converts creatinine with 88.4 and Stroma with 88.42, a 0.02% difference). Tolerance 0.02.
    [Fact]
    public void EkfcCreatinine_KidneyEpiExample_Matches() =>
        Assert.Equal(53.56, Ekfc.FromCreatinine(Creatinine.FromMgPerDl(1.4), AgeInYears.FromYears(60), Sex.Male).Egfr.MlPerMinPer173M2, 0.02);

    [Fact]
    public void EkfcCystatinC_KidneyEpiExample_Matches() =>
        Assert.Equal(90.5, Ekfc.FromCystatinC(CystatinC.FromMgPerL(0.8), AgeInYears.FromYears(60), Sex.Male).Egfr.MlPerMinPer173M2, 0.01);

    [Fact]
    public void FasCreatinine_KidneyEpiExample_Matches() =>
        Assert.Equal(54.48, Fas.FromCreatinine(Creatinine.FromMgPerDl(1.4), AgeInYears.FromYears(60), Sex.Male).Egfr.MlPerMinPer173M2, 0.02);

    [Fact]
    public void FasCystatinC_KidneyEpiExample_Matches() =>
        Assert.Equal(86.39, Fas.FromCystatinC(CystatinC.FromMgPerL(0.8), AgeInYears.FromYears(60), Sex.Male).Egfr.MlPerMinPer173M2, 0.01);

    [Fact]
    public void FasCombined_KidneyEpiExample_Matches() =>
        Assert.Equal(66.82, Fas.FromCreatinineAndCystatinC(Creatinine.FromMgPerDl(1.4), CystatinC.FromMgPerL(0.8), AgeInYears.FromYears(60), Sex.Male).Egfr.MlPerMinPer173M2, 0.02);

    // EKFC creatinine Q from the published polynomial (research/renal.md §1.2 table, µmol/L to 1 dp). Tolerance 0.05.
    [Theory]
    [InlineData("M", 2, 27.4)]
    [InlineData("M", 8, 40.2)]
    [InlineData("M", 13, 57.9)]
    [InlineData("M", 17, 69.9)]
    [InlineData("M", 25, 80.9)]
    [InlineData("F", 2, 25.9)]
    [InlineData("F", 13, 52.1)]
    [InlineData("F", 18, 59.8)]
    [InlineData("F", 25, 62.4)]
    public void EkfcCreatinineQ_Polynomial_MatchesPublishedTable(string sex, double age, double expected) =>
        Assert.Equal(expected, Ekfc.CreatinineQMicromolPerL(AgeInYears.FromYears(age), EgfrAssert.SexOf(sex)), 0.05);

    [Theory]
    [InlineData("M", 25.01, 80.0)]
    [InlineData("F", 40.0, 62.0)]
    public void EkfcCreatinineQ_AboveTwentyFive_IsTheAdultConstant(string sex, double age, double expected) =>
        Assert.Equal(expected, Ekfc.CreatinineQMicromolPerL(AgeInYears.FromYears(age), EgfrAssert.SexOf(sex)));

    // research/renal.md §1.3 worked comparison (computed there from the published formulas), 1 dp.
    [Theory]
    [InlineData("M", 13, 0.7, 99.5)]
    [InlineData("F", 13, 0.7, 88.2)]
    public void EkfcCreatinine_ThirteenYearOld_MatchesWorkedComparison(string sex, double age, double scr, double expected) =>
        Assert.Equal(expected, EgfrAssert.Compute(EgfrEquations.EkfcCreatinine2021, EgfrAssert.Inputs(sex, age, scrMgPerDl: scr)), 0.05);

    // FAS Q_cr (µmol/L) by completed year: the table in kidney.epi R/egfr_fas.R (cran/kidney.epi @c31f9c3), from Pottel 2016.
    [Theory]
    [InlineData("M", 1.0, 23)]
    [InlineData("M", 14.9, 54)]
    [InlineData("M", 15.0, 64)]
    [InlineData("F", 15.0, 57)]
    [InlineData("M", 19.99, 78)]
    [InlineData("F", 19.99, 62)]
    [InlineData("M", 20.0, 80)]
    [InlineData("F", 20.0, 62)]
    public void FasCreatinineQ_ByCompletedYear_MatchesTable(string sex, double age, double expected) =>
        Assert.Equal(expected, Fas.CreatinineQMicromolPerL(AgeInYears.FromYears(age), EgfrAssert.SexOf(sex)));

    [Theory]
    [InlineData(69.99, 0.82)]
    [InlineData(70.0, 0.95)]
    public void FasCystatinCQ_AtSeventy_Steps(double age, double expected) =>
        Assert.Equal(expected, Fas.CystatinCQMgPerL(AgeInYears.FromYears(age)));

    [Theory]
    [InlineData("ekfc_cr_2021", 1.99)]
    [InlineData("ekfc_cys_2023", 1.5)]
    [InlineData("fas_cr_2016", 0.9)]
    public void Evaluate_BelowDefinedAge_ReportsEgfr002(string id, double age) =>
        Assert.Contains(EgfrEquations.Find(id).ValueOrThrow().Evaluate(EgfrAssert.Inputs("F", age, scrMgPerDl: 0.3, cysMgPerL: 1.0)).Issues,
            i => i.Code == EgfrIssues.AgeOutsideDomain);

    [Fact]
    public void FasCreatinine_AgeOneAndAHalf_ComputesWithValidationWarning()
    {
        var result = EgfrEquations.FasCreatinine2016.Evaluate(EgfrAssert.Inputs("M", 1.5, scrMgPerDl: 0.3));

        Assert.False(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == EgfrIssues.OutsideValidatedPopulation);
    }
}
