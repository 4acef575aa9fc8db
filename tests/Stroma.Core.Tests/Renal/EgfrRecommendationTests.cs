using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class EgfrRecommendationTests
{
    private static readonly EgfrRecommendationPolicy Policy = EgfrRecommendationPolicy.Default;

    [Theory]
    [InlineData(1.0, "ckid_u25_cr_2021")]
    [InlineData(13.0, "ckid_u25_cr_2021")]
    [InlineData(18.0, "ckid_u25_cr_2021")]
    [InlineData(25.0, "ckid_u25_cr_2021")]
    [InlineData(25.01, "ckd_epi_cr_2021")]
    [InlineData(60.0, "ckd_epi_cr_2021")]
    public void Choose_Creatinine_PicksByAge(double age, string expected) =>
        Assert.Equal(expected, Policy.Choose(AgeInYears.FromYears(age), hasCreatinine: true, hasCystatinC: false).ValueOrThrow().Primary.Id);

    [Fact]
    public void Choose_Child_PutsBedsideSchwartzBesideIt() =>
        Assert.Equal(["bedside_schwartz_2009"], Policy.Choose(AgeInYears.FromYears(13), true, false).ValueOrThrow().Companions.Select(e => e.Id));

    [Fact]
    public void Choose_ChildWithCystatin_AddsU25CystatinAndAverage() =>
        Assert.Equal(
            ["bedside_schwartz_2009", "ckid_u25_cys_2021", "ckid_u25_crcys_avg_2021"],
            Policy.Choose(AgeInYears.FromYears(13), true, true).ValueOrThrow().Companions.Select(e => e.Id));

    [Fact]
    public void Choose_AdultWithCystatinOnly_UsesCkdEpi2012Cystatin() =>
        Assert.Equal("ckd_epi_cys_2012", Policy.Choose(AgeInYears.FromYears(40), false, true).ValueOrThrow().Primary.Id);

    [Fact]
    public void Choose_Infant_ReportsEgfr006() =>
        Assert.Equal(EgfrIssues.NoRecommendedEquation, Assert.Single(Policy.Choose(AgeInYears.FromYears(0.5), true, false).Issues).Code);

    [Fact]
    public void Choose_Always_ExplainsItsChoice() =>
        Assert.Contains("CKiD U25", Policy.Choose(AgeInYears.FromYears(13), true, false).ValueOrThrow().Reason, StringComparison.Ordinal);

    [Fact]
    public void Evaluate_ThirteenYearOld_ComputesPrimaryAndCompanions()
    {
        // research/renal.md §1.3: M 13 y, 150 cm, SCr 0.7, CysC 1.1 -> U25 cr 87.3, Schwartz 88.5, U25 cys 77.6, U25 avg 82.4.
        var result = Policy.Evaluate(EgfrAssert.Inputs("M", 13, 150, 0.7, 1.1)).ValueOrThrow();

        Assert.Equal(87.3, result.Primary.Egfr.MlPerMinPer173M2, 0.05);
        Assert.Equal([88.5, 77.6, 82.4], result.Companions.Select(c => Math.Round(c.Egfr.MlPerMinPer173M2, 1)));
        Assert.DoesNotContain(result.Primary.Warnings, i => i.Code == EgfrIssues.UnusedInput);
    }

    [Fact]
    public void Evaluate_ChildWithoutHeight_ReportsEgfr001AtHeight()
    {
        var issue = Assert.Single(Policy.Evaluate(EgfrAssert.Inputs("F", 10, scrMgPerDl: 0.5)).Issues);

        Assert.Equal(EgfrIssues.MissingInput, issue.Code);
        Assert.Equal("height", issue.Location);
    }
}
