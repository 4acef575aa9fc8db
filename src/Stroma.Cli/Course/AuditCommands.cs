using System.CommandLine;
using System.Globalization;
using Stroma.Application.Administration;
using Stroma.Application.Course;
using Stroma.Application.Json;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Storage.Audit;

namespace Stroma.Cli.Course;

/// <summary>
/// The record's proof and its privacy: <c>audit verify</c> and <c>audit anchor</c>, <c>db migrate</c> (the schema owner's command),
/// <c>identity show|correct|erase</c> (the data-protection officer's) and <c>setting set|show</c> (the administrator's).
/// </summary>
public static class AuditCommands
{
    /// <summary><c>stroma audit verify [--anchor FILE...]</c> and <c>stroma audit anchor [--out FILE]</c>.</summary>
    public static Command Audit(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var anchors = new Option<FileInfo[]>("--anchor") { Description = "Anchor files kept outside the database (stroma audit anchor): prove nothing anchored was removed, rolled back or rewritten.", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: what was checked and every problem." };
        var verify = new Command("verify", "Prove the record from its trail: the chain and its MACs, every table rebuilt from the trail, every raw file re-hashed, the protections, the anchors.") { anchors, json };
        store.AddTo(verify);
        verify.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var read = new List<AuditAnchor>();
            var issues = new List<Issue>();
            foreach (var file in parsed.GetValue(anchors) ?? [])
            {
                if (!CliIssues.Exists(file, stderr, "an anchor file"))
                {
                    return ExitCodes.InvalidInput;
                }

                var anchor = AuditAnchor.Read(await File.ReadAllBytesAsync(file.FullName, ct), file.Name);
                issues.AddRange(anchor.Issues);
                if (anchor.Value is { } a)
                {
                    read.Add(a);
                }
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var report = await opened.VerifyAuditAsync(read, new TextProgress(stderr), ct);
            issues.AddRange(report.Problems);
            CliIssues.Write(stderr, issues);
            var intact = report.IsIntact && !issues.Any(i => i.Severity == Severity.Error);
            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, new AuditVerifiedView(
                    intact, report.Entries, report.KeyedEntries, report.HeadSequence, report.HeadHash, report.DatabaseId, report.Checked, CliIssues.Views(issues)));
            }
            else
            {
                stdout.WriteLine(intact
                    ? string.Create(CultureInfo.InvariantCulture, $"Audit trail intact: {report.Entries} entries, head {report.HeadHash}.")
                    : string.Create(CultureInfo.InvariantCulture, $"Audit trail NOT intact: {issues.Count(i => i.Severity == Severity.Error)} problem(s) in {report.Entries} entries."));
                foreach (var item in report.Checked)
                {
                    stdout.WriteLine($"  checked: {item}");
                }
            }

            // Without the key nothing is proven: the environment lacks what verify needs (exit 4), as for a write without it.
            var errors = issues.Where(i => i.Severity == Severity.Error).ToList();
            return intact ? ExitCodes.Ok
                : errors.All(i => i.Code == AuditIssues.KeyMissing) ? ExitCodes.Environment
                : ExitCodes.InvalidInput;
        });

        var anchorStore = new StoreOptions();
        var output = new Option<string?>("--out") { Description = "Write the anchor to this file (default: standard output). Keep it outside the database's machine." };
        var force = OutputFiles.ForceOption();
        var anchorJson = new Option<bool>("--json") { Description = "Accepted for symmetry: the anchor is JSON either way." };
        var anchorCommand = new Command("anchor", "Write the trail's head (database id, sequence, hash, time) MAC'd with the site's key, to keep outside the database.") { output, force, anchorJson };
        anchorStore.AddTo(anchorCommand);
        anchorCommand.SetAction(async (parsed, ct) =>
        {
            if (anchorStore.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var path = parsed.GetValue(output);
            if (path is not null && OutputFiles.Check(path, parsed.GetValue(force), anchorStore.KeptFiles(parsed)) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var opened = await anchorStore.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var anchor = await opened.AnchorAsync(ct);
            if (path is null)
            {
                stdout.WriteLine(anchor.ToJson());
            }
            else
            {
                await OutputFiles.WriteAsync(Path.GetFullPath(path), anchor.ToJson() + "\n", ct);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Anchored entry {anchor.Sequence} ({anchor.Hash}) in {Path.GetFullPath(path)}"));
            }

            return ExitCodes.Ok;
        });
        return new Command("audit", "The audit trail: verify it, anchor it.") { verify, anchorCommand };
    }

    /// <summary><c>stroma db migrate [--app-role ROLE]</c>: the schema owner creates or migrates the schema and grants the application role.</summary>
    public static Command Database(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var role = new Option<string?>("--app-role") { Description = "PostgreSQL: the role Stroma connects as; granted the records and insert-only trails, never the schema." };
        var migrateJson = new Option<bool>("--json") { Description = "Print one JSON object: the migrations applied and the role granted." };
        var migrate = new Command("migrate", "Create or migrate the schema as its owner (PostgreSQL: then grant --app-role what Stroma needs and no more).") { role, migrateJson };
        store.AddTo(migrate);
        migrate.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (parsed.GetValue(role) is { } appRole && location.Provider != StoreProvider.Postgres)
            {
                stderr.WriteLine("usage: --app-role is for PostgreSQL (--connection); a SQLite database is protected by its file and triggers.");
                return ExitCodes.Usage;
            }

            // The web app's accounts live beside the records: migrated and granted after them, so that their history's revoke is the last word.
            var records = await StromaStore.MigrateSchemaAsync(location, parsed.GetValue(role), ct);
            var applied = records.Concat(await Stroma.Web.Hosting.StromaWebApp.MigrateAccountsSchemaAsync(location, parsed.GetValue(role), ct)).ToList();
            if (parsed.GetValue(migrateJson))
            {
                CliIssues.WriteJson(stdout, new SchemaMigratedView(location.ToString(), applied, parsed.GetValue(role)));
                return ExitCodes.Ok;
            }

            stdout.WriteLine(applied.Count == 0 ? $"The schema of {location} is up to date." : $"Applied {applied.Count} migrations to {location}: {string.Join(", ", applied)}.");
            if (parsed.GetValue(role) is { } granted)
            {
                stdout.WriteLine($"Granted {granted}: records read and written; audit trails insert-only; the head forward-only; no schema, no settings.");
            }

            return ExitCodes.Ok;
        });
        return new Command("db", "The database itself.") { migrate, RegistryCommands.Reassess(stdout, stderr) };
    }

    /// <summary><c>stroma identity show|correct|erase --patient ID</c>: the data-protection officer's commands, each audited.</summary>
    public static Command Identity(TextWriter stdout, TextWriter stderr)
    {
        Command Make(string name, string description, bool needsReason, Func<StromaStore, ParseResult, string, string?, CancellationToken, Task<(IReadOnlyList<Issue> Issues, Func<bool, IReadOnlyList<IssueView>, object> Json, string? Text)>> act, params Option[] extra)
        {
            var store = new StoreOptions();
            var patient = PatientOptions.Required("Pseudonymous patient id.");
            var reason = new Option<string?>("--reason") { Description = "Why (the request this answers); recorded in the identity store's trail.", Required = needsReason };
            var json = new Option<bool>("--json") { Description = "Print one JSON object." };
            var command = new Command(name, description) { patient, reason, json };
            foreach (var option in extra)
            {
                command.Options.Add(option);
            }

            store.AddTo(command);
            command.SetAction(async (parsed, ct) =>
            {
                if (store.Resolve(parsed, stderr) is not { } location)
                {
                    return ExitCodes.Usage;
                }

                var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
                var (issues, body, text) = await act(opened, parsed, parsed.GetValue(patient)!, parsed.GetValue(reason), ct);
                CliIssues.Write(stderr, issues);
                var ok = !issues.Any(i => i.Severity == Severity.Error);
                if (parsed.GetValue(json))
                {
                    stdout.WriteLine(body(ok, CliIssues.Views(issues)) switch
                    {
                        IdentityShownView v => StromaJson.Serialize(v),
                        IdentityCorrectedView v => StromaJson.Serialize(v),
                        IdentityErasedView v => StromaJson.Serialize(v),
                        RefusedView v => StromaJson.Serialize(v),
                        var other => throw new InvalidOperationException($"No JSON for {other.GetType().Name}."),
                    });
                }
                else if (text is not null)
                {
                    stdout.WriteLine(text);
                }

                return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
            });
            return command;
        }

        var show = Make("show", "Show a patient's identity and its trail; the viewing is recorded.", false, async (store, _, id, reason, ct) =>
        {
            var result = await store.ShowIdentityAsync(id, reason, ct);
            if (result.Value is not { } record)
            {
                return (result.Issues, (_, issues) => RefusedView.Of(issues), null);
            }

            var trail = record.Trail.Select(t => string.Create(CultureInfo.InvariantCulture, $"  {t.AtUtc:yyyy-MM-dd HH:mm} UTC  {t.Action,-7} {t.Fields,-22} by {CliIssues.Clip(t.Actor)}{(t.Reason is null ? string.Empty : $": {CliIssues.Clip(t.Reason)}")}"));
            var text = (record.Identity is { } i ? $"{id}: {i.Name}, hospital number {i.HospitalNumber}" : $"{id}: identity erased") + "\n" + string.Join("\n", trail);
            var trailViews = record.Trail.Select(t => new IdentityTrailView(AdministrationTime.Of(t.AtUtc), t.Action, t.Fields, t.Actor, t.Reason)).ToList();
            object Json(bool done, IReadOnlyList<IssueView> issues) =>
                new IdentityShownView(id, record.Identity?.Name, record.Identity?.HospitalNumber, record.Identity is null, trailViews, done, issues);
            return (result.Issues, Json, text);
        });

        var name = new Option<string?>("--name") { Description = "The corrected name." };
        var number = new Option<string?>("--hospital-number") { Description = "The corrected hospital number." };
        var correct = Make("correct", "Correct a patient's name or hospital number (GDPR Art. 16); a reason is required.", true, async (store, parsed, id, reason, ct) =>
        {
            var result = await store.CorrectIdentityAsync(id, parsed.GetValue(name), parsed.GetValue(number), reason ?? string.Empty, ct);
            return (result.Issues, (done, issues) => new IdentityCorrectedView(id, done, issues), result.Value is null ? null : $"Corrected the identity of {id}.");
        }, name, number);

        var erase = Make("erase", "Erase a patient's identity (GDPR Art. 17); the clinical record stays, pseudonymous; a reason is required.", true, async (store, _, id, reason, ct) =>
        {
            var result = await store.EraseIdentityAsync(id, reason ?? string.Empty, ct);
            return (result.Issues, (done, issues) => new IdentityErasedView(id, result.Value, done, issues), result.Value is null ? null : $"Erased the identity of {id} (reference {result.Value}); the erasure is recorded.");
        });
        return new Command("identity", "A patient's identity: show, correct, erase (the data-protection officer's commands, each recorded).") { show, correct, erase };
    }

    /// <summary><c>stroma setting set KEY VALUE</c> and <c>stroma setting show KEY</c>: settings the administrator controls, audited.</summary>
    public static Command Setting(TextWriter stdout, TextWriter stderr)
    {
        string[] known = [StoreOptions.AllowActingAs, Core.Course.SiteTime.Setting, .. Stroma.Web.Accounts.SingleSignOnSettings.Keys, Stroma.Fhir.StromaTerminology.Setting, .. Stroma.Fhir.Server.BulkExportLimits.Keys];
        var store = new StoreOptions();
        var key = new Argument<string>("KEY") { Description = $"The setting: {string.Join(", ", known)}." };
        var value = new Argument<string>("VALUE") { Description = $"true or false ({StoreOptions.AllowActingAs}); an IANA time zone id such as Europe/Rome ({Core.Course.SiteTime.Setting}); single sign-on: see the README (sso.authority \"\" turns it off); the FHIR endpoint's https address ({Stroma.Fhir.StromaTerminology.Setting}); hours and minutes ({string.Join(", ", Stroma.Fhir.Server.BulkExportLimits.Keys)})." };
        var setJson = new Option<bool>("--json") { Description = "Print one JSON object." };
        var set = new Command("set", "Set a setting (audited). On PostgreSQL only the schema owner may.") { key, value, setJson };
        store.AddTo(set);
        set.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var (k, v) = (parsed.GetValue(key)!, parsed.GetValue(value)!);
            if (k == Core.Course.SiteTime.Setting && Core.Course.SiteTime.Zone(v, "VALUE") is { HasErrors: true } zone)
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, zone.Issues, parsed.GetValue(setJson));
                return ExitCodes.InvalidInput;
            }

            if (k.StartsWith("sso.", StringComparison.Ordinal) && known.Contains(k) && Stroma.Web.Accounts.SingleSignOnSettings.CheckValue(k, v) is { } badSso)
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, [badSso], parsed.GetValue(setJson));
                return ExitCodes.InvalidInput;
            }

            if ((k == Stroma.Fhir.StromaTerminology.Setting ? Stroma.Fhir.StromaTerminology.CheckBase(v, k) : Stroma.Fhir.Server.BulkExportLimits.CheckValue(k, v)) is { } badFhir)
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, [badFhir], parsed.GetValue(setJson));
                return ExitCodes.InvalidInput;
            }

            if (!known.Contains(k) || (k == StoreOptions.AllowActingAs && v is not ("true" or "false")))
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, [UnknownSetting(k, v, known)], parsed.GetValue(setJson));
                return ExitCodes.InvalidInput;
            }

            await (await store.OpenAsync(parsed, location, StoreOpening.Existing, ct)).SaveSettingAsync(k, v, ct);
            stdout.WriteLine(parsed.GetValue(setJson) ? StromaJson.Serialize(new SettingView(k, v)) : $"{k} = {v}");
            return ExitCodes.Ok;
        });
        var showStore = new StoreOptions();
        var showKey = new Argument<string>("KEY") { Description = "The setting." };
        var showJson = new Option<bool>("--json") { Description = "Print one JSON object (value null when not set)." };
        var show = new Command("show", "Show a setting.") { showKey, showJson };
        showStore.AddTo(show);
        show.SetAction(async (parsed, ct) =>
        {
            if (showStore.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var k = parsed.GetValue(showKey)!;
            if (!known.Contains(k))
            {
                CellProducts.CellProductOutput.Refuse(stdout, stderr, [UnknownSetting(k, null, known)], parsed.GetValue(showJson));
                return ExitCodes.InvalidInput;
            }

            var opened = await showStore.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var v = await opened.LoadSettingAsync(k, ct);
            stdout.WriteLine(parsed.GetValue(showJson) ? StromaJson.Serialize(new SettingView(k, v)) : $"{k} = {v ?? "(not set)"}");
            return ExitCodes.Ok;
        });
        return new Command("setting", "Settings the administrator controls.") { set, show };
    }

    // A setting Stroma does not have, or a value that is not true or false (CLI041, located at the key).
    private static Issue UnknownSetting(string key, string? value, string[] known) => value is null
        ? Issue.Error(CliCodes.UnknownSetting, key, $"Expected one of {string.Join(", ", known)}; found '{key}'.")
        : Issue.Error(CliCodes.UnknownSetting, key, $"Expected one of {string.Join(", ", known)} with true or false ({StoreOptions.AllowActingAs}) or an IANA time zone ({Core.Course.SiteTime.Setting}); found '{key}' '{value}'.");
}
