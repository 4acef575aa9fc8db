using System.Text;
using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

/// <summary>Cross-field rules at entry: nothing before birth, nothing in the future beyond a day of clock skew, a plausible birth date.</summary>
public sealed class EntryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Diagnostics.ReadResult<(PatientCourse Course, PatientIdentity? Identity)> Read(string find, string replace) =>
        CourseJson.Read(Encoding.UTF8.GetBytes(CourseJsonTests.Good.Replace(find.Length == 0 ? "\u0000" : find, replace, StringComparison.Ordinal)), "c.json", Now);

    [Fact]
    public void Read_GoodDocument_PassesTheRules() => Assert.Empty(Read("", "").Issues);

    [Theory]
    [InlineData("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"1900-02-28T08:00:00+01:00\"", "c.json $.labs[0].sampledAt")]
    [InlineData("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"9999-12-31T08:00:00+01:00\"", "c.json $.labs[0].sampledAt")]
    [InlineData("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"2026-01-03T08:00:00+01:00\"", "c.json $.labs[0].sampledAt")]
    [InlineData("\"birthDate\": \"2012-05-04\"", "\"birthDate\": \"2099-05-04\"", "c.json $.patient.birthDate")]
    [InlineData("\"birthDate\": \"2012-05-04\"", "\"birthDate\": \"0001-01-01\"", "c.json $.patient.birthDate")]
    [InlineData("\"date\": \"2023-01-10\"", "\"date\": \"2010-01-10\"", "c.json $.patient.transplants[0].date")]
    [InlineData("\"recurrenceDate\": \"2023-01-20\"", "\"recurrenceDate\": \"2022-12-20\"", "c.json $.patient.recurrenceDate")]
    [InlineData("\"at\": \"2025-02-01T10:00:00+01:00\"", "\"at\": \"2011-02-01T10:00:00+01:00\"", "c.json $.sessions[0].at")]
    [InlineData("\"at\": \"2025-03-01T10:00:00+01:00\"", "\"at\": \"2027-03-01T10:00:00+01:00\"", "c.json $.infusions[0].at")]
    [InlineData("\"at\": \"2025-02-20T09:00:00+01:00\"", "\"at\": \"1999-02-20T09:00:00+01:00\"", "c.json $.events[0].at")]
    [InlineData("\"start\": \"2023-01-10\"", "\"start\": \"2023-01-10\", \"stop\": \"2022-01-10\"", "c.json $.drugs[0].stop")]
    public void Read_ImpossibleDate_IsRefusedAtItsPath(string find, string replace, string location)
    {
        var result = Read(find, replace);

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == QuantityIssues.ImpossibleDate && i.Location == location);
    }

    [Fact]
    public void Read_SampleWithinTheClockSkewTolerance_IsAccepted() =>
        Assert.False(Read("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"2026-01-02T08:00:00+01:00\"").HasErrors);

    [Fact]
    public void Read_SampleOnTheBirthDay_IsAccepted() =>
        Assert.False(Read("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"2012-05-04T08:00:00+01:00\"").HasErrors);

    [Fact]
    public void Read_WithoutAClock_StillRefusesASampleBeforeBirth()
    {
        var json = CourseJsonTests.Good.Replace("\"sampledAt\": \"2025-02-28T08:00:00+01:00\"", "\"sampledAt\": \"1900-02-28T08:00:00+01:00\"", StringComparison.Ordinal);

        var result = CourseJson.Read(Encoding.UTF8.GetBytes(json), "c.json");

        Assert.Contains(result.Issues, i => i.Code == QuantityIssues.ImpossibleDate && i.Location == "c.json $.labs[0].sampledAt");
    }

    [Fact]
    public void Read_ImpossibleWeightAtInfusion_IsRefusedWithTheRangeStated()
    {
        var result = Read("\"weight\": { \"value\": 40, \"unit\": \"kg\" }", "\"weight\": { \"value\": -40, \"unit\": \"kg\" }");

        Assert.Contains(result.Issues, i => i.Code == QuantityIssues.Impossible && i.Location == "c.json $.infusions[0].weight");
    }
}
