using System.CommandLine;
using System.Globalization;
using Stroma.Application.Renal;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Cli.Renal;

/// <summary>What <c>stroma upcr</c> was asked.</summary>
/// <param name="Value">The ratio.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Population">child, adult or both.</param>
/// <param name="Baseline">Pre-treatment baseline ratio.</param>
/// <param name="BaselineUnit">Its unit.</param>
/// <param name="Albumin">Serum albumin.</param>
/// <param name="AlbuminUnit">Its unit.</param>
/// <param name="TargetMgPerMg">A protocol target "UPCR below this" in mg/mg.</param>
/// <param name="Json">Write one JSON object instead of text.</param>
public sealed record UpcrRequest(
    double Value, string Unit, string Population, double? Baseline, string? BaselineUnit, double? Albumin, string? AlbuminUnit, double? TargetMgPerMg, bool Json);

/// <summary><c>stroma upcr</c>: converts a urine protein/creatinine ratio and classifies it under the named rule sets.</summary>
public static class UpcrCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var value = new Option<double>("--value") { Description = "The ratio as reported.", Required = true };
        var unit = new Option<string>("--unit") { Description = "mg/mg, g/g, mg/g, mg/mmol or g/mmol.", Required = true };
        var population = new Option<string>("--population") { Description = "child (IPNA 2022), adult (KDIGO 2021) or both.", DefaultValueFactory = _ => "both" };
        var baseline = new Option<double?>("--baseline") { Description = "Pre-treatment baseline ratio, for partial remission and the FPRE." };
        var baselineUnit = new Option<string?>("--baseline-unit") { Description = "Unit of --baseline." };
        var albumin = new Option<double?>("--albumin") { Description = "Serum albumin, drawn before any plasma exchange." };
        var albuminUnit = new Option<string?>("--albumin-unit") { Description = "g/L or g/dL." };
        var target = new Option<double?>("--target") { Description = "Protocol target: UPCR below this many mg/mg (for example 5)." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to standard output." };
        var command = new Command("upcr", "Convert a urine protein/creatinine ratio and classify proteinuria and remission.")
        {
            value, unit, population, baseline, baselineUnit, albumin, albuminUnit, target, json,
        };
        command.SetAction(parsed => Run(
            new UpcrRequest(
                parsed.GetValue(value), parsed.GetValue(unit)!, parsed.GetValue(population)!, parsed.GetValue(baseline), parsed.GetValue(baselineUnit),
                parsed.GetValue(albumin), parsed.GetValue(albuminUnit), parsed.GetValue(target), parsed.GetValue(json)),
            stdout,
            stderr));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(UpcrRequest request, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<Issue>();
        var upcr = Upcr.Read(request.Value, request.Unit, "--value");
        issues.AddRange(upcr.Issues);
        var baseline = CliIssues.ReadPaired(request.Baseline, request.BaselineUnit, "--baseline", Upcr.Read, issues);
        var albumin = CliIssues.ReadPaired(request.Albumin, request.AlbuminUnit, "--albumin", SerumAlbumin.Read, issues);
        if (request.TargetMgPerMg is { } t && !(double.IsFinite(t) && t > 0))
        {
            issues.Add(Issue.Error(QuantityIssues.Impossible, "--target", $"Expected a positive target in mg/mg; found {t}."));
        }

        RemissionRuleSet[]? ruleSets = request.Population.Trim().ToLowerInvariant() switch
        {
            "child" => [RemissionRuleSet.Ipna2022Children],
            "adult" => [RemissionRuleSet.Kdigo2021Adults],
            "both" => [RemissionRuleSet.Ipna2022Children, RemissionRuleSet.Kdigo2021Adults],
            _ => null,
        };
        if (ruleSets is null)
        {
            issues.Add(Issue.Error(CliCodes.UnknownPopulation, "--population", $"Expected child, adult or both; found '{request.Population}'."));
        }

        CliIssues.Write(stderr, issues);
        if (issues.Any(i => i.Severity == Severity.Error) || ruleSets is null)
        {
            return ExitCodes.InvalidInput;
        }

        var ratio = upcr.Value;
        var assessments = ruleSets.Select(r => RemissionAssessment.Assess(r, ratio, baseline, albumin)).ToList();
        bool? fpre = baseline is { MgPerMg: > 0 } b ? PartialRemissionEndpoint.Troost2018.IsMet(ratio, b) : null;
        var target = request.TargetMgPerMg is { } value ? new UpcrThreshold(value, Inclusive: false) : (UpcrThreshold?)null;
        var albuminuria = KdigoCategories.Kdigo2012.AlbuminuriaCategoryOf(ratio);
        if (request.Json)
        {
            CliIssues.WriteJson(stdout, new UpcrView(
                ratio.MgPerMg, ratio.GPerG, ratio.MgPerG, ratio.MgPerMmol, new ReportedView(ratio.Reported.Value, ratio.Reported.Unit), albuminuria.ToString(),
                [.. assessments.Select(UpcrAssessmentView.Of)], fpre, target?.ToString(), target?.IsBelow(ratio), CliIssues.Views(issues)));
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"UPCR {ratio.MgPerMg:0.###} mg/mg = {ratio.GPerG:0.###} g/g = {ratio.MgPerG:0.#} mg/g = {ratio.MgPerMmol:0.#} mg/mmol (KDIGO {albuminuria} equivalent)"));
        foreach (var a in assessments)
        {
            stdout.WriteLine(string.Create(c, $"{a.RuleSet}: {Core.Text.ClinicalFormat.Words(a.Level)}, remission {Core.Text.ClinicalFormat.Words(a.Status)}"));
            foreach (var reason in a.Reasons)
            {
                stdout.WriteLine("  " + reason);
            }
        }

        if (fpre is { } met)
        {
            stdout.WriteLine($"FSGS partial remission endpoint ({PartialRemissionEndpoint.Troost2018.Id}): {(met ? "met" : "not met")}");
        }

        if (target is { } goal)
        {
            stdout.WriteLine($"Protocol target UPCR {goal}: {(goal.IsBelow(ratio) ? "met" : "not met")}");
        }

        return ExitCodes.Ok;
    }
}
