using System.CommandLine;
using System.Globalization;
using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma lot release LOT</c> and <c>stroma import lot FILE.json</c>.</summary>
public static class LotCommands
{
    /// <summary>The <c>lot</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var lotId = new Argument<string>("LOT") { Description = "The stored lot's id." };
        var json = CellProductOutput.JsonOption("lot, specification, specificationStatus, released, refusal, verdicts, blocking, notes, meetsSpecification, releaseSignature, releaseSignatureValid");
        var release = new Command("release", "The release decision of a stored lot: its specification met (every failing or missing test listed) and the qualified person's release signature valid; exit 3 when the lot is not released.")
        {
            lotId, json,
        };
        store.AddTo(release);
        release.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var id = parsed.GetValue(lotId)!;
            if (await opened.LoadLotAsync(id, ct) is not { } lot)
            {
                stderr.WriteLine($"{id}: {StromaStore.UnknownLot} error: Expected a stored lot; there is none with this id in {location}.");
                return ExitCodes.InvalidInput;
            }

            var decision = lot.Decision;
            if (parsed.GetValue(json))
            {
                CellProductOutput.Write(stdout, stderr, [], json: true, issues => ReleaseDecisionView.Of(decision, issues));
            }
            else
            {
                stdout.WriteLine(decision.Released
                    ? $"Lot {decision.LotId} ({decision.Specification}): RELEASED"
                    : $"Lot {decision.LotId} ({decision.Specification}): NOT RELEASED; {decision.Refusal}");
                foreach (var v in decision.Verdicts)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {v.Status.ToString().ToLowerInvariant(),-8} {v.Test.Name}{(v.Test.Mandatory ? string.Empty : " (informative)")}: {v.Reason}"));
                }

                stdout.WriteLine($"Specification: {(decision.MeetsSpecification ? "met" : "not met")}. Release signature: {(decision.ReleaseSignature is { } s ? $"{s.Signature.Manifestation} — {s.ValidityText}" : "none (a qualified person signs it: stroma sign --kind lot --record " + decision.LotId + " --meaning release)")}.");
            }

            // A verdict command: the question was answered, and "not released" is a no (exit 3), not an error in the input.
            return decision.Released ? ExitCodes.Ok : ExitCodes.NegativeVerdict;
        });
        return new Command("lot", "MSC lots: release decisions.") { release };
    }

    /// <summary><c>stroma import lot FILE.json</c>: a new lot judged against a held specification, with its bags, results and custody, all or nothing.</summary>
    public static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON lot document: lot (donor, bags), specification (a held one's id and version), results, custody." };
        var json = CellProductOutput.JsonOption("lot, imported, specification, bags, results, custodyEvents, released");
        var command = new Command("lot", "Import a new MSC lot with its bags, release results and custody events, in one transaction, judged against a held specification.") { file, json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (input, refused) = await store.ReadInputAsync(parsed, parsed.GetValue(file)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var read = LotJson.Read(raw.Bytes, raw.Name);
            var saved = read.Value is { } document ? await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).SaveLotAsync(document, Storage.KeptInput.File(raw), ct) : null;
            var lot = saved?.Value;
            var asJson = parsed.GetValue(json);
            CellProductOutput.Write(stdout, stderr, [.. read.Issues, .. saved?.Issues ?? []], asJson, issues => new LotImportedView(
                read.Value?.Lot.Id, lot is not null, lot?.Decision.Specification ?? read.Value?.Specification.ToString(), lot?.Lot.Bags.Length, lot?.Results.Length,
                lot is null ? null : read.Value!.Custody.Values.Sum(c => c.Length), lot?.Decision.Released, issues));
            if (lot is null)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!asJson)
            {
                stdout.WriteLine($"Imported lot {lot.Lot.Id} ({lot.Decision.Specification}): {ClinicalFormat.Count(lot.Lot.Bags.Length, "bag")}, {ClinicalFormat.Count(lot.Results.Length, "release result")}, {ClinicalFormat.Count(read.Value!.Custody.Values.Sum(c => c.Length), "custody event")}; {(lot.Decision.MeetsSpecification ? "meets its specification; released once a qualified person signs its release (stroma sign --kind lot --meaning release)" : "does not meet its specification, not released")}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
