using System.CommandLine;
using System.Text.Json.Nodes;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Text;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma infusion record</c>: an MSC infusion from a stored bag, through the release, expiry, patient and custody gate.</summary>
public static class InfusionCommands
{
    /// <summary>The <c>infusion</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = new Option<string>("--patient") { Description = "The stored patient.", Required = true };
        var bag = new Option<string>("--bag") { Description = "The stored bag infused: its DIN as scanned, or its id (with --lot when several lots have one).", Required = true };
        var lotOption = new Option<string?>("--lot") { Description = "The bag's lot (bag ids are unique within a lot)." };
        var at = new Option<string>("--at") { Description = "Start of the infusion, ISO 8601 with offset.", Required = true };
        var dose = new Option<double>("--cells-per-kg") { Description = "Dose in cells/kg.", Required = true };
        var weight = new Option<double>("--weight-kg") { Description = "Weight at infusion (kg).", Required = true };
        var id = new Option<string?>("--id") { Description = "Infusion id, the patient's own (default: the bag id)." };
        var by = new Option<string>("--by") { Description = "Who infused (the custodian at the bedside).", Required = true };
        var route = new Option<string>("--route") { Description = "Route.", DefaultValueFactory = _ => "IV" };
        var json = CellProductOutput.JsonOption("recorded, patient, infusion, lot, bag, at, cellsPerKilogram, weightKg, totalCells");
        var record = new Command("record", "Record an MSC infusion from a stored bag: refused (exit 1), with every reason and nothing written, unless the lot is released and in date, the bag was dispensed for this patient, not yet infused, and its custody is whole to the bedside.")
        {
            patient, bag, lotOption, at, dose, weight, id, by, route, json,
        };
        store.AddTo(record);
        record.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var asJson = parsed.GetValue(json);
            var patientId = parsed.GetValue(patient)!;
            var issues = new List<Issue>();
            if (!IsoTime.TryParse(parsed.GetValue(at)!, out var start))
            {
                issues.Add(Issue.Error("CLI006", "--at", $"Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{parsed.GetValue(at)}'."));
            }

            if (new RecordWindow(null, DateTimeOffset.UtcNow).Check(start, "--at", "start of the infusion") is { } future)
            {
                CliIssues.Write(stderr, [future]);
                return ExitCodes.InvalidInput;
            }

            var perKg = parsed.GetValue(dose);
            if (!(perKg > 0 && perKg <= 1e9))
            {
                issues.Add(Issue.Error("CLI007", "--cells-per-kg", $"Expected a dose in (0, 1e9] cells/kg; found {perKg}."));
            }

            var weightRead = Weight.Read(parsed.GetValue(weight), "kg", "--weight-kg");
            issues.AddRange(weightRead.Issues);
            JsonObject? Json(bool recorded, MscInfusion? infusion = null, Storage.BagLocation? found = null) => asJson ? new JsonObject
            {
                ["recorded"] = recorded,
                ["patient"] = patientId,
                ["infusion"] = infusion?.Id,
                ["lot"] = found?.LotId,
                ["bag"] = found?.BagId,
                ["at"] = infusion is null ? null : CellProductOutput.Time(infusion.At),
                ["cellsPerKilogram"] = infusion?.Dose.CellsPerKilogram,
                ["weightKg"] = infusion?.WeightAtInfusion.Kilograms,
                ["totalCells"] = infusion?.TotalCells,
            } : null;
            if (issues.Any(i => i.Severity == Severity.Error))
            {
                CellProductOutput.Write(stdout, stderr, issues, Json(false));
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var (found, problem) = await CellProductOutput.FindBagAsync(opened, parsed.GetValue(bag)!, parsed.GetValue(lotOption), ct);
            if (found is null)
            {
                CellProductOutput.Write(stdout, stderr, [.. issues, problem!], Json(false));
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var infusion = MscInfusion.FromDosePerKilogram(parsed.GetValue(id) ?? found.BagId, start, found.LotId, CellDose.FromCellsPerKilogram(perKg), weightRead.Value, parsed.GetValue(route)!);
            var result = await opened.RecordInfusionAsync(patientId, infusion, found.BagId, parsed.GetValue(by)!, ct);
            CellProductOutput.Write(stdout, stderr, [.. issues, .. result.Issues], Json(!result.HasErrors, infusion, found));
            if (result.HasErrors)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!asJson)
            {
                stdout.WriteLine($"Recorded infusion {infusion.Id} of bag {found.BagId} (lot {found.LotId}) for {patientId}: {infusion.Dose} × {infusion.WeightAtInfusion.Kilograms:0.0} kg = {infusion.TotalCells:0.00E+0} cells.");
            }

            return ExitCodes.Ok;
        });
        return new Command("infusion", "MSC infusions.") { record };
    }
}
