using System.CommandLine;
using Stroma.Core.Course;
using Stroma.Core.Quantities;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma infusion record</c>: an MSC infusion from a stored bag, through the release, expiry, patient and custody gate.</summary>
public static class InfusionCommands
{
    /// <summary>The <c>infusion</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = new Option<string>("--patient") { Description = "The stored patient.", Required = true };
        var bag = new Option<string>("--bag") { Description = "The stored bag infused.", Required = true };
        var at = new Option<string>("--at") { Description = "Start of the infusion, ISO 8601 with offset.", Required = true };
        var dose = new Option<double>("--cells-per-kg") { Description = "Dose in cells/kg.", Required = true };
        var weight = new Option<double>("--weight-kg") { Description = "Weight at infusion (kg).", Required = true };
        var id = new Option<string?>("--id") { Description = "Infusion id (default: the bag id)." };
        var by = new Option<string>("--by") { Description = "Who infused (the custodian at the bedside).", Required = true };
        var route = new Option<string>("--route") { Description = "Route.", DefaultValueFactory = _ => "IV" };
        var record = new Command("record", "Record an MSC infusion from a stored bag: refused, with every reason and nothing written, unless the lot is released and in date, the bag was dispensed for this patient and its custody is whole to the bedside.")
        {
            patient, bag, at, dose, weight, id, by, route,
        };
        store.AddTo(record);
        record.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (!IsoTime.TryParse(parsed.GetValue(at)!, out var start))
            {
                stderr.WriteLine($"--at: CLI006 error: Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{parsed.GetValue(at)}'.");
                return ExitCodes.InvalidInput;
            }

            if (new RecordWindow(null, DateTimeOffset.UtcNow).Check(start, "--at", "start of the infusion") is { } future)
            {
                CliIssues.Write(stderr, [future]);
                return ExitCodes.InvalidInput;
            }

            var perKg = parsed.GetValue(dose);
            if (!(perKg > 0 && perKg <= 1e9))
            {
                stderr.WriteLine($"--cells-per-kg: CLI007 error: Expected a dose in (0, 1e9] cells/kg; found {perKg}.");
                return ExitCodes.InvalidInput;
            }

            var weightRead = Weight.Read(parsed.GetValue(weight), "kg", "--weight-kg");
            CliIssues.Write(stderr, weightRead.Issues);
            if (weightRead.HasErrors)
            {
                return ExitCodes.InvalidInput;
            }

            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var bagId = parsed.GetValue(bag)!;
            if (await opened.LotOfBagAsync(bagId, ct) is not { } lotId)
            {
                stderr.WriteLine($"--bag: {StromaStore.UnknownLot} error: Expected a stored bag; '{bagId}' is none. Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var infusion = MscInfusion.FromDosePerKilogram(parsed.GetValue(id) ?? bagId, start, lotId, CellDose.FromCellsPerKilogram(perKg), weightRead.Value, parsed.GetValue(route)!);
            var result = await opened.RecordInfusionAsync(parsed.GetValue(patient)!, infusion, bagId, parsed.GetValue(by)!, ct);
            CliIssues.Write(stderr, result.Issues);
            if (result.HasErrors)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"Recorded infusion {infusion.Id} of bag {bagId} for {parsed.GetValue(patient)}: {infusion.Dose} × {infusion.WeightAtInfusion.Kilograms:0.0} kg = {infusion.TotalCells:0.00E+0} cells.");
            return ExitCodes.Ok;
        });
        return new Command("infusion", "MSC infusions.") { record };
    }
}
