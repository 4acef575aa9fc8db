using System.CommandLine;
using System.Globalization;
using Stroma.Application.Proteome;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Text;

namespace Stroma.Cli.Proteome;

/// <summary><c>stroma biomarkers</c>: a patient's or a cohort's analyte series judged for a sustained decrease, with plots.</summary>
public static partial class CurveCommands
{
    /// <summary><c>stroma biomarkers SERIES.csv --cva PCT [--onset-day N] [--json]</c>.</summary>
    public static Command Biomarkers(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("SERIES") { Description = "CSV analyte,day,value,unit (day relative to the first infusion; value 'nd' when not detected; one unit per analyte); with a patient column, a cohort." };
        var cva = new Option<double?>("--cva") { Description = "The platform's analytical CV for this run (%); needed for one patient's series (the RCV), not for a cohort (the model estimates the variation)." };
        var onset = new Option<int>("--onset-day") { Description = "First follow-up day judged.", DefaultValueFactory = _ => 28 };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Write heatmap.png (log2 fold change, analyte × day) and trajectories.png (with each analyte's RCV, or the cohort's 95 % intervals) to this folder." };
        var cviTable = new Option<FileInfo?>("--cvi-table") { Description = "CSV analyte,cvi_percent,source: within-subject CVs adding to or replacing the cited defaults (Aziz et al. 2019)." };
        var patient = PatientOptions.Optional("Keep the series (and the CSV) against this stored patient; the report then shows them.");
        var store = new StoreOptions();
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var force = OutputFiles.ForceOption();
        var command = new Command("biomarkers", "Putative efficacy biomarkers: a decrease beyond the reference change value (one patient) or below baseline in a mixed model (a cohort) at every follow-up through one year, ranked by BH q.") { file, cva, onset, cviTable, plots, force, patient, json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var info = parsed.GetValue(file)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            if (parsed.GetValue(plots) is { } plotFolder)
            {
                string?[] inputs = [info.FullName, parsed.GetValue(cviTable)?.FullName, .. store.KeptFiles(parsed)];
                var refused = PlotNames.Select(name => OutputFiles.Check(Path.Combine(plotFolder.FullName, name), parsed.GetValue(force), inputs, folderMayBeCreated: true)).OfType<Issue>().ToList();
                if (refused.Count > 0)
                {
                    CliIssues.Write(stderr, refused);
                    return ExitCodes.InvalidInput;
                }
            }

            var issues = new List<Issue>();
            var series = new Dictionary<string, List<SeriesPoint>>(StringComparer.Ordinal);
            var cohort = new Dictionary<string, List<CohortPoint>>(StringComparer.Ordinal);
            var kept = new List<Storage.AnalyteResult>();
            var isCohort = false;
            if (await ReadColumnsAsync(info, SeriesColumns, issues, ct, "patient") is var (t, columns))
            {
                var (ai, di, vi, ui) = (columns[0], columns[1], columns[2], columns[3]);
                var pi = t.ColumnIndex("patient");
                isCohort = pi >= 0;
                var units = new Dictionary<string, string>(StringComparer.Ordinal);
                var seen = new Dictionary<(string Patient, string Analyte, int Day), int>();
                if (t.Rows.IsEmpty)
                {
                    issues.Add(Issue.Error(BadRow, $"{info.Name} line 1", $"Expected at least one row after the header; found none."));
                }

                foreach (var row in t.Rows)
                {
                    var notDetected = string.Equals(row.Fields[vi], "nd", StringComparison.OrdinalIgnoreCase);
                    var okDay = NumberText.TryParseWhole(row.Fields[di].Trim(), out var day, out _);
                    var okValue = NumberText.TryParse(row.Fields[vi].Trim(), out var value, out _) && value > 0;
                    if (row.Fields[ai].Trim().Length == 0 || row.Fields[ai].Any(char.IsControl) || !okDay || !(okValue || notDetected))
                    {
                        issues.Add(Issue.Error(BadRow, $"{info.Name} line {row.Line}", $"Expected an analyte, a whole day and a positive value or 'nd'; found '{row.Fields[ai]}', '{row.Fields[di]}', '{row.Fields[vi]}'."));
                        continue;
                    }

                    // Ratios need one unit per analyte: a change of unit inside a series is refused, never converted by guess.
                    var unit = ConcentrationUnits.Find(row.Fields[ui]) ?? row.Fields[ui].Trim();
                    var name = AnalyteNames.Resolve(row.Fields[ai]);
                    if (!ConcentrationUnits.IsKnown(unit) || (units.TryGetValue(name, out var first) && first != unit))
                    {
                        issues.Add(Issue.Error(BadRow, $"{info.Name} line {row.Line}",
                            $"Expected the unit of {name}'s series ({(units.TryGetValue(name, out var f) ? f : ConcentrationUnits.Expected)}); found '{unit}'."));
                        continue;
                    }

                    units[name] = unit;

                    // One value per analyte and day (and patient): a second is refused naming both lines, never averaged.
                    var key = (isCohort ? row.Fields[pi].Trim() : string.Empty, name, day);
                    if (seen.TryGetValue(key, out var firstLine))
                    {
                        issues.Add(Issue.Error(Duplicate, $"{info.Name} line {row.Line}",
                            $"Expected one value of {name} per day{(isCohort ? " and patient" : string.Empty)}; day {day} is already on line {firstLine} (average replicates first, or keep the one you mean)."));
                        continue;
                    }

                    seen[key] = row.Line;
                    if (isCohort)
                    {
                        if (row.Fields[pi].Trim().Length == 0)
                        {
                            issues.Add(Issue.Error(BadRow, $"{info.Name} line {row.Line}", $"Expected a patient in the patient column; found an empty field."));
                            continue;
                        }

                        (cohort.TryGetValue(name, out var points) ? points : cohort[name] = []).Add(new CohortPoint(row.Fields[pi].Trim(), day, notDetected ? null : value));
                        continue;
                    }

                    (series.TryGetValue(name, out var list) ? list : series[name] = []).Add(new SeriesPoint(day, notDetected ? null : value, info.Name));
                    kept.Add(new Storage.AnalyteResult(name, day, notDetected ? null : value, unit, parsed.GetValue(cva) ?? 0));
                }
            }

            var variation = BiologicalVariation.Defaults;
            byte[]? cviTableBytes = null;
            if (parsed.GetValue(cviTable) is { } tableFile)
            {
                if (!CliIssues.Exists(tableFile, stderr))
                {
                    return ExitCodes.InvalidInput;
                }

                cviTableBytes = await File.ReadAllBytesAsync(tableFile.FullName, ct);
                var own = BiologicalVariation.Read(cviTableBytes, tableFile.Name);
                issues.AddRange(own.Issues);
                variation = own.Value is { } v ? variation.With(v) : variation;
            }

            if (!isCohort && !(parsed.GetValue(cva) >= 0))
            {
                issues.Add(Issue.Error(BadRow, "--cva", $"Expected the run's analytical CV ≥ 0 % for one patient's series; found {(parsed.GetValue(cva) is { } v ? v.ToString(CultureInfo.InvariantCulture) : "none")}."));
            }

            if (isCohort && parsed.GetValue(patient) is not null)
            {
                issues.Add(Issue.Error(BadRow, "--patient", $"Expected one patient's series to keep; {info.Name} is a cohort (it has a patient column). Keep each patient's series on its own."));
            }

            if (issues.Any(i => i.Severity == Severity.Error))
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            if (parsed.GetValue(patient) is { } id)
            {
                if (store.Resolve(parsed, stderr) is not { } location)
                {
                    return ExitCodes.Usage;
                }

                // The series is kept with the CVi it is judged with here (and the table file, when it is the centre's own), so that the
                // report ranks it the same way later.
                var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
                var judged = kept.Select(r => r with { Cvi = variation.Lookup(r.Analyte) is { } c ? (c.CviPercent, c.Source) : null }).ToList();
                var saved = await opened.SaveAnalyteResultsAsync(id, info.Name, await File.ReadAllBytesAsync(info.FullName, ct), judged,
                    cviTableBytes is null ? null : [Core.RawInput.Of(parsed.GetValue(cviTable)!.Name, cviTableBytes)], ct);
                CliIssues.Write(stderr, saved.Issues);
                if (saved.HasErrors)
                {
                    stderr.WriteLine("Rejected: nothing was written.");
                    return ExitCodes.InvalidInput;
                }

                stderr.WriteLine($"Kept {saved.Value} results against {id}.");
            }

            if (isCohort)
            {
                var cohortResults = CohortChanges.Assess(cohort.ToDictionary(s => s.Key, s => (IReadOnlyList<CohortPoint>)s.Value), new CohortSettings(OnsetDay: parsed.GetValue(onset)));
                await WritePlotsAsync(parsed.GetValue(plots), stderr, () => Reports.Course.CoursePlots.CohortHeatmap(cohortResults), () => Reports.Course.CoursePlots.CohortTrajectories(cohortResults), ct);
                WriteCohort(stdout, cohortResults, parsed.GetValue(json));
                return ExitCodes.Ok;
            }

            var settings = new SustainedChangeSettings(parsed.GetValue(cva)!.Value, OnsetDay: parsed.GetValue(onset));
            var results = SustainedChange.Assess(series.ToDictionary(s => s.Key, s => (IReadOnlyList<SeriesPoint>)s.Value), variation, settings);
            await WritePlotsAsync(parsed.GetValue(plots), stderr, () => Reports.Course.CoursePlots.BiomarkerHeatmap(results), () => Reports.Course.CoursePlots.BiomarkerTrajectories(results, settings.Z), ct);
            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, BiomarkerSeriesView.Of(results, settings));
                return ExitCodes.Ok;
            }

