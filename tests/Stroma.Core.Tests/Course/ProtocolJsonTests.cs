using System.Text;
using Stroma.Core.Course;

namespace Stroma.Core.Tests.Course;

public sealed class ProtocolJsonTests
{
    private static Diagnostics.ReadResult<TreatmentProtocol> Read(string json) => ProtocolJson.Read(Encoding.UTF8.GetBytes(json), "p.json");

    [Fact]
    public void Read_FullProtocol_TakesEveryValue()
    {
        var protocol = Read("""
            { "id": "centre_2026", "target": { "upcrBelowMgPerMg": 3.5, "inclusive": true }, "plasmapheresisFreeDays": 14,
              "beforeWindowDays": 56, "independenceDays": 90, "oneYearDay": 360, "oneYearToleranceDays": 30, "heightMaxAgeDays": 90, "albuminMaxAgeDays": 3 }
            """).ValueOrThrow();

        Assert.Equal(new TreatmentProtocol("centre_2026", new Stroma.Core.Renal.UpcrThreshold(3.5, true), 14, 56, 90, 360, 30, 90, 3), protocol);
    }

    [Fact]
    public void Read_OnlyIdAndTarget_TakesTheSeedDefaults()
    {
        var protocol = Read("""{ "id": "x", "target": { "upcrBelowMgPerMg": 5 } }""").ValueOrThrow();

        Assert.Equal(TreatmentProtocol.SeedCase with { Id = "x" }, protocol);
    }

    [Theory]
    [InlineData("""{ "target": { "upcrBelowMgPerMg": 5 } }""", "PROTO002", "p.json $.id")]
    [InlineData("""{ "id": "x" }""", "PROTO002", "p.json $.target")]
    [InlineData("""{ "id": "x", "target": { "upcrBelowMgPerMg": -1 } }""", "PROTO003", "p.json $.target.upcrBelowMgPerMg")]
    [InlineData("""{ "id": "x", "target": { "upcrBelowMgPerMg": 5, "unit": "mg/mmol" } }""", "PROTO004", "p.json $.target.unit")]
    [InlineData("""{ "id": "x", "target": { "upcrBelowMgPerMg": 5 }, "plasmapheresisFreeDay": 7 }""", "PROTO004", "p.json $.plasmapheresisFreeDay")]
    [InlineData("""{ "id": "x", "target": { "upcrBelowMgPerMg": 5 }, "oneYearDay": 365.5 }""", "PROTO003", "p.json $.oneYearDay")]
    [InlineData("""[1, 2]""", "PROTO001", "p.json $")]
    [InlineData("""{ "id": "x", """, "PROTO001", "p.json line 1")]
    public void Read_BadProtocol_ReportsCodeAndPath(string json, string code, string location)
    {
        var issue = Assert.Single(Read(json).Issues);

        Assert.Equal(code, issue.Code);
        Assert.Equal(location, issue.Location);
    }
}
