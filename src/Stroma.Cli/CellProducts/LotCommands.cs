using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Core.CellProducts;
using Stroma.Storage;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma lot release LOT</c> and <c>stroma import lot FILE.json</c>.</summary>
public static class LotCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The <c>lot</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var lotId = new Argument<string>("LOT") { Description = "The stored lot's id." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (lot, specification, released, verdicts, blocking, notes)." };
        var release = new Command("release", "The release decision of a stored lot against its specification: every failing or missing test listed.") { lotId, json };
        store.AddTo(release);
        release.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var id = parsed.GetValue(lotId)!;
            if (await opened.LoadLotAsync(id, ct) is not { } lot)
            {
                stderr.WriteLine($"{id}: {StromaStore.UnknownLot} error: Expected a stored lot; there is none with this id in {location}.");
                return ExitCodes.InvalidInput;
            }

            var decision = lot.Decision;
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(new JsonObject
                {
                    ["lot"] = decision.LotId,
                    ["specification"] = decision.Specification,
                    ["released"] = decision.Released,
                    ["verdicts"] = new JsonArray([.. decision.Verdicts.Select(v => (JsonNode)new JsonObject
                    {
                        ["code"] = v.Test.Code,
                        ["name"] = v.Test.Name,
                        ["mandatory"] = v.Test.Mandatory,
                        ["criterion"] = v.Test.Criterion,
                        ["value"] = v.Result?.Value,
                        ["text"] = v.Result?.Text,
                        ["unit"] = v.Result?.Unit,
                        ["status"] = v.Status.ToString().ToLowerInvariant(),
                        ["reason"] = v.Reason,
                    })]),
                    ["blocking"] = new JsonArray([.. decision.Blocking.Select(b => (JsonNode)b.Test.Code)]),
                    ["notes"] = new JsonArray([.. decision.Notes.Select(b => (JsonNode)b.Test.Code)]),
                }.ToJsonString(Indented));
                return ExitCodes.Ok;
            }

            stdout.WriteLine(decision.Released
                ? $"Lot {decision.LotId} ({decision.Specification}): RELEASED"
                : $"Lot {decision.LotId} ({decision.Specification}): NOT RELEASED; blocking: {string.Join("; ", decision.Blocking.Select(b => $"{b.Test.Code} {b.Status.ToString().ToLowerInvariant()} ({b.Reason})"))}");
            foreach (var v in decision.Verdicts)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {v.Status.ToString().ToLowerInvariant(),-8} {v.Test.Name}{(v.Test.Mandatory ? string.Empty : " (informative)")}: {v.Reason}"));
            }

            return ExitCodes.Ok;
        });
        return new Command("lot", "MSC lots: release decisions.") { release };
    }

    /// <summary><c>stroma import safety FILE.json --patient ID</c>: adverse events, vital signs and biopsies, all or nothing.</summary>
    public static Command ImportSafety(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON document: adverseEvents, vitals, biopsies." };
        var patient = new Option<string>("--patient") { Description = "The stored patient they belong to.", Required = true };
        var command = new Command("safety", "Import a patient's adverse events, infusion vital signs and biopsy reports, in one transaction.") { file, patient };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var info = parsed.GetValue(file)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            var read = Core.Safety.SafetyJson.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
            CliIssues.Write(stderr, read.Issues);
            if (read.Value is not { } document)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var saved = await opened.SaveCellTherapyRecordAsync(parsed.GetValue(patient)!, document.AdverseEvents, document.Vitals, document.Biopsies, ct);
            CliIssues.Write(stderr, saved.Issues);
            if (saved.HasErrors)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"Imported for {parsed.GetValue(patient)}: {document.AdverseEvents.Length} adverse events, {document.Vitals.Length} vital-sign sets, {document.Biopsies.Length} biopsies.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma import lot FILE.json</c>: a new lot with its bags, results and custody, all or nothing.</summary>
    public static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON lot document: lot (donor, bags), specification, results, custody." };
        var command = new Command("lot", "Import a new MSC lot with its bags, release results and custody events, in one transaction.") { file };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var info = parsed.GetValue(file)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            var read = LotJson.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
            CliIssues.Write(stderr, read.Issues);
            if (read.Value is not { } document)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var opened = await StromaStore.OpenAsync(location, StoreOptions.Actor, ct);
            var saved = await opened.SaveLotAsync(document.Lot, document.Specification, document.Results, document.Custody, ct);
            CliIssues.Write(stderr, saved.Issues);
            if (saved.Value is not { } lot)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"Imported lot {lot.Lot.Id}: {lot.Lot.Bags.Length} bags, {lot.Results.Length} release results, {document.Custody.Values.Sum(c => c.Length)} custody events; {(lot.Decision.Released ? "released" : "not released")}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
