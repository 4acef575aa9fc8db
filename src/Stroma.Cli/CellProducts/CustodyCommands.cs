using System.CommandLine;
using System.Globalization;
using Stroma.Core.CellProducts;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// <c>stroma custody add</c> records one handoff of a bag as it happens (dispensed, shipped, received, thawed, at the bedside),
/// refused with every reason when it would break the chain; <c>stroma custody show</c> prints a bag's chain and its check.
/// </summary>
public static class CustodyCommands
{
    /// <summary>The <c>custody</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var bag = new Option<string>("--bag") { Description = "The stored bag.", Required = true };
        var kind = new Option<string>("--kind") { Description = "What happened: dispensed, shipped, received, thawed or at-bedside (infusions are recorded by `infusion record`).", Required = true };
        kind.AcceptOnlyFromAmong("dispensed", "shipped", "received", "thawed", "at-bedside");
        var from = new Option<string>("--from") { Description = "Custodian handing over.", Required = true };
        var to = new Option<string>("--to") { Description = "Custodian taking over.", Required = true };
        var at = new Option<string>("--at") { Description = "When, ISO 8601 with offset.", Required = true };
        var where = new Option<string>("--location") { Description = "Where.", Required = true };
        var scanned = new Option<string?>("--scanned") { Description = "What was scanned (the bag id or its DIN; default the bag id)." };
        var temperature = new Option<double?>("--temperature-c") { Description = "Temperature logged (°C)." };
        var sealBroken = new Option<bool>("--seal-broken") { Description = "The seal was not intact." };
        var witness = new Option<string?>("--witness") { Description = "Second person, where the step needs one." };
        var id = new Option<string?>("--id") { Description = "Event id (default: bag-kind-time)." };
        var add = new Command("add", "Record one custody handoff of a bag; refused, with every reason and nothing written, when the chain would break (sender not the last receiver, out of order, wrong scan, broken seal, temperature).")
        {
            bag, kind, from, to, at, where, scanned, temperature, sealBroken, witness, id,
        };
        store.AddTo(add);
        add.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (!IsoTime.TryParse(parsed.GetValue(at)!, out var when))
            {
                stderr.WriteLine($"--at: CLI006 error: Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{parsed.GetValue(at)}'.");
                return ExitCodes.InvalidInput;
            }

            var eventKind = parsed.GetValue(kind) switch
            {
                "dispensed" => CustodyEventKind.Dispensed,
                "shipped" => CustodyEventKind.Shipped,
                "received" => CustodyEventKind.Received,
                "thawed" => CustodyEventKind.Thawed,
                _ => CustodyEventKind.AtBedside,
            };
            var bagId = parsed.GetValue(bag)!;
            var entry = new CustodyEvent(
                parsed.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"{bagId}-{parsed.GetValue(kind)}-{when.UtcDateTime:yyyyMMddTHHmmssZ}"),
                parsed.GetValue(scanned) ?? bagId, eventKind, parsed.GetValue(from)!, parsed.GetValue(to)!, when, parsed.GetValue(where)!,
                parsed.GetValue(temperature), !parsed.GetValue(sealBroken), parsed.GetValue(witness));
            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var result = await opened.AddCustodyAsync(bagId, [entry], ct);
            CliIssues.Write(stderr, result.Issues);
            if (result.HasErrors)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recorded {entry.Id}: bag {bagId} {parsed.GetValue(kind)} from {entry.From} to {entry.To} at {entry.At:yyyy-MM-dd HH:mm zzz}, {entry.Location}."));
            return ExitCodes.Ok;
        });

        var showStore = new StoreOptions();
        var showBag = new Option<string>("--bag") { Description = "The stored bag.", Required = true };
        var show = new Command("show", "A bag's custody chain in time order, and whether it is whole.") { showBag };
        showStore.AddTo(show);
        show.SetAction(async (parsed, ct) =>
        {
            if (showStore.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var bagId = parsed.GetValue(showBag)!;
            if (await opened.LotOfBagAsync(bagId, ct) is not { } lotId || await opened.LoadLotAsync(lotId, ct) is not { } lot)
            {
                stderr.WriteLine($"--bag: {StromaStore.UnknownLot} error: Expected a stored bag; '{bagId}' is none.");
                return ExitCodes.InvalidInput;
            }

            var chain = await opened.LoadCustodyAsync(bagId, ct);
            foreach (var e in chain)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.At:yyyy-MM-dd HH:mm zzz}  {e.Kind,-10} {e.From} → {e.To} at {e.Location}{(e.TemperatureC is { } t ? $", {t:0.#} °C" : string.Empty)}{(e.SealIntact ? string.Empty : ", SEAL BROKEN")}{(e.Witness is { } w ? $", witness {w}" : string.Empty)} (scanned {e.ScannedItemId})"));
            }

            var issues = Custody.Check(lot.Lot.Bags.Single(b => b.Id == bagId), chain);
            CliIssues.Write(stderr, issues);
            stdout.WriteLine(issues.IsEmpty ? $"Chain of custody of {bagId} (lot {lotId}): whole, {chain.Length} events." : $"Chain of custody of {bagId} (lot {lotId}): BROKEN ({issues.Length} problems).");
            return issues.IsEmpty ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return new Command("custody", "The chain of custody of MSC bags.") { add, show };
    }
}
