using System.CommandLine;
using System.Globalization;
using Stroma.Application.Proteome;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Text;
using Stroma.Imaging;

namespace Stroma.Cli.Proteome;

/// <summary><c>stroma array quantify IMAGE... --layout KIT_OR_CSV [--json] [--overlay OUT.png]</c>.</summary>
public static class ArrayCommands
{

    /// <summary>The <c>array</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var images = new Argument<FileInfo[]>("IMAGE") { Description = "Images of one membrane (several: an exposure series).", Arity = ArgumentArity.OneOrMore };
        var layout = new Option<string>("--layout") { Description = "A layout file (CSV kit,analyte,row,column,spot_role,duplicate_index[,x,y], or a proMAD kit .json), a name found as NAME.csv or NAME.json in STROMA_LAYOUTS, or a shipped kit (ARY007, ARY015, ARY022B, ARY028).", Required = true };
        var overlay = new Option<FileInfo?>("--overlay") { Description = "Write the fitted grid over the longest exposure as a PNG." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var patient = PatientOptions.Optional("Keep the analytes' normalised signals (and the images) against this stored patient, on --day.");
        var day = new Option<int?>("--day") { Description = "Study day of the sample (day 0 = first infusion); needed with --patient." };
        var background = new Option<string>("--background") { Description = "What spot signals are measured above: local (each spot's annulus), negative (the negative-control spots), global (all annuli pooled).", DefaultValueFactory = _ => "local" };
        background.AcceptOnlyFromAmong("local", "negative", "global");
        var exposure = new Option<string>("--exposure") { Description = "An exposure series as one value: longest-linear (the longest exposure in the linear range) or slope (signal per second across the linear range).", DefaultValueFactory = _ => "longest-linear" };
        exposure.AcceptOnlyFromAmong("longest-linear", "slope");
        var force = OutputFiles.ForceOption();
        var store = new StoreOptions();
        var quantify = new Command("quantify", "Fit the layout to the spots found, check its reference spots, and quantify every spot and analyte (exposure series: the longest unsaturated exposure, or the slope).") { images, layout, overlay, force, background, exposure, patient, day, json };
        store.AddTo(quantify);
        quantify.SetAction(async (parsed, ct) =>
        {
            var files = parsed.GetValue(images)!;
            if (!files.All(f => CliIssues.Exists(f, stderr)))
            {
                return ExitCodes.InvalidInput;
            }

            var issues = new List<Issue>();
            if (parsed.GetValue(overlay) is { } overlayFile
                && OutputFiles.Check(overlayFile.FullName, parsed.GetValue(force), [.. files.Select(f => f.FullName), parsed.GetValue(layout), .. store.KeptFiles(parsed)]) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var kit = ResolveLayout(parsed.GetValue(layout)!, issues);
            var buffers = new List<PixelBuffer>();
            var raw = new List<Core.RawInput>();
            if (parsed.GetValue(patient) is not null && parsed.GetValue(day) is null)
            {
                issues.Add(Issue.Error(LayoutIssues.BadRow, "--day", $"Expected the sample's study day with --patient; it is missing."));
            }

            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file.FullName, ct);
                raw.Add(Core.RawInput.Of(file.Name, bytes));
                var read = ImageReader.Read(bytes, file.Name);
                issues.AddRange(read.Issues.Where(i => i.Severity != Severity.Information));
                if (!read.HasErrors)
                {
                    buffers.AddRange(read.Value);
                }
            }

            if (kit is null || issues.Any(i => i.Severity == Severity.Error))
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var options = new QuantificationOptions(
                parsed.GetValue(background) switch { "negative" => BackgroundMethod.NegativeControls, "global" => BackgroundMethod.Global, _ => BackgroundMethod.LocalAnnulus },
                parsed.GetValue(exposure) == "slope" ? ExposureMode.Slope : ExposureMode.LongestLinear);
            var result = ArrayQuantification.Quantify(buffers, kit, options);
            issues.AddRange(result.Issues);
            CliIssues.Write(stderr, issues);
            if (result.Value is not { } r)
            {
                return ExitCodes.InvalidInput;
            }

            var ordered = ArrayQuantification.InExposureOrder(buffers);
            var cva = r.AnalyticalCv;
            if (parsed.GetValue(patient) is { } id && parsed.GetValue(day) is { } studyDay)
            {
                if (store.Resolve(parsed, stderr) is not { } location)
                {
                    return ExitCodes.Usage;
                }

                var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
                var saved = await ArrayRuns.KeepAsync(opened, id, kit, studyDay, r, raw, ct);
                CliIssues.Write(stderr, saved.Issues);
                if (saved.HasErrors)
                {
                    stderr.WriteLine("Rejected: nothing was written.");
                    return ExitCodes.InvalidInput;
                }

                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Kept {saved.Value} analytes against {id} on day {studyDay} (run CVa {cva.Percent:0.0} %: duplicates {cva.DuplicatesPercent:0.0} %, reference spots {cva.ReferenceSpotsPercent:0.0} %) with {raw.Count} image(s)."));
            }
            if (parsed.GetValue(overlay) is { } output)
            {
                var last = ordered.Count - 1;
                await OutputFiles.WriteAsync(output.FullName, Overlay.Render(ordered[last], r.Measured[last], 0.4 * r.Grids[last].Pitch), ct);
                stderr.WriteLine($"Wrote the grid overlay to {output.FullName}");
            }

            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, ArrayQuantifiedView.Of(
                    kit.Kit, Kebab(options.Background), Kebab(options.Exposure), new ArrayCvView(cva.Percent, cva.DuplicatesPercent, cva.ReferenceSpotsPercent), ordered, r));
                return ExitCodes.Ok;
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kit.Kit}: {ordered.Count} image(s); grid pitch {r.Grids[^1].Pitch:0.0} px, rotation {r.Grids[^1].RotationDegrees:0.0}°; {options.Describe()}"));
            foreach (var a in r.Analytes.OrderByDescending(a => a.NormalizedSignal ?? -1))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {a.Analyte,-28} {(a.Detected ? $"{a.NormalizedSignal:0.0000} of reference (CV {a.DuplicateCv:0%})" : "not detected")}{(a.Flags.IsEmpty ? string.Empty : "  " + string.Join(",", a.Flags))}"));
            }

            return ExitCodes.Ok;
        });
        return new Command("array", "Proteome (antibody) arrays.") { quantify };
    }

    private static string Kebab<T>(T value)
        where T : struct, Enum => QuantificationOptions.KebabCase(value.ToString());

    // A file (.json: a proMAD kit file; else a layout CSV), else NAME.csv or NAME.json in a folder of STROMA_LAYOUTS, else a shipped kit.
    private static ArrayLayout? ResolveLayout(string value, List<Issue> issues)
    {
        var path = File.Exists(value) ? value
            : (Environment.GetEnvironmentVariable("STROMA_LAYOUTS") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(d => new[] { Path.Combine(d, value + ".csv"), Path.Combine(d, value + ".json") }).FirstOrDefault(File.Exists);
        if (path is null)
        {
            if (ShippedLayouts.Find(value) is { } shipped)
            {
                return shipped;
            }

            if (FileNames.MeantAsFile(value))
            {
                issues.Add(Issue.Error(LayoutIssues.NotFound, "--layout",
                    $"Expected a layout file; '{value}' {(Directory.Exists(value) ? "is a folder" : "does not exist")} (or a shipped kit: {string.Join(", ", ShippedLayouts.Names)})."));
                return null;
            }

            issues.Add(Issue.Error(LayoutIssues.NotFound, "--layout",
                $"Expected a layout file (CSV, or a proMAD kit .json), a name found as NAME.csv or NAME.json in the folders of STROMA_LAYOUTS, or a shipped kit ({string.Join(", ", ShippedLayouts.Names)}); found '{value}'."));
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        var read = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ProMadKits.Read(bytes, Path.GetFileName(path)) : ArrayLayouts.Read(bytes, Path.GetFileName(path));
        issues.AddRange(read.Issues);
        return read.Value;
    }
}
