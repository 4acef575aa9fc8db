using Stroma.Core.Course;

namespace Stroma.Core.Tests.Course;

public sealed class PlasmapheresisDependenceTests
{
    private static readonly TreatmentProtocol Protocol = TreatmentProtocol.SeedCase;

    [Fact]
    public void Of_WeeklyBeforeNoneAfter_CountsFourPer28DaysThenNone()
    {
        var course = new CourseBuilder().Sessions(-77, -70, -63, -56, -49, -42, -35, -28, -21, -14, -7, -3).Infusion(0).Upcr(120, 3).Build();

        var dependence = PlasmapheresisDependence.Of(course, Protocol);

        Assert.Equal(12, dependence.Before.SessionIds.Count);
        Assert.Equal(4.0, dependence.Before.SessionsPer28Days!.Value, 1e-12);
        Assert.Equal(7.0, dependence.Before.MedianIntervalDays!.Value, 1e-12);
        Assert.Equal(7.0, dependence.Before.LongestIntervalDays!.Value, 1e-12);
        Assert.Equal(0.0, dependence.After.SessionsPer28Days!.Value);
        Assert.Equal(0, dependence.FreeSinceDay);
        Assert.True(dependence.IsIndependent);
        Assert.Equal(0, dependence.TimeToIndependenceDays);
        Assert.Equal(-3, dependence.LastSessionDay);
    }

    [Fact]
    public void Of_SessionsAfterDayZero_TimeToIndependenceIsTheLastSessionDay()
    {
        var course = new CourseBuilder().Sessions(-7, 3, 10, 24, 59).Infusion(0).Upcr(200, 3).Build();

        var dependence = PlasmapheresisDependence.Of(course, Protocol);

        Assert.Equal(["tpe-2", "tpe-3", "tpe-4", "tpe-5"], dependence.After.SessionIds);
        Assert.Equal(60, dependence.FreeSinceDay);
        Assert.Equal(59, dependence.TimeToIndependenceDays);
        Assert.Equal(14.0, dependence.After.MedianIntervalDays!.Value, 1e-12);
        Assert.Equal(35.0, dependence.After.LongestIntervalDays!.Value, 1e-12);
    }

    // Independence needs at least IndependenceDays (84) without a session up to the last follow-up.
    [Theory]
    [InlineData(84.0, true)]
    [InlineData(83.9, false)]
    public void Of_IndependenceWindow_IsInclusive(double followUpDaysAfterLastSession, bool expected)
    {
        var course = new CourseBuilder().Sessions(10).Infusion(0).Lab(Analyte.Upcr, CourseBuilder.At(10, 10).AddDays(followUpDaysAfterLastSession), 3, "mg/mg").Build();

        var dependence = PlasmapheresisDependence.Of(course, Protocol);

        Assert.Equal(expected, dependence.IsIndependent);
        Assert.Equal(expected ? 10 : null, dependence.TimeToIndependenceDays);
    }

    [Fact]
    public void Of_WindowEdges_BeforeIncludesItsStartAndAfterIncludesDayZero()
    {
        var course = new CourseBuilder().Session(CourseBuilder.Zero.AddDays(-84)).Session(CourseBuilder.Zero.AddDays(-84).AddMinutes(-1)).Session(CourseBuilder.Zero).Infusion(0).Upcr(100, 3).Build();

        var dependence = PlasmapheresisDependence.Of(course, Protocol);

        Assert.Equal(["tpe-1"], dependence.Before.SessionIds);
        Assert.Equal(["tpe-3"], dependence.After.SessionIds);
    }

    [Fact]
    public void Of_NoInfusion_Throws() =>
        Assert.Throws<InvalidOperationException>(() => PlasmapheresisDependence.Of(new CourseBuilder().Sessions(1).Build(), Protocol));
}
