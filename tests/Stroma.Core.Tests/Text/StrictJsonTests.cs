using System.Text;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Core.Tests.Course;

namespace Stroma.Core.Tests.Text;

/// <summary>What every JSON reader (course, lot, safety, protocol) must refuse or accept, whatever the document.</summary>
public sealed class StrictJsonTests
{
    internal const string Lot = """
        {
          "lot": {
            "id": "LOT-J1", "donor": { "id": "D-1", "kind": "thirdParty" }, "sourceTissue": "bone marrow", "passage": 3, "preservation": "cryopreserved",
            "manufacturedAt": "2025-01-10T12:00:00+01:00", "expiresAt": "2026-01-10T12:00:00+01:00", "site": "Test factory",
            "bags": [ { "id": "LOT-J1-B1", "din": "A999925017001", "productCode": "S0000", "division": "A0", "cells": 75000000, "volumeMl": 50 } ]
          },
          "specification": "bm-msc-isct",
          "results": [ { "code": "viability", "value": 90, "unit": "%", "at": "2025-01-20T09:00:00+01:00" } ]
        }
        """;

    internal const string Safety = """
        {
          "adverseEvents": [
            { "id": "ae-1", "verbatim": "fever 38.3", "term": "Fever", "grade": 1, "onset": "2025-04-12T20:00:00+02:00", "relatedness": "unlikely", "outcome": "recovered" }
          ],
          "vitals": [ { "infusionId": "msc-1", "at": "2025-03-03T09:40:00+01:00", "phase": "before", "temperatureC": 36.7, "heartRate": 92 } ]
        }
        """;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static ReadResult<(PatientCourse Course, PatientIdentity? Identity)> ReadCourse(string json) => CourseJson.Read(Encoding.UTF8.GetBytes(json), "c.json");

    private static string CourseWith(string find, string replace) => CourseJsonTests.Good.Replace(find, replace, StringComparison.Ordinal);

    [Fact]
    public void Read_DuplicateKey_IsRefusedAtItsPath()
    {
        var result = ReadCourse(CourseWith("\"id\": \"P-77\"", "\"id\": \"P-80\", \"id\": \"P-81\""));

        Assert.True(result.HasErrors);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(CourseJsonIssues.Malformed, issue.Code);
        Assert.Equal("c.json $.patient.id", issue.Location);
    }

    [Fact]
    public void Read_DuplicateKeyInsideALotSpecification_IsRefused()
    {
        var json = Lot.Replace("\"specification\": \"bm-msc-isct\"", "\"specification\": { \"id\": \"a\", \"id\": \"b\", \"version\": \"1\", \"product\": \"p\", \"tests\": [] }", StringComparison.Ordinal);

        var result = LotJson.Read(Encoding.UTF8.GetBytes(json), "l.json");

        Assert.Contains(result.Issues, i => i.Code == LotJsonIssues.Malformed && i.Location == "l.json $.specification.id");
    }

    [Fact]
    public void Read_ByteOrderMark_IsAcceptedByEveryJsonReader()
    {
        static byte[] WithBom(string json) => [.. Bom, .. Encoding.UTF8.GetBytes(json)];

        Assert.False(CourseJson.Read(WithBom(CourseJsonTests.Good), "c.json").HasErrors);
        Assert.False(LotJson.Read(WithBom(Lot), "l.json").HasErrors);
        Assert.False(SafetyJson.Read(WithBom(Safety), "s.json").HasErrors);
        Assert.False(ProtocolJson.Read(WithBom("""{ "id": "p", "target": { "upcrBelowMgPerMg": 3.5 } }"""), "p.json").HasErrors);
    }

