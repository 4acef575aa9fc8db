using System.CommandLine;
using Stroma.Application.Course;
using Stroma.Application.Json;
using Stroma.Core.Course;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.Course;

/// <summary>The commands on stored patient courses: demo, assess, import labs, report, audit verify.</summary>
public static class CourseCommands
{
    /// <summary><c>stroma demo [--dir DIR] [--json]</c>: loads the synthetic seed-like case, assesses it and writes the report.</summary>
    public static Command Demo(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<string>("--dir") { Description = "Folder for stroma.db and report.html (created if missing).", DefaultValueFactory = _ => "stroma-demo" };
        var json = new Option<bool>("--json") { Description = "Print the assessment as JSON on standard output (progress goes to standard error)." };
        var serve = new Option<bool>("--serve") { Description = "Then serve the web app on the demo database with one demo account per role (passwords printed once) until Ctrl+C." };
        var port = Web.WebCommands.PortOption();
        var host = Web.WebCommands.HostOption();
        var command = new Command("demo", "Create DIR/stroma.db with the synthetic demo case, assess it and write DIR/report.html (with --serve, then serve the web app on it).") { dir, json, serve, port, host };
        command.SetAction(async (parsed, ct) =>
        {
            var folder = Path.GetFullPath(parsed.GetValue(dir)!);
            var asJson = parsed.GetValue(json);
            var progress = asJson ? stderr : stdout;
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "stroma.db");
            progress.WriteLine($"[1/6] Opening {path} (SQLite, WAL) and applying migrations");
            var store = await StromaStore.OpenAsync(StoreLocation.Sqlite(path), StoreOptions.OperatingSystemUser, StoreOpening.CreateIfMissing, ct);
            var loaded = await Application.Demo.DemoLoad.RunAsync(store, new TextProgress(progress), DateTimeOffset.Now, ct);
            CliIssues.Write(stderr, loaded.Issues);
            if (loaded.Value is not { } demo)
            {
                return ExitCodes.InvalidInput;
            }

            var report = Path.Combine(folder, "report.html");
            progress.WriteLine($"[6/6] Writing {report}");
            // The demo's own folder: its report is rewritten on every run (never the database beside it).
            await OutputFiles.WriteAsync(report, demo.Report, ct);
            var assessment = demo.Case.Assessment;
            if (parsed.GetValue(serve))
            {
                return await Web.WebCommands.ServeDemoAsync(store, parsed.GetValue(host)!, parsed.GetValue(port), progress, stderr, ct);
            }

            Write(stdout, assessment, asJson);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma assess --patient ID [--json]</c>.</summary>
    public static Command Assess(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Optional("Pseudonymous patient id.");
        var all = new Option<bool>("--all") { Description = "Assess every stored patient (progress on standard error) and print the counts." };
        var json = new Option<bool>("--json") { Description = "Print the assessment as JSON." };
        var protocol = ProtocolOption();
        var pseudonymise = PseudonymiseOption();
        var command = new Command("assess", "Assess a stored patient (or --all) against the protocol; a single patient's derived eGFR values are stored.") { patient, all, json, protocol, pseudonymise };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var id = parsed.GetValue(patient);
            if ((id is null) == !parsed.GetValue(all))
            {
                stderr.WriteLine("usage: give --patient ID or --all.");
                return ExitCodes.Usage;
            }

            if (await ReadProtocolAsync(parsed.GetValue(protocol), stderr, ct) is not { } rules)
            {
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            if (id is null)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var total = (await opened.ListPatientsAsync(ct)).Count;
                var counts = await opened.AssessAllAsync(rules, new LineProgress(stderr, n => $"assessed {n}/{total} patients ({clock.Elapsed.TotalSeconds:0.0} s)"), ct);

                // A patient whose stored data cannot be assessed is named with the reasons; the others were assessed all the same.
                foreach (var failed in counts.NotAssessed.Concat(counts.RecordsLeftOut))
                {
                    CliIssues.Write(stderr, failed.Issues.Select(i => i with { Location = i.Location == failed.PatientId ? failed.PatientId : $"{failed.PatientId} {i.Location}" }));
                }

                var summary = new RegistryAssessedView(
                    counts.Patients, counts.Assessed, counts.TargetMetWithoutPlasmapheresis, counts.PlasmapheresisIndependent, PatientsWithIssues(counts.NotAssessed),
                    PatientsWithIssues(counts.RecordsLeftOut), counts.WithoutInfusion, clock.Elapsed.TotalSeconds);
                var failedIds = (counts.NotAssessed.Count == 0 ? string.Empty : $"; could not be assessed: {counts.NotAssessed.Count} ({string.Join(", ", counts.NotAssessed.Select(f => f.PatientId))})")
                    + (counts.RecordsLeftOut.Count == 0 ? string.Empty : $"; assessed without some records: {counts.RecordsLeftOut.Count} ({string.Join(", ", counts.RecordsLeftOut.Select(f => f.PatientId))})")
                    + (counts.WithoutInfusion.Count == 0 ? string.Empty
                        : $"; without an MSC infusion, so not assessed: {counts.WithoutInfusion.Count} ({string.Join(", ", counts.WithoutInfusion.Take(20))}{(counts.WithoutInfusion.Count > 20 ? ", …" : string.Empty)})");
                stdout.WriteLine(parsed.GetValue(json)
                    ? StromaJson.Serialize(summary)
                    : FormattableString.Invariant($"{counts.Assessed} of {counts.Patients} patients assessed in {clock.Elapsed.TotalSeconds:0.0} s; target met without plasmapheresis: {counts.TargetMetWithoutPlasmapheresis}; plasmapheresis-independent: {counts.PlasmapheresisIndependent}{failedIds}."));
                return counts.NotAssessed.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
            }

            var assessed = await CaseReports.AssessAsync(opened, id.Value, rules, parsed.GetValue(pseudonymise), ct);
            WriteIssues(stderr, assessed.Issues);
            if (assessed.Value is not { } a)
            {
                return ExitCodes.InvalidInput;
            }

            Write(stdout, a.Assessment, parsed.GetValue(json), a.LastRecordDay);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma report --patient ID --out FILE</c>.</summary>
    public static Command Report(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Required("Pseudonymous patient id.");
        var output = new Option<string>("--out") { Description = "The HTML file to write.", Required = true };
        var protocol = ProtocolOption();
        var force = OutputFiles.ForceOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the file written, its SHA-256 and every issue." };
        var pseudonymise = PseudonymiseOption();
        var command = new Command("report", "Write a self-contained HTML case report with plots.") { patient, output, protocol, force, json, pseudonymise };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (await ReadProtocolAsync(parsed.GetValue(protocol), stderr, ct) is not { } rules)
            {
                return ExitCodes.InvalidInput;
            }

            var path = Path.GetFullPath(parsed.GetValue(output)!);
            if (OutputFiles.Check(path, parsed.GetValue(force), [parsed.GetValue(protocol)?.FullName, .. store.KeptFiles(parsed)]) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var id = parsed.GetValue(patient)!;
            var rendered = await CaseReports.RenderAsync(opened, id, rules, parsed.GetValue(pseudonymise), DateTimeOffset.Now, ct);
            WriteIssues(stderr, rendered.Issues);
            if (rendered.Value is not { } html)
            {
                return ExitCodes.InvalidInput;
            }

            await OutputFiles.WriteAsync(path, html, ct);
            stdout.WriteLine(parsed.GetValue(json)
                ? StromaJson.Serialize(new ReportWrittenView(path, id, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(html)), html.Length))
                : $"Wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma import labs FILE --patient ID</c> and <c>stroma import course FILE</c>.</summary>
    public static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with columns sampled_at, analyte, value, unit[, specimen][, id]." };
        var patient = PatientOptions.Required("Pseudonymous patient id.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object: what was imported and every issue." };
        var labs = new Command("labs", "Import lab results from CSV: every row or none; every bad row is reported.") { file, patient, json };
        store.AddTo(labs);
        labs.SetAction(async (parsed, ct) =>
        {
            var (input, refused) = await store.ReadInputAsync(parsed, parsed.GetValue(file)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var result = await Application.Labs.LabEntries.ImportCsvAsync(opened, parsed.GetValue(patient)!, raw, new TextProgress(stderr), ct);
            CliIssues.Write(stderr, result.Issues);
            if (result.Value is not { } import)
            {
                stderr.WriteLine($"Rejected: nothing was written ({Core.Text.ClinicalFormat.Count(result.Issues.Count(i => i.Severity == Core.Diagnostics.Severity.Error), "error", "errors")}).");
            }
            else if (!parsed.GetValue(json))
            {
                stdout.WriteLine($"Imported {import.Rows} lab results for {import.PatientId} from {raw.Name} (sha256 {import.FileSha256}).");
            }

            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, new LabsImportedView(
                    result.Value is not null, parsed.GetValue(patient)!, raw.Name, result.Value?.FileSha256, result.Value?.Rows ?? 0, CliIssues.Views(result.Issues)));
            }

            return result.Value is null ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });

        var courseFile = new Argument<FileInfo>("FILE") { Description = "JSON course document: patient, identity, sessions, infusions, drugs, events, labs." };
        var courseJson = new Option<bool>("--json") { Description = "Print one JSON object: what was imported and every issue." };
        var course = new Command("course", "Import a new patient with the whole course from JSON, in one transaction.") { courseFile, courseJson };
        var courseStore = new StoreOptions();
        courseStore.AddTo(course);
        course.SetAction(async (parsed, ct) =>
        {
            var (input, refused) = await courseStore.ReadInputAsync(parsed, parsed.GetValue(courseFile)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var imported = await CourseImports.ImportAsync(t => courseStore.OpenAsync(parsed, location, Storage.StoreOpening.CreateIfMissing, t), raw, ct);
            var issues = imported.Issues;
            CliIssues.Write(stderr, issues);
            var c = imported.Value?.Course;
            if (c is null)
            {
                stderr.WriteLine("Rejected: nothing was written.");
            }
            else if (!parsed.GetValue(courseJson))
            {
                stdout.WriteLine($"Imported patient {c.Patient.Id}: {ClinicalFormat.Count(c.Labs.Count, "lab result")}, {ClinicalFormat.Count(c.Sessions.Count, "plasma exchange session")}, {ClinicalFormat.Count(c.Infusions.Count, "MSC infusion")}, {ClinicalFormat.Count(c.Drugs.Count, "drug")}, {ClinicalFormat.Count(c.Events.Count, "event")}.");
            }

            if (parsed.GetValue(courseJson))
            {
                CliIssues.WriteJson(stdout, new CourseImportedView(
                    c is not null, c?.Patient.Id, c?.Labs.Count ?? 0, c?.Sessions.Count ?? 0, c?.Infusions.Count ?? 0, c?.Drugs.Count ?? 0, c?.Events.Count ?? 0, CliIssues.Views(issues)));
            }

            return c is not null ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return new Command("import", "Import data into the store.") { labs, course, CellProducts.LotCommands.Import(stdout, stderr), CellProducts.SafetyCommands.Import(stdout, stderr) };
    }

    internal static Option<FileInfo?> ProtocolOption() =>
        new("--protocol") { Description = "Protocol JSON (id, target, windows); default: the seed case's (UPCR < 5 mg/mg, 7 days plasmapheresis-free)." };

    internal static async Task<TreatmentProtocol?> ReadProtocolAsync(FileInfo? file, TextWriter stderr, CancellationToken ct)
    {
        if (file is null)
        {
            return TreatmentProtocol.SeedCase;
        }

        if (!CliIssues.Exists(file, stderr, "a readable protocol file"))
        {
            return null;
        }

        var result = ProtocolJson.Read(await File.ReadAllBytesAsync(file.FullName, ct), file.Name);
        CliIssues.Write(stderr, result.Issues);
        return result.HasErrors ? null : result.Value;
    }

    internal static Option<bool> PseudonymiseOption() => new("--pseudonymise")
    {
        Description = "No identity; every date shifted by the patient's secret offset (intervals, study days and ages exact); birth year only; free text withheld.",
    };

    // The use cases name the patient by its field; here it was given as --patient.
    // Each patient with the issues that say why, as assess --all lists them in its JSON.
    private static IReadOnlyList<PatientIssuesView> PatientsWithIssues(IEnumerable<PatientNotAssessed> patients) =>
        [.. patients.Select(f => new PatientIssuesView(f.PatientId, CliIssues.Views(f.Issues)))];

    internal static void WriteIssues(TextWriter stderr, IEnumerable<Core.Diagnostics.Issue> issues) =>
        CliIssues.Write(stderr, issues);

    private static void Write(TextWriter stdout, CourseAssessment assessment, bool json, int? lastRecordDay = null)
    {
        if (json)
        {
            stdout.WriteLine(StromaJson.Serialize(AssessmentView.Of(assessment, lastRecordDay, assessment.Issues.Select(CliIssues.AtOption).Select(IssueView.Of))));
            return;
        }

        foreach (var line in AssessmentText.Summary(assessment, lastRecordDay))
        {
            stdout.WriteLine(line);
        }
    }

    /// <summary>Writes a progress line at once (not posted to another thread), one writer at a time.</summary>
    internal sealed class LineProgress(TextWriter writer, Func<int, string> line) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate)
            {
                writer.WriteLine(line(value));
            }
        }
    }
}
