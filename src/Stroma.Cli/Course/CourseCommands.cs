using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Reports.Course;
using Stroma.Storage;
using Stroma.Storage.Str;

namespace Stroma.Cli.Course;

/// <summary>The commands on stored patient courses: demo, assess, import labs, report, audit verify.</summary>
public static class CourseCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>stroma demo [--dir DIR] [--json]</c>: loads the synthetic seed-like case, assesses it and writes the report.</summary>
    public static Command Demo(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<string>("--dir") { Description = "Folder for stroma.db and report.html (created if missing).", DefaultValueFactory = _ => "stroma-demo" };
        var json = new Option<bool>("--json") { Description = "Print the assessment as JSON on standard output (progress goes to standard error)." };
        var command = new Command("demo", "Create DIR/stroma.db with the synthetic demo case, assess it and write DIR/report.html.") { dir, json };
        command.SetAction(async (parsed, ct) =>
        {
            var folder = Path.GetFullPath(parsed.GetValue(dir)!);
            var asJson = parsed.GetValue(json);
            var progress = asJson ? stderr : stdout;
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "stroma.db");
            progress.WriteLine($"[1/6] Opening {path} (SQLite, WAL) and applying migrations");
            var store = await StromaStore.OpenAsync(StoreLocation.Sqlite(path), StoreOptions.OperatingSystemUser, StoreOpening.CreateIfMissing, ct);
            var patients = await store.ListPatientsAsync(ct);
            var str = DemoStr.Build();
            if (patients.Contains(DemoCase.PatientId))
            {
                progress.WriteLine($"[2/6] The demo case {DemoCase.PatientId} is already loaded; keeping it");
                progress.WriteLine("[3/6] Its MSC lot, infusions, safety record and biopsies are kept as they are");
            }
            else if (patients.Count > 0)
            {
                stderr.WriteLine($"{path}: holds other patients ({string.Join(", ", patients)}); choose an empty --dir for the demo.");
                return ExitCodes.InvalidInput;
            }
            else
            {
                var course = DemoCase.Build();
                progress.WriteLine($"[2/6] Loading the synthetic demo case {DemoCase.PatientId}: {course.Labs.Count} lab results, {course.Sessions.Count} plasma exchange sessions");
                (await store.SaveCourseAsync(course with { Infusions = [] }, new PatientIdentity(DemoCase.PatientId, "Synthetic Demo Patient", "DEMO-HN-0001"), "demo", ct)).ValueOrThrow();
                var biopsyStr = str.Samples.Single(x => x.FileName == "demo-biopsy-1y.fsa").Id;
                if (await LoadDemoCellTherapyAsync(store, course, DemoCellTherapy.Build(biopsyStr), progress, stderr, ct) is { } failed)
                {
                    return failed;
                }
            }

            progress.WriteLine("[4/6] Simulating and analysing the demo STR run (built-in synthetic kit): references, day-30 blood, one-year biopsy");
            var saved = await store.SaveStrAsync(DemoCase.PatientId, [.. str.Files.Select(f => new AbifContent(f.Name, f.Content))], str.Samples, str.Chimerism, ct);
            progress.WriteLine($"      {str.Files.Length} raw files, {str.Samples.Length} samples, {str.Chimerism.Length} chimerism results ({saved.ChimerismAdded} new); MSC donor: {string.Join(", ", str.Chimerism.Where(c => c.Contributor == "msc-donor").Select(c => c.Text))}");
            progress.WriteLine("[5/6] Assessing against the seed protocol (target, plasmapheresis dependence, renal stability)");
            var (code, assessment, loaded) = await AssessAsync(store, DemoCase.PatientId, TreatmentProtocol.SeedCase, stderr, ct);
            if (assessment is null)
            {
                return code;
            }

            var report = Path.Combine(folder, "report.html");
            progress.WriteLine($"[6/6] Writing {report}");
            // The demo's own folder: its report is rewritten on every run (never the database beside it).
            await OutputFiles.WriteAsync(report, CaseReport.Render(loaded!, assessment, DateTimeOffset.Now, await ReportSectionsAsync(store, loaded!, ct)), ct);
            Write(stdout, assessment, asJson);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The demo's lot, the three infusions recorded through the gate (release, expiry, patient, custody), the vital signs, no adverse
    // events, and the two biopsies. Returns an exit code when the gate refuses (it must not for the demo).
    private static async Task<int?> LoadDemoCellTherapyAsync(StromaStore store, PatientCourse course, DemoCellTherapyRecord record, TextWriter progress, TextWriter stderr, CancellationToken ct)
    {
        progress.WriteLine($"[3/6] Cell product: lot {record.Lot.Id} with {record.Lot.Bags.Length} bags; {course.Infusions.Count} infusions recorded through the release, expiry, patient and custody checks");
        var issues = new List<Core.Diagnostics.Issue>();
        issues.AddRange((await store.SaveLotAsync(new Core.CellProducts.LotDocument(record.Lot, Core.CellProducts.SpecificationReference.Of(record.Specification), record.Results, record.Custody), cancellationToken: ct)).Issues);
        foreach (var (infusion, bag) in course.Infusions.Zip(record.Lot.Bags))
        {
            issues.AddRange((await store.RecordInfusionAsync(DemoCase.PatientId, infusion, bag.Id, "physician", ct)).Issues);
        }

        issues.AddRange((await store.SaveCellTherapyRecordAsync(DemoCase.PatientId, record.AdverseEvents, record.Vitals, record.Biopsies, ct)).Issues);

        // The cytokine panel, kept as a lab would send it: a CSV (the raw file) and its results.
        var panel = DemoCytokines.Build();
        var csv = "analyte,day,value,unit\n" + string.Concat(panel.SelectMany(a => a.Value.Select(p =>
            System.FormattableString.Invariant($"{a.Key},{p.Day},{(p.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "nd")},pg/mL\n"))));
        issues.AddRange((await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "demo-cytokines.csv", System.Text.Encoding.UTF8.GetBytes(csv),
            [.. panel.SelectMany(a => a.Value.Select(p => new AnalyteResult(a.Key, p.Day, p.Value, "pg/mL", DemoCytokines.AnalyticalCvPercent)))], cancellationToken: ct)).Issues);

        // The same panel on proteome membranes: each day's simulated image written as a PNG, read back and quantified as
        // `array quantify` would, and kept with its image (an array series, apart from the concentrations).
        var membranes = 0;
        foreach (var (day, image, _) in Core.Simulation.DemoArray.Membranes())
        {
            var png = Imaging.ImageWriter.Png(image);
            var read = Imaging.ImageReader.Read(png, image.Source);
            var quantified = read.Value is { } pages ? Core.Proteome.ArrayQuantification.Quantify(pages, Core.Simulation.DemoArray.Layout) : null;
            if (quantified?.Value is not { } run)
            {
                issues.AddRange(read.Issues.Concat(quantified?.Issues ?? []));
                break;
            }

            issues.AddRange((await Proteome.ArrayRuns.KeepAsync(store, DemoCase.PatientId, Core.Simulation.DemoArray.Layout, day, run, [(image.Source, png)], ct)).Issues);
            membranes++;
        }

        if (issues.Any(i => i.Severity == Core.Diagnostics.Severity.Error))
        {
            CliIssues.Write(stderr, issues);
            return ExitCodes.InvalidInput;
        }

        progress.WriteLine($"      released: yes; {record.Vitals.Length} vital-sign sets; {record.AdverseEvents.Length} adverse events; {record.Biopsies.Length} biopsies; cytokine panel by immunoassay and on {membranes} membranes");
        return null;
    }

    // What the report's sections need from the store, each from the records the patient has: every infusion's lot that is held here
    // (with release and custody), the safety record and biopsies, STR results, and the analyte series judged with the CVi table
    // they were kept with.
    private static async Task<CaseReportSections> ReportSectionsAsync(StromaStore store, PatientCourse course, CancellationToken ct)
    {
        var id = course.Patient.Id;
        var lots = new List<LotRecord>();
        foreach (var lotId in course.Infusions.Select(i => i.LotId).Distinct(StringComparer.Ordinal))
        {
            if (await store.LoadLotAsync(lotId, ct) is not { } lot)
            {
                continue; // held elsewhere: the infusions table says so
            }

            var custody = new Dictionary<string, System.Collections.Immutable.ImmutableArray<Core.CellProducts.CustodyEvent>>(StringComparer.Ordinal);
            foreach (var bag in lot.Lot.Bags)
            {
                custody[bag.Id] = await store.LoadCustodyAsync(lot.Lot.Id, bag.Id, ct);
            }

            lots.Add(new LotRecord(lot.Lot, lot.Decision, custody));
        }

        var record = await store.LoadCellTherapyRecordAsync(id, ct);
        var series = await store.LoadAnalyteSeriesAsync(id, ct);
        BiomarkerPanel? panel = series.Series.IsEmpty ? null : new BiomarkerPanel(
            Core.Biomarkers.SustainedChange.Assess(series.Series, Core.Biomarkers.BiologicalVariation.Defaults.With(series.Judged),
                new Core.Biomarkers.SustainedChangeSettings(series.AnalyticalCvPercent), series.CvaBySeries),
            series.Sources.IsDefault ? [] : series.Sources, series.UnitBySeries);
        return new CaseReportSections(await store.LoadStrSamplesAsync(id, ct), await store.LoadChimerismAsync(id, ct), lots,
            new SafetyRecord(record.AdverseEvents, record.Vitals, record.Biopsies), panel);
    }

    /// <summary><c>stroma assess --patient ID [--json]</c>.</summary>
    public static Command Assess(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = new Option<string?>("--patient") { Description = "Pseudonymous patient id." };
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
                foreach (var failed in counts.NotAssessed)
                {
                    CliIssues.Write(stderr, failed.Issues.Select(i => i with { Location = i.Location == failed.PatientId ? failed.PatientId : $"{failed.PatientId} {i.Location}" }));
                }

                var summary = new System.Text.Json.Nodes.JsonObject
                {
                    ["patients"] = counts.Patients,
                    ["assessed"] = counts.Assessed,
                    ["targetMetWithoutPlasmapheresis"] = counts.TargetMetWithoutPlasmapheresis,
                    ["plasmapheresisIndependent"] = counts.PlasmapheresisIndependent,
                    ["notAssessed"] = new System.Text.Json.Nodes.JsonArray([.. counts.NotAssessed.Select(f => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                    {
                        ["patient"] = f.PatientId,
                        ["issues"] = CliIssues.ToJson(f.Issues),
                    })]),
                    ["seconds"] = clock.Elapsed.TotalSeconds,
                };
                var failedIds = counts.NotAssessed.Count == 0 ? string.Empty : $"; could not be assessed: {counts.NotAssessed.Count} ({string.Join(", ", counts.NotAssessed.Select(f => f.PatientId))})";
                stdout.WriteLine(parsed.GetValue(json)
                    ? summary.ToJsonString(Indented)
                    : FormattableString.Invariant($"{counts.Assessed} of {counts.Patients} patients assessed in {clock.Elapsed.TotalSeconds:0.0} s; target met without plasmapheresis: {counts.TargetMetWithoutPlasmapheresis}; plasmapheresis-independent: {counts.PlasmapheresisIndependent}{failedIds}."));
                return counts.NotAssessed.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
            }

            var (code, assessment, _) = await AssessAsync(opened, id, rules, stderr, ct, parsed.GetValue(pseudonymise) ? opened.PseudonymShiftDays(id) : null);
            if (assessment is not null)
            {
                Write(stdout, assessment, parsed.GetValue(json));
            }

            return code;
        });
        return command;
    }

    /// <summary><c>stroma report --patient ID --out FILE</c>.</summary>
    public static Command Report(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = new Option<string>("--patient") { Description = "Pseudonymous patient id.", Required = true };
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
            if (OutputFiles.Check(path, parsed.GetValue(force), [location.FilePath, parsed.GetValue(protocol)?.FullName]) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var id = parsed.GetValue(patient)!;
            int? shift = parsed.GetValue(pseudonymise) ? opened.PseudonymShiftDays(id) : null;
            var (code, assessment, course) = await AssessAsync(opened, id, rules, stderr, ct, shift);
            if (assessment is null)
            {
                return code;
            }

            // The sections are read against the stored course (they match infusions by time), then shifted with it.
            var original = (await opened.LoadCourseAsync(id, ct))!;
            var sections = await ReportSectionsAsync(opened, shift is null ? course! : original, ct);
            var html = System.Text.Encoding.UTF8.GetBytes(shift is { } days
                ? CaseReport.Render(course!, assessment, DateTimeOffset.Now, ReportPseudonymisation.Apply(sections, days), original.Patient.BirthDate.Year)
                : CaseReport.Render(course!, assessment, DateTimeOffset.Now, sections));
            await OutputFiles.WriteAsync(path, html, ct);
            stdout.WriteLine(parsed.GetValue(json)
                ? new JsonObject { ["report"] = path, ["patient"] = course!.Patient.Id, ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(html)), ["bytes"] = html.Length }.ToJsonString(Indented)
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
        var patient = new Option<string>("--patient") { Description = "Pseudonymous patient id.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: what was imported and every issue." };
        var labs = new Command("labs", "Import lab results from CSV: every row or none; every bad row is reported.") { file, patient, json };
        store.AddTo(labs);
        labs.SetAction(async (parsed, ct) =>
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

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var result = await opened.ImportLabsAsync(parsed.GetValue(patient)!, info.Name, await File.ReadAllBytesAsync(info.FullName, ct), new TextProgress(stderr), ct);
            CliIssues.Write(stderr, result.Issues);
            if (result.Value is not { } import)
            {
                stderr.WriteLine($"Rejected: nothing was written ({result.Issues.Count(i => i.Severity == Core.Diagnostics.Severity.Error)} errors).");
            }
            else if (!parsed.GetValue(json))
            {
                stdout.WriteLine($"Imported {import.Rows} lab results for {import.PatientId} from {info.Name} (sha256 {import.FileSha256}).");
            }

            if (parsed.GetValue(json))
            {
                stdout.WriteLine(new JsonObject
                {
                    ["imported"] = result.Value is not null,
                    ["patient"] = parsed.GetValue(patient),
                    ["file"] = info.Name,
                    ["sha256"] = result.Value?.FileSha256,
                    ["rows"] = result.Value?.Rows ?? 0,
                    ["issues"] = CliIssues.ToJson(result.Issues),
                }.ToJsonString(Indented));
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
            if (courseStore.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var info = parsed.GetValue(courseFile)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            var read = CourseJson.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
            IReadOnlyList<Core.Diagnostics.Issue> issues = read.Issues;
            var imported = false;
            if (!read.HasErrors)
            {
                // The patient must be new and infusions from a lot held here go through the infusion gate, never around it: both
                // checked in the transaction that writes.
                var (patientCourse, identity) = read.Value;
                var opened = await courseStore.OpenAsync(parsed, location, Storage.StoreOpening.CreateIfMissing, ct);
                var saved = await opened.SaveCourseAsync(patientCourse, identity, info.Name, ct);
                issues = [.. read.Issues, .. saved.Issues];
                imported = !saved.HasErrors;
            }

            CliIssues.Write(stderr, issues);
            var c = read.Value.Course;
            if (!imported)
            {
                stderr.WriteLine("Rejected: nothing was written.");
            }
            else if (!parsed.GetValue(courseJson))
            {
                stdout.WriteLine($"Imported patient {c.Patient.Id}: {c.Labs.Count} lab results, {c.Sessions.Count} plasma exchange sessions, {c.Infusions.Count} MSC infusions, {c.Drugs.Count} drugs, {c.Events.Count} events.");
            }

            if (parsed.GetValue(courseJson))
            {
                stdout.WriteLine(new JsonObject
                {
                    ["imported"] = imported,
                    ["patient"] = c?.Patient.Id,
                    ["labs"] = c?.Labs.Count ?? 0,
                    ["sessions"] = c?.Sessions.Count ?? 0,
                    ["infusions"] = c?.Infusions.Count ?? 0,
                    ["drugs"] = c?.Drugs.Count ?? 0,
                    ["events"] = c?.Events.Count ?? 0,
                    ["issues"] = CliIssues.ToJson(issues),
                }.ToJsonString(Indented));
            }

            return imported ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return new Command("import", "Import data into the store.") { labs, course, CellProducts.LotCommands.Import(stdout, stderr), CellProducts.SafetyCommands.Import(stdout, stderr) };
    }

    private static Option<FileInfo?> ProtocolOption() =>
        new("--protocol") { Description = "Protocol JSON (id, target, windows); default: the seed case's (UPCR < 5 mg/mg, 7 days plasmapheresis-free)." };

    private static async Task<TreatmentProtocol?> ReadProtocolAsync(FileInfo? file, TextWriter stderr, CancellationToken ct)
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

    private static Option<bool> PseudonymiseOption() => new("--pseudonymise")
    {
        Description = "No identity; every date shifted by the patient's secret offset (intervals, study days and ages exact); birth year only; free text withheld.",
    };

    // Assesses a stored patient (pseudonymised first when a shift is given: then nothing is stored).
    private static async Task<(int Code, CourseAssessment? Assessment, PatientCourse? Course)> AssessAsync(
        StromaStore store, string patientId, TreatmentProtocol protocol, TextWriter stderr, CancellationToken ct, int? shiftDays = null)
    {
        var course = await store.LoadCourseAsync(patientId, ct);
        if (course is not null && shiftDays is { } days)
        {
            course = Pseudonymisation.Apply(course, days);
        }

        if (course is null)
        {
            stderr.WriteLine($"--patient: {Core.Course.LabCsvIssues.UnknownPatient} error: Expected an existing patient id; found '{patientId}' in {store.Location}.");
            return (ExitCodes.InvalidInput, null, null);
        }

        var result = CourseAssessment.Assess(course, protocol);
        CliIssues.Write(stderr, result.Issues);
        if (result.Value is not { } assessment)
        {
            return (ExitCodes.InvalidInput, null, course);
        }

        if (shiftDays is null)
        {
            await store.SaveDerivedEgfrAsync(patientId, assessment.Renal.Points, ct);
        }

        return (ExitCodes.Ok, assessment, assessment.AssessedCourse ?? course);
    }

    private static void Write(TextWriter stdout, CourseAssessment assessment, bool json)
    {
        if (json)
        {
            stdout.WriteLine(AssessmentJson.Of(assessment).ToJsonString(Indented));
            return;
        }

        foreach (var line in AssessmentJson.Summary(assessment))
        {
            stdout.WriteLine(line);
        }
    }

    /// <summary>Writes a progress line at once (not posted to another thread), one writer at a time.</summary>
    private sealed class LineProgress(TextWriter writer, Func<int, string> line) : IProgress<int>
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

    /// <summary>Writes a progress line as reported, at once (<see cref="Progress{T}"/> would post it to another thread, to land later).</summary>
    private sealed class TextProgress(TextWriter writer) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                writer.WriteLine(value);
            }
        }
    }
}
