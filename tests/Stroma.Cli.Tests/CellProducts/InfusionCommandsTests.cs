namespace Stroma.Cli.Tests.CellProducts;

public sealed class InfusionCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-infusion-").FullName;

    private string Db => Path.Combine(_folder, "demo", "stroma.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A lot with two bags dispensed for the demo patient: B1's custody reaches the bedside, B2's stops at the ward.
    private string LotFile(string lot = "LOT-I", string dinYear = "25")
    {
        const string At = "\"at\": \"2025-06-01T";
        var json = $$"""
            {
              "lot": {
                "id": "LOT-I", "donor": { "id": "D-2", "kind": "thirdParty" }, "sourceTissue": "bone marrow", "passage": 3, "preservation": "cryopreserved",
                "manufacturedAt": "2025-05-01T12:00:00+02:00", "expiresAt": "2025-06-01T12:00:00+02:00", "site": "Test factory",
                "bags": [
                  { "id": "LOT-I-B1", "din": "A999925020001", "productCode": "S0000", "division": "A0", "cells": 75000000, "volumeMl": 50, "allocatedToPatientId": "DEMO-001" },
                  { "id": "LOT-I-B2", "din": "A999925020002", "productCode": "S0000", "division": "A1", "cells": 75000000, "volumeMl": 50, "allocatedToPatientId": "DEMO-001" }
                ]
              },
              "specification": "bm-msc-isct",
              "results": [
                { "code": "viability", "value": 90, "unit": "%", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "viable_cells", "value": 200000000, "unit": "{cells}", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "CD73", "value": 99, "unit": "%", "at": "2025-05-20T09:00:00+02:00" }, { "code": "CD90", "value": 99, "unit": "%", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "CD105", "value": 98, "unit": "%", "at": "2025-05-20T09:00:00+02:00" }, { "code": "CD45", "value": 0.5, "unit": "%", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "CD34", "value": 0.5, "unit": "%", "at": "2025-05-20T09:00:00+02:00" }, { "code": "CD14", "value": 0.5, "unit": "%", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "CD79a", "value": 0.5, "unit": "%", "at": "2025-05-20T09:00:00+02:00" }, { "code": "HLA-DR", "value": 0.5, "unit": "%", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "sterility", "text": "no growth", "at": "2025-05-27T09:00:00+02:00" }, { "code": "endotoxin", "value": 0.1, "unit": "[EU]/mL", "at": "2025-05-20T09:00:00+02:00" },
                { "code": "mycoplasma", "text": "negative", "at": "2025-05-20T09:00:00+02:00" }
              ],
              "custody": [
                { "id": "b1-1", "bagId": "LOT-I-B1", "scannedItemId": "LOT-I-B1", "kind": "dispensed", "from": "qp", "to": "courier", {{At}}07:00:00+02:00", "location": "factory" },
                { "id": "b1-2", "bagId": "LOT-I-B1", "scannedItemId": "A999925020001", "kind": "atBedside", "from": "courier", "to": "physician", {{At}}09:00:00+02:00", "location": "bed 4" },
                { "id": "b2-1", "bagId": "LOT-I-B2", "scannedItemId": "LOT-I-B2", "kind": "dispensed", "from": "qp", "to": "courier", {{At}}07:00:00+02:00", "location": "factory" }
              ]
            }
            """;
        var path = Path.Combine(_folder, $"{lot}.json");
        File.WriteAllText(path, lot == "LOT-I" ? json : json.Replace("\"id\": \"LOT-I\"", $"\"id\": \"{lot}\"", StringComparison.Ordinal)
            .Replace("A9999250200", $"A9999{dinYear}0200", StringComparison.Ordinal).Replace("\"scannedItemId\": \"A9999250", $"\"scannedItemId\": \"A9999{dinYear}0", StringComparison.Ordinal));
        return path;
    }

    // Imports the lot and signs its release as the qualified person (a lot never releases itself).
    private CliRun ImportReleased(string lot = "LOT-I", string dinYear = "25")
    {
        var imported = CliRun.Of("import", "lot", LotFile(lot, dinYear), "--db", Db);
        Assert.Equal(ExitCodes.Ok, Signatures.CliSigners.ReleaseLot(Db, _folder, lot).ExitCode);
        return imported;
    }

    private CliRun Record(string bag, string at, string id) =>
        CliRun.Of("infusion", "record", "--patient", "DEMO-001", "--bag", bag, "--at", at, "--cells-per-kg", "1.5e6", "--weight-kg", "40", "--by", "physician", "--id", id, "--db", Db);

    [Fact]
    public void Record_ThroughTheGate_AcceptsTheGoodBagAndRefusesTheOthersWithTheirReasons()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        Assert.Equal(ExitCodes.Ok, ImportReleased().ExitCode);

        var good = Record("LOT-I-B1", "2025-06-01T09:30:00+02:00", "inf-x1");
        var noBedside = Record("LOT-I-B2", "2025-06-01T09:30:00+02:00", "inf-x2");
        var expired = Record("LOT-I-B1", "2025-06-01T12:00:01+02:00", "inf-x3");

        Assert.Equal(ExitCodes.Ok, good.ExitCode);
        Assert.Equal("Recorded infusion inf-x1 of bag LOT-I-B1 (lot LOT-I) for DEMO-001: 1.5 × 10⁶ cells/kg × 40 kg = 6 × 10⁷ cells.", good.Stdout.Trim());
        Assert.Equal(ExitCodes.InvalidInput, noBedside.ExitCode);
        Assert.Contains(noBedside.Issues(), i => i.Code == "COC007");
        Assert.Equal(ExitCodes.InvalidInput, expired.ExitCode);
        Assert.Contains(expired.Issues(), i => i.Code == "COC005");
        Assert.Contains(expired.Issues(), i => i.Code == "COC009");
        Assert.Contains("Refused: nothing was written.", expired.Stderr, StringComparison.Ordinal);
    }

    // A bag of 7.5e7 cells in 50 mL: 5e6 cells/kg at 30 kg needs 1.5e8 cells (100 mL) — more than the bag holds (COC014), nothing
    // written; the endotoxin of a dose that fits is within 5 EU/kg (0.1 EU/mL × 30 mL ÷ 40 kg).
    [Fact]
    public void Record_DoseLargerThanTheBag_IsRefused()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();

        var tooMuch = CliRun.Of("infusion", "record", "--patient", "DEMO-001", "--bag", "LOT-I-B1", "--at", "2025-06-01T09:30:00+02:00", "--cells-per-kg", "5e6",
            "--weight-kg", "30", "--by", "physician", "--id", "inf-big", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, tooMuch.ExitCode);
        Assert.Contains(tooMuch.Issues(), i => i.Code == "COC014");
        Assert.Contains("(100 mL)", tooMuch.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Record("LOT-I-B1", "2025-06-01T09:30:00+02:00", "inf-fits").ExitCode);
    }

    // Issue 11: records are dated within the patient's life; an infusion dated before the demo patient's birth (2007) is refused by the
    // transaction that writes, whichever front end asks, and so is one in the future; a dose of 0 names its option.
    [Fact]
    public void Record_BeforeBirthInTheFutureOrNoDose_IsRefusedNamingTheField()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();

        var beforeBirth = Record("LOT-I-B1", "2001-06-01T09:30:00+02:00", "inf-old");
        var future = Record("LOT-I-B1", DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture), "inf-future");
        var noDose = CliRun.Of("infusion", "record", "--patient", "DEMO-001", "--bag", "LOT-I-B1", "--at", "2025-06-01T09:30:00+02:00", "--cells-per-kg", "0",
            "--weight-kg", "40", "--by", "physician", "--db", Db);

        Assert.Contains(beforeBirth.Issues(), i => i.Code == "QTY006");
        Assert.Contains("on or after the birth date", beforeBirth.Stderr, StringComparison.Ordinal);
        Assert.Contains(future.Issues(), i => i.Code == "QTY006");
        Assert.Contains("in the future", future.Stderr, StringComparison.Ordinal);
        Assert.Contains(noDose.Issues(), i => i.Code == "INFUSION001" && i.Location == "--cells-per-kg");
        Assert.All(new[] { beforeBirth, future, noDose }, r => Assert.Equal(ExitCodes.InvalidInput, r.ExitCode));
    }

    // B2 stops at the courier: the ward's handoff from someone else is refused (a gap, COC001) and writes nothing; the courier's
    // handoff to the physician at the bedside is recorded, `custody show` reads the chain whole, and the gate then lets B2 through.
    [Fact]
    public void CustodyAdd_CompletesTheChainAndOpensTheGate()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();
        CliRun Add(string from, string at, params string[] more) =>
            CliRun.Of(["custody", "add", "--bag", "LOT-I-B2", "--kind", "at-bedside", "--from", from, "--to", "physician", "--at", at, "--location", "bed 5", "--db", Db, .. more]);

        var gap = Add("ward nurse", "2025-06-01T08:30:00+02:00");
        var handoff = Add("courier", "2025-06-01T08:40:00+02:00", "--scanned", "A999925020002", "--temperature-c", "4");
        var show = CliRun.Of("custody", "show", "--bag", "LOT-I-B2", "--db", Db);
        var infused = Record("LOT-I-B2", "2025-06-01T09:30:00+02:00", "inf-y2");

        Assert.Equal(ExitCodes.InvalidInput, gap.ExitCode);
        Assert.Contains(gap.Issues(), i => i.Code == "COC001");
        Assert.Contains("Refused: nothing was written.", gap.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, handoff.ExitCode);
        Assert.StartsWith("Recorded LOT-I-B2-at-bedside-20250601T064000Z: bag LOT-I-B2 of lot LOT-I at-bedside from courier to physician", handoff.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("Chain of custody of LOT-I-B2 (lot LOT-I): whole, 2 events.", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("at bedside courier → physician at bed 5, 4 °C (scanned A999925020002)", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, infused.ExitCode);
    }

    // A handoff's time is shown as it was recorded, seconds included (they were cut to the minute before), with its UTC offset.
    [Fact]
    public void CustodyAddAndShow_ShowTheHandoffsSeconds()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();

        var handoff = CliRun.Of("custody", "add", "--bag", "LOT-I-B2", "--kind", "at-bedside", "--from", "courier", "--to", "physician",
            "--at", "2025-06-01T08:40:30+02:00", "--location", "bed 5", "--db", Db);
        var show = CliRun.Of("custody", "show", "--bag", "LOT-I-B2", "--db", Db);

        Assert.Equal(ExitCodes.Ok, handoff.ExitCode);
        Assert.Contains("at 2025-06-01 08:40:30 +02:00, bed 5.", handoff.Stdout, StringComparison.Ordinal);
        Assert.Contains("2025-06-01 08:40:30 +02:00  at bedside courier → physician", show.Stdout, StringComparison.Ordinal);
    }

    // The gate refuses with every reason and exit 1; with --json the one object on standard output carries them.
    [Fact]
    public void Record_Refused_Json_GivesEveryReasonAndExitsOne()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();

        var run = CliRun.Of("infusion", "record", "--patient", "DEMO-001", "--bag", "LOT-I-B2", "--at", "2025-06-01T12:30:00+02:00", "--cells-per-kg", "1.5e6",
            "--weight-kg", "40", "--by", "physician", "--db", Db, "--json");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var json = run.Json();
        Assert.False(json.GetProperty("recorded").GetBoolean());
        Assert.Equal(["COC005", "COC007"], json.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
    }

    // Bag ids are the lot's own: the same bag id in two lots needs --lot (LOT004 names both lots), or the DIN as scanned at the bedside.
    [Fact]
    public void CustodyAndInfusion_SameBagIdInTwoLots_NeedTheLotOrTheDin()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        Assert.Equal(ExitCodes.Ok, ImportReleased().ExitCode);
        Assert.Equal(ExitCodes.Ok, ImportReleased("LOT-J", "24").ExitCode);

        var ambiguous = CliRun.Of("custody", "show", "--bag", "LOT-I-B1", "--db", Db);
        var byLot = CliRun.Of("custody", "show", "--bag", "LOT-I-B1", "--lot", "LOT-J", "--db", Db, "--json");
        var byDin = CliRun.Of("infusion", "record", "--patient", "DEMO-001", "--bag", "=A99992402000100", "--at", "2025-06-01T09:30:00+02:00", "--cells-per-kg", "1.5e6",
            "--weight-kg", "40", "--by", "physician", "--db", Db, "--json");

        Assert.Equal(ExitCodes.InvalidInput, ambiguous.ExitCode);
        Assert.Contains(("--bag", "LOT004"), ambiguous.Issues());
        Assert.Equal(ExitCodes.Ok, byLot.ExitCode);
        Assert.Equal(("LOT-J", "A999924020001", true, 2), (byLot.Json().GetProperty("lot").GetString(), byLot.Json().GetProperty("din").GetString(),
            byLot.Json().GetProperty("whole").GetBoolean(), byLot.Json().GetProperty("events").GetArrayLength()));
        Assert.Equal(ExitCodes.Ok, byDin.ExitCode);
        Assert.Equal(("LOT-J", "LOT-I-B1"), (byDin.Json().GetProperty("lot").GetString(), byDin.Json().GetProperty("bag").GetString()));
    }

    [Fact]
    public void CustodyAdd_Json_IsOneObjectWithTheEvent()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        ImportReleased();

        var run = CliRun.Of("custody", "add", "--bag", "LOT-I-B2", "--kind", "at-bedside", "--from", "courier", "--to", "physician", "--at", "2025-06-01T08:40:00+02:00",
            "--location", "bed 5", "--db", Db, "--json");
        var duplicate = CliRun.Of("custody", "add", "--bag", "LOT-I-B2", "--kind", "at-bedside", "--from", "physician", "--to", "physician", "--at", "2025-06-01T08:40:00+02:00",
            "--location", "bed 5", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(run.Json().GetProperty("recorded").GetBoolean());
        Assert.Equal("atBedside", run.Json().GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal(ExitCodes.InvalidInput, duplicate.ExitCode);
        Assert.Equal("COC012", duplicate.Json().GetProperty("issues")[0].GetProperty("code").GetString());
    }
}
