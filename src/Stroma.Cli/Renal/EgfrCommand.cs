using System.CommandLine;
using System.Globalization;
using Stroma.Application.Renal;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Cli.Renal;

/// <summary>What <c>stroma egfr</c> was asked, as typed on the command line.</summary>
/// <param name="Equation">Equation id or <c>recommended</c>.</param>
/// <param name="Sex">F or M (female/male accepted); null when not given (only equations with a sex term need it).</param>
/// <param name="Age">Age in decimal years.</param>
/// <param name="HeightCm">Height in cm.</param>
/// <param name="Creatinine">Creatinine value.</param>
/// <param name="CreatinineUnit">Creatinine unit.</param>
/// <param name="Cystatin">Cystatin C value.</param>
/// <param name="CystatinUnit">Cystatin C unit.</param>
/// <param name="Json">Write one JSON object instead of text.</param>
public sealed record EgfrRequest(
    string Equation, string? Sex, double Age, double? HeightCm, double? Creatinine, string? CreatinineUnit, double? Cystatin, string? CystatinUnit, bool Json);

/// <summary><c>stroma egfr</c>: one eGFR with its equation, KDIGO category and warnings.</summary>
public static class EgfrCommand
{
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        ["age"] = "--age",
        ["height"] = "--height-cm",
        ["creatinine"] = "--creatinine",
        ["cystatin"] = "--cystatin",
        ["equation"] = "--equation",
        ["sex"] = "--sex",
    };

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var equation = new Option<string>("--equation")
        {
            Description = "Equation id (" + string.Join(", ", EgfrEquations.All.Select(e => e.Id)) + ") or 'recommended'.",
            Required = true,
        };
        var sex = new Option<string?>("--sex") { Description = "F or M; needed by equations with a sex term (all but bedside_schwartz_2009, ekfc_cys_2023 and fas_cys_2017)." };
        var age = new Option<double>("--age") { Description = "Age in decimal years at the sample date.", Required = true };
        var height = new Option<double?>("--height-cm") { Description = "Current height in cm (CKiD U25 creatinine, bedside Schwartz)." };
        var creatinine = new Option<double?>("--creatinine") { Description = "Serum creatinine (IDMS-traceable)." };
        var creatinineUnit = new Option<string?>("--creatinine-unit") { Description = "mg/dL or umol/L; required with --creatinine." };
        var cystatin = new Option<double?>("--cystatin") { Description = "Serum cystatin C (IFCC-calibrated)." };
        var cystatinUnit = new Option<string?>("--cystatin-unit") { Description = "mg/L or nmol/L; required with --cystatin." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to standard output." };
        var command = new Command("egfr", "Estimate GFR (mL/min/1.73 m2) with a named equation, or the recommended one for the age.")
        {
            equation, sex, age, height, creatinine, creatinineUnit, cystatin, cystatinUnit, json,
        };
        command.SetAction(parsed => Run(
            new EgfrRequest(
                parsed.GetValue(equation)!, parsed.GetValue(sex), parsed.GetValue(age), parsed.GetValue(height),
                parsed.GetValue(creatinine), parsed.GetValue(creatinineUnit), parsed.GetValue(cystatin), parsed.GetValue(cystatinUnit), parsed.GetValue(json)),
            stdout,
            stderr));
        return command;
    }

    /// <summary>Runs the command: validates every input (reporting all problems at once), estimates, prints; returns the exit code.</summary>
    public static int Run(EgfrRequest request, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<Issue>();
        var inputs = ReadInputs(request, issues);
        if (inputs is null)
        {
            CliIssues.Write(stderr, issues);
            return ExitCodes.InvalidInput;
        }

        var recommended = string.Equals(request.Equation, "recommended", StringComparison.OrdinalIgnoreCase);
        ReadResult<EgfrResult> primary;
        RecommendedEgfr? recommendation = null;
        if (recommended)
        {
            var chosen = EgfrRecommendationPolicy.Default.Evaluate(inputs);
            recommendation = chosen.Value;
            primary = chosen.Value is { } r ? ReadResult.Of(r.Primary, chosen.Issues) : ReadResult.Failed<EgfrResult>(chosen.Issues);
        }
        else
        {
            var equation = EgfrEquations.Find(request.Equation, "--equation");
            primary = equation.Value is { } e ? e.Evaluate(inputs) : ReadResult.Failed<EgfrResult>(equation.Issues);
        }

        var all = issues.Concat(primary.Issues).Select(ToOption).ToList();
        CliIssues.Write(stderr, all);
        if (primary.Value is not { } result)
        {
            return ExitCodes.InvalidInput;
        }

        if (request.Json)
        {
            CliIssues.WriteJson(stdout, EgfrView.Of(result, recommendation, CliIssues.Views(all)));
        }
        else
        {
            WriteText(stdout, result, recommendation);
        }

        return ExitCodes.Ok;
    }

    private static EgfrInputs? ReadInputs(EgfrRequest request, List<Issue> issues)
    {
        Sex? sex = request.Sex?.Trim().ToUpperInvariant() switch
        {
            null => null,
            "F" or "FEMALE" => Sex.Female,
            "M" or "MALE" => Sex.Male,
            _ => null,
        };
        if (request.Sex is not null && sex is null)
        {
            issues.Add(Issue.Error(CliCodes.UnknownSex, "--sex", $"Expected F or M; found '{request.Sex}'."));
        }

        var age = AgeInYears.Read(request.Age, "--age");
        issues.AddRange(age.Issues);
        var height = CliIssues.ReadOptional(request.HeightCm, v => Height.Read(v, "cm", "--height-cm"), issues);
        var creatinine = CliIssues.ReadPaired(request.Creatinine, request.CreatinineUnit, "--creatinine", Creatinine.Read, issues);
        var cystatin = CliIssues.ReadPaired(request.Cystatin, request.CystatinUnit, "--cystatin", CystatinC.Read, issues);
        return issues.Any(i => i.Severity == Severity.Error)
            ? null
            : new EgfrInputs(sex, age.Value, height, creatinine, cystatin);
    }

    private static Issue ToOption(Issue issue) =>
        OptionOf.TryGetValue(issue.Location, out var option) ? issue with { Location = option } : issue;

    private static void WriteText(TextWriter stdout, EgfrResult result, RecommendedEgfr? recommendation)
    {
        var equation = EgfrEquations.Find(result.Equation).Value!;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"eGFR {result.Egfr.MlPerMinPer173M2:0.0} mL/min/1.73 m2, KDIGO {result.Category}, by {result.Equation} ({equation.Citation})"));
        if (recommendation is null)
        {
            return;
        }

        stdout.WriteLine("Chosen because: " + recommendation.Recommendation.Reason);
        foreach (var companion in recommendation.Companions)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  beside it: {companion.Equation} {companion.Egfr.MlPerMinPer173M2:0.0} mL/min/1.73 m2, KDIGO {companion.Category}"));
        }
    }
}
