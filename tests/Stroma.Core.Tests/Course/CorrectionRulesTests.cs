using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

/// <summary>What a correction may change, and how its messages state times: in the site's zone with its offset, never bare UTC.</summary>
public sealed class CorrectionRulesTests
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    private static LabResult Lab(Analyte analyte, double value, string unit) =>
        LabResult.Create("lab-1", analyte, new DateTimeOffset(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1)), value, unit);

    [Fact]
    public void Amendment_ToAnotherAnalyte_IsCor005AtTheAnalyteField()
    {
        var issue = LabAmendment.Check(Lab(Analyte.Creatinine, 0.9, "mg/dL"), Lab(Analyte.Upcr, 0.9, "mg/mg"));

        Assert.NotNull(issue);
        Assert.Equal((CorrectionIssues.AnalyteChanged, "analyte"), (issue.Code, issue.Location));
        Assert.Contains("retraction plus a new entry", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amendment_OfTheValue_IsAllowed() =>
        Assert.Null(LabAmendment.Check(Lab(Analyte.Creatinine, 0.9, "mg/dL"), Lab(Analyte.Creatinine, 0.8, "mg/dL")));

    [Fact]
    public void Retracted_SaysByWhomAndWhen_InTheSitesZone()
    {
        var retraction = new RecordCorrection("P-1", "lab_results", "lab-7", "retract", "wrong patient", "nurse-1", new DateTimeOffset(2026, 7, 1, 6, 30, 0, TimeSpan.Zero));

        var issue = LabAmendment.Retracted(retraction, "id", Rome);

        Assert.Equal((CorrectionIssues.AlreadyRetracted, "id"), (issue.Code, issue.Location));
        Assert.Contains("retracted by nurse-1 on 2026-07-01 08:30 +02:00", issue.Message, StringComparison.Ordinal);
        Assert.Contains("wrong patient", issue.Message, StringComparison.Ordinal);
    }

    // Rome is UTC+1 in winter and UTC+2 in summer (Directive 2000/84/EC); without a site zone the time is UTC and says so.
    [Theory]
    [InlineData("2026-12-02T06:37:05+00:00", "Europe/Rome", false, "2026-12-02 07:37 +01:00")]
    [InlineData("2026-07-02T06:37:05+00:00", "Europe/Rome", true, "2026-07-02 08:37:05 +02:00")]
    [InlineData("2026-07-02T08:37:05+02:00", null, true, "2026-07-02 06:37:05 UTC")]
    public void Shown_IsTheSitesLocalTimeWithItsOffset(string instant, string? zone, bool seconds, string expected) =>
        Assert.Equal(expected, SiteTime.Shown(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone), seconds));

    // QTY006 in a form states its limit as the field is entered: the site's local time with its offset and zone, not UTC.
    [Theory]
    [InlineData(2026, 12, 1, "2026-12-02T13:00 +01:00 (Europe/Rome)", "2027-01-05T08:00 +01:00")]
    [InlineData(2026, 7, 1, "2026-07-02T14:00 +02:00 (Europe/Rome)", "2027-01-05T08:00 +01:00")]
    public void FutureTimeInAForm_StatesTheLimitInTheSitesZone(int year, int month, int day, string limit, string found)
    {
        var window = new RecordWindow(new DateOnly(2012, 5, 4), new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));

        var issue = Assert.Single(LabEntry.Read("lab-1", new LabEntryFields("creatinine", "0.85", "mg/dL", "2027-01-05T08:00"), "Europe/Rome", window).Issues);

        Assert.Equal((QuantityIssues.ImpossibleDate, "sampledAt"), (issue.Code, issue.Location));
        Assert.Contains($"no later than {limit}", issue.Message, StringComparison.Ordinal);
        Assert.Contains($"found {found}", issue.Message, StringComparison.Ordinal);
    }

    // Every course form states QTY006 as the lab form does (the site's local time, its offset and zone), with the right article.
    [Fact]
    public void FutureEventInAForm_SaysAnEventTime_WithTheLimitInTheSitesZone()
    {
        var window = new RecordWindow(new DateOnly(2012, 5, 4), new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

        var issue = Assert.Single(CourseEntry.ReadEvent("event-1", new ClinicalEventFields("2031-01-01T08:00", "Other", "seen in clinic"), "Europe/Rome", window).Issues);

        Assert.Equal((QuantityIssues.ImpossibleDate, "at"), (issue.Code, issue.Location));
        Assert.StartsWith("Expected an event time no later than 2026-12-02T13:00 +01:00 (Europe/Rome) ", issue.Message, StringComparison.Ordinal);
        Assert.Contains("found 2031-01-01T08:00 +01:00", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adverse event onset", "Expected an adverse event onset no later than")]
    [InlineData("sample time", "Expected a sample time no later than")]
    public void FutureTime_TakesTheArticleOfItsWord(string what, string expected)
    {
        var window = new RecordWindow(null, new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.StartsWith(expected, window.Check(new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero), "row 2", what)?.Message, StringComparison.Ordinal);
    }

    // A CSV's time carries its own offset: the limit is stated in the same offset.
    [Fact]
    public void FutureTimeWithAnOffset_StatesTheLimitInThatOffset()
    {
        var window = new RecordWindow(null, new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

        var issue = window.Check(new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.FromHours(-5)), "labs.csv row 2, column sampled_at", "sample time");

        Assert.NotNull(issue);
        Assert.Contains("no later than 2026-12-02T07:00:00-05:00", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Specimen.SerumOrPlasma, "serum or plasma")]
    [InlineData(Specimen.FirstMorningUrine, "first-morning urine")]
    [InlineData(Specimen.Urine24Hour, "24-hour urine")]
    public void Specimen_IsDescribedInWords(Specimen specimen, string words) => Assert.Equal(words, LabCsv.Describe(specimen));

    [Fact]
    public void Pseudonymisation_WithAnIdMap_ReplacesEveryRecordId_AndKeepsTheValues()
    {
        var course = Stroma.Core.Simulation.DemoCase.Build();

        var shown = Pseudonymisation.Apply(course, -10, id => "r-" + id.Length);

        Assert.Equal(course.Labs.Select(l => "r-" + l.Id.Length), shown.Labs.Select(l => l.Id));
        Assert.Equal(course.Labs.Select(l => l.Reported), shown.Labs.Select(l => l.Reported));
        Assert.Equal(course.Labs.Select(l => l.Id), Pseudonymisation.Apply(course, -10).Labs.Select(l => l.Id));
        Assert.Equal(course.Sessions.Select(x => "r-" + x.Id.Length), shown.Sessions.Select(x => x.Id));
        Assert.Equal(course.Infusions.Select(x => "r-" + x.Id.Length), shown.Infusions.Select(x => x.Id));
        Assert.Equal(course.Infusions.Select(x => x.LotId), shown.Infusions.Select(x => x.LotId)); // the lot is pseudonymised where it is shown
        Assert.Equal(course.Drugs.Select(x => "r-" + x.Id.Length), shown.Drugs.Select(x => x.Id));
        Assert.Equal(course.Events.Select(x => "r-" + x.Id.Length), shown.Events.Select(x => x.Id));
    }
}
