using System.Collections.Immutable;
using System.CommandLine;
using Stroma.Application.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// <c>stroma import safety FILE.json --patient ID</c> (adverse events, vital signs, biopsies; all or nothing, the same file again writes
/// nothing), <c>stroma ae amend</c> (a correction with its reason, audited) and <c>stroma ae show</c> (an AE and its versions).
/// </summary>
public static class SafetyCommands
{
    /// <summary><c>stroma import safety FILE.json --patient ID</c>.</summary>
    public static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON document: adverseEvents, vitals, biopsies." };
        var patient = PatientOptions.Required("The stored patient they belong to.");
        var json = CellProductOutput.JsonOption("patient, imported, adverseEvents, vitals, biopsies, unchanged");
        var command = new Command("safety", "Import a patient's adverse events, infusion vital signs and biopsy reports, in one transaction; records already stored as given are kept, not written twice.")
        {
            file, patient, json,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (input, refused) = await store.ReadInputAsync(parsed, parsed.GetValue(file)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var id = parsed.GetValue(patient)!;
            var read = SafetyJson.Read(raw.Bytes, raw.Name);
            var saved = read.Value is { } document
                ? await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).SaveCellTherapyRecordAsync(id, document.AdverseEvents, document.Vitals, document.Biopsies, Storage.KeptInput.File(raw), ct)
                : null;
            var counts = saved?.Value;
            var asJson = parsed.GetValue(json);
            CellProductOutput.Write(stdout, stderr, [.. read.Issues, .. saved?.Issues ?? []], asJson, issues => SafetyImportedView.Of(id, counts, issues));
            if (counts is null)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!asJson)
            {
                stdout.WriteLine($"Imported for {id}: {ClinicalFormat.Count(counts.AdverseEvents, "adverse event")}, {ClinicalFormat.Count(counts.Vitals, "vital-sign set")}, {ClinicalFormat.Count(counts.Biopsies, "biopsy", "biopsies")}{(counts.Unchanged > 0 ? $"; {counts.Unchanged} already stored as given" : string.Empty)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The <c>ae</c> command: <c>amend</c> and <c>show</c>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("ae", "Adverse events: amend one with a reason (audited), show one with its versions.")
    {
        Amend(stdout, stderr), Show(stdout, stderr),
    };

    private static Command Amend(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Required("The patient.");
        var id = new Option<string>("--id") { Description = "The adverse event's id (the patient's own).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is amended (required; kept in the audit trail).", Required = true };
        var grade = new Option<int?>("--grade") { Description = "New CTCAE grade (1–5), checked against the term." };
        var term = new Option<string?>("--term") { Description = "New CTCAE term." };
        var serious = new Option<string?>("--serious") { Description = "ICH E2A seriousness criteria, comma-separated (death, lifeThreatening, hospitalisation, disability, congenitalAnomaly, importantMedicalEvent), or 'none'." };
        var outcome = new Option<string?>("--outcome") { Description = "New outcome: recovered, recovering, notRecovered, recoveredWithSequelae, fatal, unknown." };
        var resolved = new Option<string?>("--resolved") { Description = "Resolution time, ISO 8601 with offset." };
        var relatedness = new Option<string?>("--relatedness") { Description = "Causality: unrelated, unlikely, possible, probable, definite." };
        var json = CellProductOutput.JsonOption("patient, id, amended, version, event");
        var command = new Command("amend", "Amend a stored adverse event: the changed fields, with a reason; the row keeps its history in the audit trail (before and after, who, when, why).")
        {
            patient, id, reason, grade, term, serious, outcome, resolved, relatedness, json,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var issues = new List<Issue>();
            var amendment = new AdverseEventAmendment(parsed.GetValue(reason)!)
            {
                Grade = parsed.GetValue(grade),
                Term = parsed.GetValue(term),
                Seriousness = parsed.GetValue(serious) is { } s ? Criteria(s, issues) : null,
                Outcome = Named<AeOutcome>(parsed.GetValue(outcome), "--outcome", issues),
                Relatedness = Named<Relatedness>(parsed.GetValue(relatedness), "--relatedness", issues),
                Resolved = parsed.GetValue(resolved) is { } r ? IsoTime.TryParse(r, out var t) ? t : Bad<DateTimeOffset>("--resolved", $"Expected an ISO 8601 time with its offset ({IsoTime.Example}); found '{r}'.", issues) : null,
            };
            var (patientId, eventId) = (parsed.GetValue(patient)!, parsed.GetValue(id)!);
            var result = issues.Count > 0 ? null : await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).AmendAdverseEventAsync(patientId, eventId, amendment, null, ct);
            issues.AddRange(result?.Issues ?? []);
            var amended = result is { HasErrors: false } ? result.Value : null;
            CellProductOutput.Write(stdout, stderr, issues, parsed.GetValue(json), views => new AdverseEventAmendedView(
                patientId, eventId, amended is not null, amended is null ? null : AdverseEventView.Of(amended), views));
            if (amended is null)
            {
                stderr.WriteLine("Refused: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            if (!parsed.GetValue(json))
            {
                stdout.WriteLine($"Amended adverse event {eventId} of {patientId}: {amended.Term}, grade {amended.Grade}, {(amended.IsSerious ? $"serious ({string.Join(", ", amended.Seriousness.Select(s => ClinicalFormat.Words(s)))})" : "not serious")}, {ClinicalFormat.Words(amended.Outcome)}; reason: {amendment.Reason.Trim()}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Required("The patient.");
        var id = new Option<string>("--id") { Description = "The adverse event's id.", Required = true };
        var json = CellProductOutput.JsonOption("patient, id, event, versions[] with version, action, actor, at, reason, event");
        var command = new Command("show", "A stored adverse event and every version of it, from the audit trail: who changed it, when and why.") { patient, id, json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var (patientId, eventId) = (parsed.GetValue(patient)!, parsed.GetValue(id)!);
            var versions = await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).AdverseEventHistoryAsync(patientId, eventId, ct);
            if (versions.Count == 0)
            {
                CellProductOutput.Write(stdout, stderr, [Issue.Error(StromaStore.UnknownRecord, "--id", $"Expected a stored adverse event of {patientId}; '{eventId}' is none.")],
                    parsed.GetValue(json), issues => new AdverseEventHistoryView(patientId, eventId, null, null, issues));
                return ExitCodes.InvalidInput;
            }

            if (parsed.GetValue(json))
            {
                CellProductOutput.Write(stdout, stderr, [], json: true, issues => new AdverseEventHistoryView(
                    patientId, eventId, AdverseEventView.Of(versions[^1].Event), [.. versions.Select(AdverseEventVersionView.Of)], issues));
                return ExitCodes.Ok;
            }

            foreach (var v in versions)
            {
                stdout.WriteLine($"v{v.Version} {v.At:yyyy-MM-dd HH:mm} UTC by {CliIssues.Clip(v.Actor)}: {v.Event.Term}, grade {v.Event.Grade}, {(v.Event.IsSerious ? "serious" : "not serious")}, {ClinicalFormat.Words(v.Event.Outcome)}{(v.Reason is null ? string.Empty : $"; reason: {CliIssues.Clip(v.Reason)}")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static ImmutableArray<SeriousnessCriterion>? Criteria(string text, List<Issue> issues) =>
        text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
            ? []
            : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => Named<SeriousnessCriterion>(c, "--serious", issues)).OfType<SeriousnessCriterion>()];

    // An enum member by its name (case-insensitive), never a number.
    private static TEnum? Named<TEnum>(string? text, string option, List<Issue> issues)
        where TEnum : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        var found = Enum.GetValues<TEnum>().Where(v => v.ToString().Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)).Cast<TEnum?>().FirstOrDefault();
        return found ?? Bad<TEnum>(option, $"Expected one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => Core.CellProducts.SpecificationRules.Json(v)))}; found '{text}'.", issues);
    }

    private static T? Bad<T>(string option, string message, List<Issue> issues)
        where T : struct
    {
        issues.Add(Issue.Error(CliCodes.BadOptionValue, option, $"{message}"));
        return null;
    }
}
