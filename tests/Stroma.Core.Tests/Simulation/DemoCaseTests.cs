using Stroma.Core.Quantities;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class DemoCaseTests
{
    // The demo is loaded to be used: every record must lie before the day it is loaded, or its late records could not be amended (a
    // time in the future is QTY006). It ran to 2026-12-24 before; it is fixed in the past, not moved with the clock, so its known answers
    // stay put.
    [Fact]
    public void Build_EveryRecordIsDatedBeforeToday()
    {
        var course = DemoCase.Build();
        var therapy = DemoCellTherapy.Build();
        var today = DateTimeOffset.UtcNow;

        Assert.All(course.Labs, l => Assert.True(l.SampledAt < today, $"{l.Id} at {l.SampledAt:O}"));
        Assert.All(course.Sessions, s => Assert.True(s.At < today, s.Id));
        Assert.All(course.Infusions, i => Assert.True(i.At < today, i.Id));
        Assert.All(course.Events, e => Assert.True(e.At < today, e.Id));
        Assert.All(therapy.AdverseEvents, e => Assert.True((e.Resolved ?? e.Onset) < today, e.Id));
        Assert.All(therapy.Biopsies, b => Assert.True(b.TakenAt < today, b.Id));
    }

    // Moved by exactly four calendar years (birth date included), the patient's age on every record is the one it had on the 2025 course.
    [Fact]
    public void Build_AgesAreThoseOfTheCourseBeforeItMoved()
    {
        var course = DemoCase.Build();

        Assert.All(course.Labs, l =>
        {
            var date = DateOnly.FromDateTime(l.SampledAt.DateTime);
            Assert.Equal(AgeInYears.Between(new DateOnly(2011, 10, 15), date.AddYears(4)).Years, course.Patient.AgeOn(date).Years);
        });
        Assert.Equal(13.38, course.Patient.AgeOn(DateOnly.FromDateTime(DemoCase.DayZero.DateTime)).Years, 2);
    }
}
