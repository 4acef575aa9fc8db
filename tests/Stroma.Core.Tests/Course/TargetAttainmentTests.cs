using Stroma.Core.Course;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Course;

public sealed class TargetAttainmentTests
{
    private static readonly TreatmentProtocol Protocol = TreatmentProtocol.SeedCase;

    // "Without plasmapheresis": no session started within 7 days before the sample; a session exactly 7 days before still counts.
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Of_SessionSevenDaysBefore_IsNotFree(int extraMinutes, bool expectedFree)
    {
        var course = new CourseBuilder().Infusion(0).Session(CourseBuilder.At(20, 8)).Lab(Analyte.Upcr, CourseBuilder.At(27, 8).AddMinutes(extraMinutes), 3, "mg/mg").Build();

        var point = Assert.Single(TargetAttainment.Of(course, Protocol).Points);

        Assert.Equal(expectedFree, point.IsPlasmapheresisFree);
        Assert.Equal("tpe-1", point.LastSessionIdBefore);
    }

    [Fact]
    public void Of_SampleDrawnBeforeASessionTheSameMorning_IsNotAffectedByIt()
    {
        var course = new CourseBuilder().Infusion(0).Sessions(30).Upcr(30, 4.0, hour: 8).Build();

        Assert.True(Assert.Single(TargetAttainment.Of(course, Protocol).Points).IsPlasmapheresisFree);
    }

    [Theory]
    [InlineData(4.99, true)]
    [InlineData(5.0, false)]
    public void Of_Target_IsStrictlyBelowFive(double upcr, bool expected) =>
        Assert.Equal(expected, Assert.Single(TargetAttainment.Of(new CourseBuilder().Infusion(0).Upcr(30, upcr).Build(), Protocol).Points).MeetsTarget);

    [Fact]
    public void Of_HeldSince_IsTheStartOfTheFinalRunWithNoLaterSession()
    {
        var course = new CourseBuilder().Infusion(0).Sessions(3, 59).Upcr(10, 4.0).Upcr(59, 3.9).Upcr(90, 3.8).Upcr(180, 3.2).Upcr(365, 2.9).Build();

        var attainment = TargetAttainment.Of(course, Protocol);

        Assert.Equal(90, attainment.HeldSinceDay);
        Assert.True(attainment.HeldAtLastFollowUp);
        Assert.True(attainment.HeldAtOneYear);
        Assert.True(attainment.TargetMetWithoutPlasmapheresis);
    }

    [Fact]
    public void Of_LastSampleAboveTarget_HasNotHeld()
    {
        var course = new CourseBuilder().Infusion(0).Upcr(90, 3.8).Upcr(180, 5.5).Build();

        var attainment = TargetAttainment.Of(course, Protocol);

        Assert.Null(attainment.HeldSinceDay);
        Assert.False(attainment.HeldAtLastFollowUp);
        Assert.False(attainment.TargetMetWithoutPlasmapheresis);
    }

    [Fact]
    public void Of_SampleBelowTargetButRightAfterASession_DoesNotCount()
    {
        var course = new CourseBuilder().Infusion(0).Sessions(100).Upcr(103, 3.0).Build();

        var attainment = TargetAttainment.Of(course, Protocol);

        Assert.False(attainment.HeldAtLastFollowUp);
        Assert.Null(attainment.HeldSinceLabId);
    }

    // One year is day 365 ± 45: day 320 counts, day 319 does not.
    [Theory]
    [InlineData(320, true)]
    [InlineData(410, true)]
    [InlineData(319, null)]
    [InlineData(411, null)]
    public void Of_OneYearWindow_HasInclusiveEdges(int day, bool? expected) =>
        Assert.Equal(expected, TargetAttainment.Of(new CourseBuilder().Infusion(0).Upcr(day, 3).Build(), Protocol).HeldAtOneYear);

    [Fact]
    public void Of_ChildSample_UsesIpnaAndAdultSampleUsesKdigo()
    {
        var course = new CourseBuilder().BornOn(new DateOnly(2007, 1, 2)).Infusion(0).Upcr(-10, 7).Upcr(0, 8).Upcr(30, 3).Build();

        var points = TargetAttainment.Of(course, Protocol).Points;

        Assert.Equal("ipna_2022_children", points[1].Remission.RuleSet);
        Assert.Equal("kdigo_2021_adults", points[2].Remission.RuleSet);
        Assert.Equal(RemissionStatus.Partial, points[2].Remission.Status);
    }
}
