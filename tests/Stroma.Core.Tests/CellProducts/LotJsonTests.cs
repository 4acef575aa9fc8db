using System.Text;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Core.Tests.Text;

namespace Stroma.Core.Tests.CellProducts;

public sealed class LotJsonTests
{
    // Two bags; {spec} is the specification, {b2} the second bag's id and {c} the custody events.
    private const string Lot = """
        {
          "lot": { "id": "L1", "donor": { "id": "D", "kind": "thirdParty" }, "sourceTissue": "bone marrow", "passage": 3, "preservation": "cryopreserved",
                   "manufacturedAt": "2025-01-10T12:00:00+01:00", "expiresAt": "2026-01-10T12:00:00+01:00", "site": "F",
                   "bags": [ { "id": "B1", "din": "A999925017001", "productCode": "S", "division": "A0", "cells": 1e8, "volumeMl": 50 },
                             { "id": "{b2}", "din": "A999925017002", "productCode": "S", "division": "A1", "cells": 1e8, "volumeMl": 50 } ] },
          "specification": {spec},
          "results": [],
          "custody": [ {c} ]
        }
        """;

    private static ReadResult<LotDocument> Read(string spec = "\"bm-msc-isct\"", string b2 = "B2", string custody = "") =>
        LotJson.Read(Encoding.UTF8.GetBytes(Lot.Replace("{spec}", spec, StringComparison.Ordinal).Replace("{b2}", b2, StringComparison.Ordinal).Replace("{c}", custody, StringComparison.Ordinal)), "lot.json");

    private static string Event(string id, string bag, string from, string to, string at) =>
        $$"""{ "id": "{{id}}", "bagId": "{{bag}}", "scannedItemId": "{{bag}}", "kind": "dispensed", "from": "{{from}}", "to": "{{to}}", "at": "2025-02-01T{{at}}:00+01:00", "location": "x" }""";

    [Theory]
    [InlineData("\"bm-msc-isct\"", "bm-msc-isct", null)]
    [InlineData("""{ "id": "centre-msc", "version": "3" }""", "centre-msc", "3")]
    [InlineData("""{ "id": "centre-msc" }""", "centre-msc", null)]
    public void Read_SpecificationReference_IsIdAndVersion(string spec, string id, string? version) =>
        Assert.Equal(new SpecificationReference(id, version), Read(spec).Value!.Specification);

    // Issue 11: a lot file released itself with a specification of its own under the built-in id. A lot file only references one.
    [Fact]
    public void Read_SpecificationOfItsOwn_IsRefusedPointingAtSpecImport()
    {
        var read = Read("""{ "id": "bm-msc-isct", "version": "1", "product": "x", "tests": [] }""");

        Assert.Null(read.Value);
        var issue = Assert.Single(read.Issues);
        Assert.Equal((LotJsonIssues.InlineSpecification, "lot.json $.specification"), (issue.Code, issue.Location));
        Assert.Contains("stroma spec import", issue.Message, StringComparison.Ordinal);
    }

    // Issue 11: duplicate bag or custody ids in one file threw. Now one coded error at the second place, naming the first.
    [Fact]
    public void Read_DuplicateBagId_NamesBothPlaces()
    {
        var issue = Assert.Single(Read(b2: "B1").Issues);

        Assert.Equal((LotJsonIssues.DuplicateId, "lot.json $.lot.bags[1].id"), (issue.Code, issue.Location));
        Assert.Contains("$.lot.bags[0].id", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateCustodyIdOfOneBag_NamesBothPlaces()
    {
        var issue = Assert.Single(Read(custody: Event("c1", "B1", "qp", "courier", "07:00") + ", " + Event("c1", "B1", "courier", "nurse", "08:00")).Issues);

        Assert.Equal((LotJsonIssues.DuplicateId, "lot.json $.custody[1].id"), (issue.Code, issue.Location));
        Assert.Contains("$.custody[0].id", issue.Message, StringComparison.Ordinal);
    }

    // Custody ids are scoped to their bag: c1 of B1 and c1 of B2 are two events.
    [Fact]
    public void Read_SameCustodyIdOnTwoBags_IsTwoEvents()
    {
        var read = Read(custody: Event("c1", "B1", "qp", "courier", "07:00") + ", " + Event("c1", "B2", "qp", "courier", "07:00"));

        Assert.Empty(read.Issues);
        Assert.Equal(2, read.Value!.Custody.Count);
    }

    private static ReadResult<LotDocument> ReadPatched(string find, string replace) =>
        LotJson.Read(Encoding.UTF8.GetBytes(StrictJsonTests.Lot.Replace(find.Length == 0 ? "\u0000" : find, replace, StringComparison.Ordinal)), "l.json");

    [Fact]
    public void Read_GoodLot_HasNoErrors() => Assert.False(ReadPatched("", "").HasErrors);

    [Theory]
    [InlineData(-3)]
    [InlineData(1000)]
    public void Read_ImpossiblePassage_IsRefusedAtItsPath(int passage)
    {
        var result = ReadPatched("\"passage\": 3", $"\"passage\": {passage}");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == LotJsonIssues.BadValue && i.Location == "l.json $.lot.passage");
    }
}
