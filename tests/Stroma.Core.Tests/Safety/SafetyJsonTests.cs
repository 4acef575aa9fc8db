using System.Text;
using Stroma.Core.Quantities;
using Stroma.Core.Safety;
using Stroma.Core.Tests.Text;

namespace Stroma.Core.Tests.Safety;

public sealed class SafetyJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Diagnostics.ReadResult<SafetyDocument> Read(string find, string replace) =>
        SafetyJson.Read(Encoding.UTF8.GetBytes(StrictJsonTests.Safety.Replace(find.Length == 0 ? "\u0000" : find, replace, StringComparison.Ordinal)), "s.json", Now);

    [Fact]
    public void Read_GoodDocument_HasNoIssues() => Assert.Empty(Read("", "").Issues);

    [Theory]
    [InlineData("\"temperatureC\": 36.7", "\"temperatureC\": 1000", "s.json $.vitals[0].temperatureC")]
    [InlineData("\"heartRate\": 92", "\"heartRate\": -5", "s.json $.vitals[0].heartRate")]
    [InlineData("\"heartRate\": 92", "\"heartRate\": 92, \"spO2Percent\": 140", "s.json $.vitals[0].spO2Percent")]
    [InlineData("\"heartRate\": 92", "\"heartRate\": 92, \"respiratoryRate\": -1", "s.json $.vitals[0].respiratoryRate")]
    [InlineData("\"heartRate\": 92", "\"heartRate\": 92, \"systolicMmHg\": 900", "s.json $.vitals[0].systolicMmHg")]
    [InlineData("\"heartRate\": 92", "\"heartRate\": 92, \"systolicMmHg\": 80, \"diastolicMmHg\": 120", "s.json $.vitals[0].diastolicMmHg")]
    public void Read_ImpossibleVitalSign_IsRefusedAtItsPath(string find, string replace, string location)
    {
        var result = Read(find, replace);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == QuantityIssues.Impossible && i.Location == location);
    }

    [Fact]
    public void Read_ImplausibleButPossibleVitalSign_IsAWarning()
    {
        var result = Read("\"temperatureC\": 36.7", "\"temperatureC\": 42.5");

        Assert.NotNull(result.Value);
        Assert.Contains(result.Issues, i => i.Code == QuantityIssues.Implausible && i.Location == "s.json $.vitals[0].temperatureC");
    }

    [Theory]
    [InlineData("\"onset\": \"2025-04-12T20:00:00+02:00\"", "\"onset\": \"2026-04-12T20:00:00+02:00\"", "s.json $.adverseEvents[0].onset")]
    [InlineData("\"at\": \"2025-03-03T09:40:00+01:00\"", "\"at\": \"9999-12-31T09:40:00+01:00\"", "s.json $.vitals[0].at")]
    public void Read_RecordInTheFuture_IsRefused(string find, string replace, string location) =>
        Assert.Contains(Read(find, replace).Issues, i => i.Code == QuantityIssues.ImpossibleDate && i.Location == location);
}
