using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Stroma.Application.Json;
using Stroma.Application.Str;
using Stroma.Core.Diagnostics;
using Stroma.Core.Str;
using Stroma.Reports.Str;

namespace Stroma.Cli.Str;

/// <summary><c>stroma str plot</c>: each sample's electropherogram as SVG.</summary>
public static partial class StrCommands
{
    /// <summary><c>stroma str plot FILE... --kit KIT [--ladder L] [--controls TAB --positive-control NAME] --out DIR [--locus NAME] [--force] [--json]</c>.</summary>
    private static Command Plot(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE") { Description = "The run's ABIF files; a file named as a ladder (ladder, -AL) is the ladder unless --ladder is given.", Arity = ArgumentArity.OneOrMore };
        var kit = KitOption();
        var bins = BinsOption();
        var ladder = new Option<string?>("--ladder") { Description = "The allelic ladder injected in the same run." };
        var standard = StandardOption();
        var minStandard = MinStandardHeightOption();
        var threshold = new Option<double>("--call-threshold") { Description = "Peaks under this height (RFU) are not called.", DefaultValueFactory = _ => 150 };
        var controls = new Option<FileInfo?>("--controls") { Description = "Control profiles (OSIRIS StandardPositiveControlList.tab layout), to judge the positive control as analyze does." };
        var positive = new Option<string?>("--positive-control") { Description = "Which profile of --controls the positive control must match (9947A, 2800M, …); default: the kit's control alleles." };
        var output = new Option<string>("--out") { Description = "The folder to write one SVG per sample into (created if missing).", Required = true };
        var locus = new Option<string?>("--locus") { Description = "Zoom to one locus of the kit (its dye's panel over its ladder window)." };
        var force = OutputFiles.ForceOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the kit, the ladder and every SVG written with its SHA-256." };
        var command = new Command("plot", "Each sample's electropherogram as SVG: a panel per dye, the ladder's bins shaded, alleles labelled, artefacts marked, the sizing curve and the verdicts.")
        {
            files, kit, bins, ladder, standard, minStandard, threshold, controls, positive, output, locus, force, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var given = parsed.GetValue(files)!.Concat(OptionalValue(parsed.GetValue(ladder))).ToList();
            if (!given.All(f => CliIssues.Exists(new FileInfo(f), stderr, "a readable ABIF file")))
            {
                return ExitCodes.InvalidInput;
            }

            var inputs = new List<Input>();
            foreach (var path in given)
            {
                inputs.Add(new Input(Path.GetFileName(path), Core.RawInput.Of(Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct))));
            }

            var issues = new List<Issue>();
            var settings = StrSettings.Default with { Calls = new CallSettings(CallThreshold: parsed.GetValue(threshold)), MinStandardHeight = parsed.GetValue(minStandard) };
            var context = Prepare(inputs, parsed.GetValue(ladder) is null ? null : inputs[^1], parsed.GetValue(kit)!, parsed.GetValue(bins), parsed.GetValue(standard), settings, issues);
            if (context is null)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var zoom = parsed.GetValue(locus) is { } wanted ? context.Ladder.Kit.Loci.FirstOrDefault(l => string.Equals(l.Name, wanted, StringComparison.OrdinalIgnoreCase)) : null;
            if (parsed.GetValue(locus) is { } asked && zoom is null)
            {
                CliIssues.Write(stderr, [Issue.Error(CliCodes.BadOptionValue, "--locus", $"Expected a locus of {context.Ladder.Kit.Name} ({string.Join(", ", context.Ladder.Kit.Loci.Select(l => l.Name))}); found '{asked}'.")]);
                return ExitCodes.Usage;
            }

            if (context.Samples.Count == 0)
            {
                CliIssues.Write(stderr, [Issue.Error(CliCodes.BadOptionValue, "FILE", $"Expected at least one sample besides the ladder {context.Ladder.File}; found none.")]);
                return ExitCodes.Usage;
            }

            // One SVG per sample, named after its file; every path is checked before anything is written.
            var folder = Path.GetFullPath(parsed.GetValue(output)!);
            var suffix = zoom is null ? string.Empty : "." + zoom.Name;
            var targets = context.Samples.Select(s => Path.Combine(folder, Path.GetFileNameWithoutExtension(s.Input.Name) + suffix + ".svg")).ToList();
            string?[] protectedPaths = [.. given.Select(Path.GetFullPath), parsed.GetValue(kit), parsed.GetValue(bins)?.FullName, parsed.GetValue(controls)?.FullName];
            var refused = targets.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => Issue.Error(CliCodes.OutputExists, g.Key, $"Expected one sample per output name; {g.Count()} input files are named {Path.GetFileName(g.Key)[..^4]}. Plot them into separate folders."))
                .Concat(targets.Distinct(StringComparer.Ordinal).Select(t => OutputFiles.Check(t, parsed.GetValue(force), protectedPaths, folderMayBeCreated: true)).OfType<Issue>()).ToList();
            if (refused.Count > 0)
            {
                CliIssues.Write(stderr, refused);
                return ExitCodes.InvalidInput;
            }

            var expected = Expected(context.Ladder.Kit, parsed.GetValue(controls), parsed.GetValue(positive), issues);
            if (issues.Any(i => i.Severity == Severity.Error))
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var ladderCheck = StrAnalysis.Check(context.Ladder);
            var written = new List<StrPlotFileView>();
            var failed = false;
            for (var i = 0; i < context.Samples.Count; i++)
            {
                var (input, abif) = context.Samples[i];
                Progress(stderr, i, context.Samples.Count, input.Name);
                var result = StrAnalysis.Sample(abif, input.Name, context.Ladder, parsed.GetValue(standard), settings, StrAnalysis.RoleFromName(input.Name, abif.SampleName), expected);
                issues.AddRange(result.Issues);
                if (result.Value is not { } analysis)
                {
                    failed = true;
                    continue;
                }

                var svg = Encoding.UTF8.GetBytes(ElectropherogramSvg.Render(abif, analysis, context.Ladder, ladderCheck, settings, zoom?.Name));
                await OutputFiles.WriteAsync(targets[i], svg, ct);
                var shown = analysis.Loci.Where(l => zoom is null || l.Locus == zoom.Name).ToList();
                written.Add(new StrPlotFileView(input.Name, abif.SampleName, targets[i], Convert.ToHexStringLower(SHA256.HashData(svg)),
                    shown.Sum(l => l.Alleles.Length), shown.Sum(l => l.Filtered.Length)));
            }

            CliIssues.Write(stderr, issues);
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(StromaJson.Serialize(new StrPlotsWrittenView(context.Ladder.Kit.Name, context.Ladder.File, zoom?.Name, written)));
            }
            else
            {
                foreach (var file in written)
                {
                    stdout.WriteLine(Invariant($"Wrote {file.Svg} ({file.Input}: {file.Alleles} alleles labelled, {file.Artefacts} artefacts marked)"));
                }
            }

            return failed || issues.Any(i => i.Severity == Severity.Error) ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });
        return command;
    }
}
