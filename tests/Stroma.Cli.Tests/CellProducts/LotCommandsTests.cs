namespace Stroma.Cli.Tests.CellProducts;

public sealed class LotCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-lot-").FullName;

    // A site's database exists before its master data and batch records are imported (spec import and import lot never create one).
    public LotCommandsTests() => Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "migrate", "--db", Db).ExitCode);

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

    // The lot file is the lot's raw input: kept byte for byte under its SHA-256 and named as the lot's source; a refused file keeps nothing.
    [Fact]
    public async Task Import_KeepsTheFile_AsTheLotsRawInput()
    {
        var path = Write(Lot());
        var refusedPath = Write(Lot(specification: """{ "id": "no-such-spec", "version": "1" }"""));
        var imported = CliRun.Of("import", "lot", path, "--db", Db);
        var refused = CliRun.Of("import", "lot", refusedPath, "--db", Db);

        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(Db), "test");
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var kept = Assert.Single(await store.LoadRecordInputsAsync("msc_lots", "LOT-T1", TestContext.Current.CancellationToken));
        Assert.Equal(("import", Path.GetFileName(path), Core.RawInput.Of("x", bytes).Sha256), (kept.Action, kept.FileName, kept.Sha256));
        Assert.Equal(bytes, await store.LoadRawFileAsync(kept.Sha256, TestContext.Current.CancellationToken));
        Assert.Null(await store.LoadRawFileAsync(Core.RawInput.Of("x", await File.ReadAllBytesAsync(refusedPath, TestContext.Current.CancellationToken)).Sha256, TestContext.Current.CancellationToken));
    }

    // A lot never releases itself: a lot meeting its specification is released once the qualified person signs its release (the cell
    // factory, which made it, may not).
    [Fact]
    public void ImportThenRelease_GoodLot_IsReleasedOnceTheQualifiedPersonSigns()
    {
        var imported = CliRun.Of("import", "lot", Write(Lot()), "--db", Db);
        var unsigned = CliRun.Of("lot", "release", "LOT-T1", "--db", Db, "--json");
        var maker = Signatures.CliSigners.AddUser(Db, Path.GetDirectoryName(Db)!, "maker", "cell-factory", "Cell Maker");
        var byMaker = CliRun.Of("sign", "--kind", "lot", "--record", "LOT-T1", "--meaning", "release", "--user", "maker", "--password-file", maker, "--db", Db);
        var signed = Signatures.CliSigners.ReleaseLot(Db, Path.GetDirectoryName(Db)!, "LOT-T1");
        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db, "--json");
        var text = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);

        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.Contains("Imported lot LOT-T1 (bm-msc-isct v1): 1 bag, 13 release results, 2 custody events; meets its specification; released once a qualified person signs its release", imported.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NegativeVerdict, unsigned.ExitCode);
        Assert.True(unsigned.Json().GetProperty("meetsSpecification").GetBoolean());
        Assert.False(unsigned.Json().GetProperty("released").GetBoolean());
        Assert.Contains("not signed for release by a qualified person", unsigned.Json().GetProperty("refusal").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, byMaker.ExitCode);
        Assert.Contains(("--meaning", "SIG007"), byMaker.Issues());
        Assert.Equal(ExitCodes.Ok, signed.ExitCode);
        Assert.StartsWith("Signed lot LOT-T1: released by Quinn Person (qp) at ", signed.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, release.ExitCode);
        Assert.True(release.Json().GetProperty("released").GetBoolean());
        Assert.True(release.Json().GetProperty("releaseSignatureValid").GetBoolean());
        Assert.StartsWith("Lot LOT-T1 (bm-msc-isct v1): RELEASED", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Release signature: released by Quinn Person (qp) at ", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(["karyotype", "potency"], release.Json().GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    // A centre's own specification is held first (spec import) and the lot names it: viability ≥ 95 % makes the 90 % lot fail, and
    // `lot release` answers no with exit 3.
    [Fact]
    public void Import_HeldSpecification_IsJudgedAgainst()
    {
        var spec = Write(SpecCommandsTests.Specification("centre-msc", "3", viability: 95));

        var held = CliRun.Of("spec", "import", spec, "--db", Db);
        var imported = CliRun.Of("import", "lot", Write(Lot(specification: """{ "id": "centre-msc", "version": "3" }""")), "--db", Db);
        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);

        Assert.Equal(ExitCodes.Ok, held.ExitCode);
        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.Equal(ExitCodes.NegativeVerdict, release.ExitCode);
        Assert.StartsWith("Lot LOT-T1 (centre-msc v3): NOT RELEASED; viability fail (90 % against ≥ 95 %)", release.Stdout, StringComparison.Ordinal);
    }

    // Issue 11: a lot file carrying its own specification under the built-in id, with no tests, a contaminated sterility result and
    // endotoxin 500, was imported "released", `lot release` said RELEASED and `infusion record` infused it. It is refused at import,
    // pointing at `spec import`, and nothing is written.
    [Fact]
    public void Import_LotCarryingItsOwnSpecification_IsRefusedAndNeverReleased()
    {
        const string Own = """{ "id": "bm-msc-isct", "version": "1", "product": "x", "tests": [] }""";
        var path = Write(Lot(sterility: "growth: S. aureus", specification: Own).Replace("\"value\": 0.1, \"unit\": \"[EU]/mL\"", "\"value\": 500, \"unit\": \"[EU]/mL\"", StringComparison.Ordinal));
        CliRun.Of("db", "migrate", "--db", Db);

        var run = CliRun.Of("import", "lot", path, "--db", Db);
        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "LOTJSON003" && i.Location.EndsWith("$.specification", StringComparison.Ordinal));
        Assert.Contains("stroma spec import", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, release.ExitCode);
        Assert.Contains(release.Issues(), i => i.Code == "LOT002");
    }

    [Fact]
    public void Import_SpecificationNotHeld_IsRefusedNamingIt()
    {
        var run = CliRun.Of("import", "lot", Write(Lot(specification: """{ "id": "centre-msc", "version": "9" }""")), "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "SPEC007" && i.Location.EndsWith("$.specification", StringComparison.Ordinal));
    }

    // Issue 11: "EU/mL" was accepted at import, then release failed it as "not converted". It is read as [EU]/mL at import, with a
    // warning; a unit that is not the test's is refused there.
    [Theory]
    [InlineData("EU/mL", ExitCodes.Ok, "REL003")]
    [InlineData("[EU]/ml", ExitCodes.Ok, "REL003")]
    [InlineData("ng/mL", ExitCodes.InvalidInput, "REL002")]
    public void Import_EndotoxinUnit_IsNormalisedOrRefusedAtImport(string unit, int exit, string code)
    {
        var run = CliRun.Of("import", "lot", Write(Lot().Replace("\"unit\": \"[EU]/mL\"", $"\"unit\": \"{unit}\"", StringComparison.Ordinal)), "--db", Db, "--json");

        Assert.Equal(exit, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == code && i.Location.EndsWith("$.results[11].unit", StringComparison.Ordinal));
        Assert.Equal(code, run.Json().GetProperty("issues")[0].GetProperty("code").GetString());
        Assert.Equal(exit == ExitCodes.Ok, run.Json().GetProperty("imported").GetBoolean());
        if (exit == ExitCodes.Ok)
        {
            Assert.Contains("Specification: met.", CliRun.Of("lot", "release", "LOT-T1", "--db", Db).Stdout, StringComparison.Ordinal);
        }
    }

    // Issue 11: duplicate bag or custody ids in one lot file threw; bag ids were global across lots.
    [Fact]
    public void Import_DuplicateIdsInOneFile_NameBothPlacesAndBagIdsAreTheLotsOwn()
    {
        var twice = Lot().Replace("\"id\": \"c2\"", "\"id\": \"c1\"", StringComparison.Ordinal);
        var otherLot = Lot(din: "A999925017002").Replace("\"id\": \"LOT-T1\"", "\"id\": \"LOT-T2\"", StringComparison.Ordinal);

        var duplicate = CliRun.Of("import", "lot", Write(twice), "--db", Db);
        var first = CliRun.Of("import", "lot", Write(Lot()), "--db", Db);
        var second = CliRun.Of("import", "lot", Write(otherLot), "--db", Db);
        var again = CliRun.Of("import", "lot", Write(Lot()), "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, duplicate.ExitCode);
        Assert.Contains(duplicate.Issues(), i => i.Code == "LOTJSON004" && i.Location.EndsWith("$.custody[1].id", StringComparison.Ordinal));
        Assert.Contains("$.custody[0].id", duplicate.Stderr, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (first.ExitCode, second.ExitCode));
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains(again.Issues(), i => i.Code == "LOT001");
    }

    [Fact]
    public void Release_SterilityGrowth_ExitsThreeNamingTheTest()
    {
        CliRun.Of("import", "lot", Write(Lot(sterility: "growth: S. epidermidis")), "--db", Db);

        var release = CliRun.Of("lot", "release", "LOT-T1", "--db", Db);
        var json = CliRun.Of("lot", "release", "LOT-T1", "--db", Db, "--json");

        Assert.Equal(ExitCodes.NegativeVerdict, release.ExitCode);
        Assert.StartsWith("Lot LOT-T1 (bm-msc-isct v1): NOT RELEASED; sterility fail (expected 'no growth', found 'growth: S. epidermidis')", release.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NegativeVerdict, json.ExitCode);
        Assert.False(json.Json().GetProperty("released").GetBoolean());
        Assert.Equal(["sterility"], json.Json().GetProperty("blocking").EnumerateArray().Select(b => b.GetString()));
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
        Assert.Contains(("bag LOT-T1-B1 custody c2", "COC001"), run.Issues());
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("lot", "release", "LOT-T1", "--db", Db).ExitCode);
    }
}
