using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

public sealed class LabEntryTests
{
    private static readonly RecordWindow Window = new(new DateOnly(2012, 5, 4), new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private static Diagnostics.ReadResult<LabResult> Read(string? value = "0.85", string? unit = "mg/dL", string? at = "2026-02-03T09:15", string? zone = "Europe/Rome", string? analyte = "creatinine") =>
        LabEntry.Read("lab-1", new LabEntryFields(analyte, value, unit, at), zone, Window, new string('a', 64));

    [Fact]
    public void GoodEntry_IsReadWithTheSitesOffset()
    {
        var lab = Read().ValueOrThrow();
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1)), lab.SampledAt);
        Assert.Equal(new ReportedValue(0.85, "mg/dL"), lab.Reported);
        Assert.Equal("2160-0", lab.Loinc);
    }

    [Fact]
    public void MicromolesPerLitre_AreConverted_AndKeptAsReported()
    {
        var lab = Read("75", "umol/L").ValueOrThrow();
        Assert.Equal("umol/L", lab.Reported.Unit);
        Assert.Equal(75 / 88.42, lab.Value, 3);
    }

    [Theory]
    [InlineData("0,85", "LAB004")]
    [InlineData("", "LAB004")]
    [InlineData("abc", "LAB004")]
    [InlineData("-1", "QTY002")]
    [InlineData("1e5", "QTY002")]
    public void BadValue_IsRefusedAtTheValueField(string value, string code)
    {
        var result = Read(value);
        Assert.Null(result.Value);
        var issue = Assert.Single(result.Issues, i => i.Severity == Diagnostics.Severity.Error);
        Assert.Equal(("value", code), (issue.Location, issue.Code));
    }

    [Fact]
    public void UnitNotOfTheAnalyte_IsRefusedAtTheUnitField()
    {
        var issue = Assert.Single(Read(unit: "mg/mg").Issues, i => i.Severity == Diagnostics.Severity.Error);
        Assert.Equal("unit", issue.Location);
    }

    // Europe/Rome follows the EU's summer time (Directive 2000/84/EC, art. 1–3: from 01:00 UTC on the last Sunday of March to 01:00 UTC
    // on the last Sunday of October). In 2026 those are 29 March (local 02:00 → 03:00, so 02:30 never happens) and 25 October (local
    // 03:00 → 02:00, so 02:30 happens twice, at +02:00 and at +01:00).
    [Theory]
    [InlineData("2026-03-29T02:30", "TIME002")]
    [InlineData("2026-10-25T02:30", "TIME003")]
    [InlineData("2026-02-03 09:15", "TIME001")]
    [InlineData("03/02/2026 09:15", "TIME001")]
    [InlineData("2026-02-03T09:15+01:00", "TIME001")]
    [InlineData("0001-01-01T00:00", "TIME001")]
    [InlineData("9999-12-31T23:59", "TIME001")]
    public void LocalTimeThatIsNotOneInstant_IsRefused_NotGuessed(string at, string code)
    {
        var issue = Assert.Single(Read(at: at).Issues);
        Assert.Equal(("sampledAt", code), (issue.Location, issue.Code));
    }

    [Theory]
    [InlineData("2026-03-29T01:59", 1)]
    [InlineData("2026-03-29T03:00", 2)]
    [InlineData("2026-10-25T01:59", 2)]
    [InlineData("2026-10-25T03:00", 1)]
    public void LocalTimesAroundTheChanges_GetTheirOffsets(string at, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), Read(at: at).ValueOrThrow().SampledAt.Offset);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CET")]
    [InlineData("Mars/Olympus")]
    public void WithoutAKnownIanaZone_TheTimeIsRefused(string? zone)
    {
        var issue = Assert.Single(Read(zone: zone).Issues);
        Assert.Equal(("sampledAt", SiteTime.Issues.NoTimeZone), (issue.Location, issue.Code));
    }

    [Fact]
    public void FutureAndBeforeBirth_AreRefused()
    {
        Assert.Equal(QuantityIssues.ImpossibleDate, Assert.Single(Read(at: "2027-01-05T08:00").Issues).Code);
        Assert.Equal(QuantityIssues.ImpossibleDate, Assert.Single(Read(at: "2011-01-05T08:00").Issues).Code);
    }

    [Fact]
    public void EveryBadField_IsReportedAtOnce()
    {
        var result = LabEntry.Read("lab-1", new LabEntryFields("glucose", "1,2", "mg/dL", "yesterday"), "Europe/Rome", Window);
        Assert.Equal(["analyte", "sampledAt", "value"], result.Issues.Select(i => i.Location).Order(StringComparer.Ordinal));
    }
}

public sealed class PatientStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Status_FollowsItsStatedRules()
    {
        var course = global::Stroma.Core.Simulation.DemoCase.Build();
        Assert.Equal(PatientStanding.NotInfused, PatientStatus.Of(course with { Infusions = [] }, null, Now).Standing);
        Assert.Equal(PatientStanding.TargetMet, PatientStatus.Of(course, true, Now).Standing);
        Assert.Equal(PatientStanding.TargetNotMet, PatientStatus.Of(course, false, Now).Standing);

        // A session after day 0 within 28 days of the last record: still on plasmapheresis, whatever the target says.
        var last = course.LastFollowUp!.Value;
        var late = course.Sessions[0] with { Id = "late", At = last.AddDays(-PatientStatus.OnPlasmapheresisDays) };
        Assert.Equal(PatientStanding.OnPlasmapheresis, PatientStatus.Of(course with { Sessions = [.. course.Sessions, late] }, true, Now).Standing);
        var older = late with { At = last.AddDays(-PatientStatus.OnPlasmapheresisDays - 1) };
        Assert.Equal(PatientStanding.TargetMet, PatientStatus.Of(course with { Sessions = [.. course.Sessions, older] }, true, Now).Standing);
    }

    [Fact]
    public void FollowUp_IsDueAfterNinetyDaysWithoutAUpcr()
    {
        var course = global::Stroma.Core.Simulation.DemoCase.Build();
        var lastUpcr = course.Labs.Where(l => l.Analyte == Analyte.Upcr).Max(l => l.SampledAt);
        Assert.False(PatientStatus.Of(course, true, lastUpcr.AddDays(PatientStatus.FollowUpDueDays)).FollowUpDue);
        Assert.True(PatientStatus.Of(course, true, lastUpcr.AddDays(PatientStatus.FollowUpDueDays + 1)).FollowUpDue);
        Assert.True(PatientStatus.Of(course with { Labs = [] }, null, Now).FollowUpDue);
    }
}
