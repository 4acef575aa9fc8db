using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Application.Proteome;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Text;

namespace Stroma.Cli.Proteome;

/// <summary><c>stroma curve fit</c> and <c>stroma rcv</c>.</summary>
public static class CurveCommands
{
    /// <summary>A standards file row that is not a number pair (error).</summary>
    public const string BadRow = "CURVECSV001";

    /// <summary>A series file with two values of one analyte on one day (for one patient) (error).</summary>
    public const string Duplicate = "CURVECSV002";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[] ParameterNames = ["a", "b", "c", "d", "g"];

    private static readonly string[] StandardColumns = ["concentration", "response"];

    private static readonly string[] SeriesColumns = ["analyte", "day", "value", "unit"];

    // A CSV with the named columns (in any order, others ignored), or null with the issues said.
    private static async Task<(CsvTable Table, int[] Columns)?> ReadColumnsAsync(FileInfo info, string[] names, List<Issue> issues, CancellationToken ct, params string[] optional)
    {
        var table = CsvTable.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
        issues.AddRange(table.Issues);
        if (table.Value is not { } t)
        {
            return null;
        }

        // The file is kept as a raw input: no column that identifies a person, none that would be silently ignored.
        var unknown = CsvColumns.Check(t, [.. names, .. optional]);
        issues.AddRange(unknown);
        if (unknown.Count > 0)
        {
            return null;
        }

        var columns = names.Select(t.ColumnIndex).ToArray();
        if (columns.Any(c => c < 0))
        {
            issues.Add(Issue.Error(BadRow, $"{info.Name} line 1", $"Expected the header {string.Join(",", names)}; found '{string.Join(",", t.Header)}'."));
            return null;
        }

        return (t, columns);
    }

