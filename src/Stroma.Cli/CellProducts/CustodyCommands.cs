using System.CommandLine;
using System.Globalization;
using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Text;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// <c>stroma custody add</c> records one handoff of a bag as it happens (dispensed, shipped, received, thawed, at the bedside),
/// refused with every reason when it would break the chain; <c>stroma custody show</c> prints a bag's chain and its check.
/// </summary>
public static class CustodyCommands
{
    /// <summary>The <c>custody</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("custody", "The chain of custody of MSC bags.") { Add(stdout, stderr), Show(stdout, stderr) };

    private static Command Add(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var bag = new Option<string>("--bag") { Description = "The stored bag: its id (with --lot when several lots have one) or its DIN.", Required = true };
        var lotOption = new Option<string?>("--lot") { Description = "The bag's lot (bag ids are unique within a lot)." };
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
        var id = new Option<string?>("--id") { Description = "Event id, unique within the bag (default: bag-kind-time)." };
        var json = CellProductOutput.JsonOption("recorded, lot, bag, event");
        var add = new Command("add", "Record one custody handoff of a bag; refused, with every reason and nothing written, when the chain would break (sender not the last receiver, out of order, wrong scan, broken seal, temperature).")
        {
            bag, lotOption, kind, from, to, at, where, scanned, temperature, sealBroken, witness, id, json,
        };
        store.AddTo(add);
        add.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var asJson = parsed.GetValue(json);
            if (!IsoTime.TryParse(parsed.GetValue(at)!, out var when))
            {
                CellProductOutput.Write(stdout, stderr, [Core.Diagnostics.Issue.Error(CliCodes.BadTime, "--at", $"Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{parsed.GetValue(at)}'.")],
                    asJson, issues => new CustodyAddedView(false, null, null, null, issues));
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
            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var (found, problem) = await Infusions.FindBagAsync(opened, parsed.GetValue(bag)!, parsed.GetValue(lotOption), ct);
            if (found is null)
            {
                CellProductOutput.Write(stdout, stderr, [problem!], asJson, issues => new CustodyAddedView(false, null, null, null, issues));
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var entry = new CustodyEvent(
                parsed.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"{found.BagId}-{parsed.GetValue(kind)}-{when.UtcDateTime:yyyyMMddTHHmmssZ}"),
                parsed.GetValue(scanned) ?? found.BagId, eventKind, parsed.GetValue(from)!, parsed.GetValue(to)!, when, parsed.GetValue(where)!,
                parsed.GetValue(temperature), !parsed.GetValue(sealBroken), parsed.GetValue(witness));
            var result = await opened.AddCustodyAsync(found.LotId, found.BagId, [entry], ct);
            CellProductOutput.Write(stdout, stderr, result.Issues, asJson, issues => new CustodyAddedView(
                !result.HasErrors, found.LotId, found.BagId, CustodyEventView.Of(entry), issues));
            if (result.HasErrors)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!asJson)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recorded {entry.Id}: bag {found.BagId} of lot {found.LotId} {parsed.GetValue(kind)} from {entry.From} to {entry.To} at {IsoTime.Shown(entry.At)}, {entry.Location}."));
            }

            return ExitCodes.Ok;
        });
        return add;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var bag = new Option<string>("--bag") { Description = "The stored bag: its id (with --lot when several lots have one) or its DIN.", Required = true };
        var lotOption = new Option<string?>("--lot") { Description = "The bag's lot." };
        var json = CellProductOutput.JsonOption("lot, bag, din, whole, events");
        var show = new Command("show", "A bag's custody chain in time order, and whether it is whole (exit 1 when it is broken).") { bag, lotOption, json };
        store.AddTo(show);
        show.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var asJson = parsed.GetValue(json);
            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var (found, problem) = await Infusions.FindBagAsync(opened, parsed.GetValue(bag)!, parsed.GetValue(lotOption), ct);
                        if (found is null || await opened.LoadLotAsync(found.LotId, ct) is not { } lot)
            {
                CellProductOutput.Write(stdout, stderr, [problem!], asJson, issues => new IssuesView(issues));
                return ExitCodes.InvalidInput;
            }

            var chain = await opened.LoadCustodyAsync(found.LotId, found.BagId, ct);
            var issues = Custody.Check(lot.Lot.Bags.Single(b => b.Id == found.BagId), chain);
            CellProductOutput.Write(stdout, stderr, issues, asJson, views => new CustodyChainView(
                found.LotId, found.BagId, found.Din, issues.IsEmpty, [.. chain.Select(CustodyEventView.Of)], views));
            if (!asJson)
            {
                foreach (var e in chain)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{IsoTime.Shown(e.At)}  {ClinicalFormat.Words(e.Kind),-10} {e.From} → {e.To} at {e.Location}{(e.TemperatureC is { } t ? $", {t:0.#} °C" : string.Empty)}{(e.SealIntact ? string.Empty : ", SEAL BROKEN")}{(e.Witness is { } w ? $", witness {w}" : string.Empty)} (scanned {e.ScannedItemId})"));
                }

                stdout.WriteLine(issues.IsEmpty
                    ? $"Chain of custody of {found.BagId} (lot {found.LotId}): whole, {ClinicalFormat.Count(chain.Length, "event")}."
                    : $"Chain of custody of {found.BagId} (lot {found.LotId}): BROKEN ({issues.Length} problems).");
            }

            return issues.IsEmpty ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return show;
    }
}