    [Theory]
    [InlineData("\"kind\": \"Biopsy\"", "\"kind\": \"0\"", "c.json $.events[0].kind")]
    [InlineData("\"donorType\": \"LivingRelated\"", "\"donorType\": \"1\"", "c.json $.patient.transplants[0].donorType")]
    [InlineData("\"kind\": \"Biopsy\"", "\"kind\": 0", "c.json $.events[0].kind")]
    public void Read_EnumGivenAsANumber_IsRefused(string find, string replace, string location)
    {
        var result = ReadCourse(CourseWith(find, replace));

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Location == location);
    }

    [Fact]
    public void Read_EnumGivenAsANumberInASafetyFile_IsRefused()
    {
        var result = SafetyJson.Read(Encoding.UTF8.GetBytes(Safety.Replace("\"relatedness\": \"unlikely\"", "\"relatedness\": \"2\"", StringComparison.Ordinal)), "s.json");

        Assert.Contains(result.Issues, i => i.Code == SafetyJsonIssues.BadValue && i.Location == "s.json $.adverseEvents[0].relatedness");
    }

    [Theory]
    [InlineData("\"labs\": [ {", "\"labs\": [ null, {", "c.json $.labs[0]")]
    [InlineData("\"sessions\": [ {", "\"sessions\": [ null, {", "c.json $.sessions[0]")]
    [InlineData("\"transplants\": [ {", "\"transplants\": [ null, {", "c.json $.patient.transplants[0]")]
    public void Read_NullArrayElement_IsACodedErrorAtItsPath(string find, string replace, string location)
    {
        var result = ReadCourse(CourseWith(find, replace));

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == CourseJsonIssues.Malformed && i.Location == location);
    }

    [Theory]
    [InlineData("\"name\": \"tacrolimus\"", "\"name\": \"tacrolimus\", \"dose\": 1e400", "c.json $.drugs[0].dose")]
    [InlineData("\"plasmaVolumes\": 1.2", "\"plasmaVolumes\": -1e400", "c.json $.sessions[0].plasmaVolumes")]
    [InlineData("\"value\": 700", "\"value\": 1e-320", "c.json $.labs[0].value")]
    [InlineData("\"value\": 700", "\"value\": 5e-400", "c.json $.labs[0].value")]
    public void Read_NumberOutsideTheRangeOfADouble_IsACodedErrorAtItsPath(string find, string replace, string location)
    {
        var result = ReadCourse(CourseWith(find, replace));

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == CourseJsonIssues.Malformed && i.Location == location);
    }

    [Fact]
    public void Read_InfiniteBagCellCountInALot_IsRefused()
    {
        var result = LotJson.Read(Encoding.UTF8.GetBytes(Lot.Replace("\"cells\": 75000000", "\"cells\": 1e400", StringComparison.Ordinal)), "l.json");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Location == "l.json $.lot.bags[0].cells");
    }

    [Theory]
    [InlineData("\"plasmaVolumes\": 1.2", "\"plasmaVolumes\": \"lots\"")]
    [InlineData("\"id\": \"s1\"", "\"id\": \"s1\", \"extra\": 1")]
    [InlineData("\"birthDate\": \"2012-05-04\", ", "")]
    [InlineData("\"sex\": \"F\"", "\"sex\": null")]
    [InlineData("\"sessions\": [", "\"sessions\": { \"x\": [")]
    public void Read_ShapeErrors_NeverShowDotNetTypeNames(string find, string replace)
    {
        var result = ReadCourse(CourseWith(find, replace));

        var issue = Assert.Single(result.Issues);
        Assert.Equal(CourseJsonIssues.Malformed, issue.Code);
        Assert.DoesNotContain("Stroma.", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Document", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongTypeInALot_NamesWhatWasExpectedWithoutTypeNames()
    {
        var result = LotJson.Read(Encoding.UTF8.GetBytes(Lot.Replace("\"passage\": 3", "\"passage\": \"three\"", StringComparison.Ordinal)), "l.json");

        var issue = Assert.Single(result.Issues);
        Assert.Equal("l.json $.lot.passage", issue.Location);
        Assert.DoesNotContain("LotJson", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stroma.", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeFieldWithControlCharacters_IsEchoedCutAndEscaped()
    {
        var huge = "\u0007\u001b[31m" + new string('x', 5_000_000);

        var result = ReadCourse(CourseWith("\"sex\": \"F\"", $"\"sex\": \"{huge.Replace("\u0007", "\\u0007", StringComparison.Ordinal).Replace("\u001b", "\\u001b", StringComparison.Ordinal)}\""));

        var issue = Assert.Single(result.Issues);
        Assert.Equal("c.json $.patient.sex", issue.Location);
        Assert.True(issue.Message.Length < 400, $"message of {issue.Message.Length} characters");
        Assert.DoesNotContain(issue.Message, char.IsControl);
        Assert.DoesNotContain(issue.ToCliLine(), char.IsControl);
    }
}
