using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class EgfrSeriesTests
{
    private static EgfrSeriesSample Sample(int year, double age) => new(new DateOnly(year, 6, 1), EgfrAssert.Inputs("M", age, 175, 1.0));

    [Fact]
    public void EvaluateRecommended_AcrossEighteen_KeepsCkidU25WithoutASwitch()
    {
        var points = EgfrSeries.EvaluateRecommended([Sample(2024, 17.5), Sample(2025, 18.5)], EgfrRecommendationPolicy.Default);

        Assert.All(points, p => Assert.Equal("ckid_u25_cr_2021", p.Result.Value!.Equation));
        Assert.DoesNotContain(points, p => p.IsFamilySwitch);
    }

    [Fact]
    public void EvaluateRecommended_AcrossTwentyFive_MarksTheSwitch()
    {
        var points = EgfrSeries.EvaluateRecommended([Sample(2026, 25.8), Sample(2024, 24.0), Sample(2025, 25.0)], EgfrRecommendationPolicy.Default);

        Assert.Equal([false, false, true], points.Select(p => p.IsFamilySwitch));
        Assert.Equal("ckd_epi_cr_2021", points[2].Result.Value!.Equation);
        Assert.Contains(points[2].Result.Value!.Warnings, i => i.Code == EgfrIssues.EquationSwitch);
        Assert.Equal(new DateOnly(2026, 6, 1), points[2].Date);
    }

    [Fact]
    public void EvaluateFamily_Ekfc_KeepsOneEquationAcrossEighteenAndTwentyFive()
    {
        var points = EgfrSeries.EvaluateFamily([Sample(2020, 16), Sample(2023, 19), Sample(2030, 26)], "ekfc", EgfrMarker.Creatinine);

        Assert.All(points, p => Assert.Equal("ekfc_cr_2021", p.Result.Value!.Equation));
        Assert.DoesNotContain(points, p => p.IsFamilySwitch);
    }

    [Fact]
    public void EvaluateFamily_CkidU25PastTwentyFive_ReportsAnErrorInsteadOfSwitching()
    {
        var points = EgfrSeries.EvaluateFamily([Sample(2024, 24), Sample(2027, 27)], "ckid_u25", EgfrMarker.Creatinine);

        Assert.Equal(EgfrIssues.AgeOutsideDomain, Assert.Single(points[1].Result.Issues).Code);
    }

    [Fact]
    public void EvaluateFamily_UnknownCombination_Throws() =>
        Assert.Throws<ArgumentException>(() => EgfrSeries.EvaluateFamily([], "schwartz", EgfrMarker.CystatinC));
}
