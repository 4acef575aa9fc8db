using System.CommandLine;
using Stroma.Application.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma infusion record</c>: an MSC infusion from a stored bag, through the release, expiry, patient and custody gate.</summary>
public static class InfusionCommands
{
    /// <summary>The <c>infusion</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Required("The stored patient.");
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
            if (!IsoTime.TryParse(parsed.GetValue(at)!, out var start))
            {
                CellProductOutput.Write(stdout, stderr, [Issue.Error(CliCodes.BadTime, "--at", $"Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{parsed.GetValue(at)}'.")], asJson, issues => InfusionRecordedView.Of(patientId, null, issues));
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var request = new InfusionRequest(patientId, parsed.GetValue(bag)!, parsed.GetValue(lotOption), start, parsed.GetValue(dose), parsed.GetValue(weight),
                parsed.GetValue(id), parsed.GetValue(by)!, parsed.GetValue(route)!);
            var result = await Infusions.RecordAsync(opened, request, ct);
            CellProductOutput.Write(stdout, stderr, result.Issues, asJson, issues => InfusionRecordedView.Of(patientId, result.Value, issues));
            if (result.Value is not { } recorded)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!asJson)
            {
                var infusion = recorded.Infusion;
                stdout.WriteLine($"Recorded infusion {infusion.Id} of bag {recorded.Bag.BagId} (lot {recorded.Bag.LotId}) for {patientId}: {ClinicalFormat.Quantity(infusion.Dose.CellsPerKilogram, "{cells}/kg")} × {ClinicalFormat.Number(infusion.WeightAtInfusion.Kilograms)} kg = {ClinicalFormat.Quantity(infusion.TotalCells, "{cells}")}.");
            }

            return ExitCodes.Ok;
        });
        return new Command("infusion", "MSC infusions.") { record };
    }
}
