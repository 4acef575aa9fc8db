using Stroma.Core.Course;
using System.CommandLine;
using System.Globalization;
using Stroma.Application.Proteome;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Text;

namespace Stroma.Cli.Proteome;

/// <summary><c>stroma curve fit</c> and <c>stroma rcv</c>.</summary>
public static partial class CurveCommands
{
    /// <summary>A standards file row that is not a number pair (error).</summary>
    public const string BadRow = "CURVECSV001";

    /// <summary>A series file with two values of one analyte on one day (for one patient) (error).</summary>
    public const string Duplicate = "CURVECSV002";

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
        var patient = PatientOptions.Optional("Keep the back-calculated concentration (the mean of the --back-calculate replicates × --dilution) against this stored patient, with the standards.");
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
                CliIssues.WriteJson(stdout, CurveFitView.Of(parsed.GetValue(model)!, parsed.GetValue(weighting)!, curve, backCalculated));
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
        ParseResult parsed, TextWriter stderr, StoreOptions store, FileInfo info, CurveFit curve, List<double> responses, PatientId id,
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
            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, ReferenceChangeView.Of(a, i, k, rcv));
            }
            else
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RCV (Z {k}): symmetric ±{rcv.Symmetric:0.0} %; log-normal +{rcv.LogNormalUp:0.0} % / {rcv.LogNormalDown:0.0} %"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