            foreach (var (r, rank) in results.Select((r, i) => (r, i + 1)))
            {
                stdout.WriteLine(Verdict(rank, r.Analyte, r.Sustained, r.Assessable, r.PSustained, r.Q, r.Reason));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // One ranked verdict as a line: "  1. IL-6       SUSTAINED DECREASE (p 0.0012, q 0.0087): …".
    private static string Verdict(int rank, string analyte, bool sustained, bool assessable, double? p, double? q, string reason) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{rank,3}. {analyte,-10} {(sustained ? "SUSTAINED DECREASE" : assessable ? "no sustained decrease" : "not assessed")}{(q is { } qv && p is { } pv ? $" (p {PValue(pv)}, q {PValue(qv)})" : string.Empty)}: {reason}");

    // A p or q as read: four decimals, or "< 0.0001" (never a bare 0).
    private static string PValue(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    // The files --plots writes, checked before any work is done.
    private static readonly string[] PlotNames = ["heatmap.png", "trajectories.png"];

    private static async Task WritePlotsAsync(DirectoryInfo? folder, TextWriter stderr, Func<byte[]> heatmap, Func<byte[]> trajectories, CancellationToken ct)
    {
        if (folder is null)
        {
            return;
        }

        await OutputFiles.WriteAsync(Path.Combine(folder.FullName, PlotNames[0]), heatmap(), ct);
        await OutputFiles.WriteAsync(Path.Combine(folder.FullName, PlotNames[1]), trajectories(), ct);
        stderr.WriteLine($"Wrote heatmap.png and trajectories.png to {folder.FullName}");
    }

    // The cohort verdicts: JSON with the model and the paired tests per day, or one line per analyte.
    private static void WriteCohort(TextWriter stdout, IReadOnlyList<CohortChange> results, bool json)
    {
        if (json)
        {
            CliIssues.WriteJson(stdout, BiomarkerCohortView.Of(results));
            return;
        }

        foreach (var (r, rank) in results.Select((r, i) => (r, i + 1)))
        {
            stdout.WriteLine(Verdict(rank, r.Analyte, r.Sustained, r.Assessable, r.PSustained, r.Q, r.Reason));
        }
    }
}
