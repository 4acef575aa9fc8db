using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Core.Electrophoresis;

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
            if (!info.Exists)
            {
                stderr.WriteLine($"{info.FullName}: IO001 error: Expected a readable file; it does not exist.");
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
        return new Command("str", "Capillary-electrophoresis (STR) files.") { size };
    }
}
