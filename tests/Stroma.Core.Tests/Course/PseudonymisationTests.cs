using Stroma.Core.Course;

namespace Stroma.Core.Tests.Course;

/// <summary>
/// Pseudonymised times: the recorded clock time moved by whole days and given in UTC, so that a summer offset (+02:00 in Rome) does not
/// hint at the season the shift hides, and the site's calendar day (study day, age, same-day pairing) stays what it was.
/// </summary>
public sealed class PseudonymisationTests
{
    [Theory]
    [InlineData("2026-07-01T08:00:00+02:00", -10, "2026-06-21T08:00:00+00:00")] // Rome, summer time
    [InlineData("2026-01-15T08:00:00+01:00", -10, "2026-01-05T08:00:00+00:00")] // Rome, winter time: the same clock time
    [InlineData("2026-07-01T00:30:00+02:00", -1, "2026-06-30T00:30:00+00:00")]  // after midnight: still the day after the day before
    [InlineData("2026-03-01T23:30:00-05:00", -365, "2025-03-01T23:30:00+00:00")]
    [InlineData("2026-03-01T12:00:00+00:00", -3, "2026-02-26T12:00:00+00:00")]
    public void Shift_ATime_KeepsTheClockTimeMovedByWholeDays_InUtc(string at, int days, string expected)
    {
        var shifted = Pseudonymisation.Shift(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), days);

        Assert.Equal(TimeSpan.Zero, shifted.Offset);
        Assert.Equal(expected, shifted.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Shift_SummerAndWinterTimes_CannotBeToldApartByTheirOffset()
    {
        var summer = Pseudonymisation.Shift(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(2)), -100);
        var winter = Pseudonymisation.Shift(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(1)), -100);

        Assert.Equal((summer.Offset, summer.TimeOfDay), (winter.Offset, winter.TimeOfDay));
    }

    [Fact]
    public void Shift_NoTime_IsNone() => Assert.Null(Pseudonymisation.Shift((DateTimeOffset?)null, -5));

    [Fact]
    public void Apply_EveryTimeOfTheCourse_IsInUtc_AndOnTheSameStudyDay()
    {
        var course = Stroma.Core.Simulation.DemoCase.Build();
        var dayZero = course.Infusions.Min(i => i.At);

        var shown = Pseudonymisation.Apply(course, -42);

        var times = shown.Labs.Select(l => l.SampledAt).Concat(shown.Sessions.Select(s => s.At)).Concat(shown.Infusions.Select(i => i.At))
            .Concat(shown.Events.Select(e => e.At)).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.NotEqual(TimeSpan.Zero, course.Labs[0].SampledAt.Offset); // the demo records carry the site's offset
        Assert.Equal(course.Labs.Select(l => PatientCourse.StudyDay(dayZero, l.SampledAt)),
            shown.Labs.Select(l => PatientCourse.StudyDay(shown.Infusions.Min(i => i.At), l.SampledAt)));
    }
}
