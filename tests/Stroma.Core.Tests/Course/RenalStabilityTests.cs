using Stroma.Core.Course;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Course;

public sealed class RenalStabilityTests
{
    [Fact]
    public void Of_CreatinineWithNearbyHeight_UsesCkidU25AndTracesTheSamples()
    {
        var course = new CourseBuilder().Infusion(0).Height(-10, 150).Creatinine(-5, 0.7).Build();

        var point = Assert.Single(RenalStability.Of(course, TreatmentProtocol.SeedCase, EgfrRecommendationPolicy.Default).Points);

        Assert.Equal("ckid_u25_cr_2021", point.Result.Equation);
        Assert.Equal("Height-1", point.HeightLabId);
        Assert.Equal("Creatinine-2", point.CreatinineLabId);
        Assert.Equal(-5, point.Day);
    }

    [Fact]
    public void Of_HeightTooOld_LeavesTheEgfrOutWithCourse002()
    {
        var course = new CourseBuilder().Infusion(0).Height(-200, 150).Creatinine(-5, 0.7).Build();

        var renal = RenalStability.Of(course, TreatmentProtocol.SeedCase, EgfrRecommendationPolicy.Default);

        Assert.Empty(renal.Points);
        Assert.Contains(renal.Issues, i => i.Code == CourseIssues.NoHeightForEgfr && i.Location == "Creatinine-2");
    }

    [Fact]
    public void Of_Series_FitsSlopesAndChangeFromBaseline()
    {
        var course = new CourseBuilder().Infusion(0).Height(-100, 150).Height(100, 150)
            .Creatinine(-90, 0.75).Creatinine(-45, 0.72).Creatinine(-5, 0.70).Creatinine(30, 0.70).Creatinine(90, 0.68).Creatinine(180, 0.66).Build();

        var renal = RenalStability.Of(course, TreatmentProtocol.SeedCase, EgfrRecommendationPolicy.Default);

        Assert.Equal(3, renal.SlopeBefore!.Count);
        Assert.Equal(3, renal.SlopeAfter!.Count);
        Assert.True(renal.SlopeAfter.PerYear > 0);
        Assert.Equal("Creatinine-5", renal.Baseline!.CreatinineLabId);
        var expected = renal.Last!.Result.Egfr.MlPerMinPer173M2 - renal.Baseline.Result.Egfr.MlPerMinPer173M2;
        Assert.Equal(expected, renal.ChangeFromBaseline!.Value, 1e-12);
    }

    [Fact]
    public void Of_OneValueAfter_NotesThatThereIsNoSlope()
    {
        var course = new CourseBuilder().Infusion(0).Height(0, 150).Creatinine(-20, 0.7).Creatinine(-10, 0.7).Creatinine(30, 0.7).Build();

        var renal = RenalStability.Of(course, TreatmentProtocol.SeedCase, EgfrRecommendationPolicy.Default);

        Assert.Null(renal.SlopeAfter);
        Assert.Contains(renal.Issues, i => i.Code == CourseIssues.TooFewForSlope && i.Location == "after");
    }
}