    /// <summary><c>stroma curve fit --model 4pl|5pl [--weighting none|1/y2] STANDARDS.csv [--back-calculate Y1,Y2,…] [--json]</c>.</summary>
    public static Command Curve(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("STANDARDS") { Description = "CSV with the header concentration,response (replicates as repeated rows)." };
        var model = new Option<string>("--model") { Description = "4pl or 5pl.", Required = true };
        model.AcceptOnlyFromAmong("4pl", "5pl");
        var weighting = new Option<string>("--weighting") { Description = "none or 1/y2.", DefaultValueFactory = _ => "none" };
        weighting.AcceptOnlyFromAmong("none", "1/y2");
        var back = new Option<string?>("--back-calculate") { Description = "Responses to turn into concentrations, comma-separated." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var patient = new Option<string?>("--patient") { Description = "Keep the back-calculated concentration (the mean of the --back-calculate replicates × --dilution) against this stored patient, with the standards." };
        var day = new Option<int?>("--day") { Description = "Study day of the sample (day 0 = first infusion); needed with --patient." };
        var analyte = new Option<string?>("--analyte") { Description = "The analyte measured; needed with --patient." };
        var unit = new Option<string?>("--unit") { Description = "UCUM unit of the standards' concentrations (pg/mL, ng/mL, …); needed with --patient." };
        var dilution = new Option<double>("--dilution") { Description = "The sample's dilution factor (concentrations are multiplied by it).", DefaultValueFactory = _ => 1 };
        var cva = new Option<double?>("--cva") { Description = "Analytical CV (%) to keep with the result; by default the CV of the sample's replicates (two or more)." };
        var store = new StoreOptions();
        var fit = new Command("fit", "Fit a 4PL or 5PL standard curve, with parameter standard errors, calibrator recoveries, LLOQ/ULOQ and back-calculated values.") { file, model, weighting, back, patient, day, analyte, unit, dilution, cva, json };
        store.AddTo(fit);
        fit.SetAction(async (parsed, ct) =>
        {
            var info = parsed.GetValue(file)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            var issues = new List<Issue>();
            var standards = new List<(double, double)>();
            if (await ReadColumnsAsync(info, StandardColumns, issues, ct) is var (t, columns))
            {
                var (xi, yi) = (columns[0], columns[1]);
                foreach (var row in t.Rows)
                {
                    var ok = NumberText.TryParse(row.Fields[xi].Trim(), out var x, out _) & NumberText.TryParse(row.Fields[yi].Trim(), out var y, out _);
                    if (!ok || x < 0)
                    {
                        issues.Add(Issue.Error(BadRow, $"{info.Name} line {row.Line}", $"Expected a concentration ≥ 0 and a response, both numbers; found '{row.Fields[xi]}', '{row.Fields[yi]}'."));
                    }
                    else
                    {
                        standards.Add((x, y));
                    }
                }
            }

            var responses = new List<double>();
            foreach (var text in (parsed.GetValue(back) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (NumberText.TryParse(text, out var r, out _))
                {
                    responses.Add(r);
                }
                else
                {
                    issues.Add(Issue.Error(BadRow, "--back-calculate", $"Expected numbers separated by commas, each {NumberText.Expected}; found '{text}'."));
                }
            }

            if (issues.Any(i => i.Severity == Severity.Error))
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var result = DoseResponse.Fit(standards, parsed.GetValue(model) == "5pl" ? CurveModel.FiveParameter : CurveModel.FourParameter,
                parsed.GetValue(weighting) == "1/y2" ? CurveWeighting.InverseSquareResponse : CurveWeighting.None);
            CliIssues.Write(stderr, result.Issues);
            if (result.Value is not { } curve)
            {
                return ExitCodes.InvalidInput;
            }

            var backCalculated = responses.Select(curve.Concentration).ToList();
            if (parsed.GetValue(patient) is { } id)
            {
                var kept = await KeepAsync(parsed, stderr, store, info, curve, responses, id, day, analyte, unit, dilution, cva, ct);
                if (kept != ExitCodes.Ok)
                {
                    return kept;
                }
            }

            var names = ParameterNames.Take(curve.Model == CurveModel.FiveParameter ? 5 : 4).ToArray();
            double[] values = [curve.A, curve.B, curve.C, curve.D, curve.G];
            var calibrators = curve.Calibrators();
            if (parsed.GetValue(json))
            {
                var parameters = new JsonObject();
                foreach (var (name, i) in names.Select((n, i) => (n, i)))
                {
                    parameters[name] = values[i];
                    parameters[name + "StandardError"] = curve.StandardErrors[i];
                }

                stdout.WriteLine(new JsonObject
                {
                    ["model"] = parsed.GetValue(model),
                    ["weighting"] = parsed.GetValue(weighting),
                    ["equation"] = "y = d + (a - d) / (1 + (x/c)^b)^g",
                    ["parameters"] = parameters,
                    ["residualSumOfSquares"] = curve.ResidualSumOfSquares,
                    ["lloq"] = curve.Lloq,
                    ["uloq"] = curve.Uloq,
                    ["calibrators"] = new JsonArray([.. calibrators.Select(c => (JsonNode)new JsonObject
                    {
                        ["concentration"] = c.Nominal, ["response"] = c.MeanResponse, ["backCalculated"] = c.BackCalculated, ["recoveryPercent"] = c.RecoveryPercent,
                        ["limitPercent"] = c.LimitPercent, ["passes"] = c.Passes,
                    })]),
                    ["values"] = new JsonArray([.. backCalculated.Select(b => (JsonNode)new JsonObject { ["response"] = b.Response, ["concentration"] = b.Concentration, ["outOfRange"] = b.OutOfRange })]),
                }.ToJsonString(Indented));
                return ExitCodes.Ok;
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(curve.Model == CurveModel.FiveParameter ? "5PL" : "4PL")} ({parsed.GetValue(weighting)}): y = d + (a - d) / (1 + (x/c)^b){(curve.Model == CurveModel.FiveParameter ? "^g" : string.Empty)}; RSS {curve.ResidualSumOfSquares:G6}"));
            foreach (var (name, i) in names.Select((n, i) => (n, i)))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} = {values[i]:G6} (SE {curve.StandardErrors[i]:G4})"));
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  LLOQ {curve.Lloq?.ToString("G6", CultureInfo.InvariantCulture) ?? "none"}, ULOQ {curve.Uloq?.ToString("G6", CultureInfo.InvariantCulture) ?? "none"}"));
            foreach (var c in calibrators)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  calibrator {c.Nominal:G6}: recovery {c.RecoveryPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"} % (limit ±{c.LimitPercent:0}) {(c.Passes ? "pass" : "FAIL")}"));
            }

            foreach (var b in backCalculated)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  response {b.Response:G6} → {(b.Concentration is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : b.OutOfRange)}"));
            }

            return ExitCodes.Ok;
        });
        return new Command("curve", "Standard curves of quantitative immunoassays.") { fit };
    }

    // The sample's fields as the options that give them.
    private static readonly Dictionary<string, string> SampleOptions = new(StringComparer.Ordinal)
    {
        ["day"] = "--day", ["analyte"] = "--analyte", ["unit"] = "--unit", ["dilution"] = "--dilution", ["cva"] = "--cva", ["responses"] = "--back-calculate", ["patient"] = "--patient",
    };

    // One sample's concentration kept against a patient (the rule in Core, the transaction in Application); refused: nothing written.
    private static async Task<int> KeepAsync(
        ParseResult parsed, TextWriter stderr, StoreOptions store, FileInfo info, CurveFit curve, List<double> responses, string id,
        Option<int?> day, Option<string?> analyte, Option<string?> unit, Option<double> dilution, Option<double?> cva, CancellationToken ct)
    {
        if (store.Resolve(parsed, stderr) is not { } location)
        {
            return ExitCodes.Usage;
        }

        var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
        var sample = new CurveSample(id, parsed.GetValue(day), parsed.GetValue(analyte), parsed.GetValue(unit), parsed.GetValue(dilution), parsed.GetValue(cva), responses);
        var kept = await CurveResults.KeepAsync(opened, sample, curve, info.Name, await File.ReadAllBytesAsync(info.FullName, ct), ct);
        CliIssues.Write(stderr, kept.Issues.Select(i => SampleOptions.TryGetValue(i.Location, out var option) ? i with { Location = option }
            : i.Location == "standards" ? i with { Location = info.Name } : i));
        if (kept.Value is not { } k)
        {
            stderr.WriteLine("Rejected: nothing was written.");
            return ExitCodes.InvalidInput;
        }

        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Kept {k.Analyte} on day {k.StudyDay} against {id}: {(k.Concentration.Value is { } m ? $"{m:G6} {k.Concentration.Unit}" : "below the lowest standard (not detected)")} (CVa {k.Concentration.AnalyticalCvPercent:0.0} %)."));
        return ExitCodes.Ok;
    }

    /// <summary><c>stroma biomarkers SERIES.csv --cva PCT [--onset-day N] [--json]</c>.</summary>
    public static Command Biomarkers(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("SERIES") { Description = "CSV analyte,day,value,unit (day relative to the first infusion; value 'nd' when not detected; one unit per analyte); with a patient column, a cohort." };
        var cva = new Option<double?>("--cva") { Description = "The platform's analytical CV for this run (%); needed for one patient's series (the RCV), not for a cohort (the model estimates the variation)." };
        var onset = new Option<int>("--onset-day") { Description = "First follow-up day judged.", DefaultValueFactory = _ => 28 };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Write heatmap.png (log2 fold change, analyte × day) and trajectories.png (with each analyte's RCV, or the cohort's 95 % intervals) to this folder." };
        var cviTable = new Option<FileInfo?>("--cvi-table") { Description = "CSV analyte,cvi_percent,source: within-subject CVs adding to or replacing the cited defaults (Aziz et al. 2019)." };
        var patient = new Option<string?>("--patient") { Description = "Keep the series (and the CSV) against this stored patient; the report then shows them." };
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
                string?[] inputs = [info.FullName, parsed.GetValue(cviTable)?.FullName, store.Resolve(parsed, TextWriter.Null)?.FilePath];
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
                    cviTableBytes is null ? null : [(parsed.GetValue(cviTable)!.Name, cviTableBytes)], ct);
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
                stdout.WriteLine(new JsonObject
                {
                    ["analytes"] = new JsonArray([.. results.Select((r, rank) => (JsonNode)new JsonObject(VerdictFields(rank + 1, r.Analyte, r.Assessable, r.Sustained, r.PSustained, r.Q))
                    {
                        ["baseline"] = r.Baseline,
                        ["baselineSamples"] = r.BaselineSamples,
                        ["cvi"] = r.CviPercent?.Percent,
                        ["cviSource"] = r.CviPercent?.Source,
                        ["rcv"] = r.CviPercent is { } cvi && r.LogSd is { } sd ? Rcv(settings, cvi.Percent, sd, r.BaselineSamples) : null,
                        ["evidence"] = r.Reason,
                        ["points"] = new JsonArray([.. r.Points.Select(p => (JsonNode)new JsonObject
                        {
                            ["day"] = p.Day, ["value"] = p.Value, ["foldChange"] = p.FoldChange, ["log2FoldChange"] = p.LogChange / Math.Log(2), ["p"] = p.P, ["decrease"] = p.IsDecrease,
                            ["source"] = p.Source,
                        })]),
                    })]),
                }.ToJsonString(Indented));
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

    // The fields every ranked verdict starts with, for one patient's series or a cohort alike.
    private static IEnumerable<KeyValuePair<string, JsonNode?>> VerdictFields(int rank, string analyte, bool assessable, bool sustained, double? p, double? q) =>
    [
        new("rank", rank), new("analyte", analyte), new("assessable", assessable), new("sustainedDecrease", sustained), new("pSustained", p), new("q", q),
    ];

    // One ranked verdict as a line: "  1. IL-6       SUSTAINED DECREASE (p 0.0012, q 0.0087): …".
    private static string Verdict(int rank, string analyte, bool sustained, bool assessable, double? p, double? q, string reason) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{rank,3}. {analyte,-10} {(sustained ? "SUSTAINED DECREASE" : assessable ? "no sustained decrease" : "not assessed")}{(q is { } qv && p is { } pv ? $" (p {PValue(pv)}, q {PValue(qv)})" : string.Empty)}: {reason}");

    // A p or q as read: four decimals, or "< 0.0001" (never a bare 0).
    private static string PValue(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    // The reference change values behind a verdict: the classic pair-of-samples ones (symmetric and log-normal, at the rule's Z) and
    // the downward limit the rule used, which also counts the baseline's own sampling (n₀ samples averaged).
    private static JsonObject Rcv(SustainedChangeSettings settings, double cvi, double logSd, int baselineSamples)
    {
        var classic = ReferenceChange.Of(settings.AnalyticalCvPercent, cvi, settings.Z);
        return new JsonObject
        {
            ["z"] = settings.Z, ["symmetric"] = classic.Symmetric, ["logNormalUp"] = classic.LogNormalUp, ["logNormalDown"] = classic.LogNormalDown,
            ["usedDown"] = 100 * (Math.Exp(-settings.Z * logSd) - 1), ["baselineSamples"] = baselineSamples,
        };
    }

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
        static JsonObject? Paired(PairedResult? r) => r is null ? null : new JsonObject { ["statistic"] = r.Statistic, ["pTwoSided"] = r.PTwoSided, ["pLess"] = r.PLess, ["pairs"] = r.Pairs };
        if (json)
        {
            stdout.WriteLine(new JsonObject
            {
                ["cohort"] = true,
                ["method"] = "random-intercept linear mixed model on ln values (REML; between-within df); sustained = every follow-up day from onset to one year below baseline (one-sided p < 0.05; p = the largest); BH across analytes",
                ["analytes"] = new JsonArray([.. results.Select((r, rank) => (JsonNode)new JsonObject(VerdictFields(rank + 1, r.Analyte, r.Assessable, r.Sustained, r.PSustained, r.Q))
                {
                    ["evidence"] = r.Reason,
                    ["notDetected"] = r.NotDetected,
                    ["patients"] = r.Fit?.Patients,
                    ["observations"] = r.Fit?.Observations,
                    ["betweenPatientSd"] = r.Fit?.BetweenPatientSd,
                    ["residualSd"] = r.Fit?.ResidualSd,
                    ["degreesOfFreedom"] = r.Fit?.DegreesOfFreedom,
                    ["timeF"] = r.Fit?.TimeF,
                    ["timeP"] = r.Fit?.TimeP,
                    ["days"] = new JsonArray([.. r.Days.Select(d => (JsonNode)new JsonObject
                    {
                        ["day"] = d.Day, ["patients"] = d.Model.Patients, ["foldChange"] = d.FoldChange, ["lower95"] = d.FoldLower95, ["upper95"] = d.FoldUpper95,
                        ["log2FoldChange"] = d.Model.Estimate / Math.Log(2), ["t"] = d.Model.T, ["pLess"] = d.Model.PLess, ["pTwoSided"] = d.Model.PTwoSided,
                        ["pairedT"] = Paired(d.PairedT), ["wilcoxon"] = Paired(d.Wilcoxon), ["pairedNote"] = d.PairedNote,
                    })]),
                })]),
            }.ToJsonString(Indented));
            return;
        }

        foreach (var (r, rank) in results.Select((r, i) => (r, i + 1)))
        {
            stdout.WriteLine(Verdict(rank, r.Analyte, r.Sustained, r.Assessable, r.PSustained, r.Q, r.Reason));
        }
    }

    /// <summary><c>stroma rcv --cva PCT --cvi PCT [--z Z] [--json]</c>.</summary>
    public static Command Rcv(TextWriter stdout, TextWriter stderr)
    {
        var cva = new Option<double>("--cva") { Description = "Analytical CV (%).", Required = true };
        var cvi = new Option<double>("--cvi") { Description = "Within-subject biological CV (%).", Required = true };
        var z = new Option<double>("--z") { Description = "Z: 1.96 two-sided 95 %, 1.645 one-sided 95 %.", DefaultValueFactory = _ => ReferenceChange.TwoSided95 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var command = new Command("rcv", "Reference change values, symmetric and log-normal (up and down), from analytical and within-subject CVs.") { cva, cvi, z, json };
        command.SetAction(parsed =>
        {
            var (a, i, k) = (parsed.GetValue(cva), parsed.GetValue(cvi), parsed.GetValue(z));
            if (!(a >= 0) || !(i >= 0) || !(k > 0) || !double.IsFinite(a + i + k))
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--cva/--cvi/--z: CLI008 error: Expected CVs ≥ 0 % and Z > 0; found {a}, {i}, {k}."));
                return ExitCodes.InvalidInput;
            }

            var rcv = ReferenceChange.Of(a, i, k);
            stdout.WriteLine(parsed.GetValue(json)
                ? new JsonObject { ["cva"] = a, ["cvi"] = i, ["z"] = k, ["symmetric"] = rcv.Symmetric, ["logNormalUp"] = rcv.LogNormalUp, ["logNormalDown"] = rcv.LogNormalDown }.ToJsonString(Indented)
                : string.Create(CultureInfo.InvariantCulture, $"RCV (Z {k}): symmetric ±{rcv.Symmetric:0.0} %; log-normal +{rcv.LogNormalUp:0.0} % / {rcv.LogNormalDown:0.0} %"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
