using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Stroma.Application.Exports;
using Stroma.Application.Json;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli.Course;

/// <summary>
/// <c>stroma export --patient ID|--all --format csv|xlsx --out PATH [--pseudonymise]</c>: a patient's or every patient's tables as one
/// workbook or a folder of CSV files (<see cref="PatientExports"/>). The CLI acts as the operating-system user who holds the database and
/// its key, who may read every record (as <c>identity show</c> and <c>fhir export</c> do), so <c>--all</c> without <c>--pseudonymise</c>
/// is allowed; the identity store's name and hospital number are in no export either way. The output is never the database, its journal or its key (IO003),
/// never replaces an existing file or folder without <c>--force</c> (IO002), and its folder must exist (IO004). A new CSV folder is
/// written beside its place and renamed into it, so a failure leaves no half-written folder.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Optional("Pseudonymous patient id (or --all).");
        var all = new Option<bool>("--all") { Description = "Every stored patient, one table of each kind naming each row's patient (a cohort)." };
        var format = new Option<string>("--format") { Description = "csv (a folder of RFC 4180 files) or xlsx (one workbook, a sheet per table).", Required = true };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<string>("--out") { Description = "The workbook (xlsx) or the folder of CSV files (csv) to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing workbook, or the export's files in an existing folder (never an input or the database)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the files written with their SHA-256, and each table's rows." };
        var pseudonymise = CourseCommands.PseudonymiseOption();
        var command = new Command("export", "Write a patient's (or every patient's) labs, sessions, infusions, adverse events, chimerism and biomarkers as CSV or Excel.")
        {
            patient, all, format, output, force, json, pseudonymise,
        };
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
                stderr.WriteLine("usage: give --patient ID or --all (exactly one).");
                return ExitCodes.Usage;
            }

            var csv = parsed.GetValue(format) == "csv";
            var path = Path.GetFullPath(parsed.GetValue(output)!);
            var kept = store.KeptFiles(parsed).ToList();
            if ((csv ? CheckFolder(path, parsed.GetValue(force), kept) : OutputFiles.Check(path, parsed.GetValue(force), kept)) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var hidden = parsed.GetValue(pseudonymise);
            var read = id is null
                ? await PatientExports.CohortAsync(opened, hidden, new TextProgress(stderr), ct)
                : await PatientExports.PatientAsync(opened, id.Value, hidden, ct);
            CliIssues.Write(stderr, read.Issues);
            if (read.Value is not { } workbook)
            {
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<(string Name, byte[] Bytes)> files = csv ? ExportFiles.CsvFiles(workbook) : [(Path.GetFileName(path), ExportFiles.Xlsx(workbook))];
            if (csv)
            {
                await WriteFolderAsync(path, files, ct);
            }
            else
            {
                await OutputFiles.WriteAsync(path, files[0].Bytes, ct);
            }

            var view = new ExportWrittenView(path, csv ? "csv" : "xlsx", workbook.Pseudonymised, workbook.PatientIds,
                [.. files.Select(f => new ExportFileView(f.Name, Convert.ToHexStringLower(SHA256.HashData(f.Bytes)), f.Bytes.Length))],
                [.. workbook.Tables.Select(t => new ExportTableView(t.Name, t.Rows.Count))]);
            stdout.WriteLine(parsed.GetValue(json)
                ? StromaJson.Serialize(view)
                : string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {path} ({view.Format}, {workbook.PatientIds.Count} patient{(workbook.PatientIds.Count == 1 ? string.Empty : "s")}{(workbook.Pseudonymised ? ", pseudonymised" : string.Empty)}): {string.Join(", ", view.Tables.Select(t => $"{t.Name} {t.Rows}"))} rows."));
            return ExitCodes.Ok;
        });
        return command;
    }

    // The folder of CSV files: not a file, its parent there, not replaced without --force, and none of its files an input or the database.
    private static Issue? CheckFolder(string path, bool force, List<string?> kept)
    {
        if (File.Exists(path))
        {
            return Issue.Error(CliCodes.OutputExists, path, $"Expected a folder for the CSV files; '{path}' is a file. Choose another name.");
        }

        if (Directory.Exists(path) && !force)
        {
            return Issue.Error(CliCodes.OutputExists, path, $"Expected a new folder for the CSV files; '{path}' exists. Give --force to replace the export's files in it, or choose another name.");
        }

        if (Path.GetDirectoryName(path) is { Length: > 0 } parent && !Directory.Exists(parent))
        {
            return Issue.Error(CliCodes.MissingFolder, path, $"Expected an existing folder for the output; '{parent}' does not exist. Create it first, or check the path.");
        }

        string[] names = ["patients", "labs", "plasma_exchange", "infusions", "adverse_events", "chimerism", "biomarkers"];
        return names.Select(n => OutputFiles.Check(Path.Combine(path, n + ".csv"), force: true, kept, folderMayBeCreated: true)).FirstOrDefault(i => i is not null);
    }

    private static async Task WriteFolderAsync(string path, IReadOnlyList<(string Name, byte[] Bytes)> files, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            foreach (var (name, bytes) in files)
            {
                await OutputFiles.WriteAsync(Path.Combine(path, name), bytes, ct); // --force: each file replaced whole, others left
            }

            return;
        }

        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            foreach (var (name, bytes) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(temporary, name), bytes, ct);
            }

            Directory.Move(temporary, path);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
