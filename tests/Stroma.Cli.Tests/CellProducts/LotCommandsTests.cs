namespace Stroma.Cli.Tests.CellProducts;

public sealed class LotCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-lot-").FullName;

    private string Db => Path.Combine(_folder, "stroma.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"lot-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    // A lot file: one bag, every mandatory result given (sterility as set), a two-step custody chain (second "from" as set).
    private static string Lot(string din = "A999925017001", string sterility = "no growth", string secondFrom = "courier", string specification = "\"bm-msc-isct\"") => $$"""
        {
          "lot": {
            "id": "LOT-T1", "donor": { "id": "D-1", "kind": "thirdParty" }, "sourceTissue": "bone marrow", "passage": 3, "preservation": "cryopreserved",
            "manufacturedAt": "2025-01-10T12:00:00+01:00", "expiresAt": "2026-01-10T12:00:00+01:00", "site": "Test factory",
            "bags": [ { "id": "LOT-T1-B1", "din": "{{din}}", "productCode": "S0000", "division": "A0", "cells": 75000000, "volumeMl": 50 } ]
          },
          "specification": {{specification}},
          "results": [
            { "code": "viability", "value": 90, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "viable_cells", "value": 200000000, "unit": "{cells}", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD73", "value": 99, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD90", "value": 99, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD105", "value": 98, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD45", "value": 0.5, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD34", "value": 0.5, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD11b", "value": 0.5, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "CD19", "value": 0.5, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "HLA-DR", "value": 0.5, "unit": "%", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "sterility", "text": "{{sterility}}", "at": "2025-01-27T09:00:00+01:00" },
            { "code": "endotoxin", "value": 0.1, "unit": "[EU]/mL", "at": "2025-01-20T09:00:00+01:00" },
            { "code": "mycoplasma", "text": "negative", "at": "2025-01-20T09:00:00+01:00" }
          ],
          "custody": [
            { "id": "c1", "bagId": "LOT-T1-B1", "scannedItemId": "LOT-T1-B1", "kind": "dispensed", "from": "qp", "to": "courier", "at": "2025-02-01T07:00:00+01:00", "location": "factory" },
            { "id": "c2", "bagId": "LOT-T1-B1", "scannedItemId": "LOT-T1-B1", "kind": "received", "from": "{{secondFrom}}", "to": "nurse", "at": "2025-02-01T08:00:00+01:00", "location": "ward" }
          ]
        }
        """;

    [Fact]
    public void ImportThenRelease_GoodLot_IsReleased()
    {
        var imported = CliRun.Of("import", "lot", Write(Lot()), "--db", Db);
        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.Contains("Imported lot LOT-T1: 1 bags, 13 release results, 2 custody events; released.", imported.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, release.ExitCode);
        Assert.True(release.Json().GetProperty("released").GetBoolean());
        Assert.Equal(["karyotype", "potency"], release.Json().GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    // A centre's own specification travels with the lot, versioned: viability ≥ 95 % makes the 90 % lot fail; a comparator without the
    // limit it needs is refused at its JSON path.
    [Fact]
    public void Import_OwnSpecification_IsJudgedAgainstAndCheckedForLimits()
    {
        const string Own = """{ "id": "centre-msc", "version": "3", "product": "BM-MSC", "tests": [ { "code": "viability", "name": "Viability", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true } ] }""";
        const string Broken = """{ "id": "centre-msc", "version": "3", "product": "BM-MSC", "tests": [ { "code": "viability", "name": "Viability", "method": "flow", "comparator": "atLeast", "unit": "%", "mandatory": true } ] }""";

        var broken = CliRun.Of("import", "lot", Write(Lot(specification: Broken)), "--db", Db);
        var imported = CliRun.Of("import", "lot", Write(Lot(specification: Own)), "--db", Db);
        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, broken.ExitCode);
        Assert.Contains(broken.Issues(), i => i.Code == "LOTJSON002" && i.Location.EndsWith("$.specification.tests[0]", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.StartsWith("Lot LOT-T1 (centre-msc v3): NOT RELEASED; blocking: viability fail (90 % against ≥ 95 %)", release.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_SterilityGrowth_IsNotReleasedNamingTheTest()
    {
        CliRun.Of("import", "lot", Write(Lot(sterility: "growth: S. epidermidis")), "--db", Db);

        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);

        Assert.Equal(ExitCodes.Ok, release.ExitCode);
        Assert.StartsWith("Lot LOT-T1 (bm-msc-isct v1): NOT RELEASED; blocking: sterility fail (expected 'no growth', found 'growth: S. epidermidis')", release.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A999925017002A", "$.lot.bags[0].din position 14", "ISBT003")]
    [InlineData("O999925017001", "$.lot.bags[0].din position 1", "ISBT002")]
    public void Import_BadDin_NamesThePathAndWritesNothing(string din, string location, string code)
    {
        var path = Write(Lot(din: din));

        var run = CliRun.Of("import", "lot", path, "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == code && i.Location.EndsWith(location, StringComparison.Ordinal));
        Assert.Contains("Rejected: nothing was written.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("lot", "release", "LOT-T1", "--db", Db).ExitCode);
    }

    [Fact]
    public void Import_CustodyGap_IsRefusedWhole()
    {
        var run = CliRun.Of("import", "lot", Write(Lot(secondFrom: "stranger")), "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("custody c2", "COC001"), run.Issues());
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("lot", "release", "LOT-T1", "--db", Db).ExitCode);
    }
}
