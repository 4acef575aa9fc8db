using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Cli.Str;

/// <summary><c>stroma str …</c>: capillary-electrophoresis files.</summary>
public static class StrCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary><c>stroma str size FILE [--standard ID] [--standard-channel N] [--min-height RFU] [--json]</c>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An ABIF file (.fsa, or .hid from a 3500)." };
        var standard = new Option<string?>("--standard")
        {
            Description = "Size standard: " + string.Join(", ", SizeStandard.All.Select(s => s.Id)) + " (default: from the file's StdF tag).",
        };
        var channel = new Option<int?>("--standard-channel") { Description = "Dye channel of the size standard (default: the last dye)." };
        var minHeight = new Option<double>("--min-height") { Description = "Analytical threshold in RFU.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to standard output." };
        var size = new Command("size", "Read an ABIF file, match its size standard and size every peak (Local Southern).") { file, standard, channel, minHeight, json };
        size.SetAction(async (parsed, ct) =>
        {
            var info = parsed.GetValue(file)!;
            if (!CliIssues.Exists(info, stderr))
            {
                return ExitCodes.InvalidInput;
            }

            var read = AbifReader.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
            CliIssues.Write(stderr, read.Issues.Where(i => i.Severity != Core.Diagnostics.Severity.Information));
            if (read.HasErrors || read.Value is not { } abif)
            {
                return ExitCodes.InvalidInput;
            }

            var requested = parsed.GetValue(standard);
            var chosen = requested is null ? SizeStandard.FromFileName(abif.SizeStandardName) : SizeStandard.All.FirstOrDefault(s => string.Equals(s.Id, requested, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                stderr.WriteLine(requested is null
                    ? $"{info.Name}: SIZE005 error: The file names no known size standard (StdF '{abif.SizeStandardName}'); give --standard {string.Join("|", SizeStandard.All.Select(s => s.Id))}."
                    : $"--standard: SIZE005 error: Expected one of {string.Join(", ", SizeStandard.All.Select(s => s.Id))}; found '{requested}'.");
                return ExitCodes.InvalidInput;
            }

            var standardChannel = parsed.GetValue(channel) ?? abif.DyeCount;
            var lane = LaneSizing.Size(abif, info.Name, chosen, standardChannel, new PeakDetectionSettings(MinHeight: parsed.GetValue(minHeight)));
            CliIssues.Write(stderr, lane.Issues);
            if (lane.Value is not { } sized)
            {
                return ExitCodes.InvalidInput;
            }

            if (parsed.GetValue(json))
            {
                stdout.WriteLine(new JsonObject
                {
                    ["file"] = info.Name,
                    ["sample"] = abif.SampleName,
                    ["well"] = abif.Well,
                    ["dyes"] = new JsonArray([.. abif.DyeNames.Select(d => (JsonNode?)d)]),
                    ["standard"] = chosen.Id,
                    ["standardChannel"] = standardChannel,
                    ["sizingMethod"] = sized.Curve.Method.ToString(),
                    ["standardQuality"] = sized.Standard.Quality,
                    ["standardCorrelation"] = sized.Standard.Correlation,
                    ["missingFragments"] = new JsonArray([.. sized.Standard.Missing.Select(m => (JsonNode)m)]),
                    ["peaks"] = new JsonArray([.. sized.Peaks.Select(p => (JsonNode)new JsonObject
                    {
                        ["channel"] = p.Channel,
                        ["scan"] = p.Peak.Apex,
                        ["sizeBp"] = p.Size.Bp,
                        ["extrapolated"] = p.Size.IsExtrapolated,
                        ["heightRfu"] = p.Peak.Height,
                        ["area"] = p.Peak.Area,
                        ["saturated"] = p.Peak.IsSaturated,
                    })]),
                }.ToJsonString(Indented));
                return ExitCodes.Ok;
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{info.Name}: sample {abif.SampleName}, well {abif.Well}; {chosen.Id} in channel {standardChannel}: {sized.Standard.Matched.Length}/{chosen.Fragments.Length} fragments, quality {sized.Standard.Quality:0.000}"));
            foreach (var peak in sized.Peaks.OrderBy(p => p.Channel).ThenBy(p => p.Peak.Apex))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ch{peak.Channel} {peak.Size.Bp,8:0.00} bp{(peak.Size.IsExtrapolated ? "*" : " ")} {peak.Peak.Height,7:0} RFU  scan {peak.Peak.Apex:0.0}{(peak.Peak.IsSaturated ? "  saturated" : string.Empty)}"));
            }

            return ExitCodes.Ok;
        });
        return new Command("str", "Capillary-electrophoresis (STR) files.") { size, Genotype(stdout, stderr) };
    }

    /// <summary><c>stroma str genotype SAMPLE --ladder LADDER --kit KIT.xml --standard ID [--json]</c>.</summary>
    private static Command Genotype(TextWriter stdout, TextWriter stderr)
    {
        var sample = new Argument<FileInfo>("SAMPLE") { Description = "The sample's ABIF file." };
        var ladder = new Option<FileInfo>("--ladder") { Description = "The allelic ladder injected in the same run.", Required = true };
        var kit = new Option<FileInfo>("--kit") { Description = "The kit definition (OSIRIS *_LadderInfo.xml).", Required = true };
        var standard = new Option<string>("--standard") { Description = "Size standard: " + string.Join(", ", SizeStandard.All.Select(s => s.Id)) + ".", Required = true };
        var threshold = new Option<double>("--call-threshold") { Description = "Peaks under this height (RFU) are not called.", DefaultValueFactory = _ => 150 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object to standard output." };
        var command = new Command("genotype", "Size a sample and its run's ladder, calibrate the bins and call alleles per locus.") { sample, ladder, kit, standard, threshold, json };
        command.SetAction(async (parsed, ct) =>
        {
            var files = new[] { parsed.GetValue(sample)!, parsed.GetValue(ladder)!, parsed.GetValue(kit)! };
            if (!files.All(f => CliIssues.Exists(f, stderr)))
            {
                return ExitCodes.InvalidInput;
            }

            var chosen = SizeStandard.All.FirstOrDefault(s => string.Equals(s.Id, parsed.GetValue(standard), StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                stderr.WriteLine($"--standard: SIZE005 error: Expected one of {string.Join(", ", SizeStandard.All.Select(s => s.Id))}; found '{parsed.GetValue(standard)}'.");
                return ExitCodes.InvalidInput;
            }

            var issues = new List<Issue>();
            await using var kitStream = files[2].OpenRead();
            var kitRead = OsirisKitReader.Read(kitStream, files[2].Name);
            issues.AddRange(kitRead.Issues);
            SizedLane? Size(FileInfo file)
            {
                var read = AbifReader.Read(File.ReadAllBytes(file.FullName), file.Name);
                issues.AddRange(read.Issues.Where(i => i.Severity != Severity.Information));
                if (read.Value is not { } abif || kitRead.Value is not { } k)
                {
                    return null;
                }

                var lane = LaneSizing.Size(abif, file.Name, chosen, k.StandardFileChannel, new PeakDetectionSettings(MinHeight: 50));
                issues.AddRange(lane.Issues);
                return lane.Value;
            }

            var ladderLane = Size(files[1]);
            var sampleLane = Size(files[0]);
            if (issues.Any(i => i.Severity == Severity.Error) || ladderLane is null || sampleLane is null)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var bins = Genotyping.CalibrateLadder(kitRead.Value!, ladderLane, files[1].Name);
            issues.AddRange(bins.Issues);
            if (bins.HasErrors && bins.Value.IsDefaultOrEmpty)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var calls = Genotyping.Call(bins.Value, sampleLane, new CallSettings(CallThreshold: parsed.GetValue(threshold)), files[0].Name);
            issues.AddRange(calls.Issues);
            CliIssues.Write(stderr, issues);
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(new JsonObject
                {
                    ["sample"] = files[0].Name,
                    ["ladder"] = files[1].Name,
                    ["kit"] = kitRead.Value!.Name,
                    ["loci"] = new JsonArray([.. calls.Value.Select(c => (JsonNode)new JsonObject
                    {
                        ["locus"] = c.Locus,
                        ["genotype"] = new JsonArray([.. c.Genotype.Select(a => (JsonNode)a)]),
                        ["alleles"] = new JsonArray([.. c.Alleles.Select(a => (JsonNode)new JsonObject
                        {
                            ["name"] = a.Name,
                            ["offLadder"] = a.IsOffLadder,
                            ["sizeBp"] = a.Peak.Size.Bp,
                            ["heightRfu"] = a.Peak.Peak.Height,
                            ["area"] = a.Peak.Peak.Area,
                        })]),
                        ["filtered"] = new JsonArray([.. c.Filtered.Select(f => (JsonNode)new JsonObject { ["sizeBp"] = f.Peak.Size.Bp, ["heightRfu"] = f.Peak.Peak.Height, ["reason"] = f.Reason })]),
                    })]),
                }.ToJsonString(Indented));
                return ExitCodes.Ok;
            }

            foreach (var call in calls.Value)
            {
                stdout.WriteLine($"{call.Locus,-10} {string.Join(", ", call.Genotype)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
