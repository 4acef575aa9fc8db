using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;
using Stroma.Storage.Str;

namespace Stroma.Cli.Str;

/// <summary>The STR commands' inputs (files or stored samples, the run read once) and their text and JSON output.</summary>
public static partial class StrCommands
{
    /// <summary>An input file's name and bytes (from disk, or a stored sample's raw file).</summary>
    private sealed record Input(string Name, AbifContent Content)
    {
        public string Sha256 { get; } = StrRecords.Sha256(Content.Content);
    }

    private sealed record RunContext(LadderRun Ladder, Input LadderInput, List<(Input Input, AbifFile File)> Samples, StrSettings Settings)
    {
        public AbifFile Read(Input input) => Samples.First(s => s.Input.Sha256 == input.Sha256).File;
    }

    private static IEnumerable<string> OptionalValue(string? value) => value is null ? [] : [value];

    // Each value is a file, or (with --patient) the id of a stored STR sample whose raw file is loaded; one line per unreadable value.
    private static async Task<List<Input>?> ReadInputsAsync(IReadOnlyList<string> values, KeepOptions.Opened store, TextWriter stderr, CancellationToken ct)
    {
        var stored = store.Kept;
        var inputs = new List<Input>();
        foreach (var value in values)
        {
            if (File.Exists(value))
            {
                inputs.Add(new Input(Path.GetFileName(value), new AbifContent(Path.GetFileName(value), await File.ReadAllBytesAsync(value, ct))));
            }
            else if (stored.FirstOrDefault(x => x.Id == value) is { } sample && await store.Store!.LoadRawFileAsync(sample.FileSha256, ct) is { } bytes)
            {
                inputs.Add(new Input(sample.FileName, new AbifContent(sample.FileName, bytes)));
            }
            else
            {
                stderr.WriteLine($"{value}: {CliCodes.MissingFile} error: Expected a readable ABIF file{(store.Store is null ? string.Empty : $" or a stored STR sample id of {store.PatientId}")}; found neither.");
                return null;
            }
        }

        return inputs;
    }

    // Reads every input once, resolves the kit, and calibrates the ladder (the given one, else the one input named as a ladder).
    private static RunContext? Prepare(List<Input> inputs, Input? ladderInput, string kitName, FileInfo? bins, string? standard, StrSettings settings, List<Issue> issues)
    {
        var kit = KitResolver.Resolve(kitName, bins);
        issues.AddRange(kit.Issues);
        if (kit.Value is null)
        {
            return null;
        }

        var read = new List<(Input Input, AbifFile File)>();
        foreach (var input in inputs.DistinctBy(i => i.Sha256))
        {
            var result = AbifReader.Read(input.Content.Content, input.Name);
            issues.AddRange(result.Issues.Where(i => i.Severity != Severity.Information));
            if (result.HasErrors || result.Value is null)
            {
                return null;
            }

            read.Add((input, result.Value));
        }

        ladderInput ??= read.Where(r => StrAnalysis.RoleFromName(r.Input.Name, r.File.SampleName) == SampleRole.Ladder).Select(r => r.Input).FirstOrDefault();
        if (ladderInput is null)
        {
            issues.Add(Issue.Error(StrIssues.LadderLocusFailed, "--ladder", $"Expected the run's allelic ladder: give --ladder FILE, or include a file named as a ladder; none of {read.Count} files is."));
            return null;
        }

        var ladder = StrAnalysis.Ladder(read.First(r => r.Input.Sha256 == ladderInput.Sha256).File, ladderInput.Name, kit.Value, standard, settings);
        issues.AddRange(ladder.Issues);
        return ladder.Value is null ? null : new RunContext(ladder.Value, ladderInput, [.. read.Where(r => r.Input.Sha256 != ladderInput.Sha256)], settings);
    }

    private static (string Name, IReadOnlyDictionary<string, ImmutableArray<string>> Genotype)? Expected(Kit kit, FileInfo? controls, string? positive, List<Issue> issues)
    {
        if (controls is null)
        {
            var own = kit.Loci.Where(l => !l.ControlAlleles.IsEmpty).ToDictionary(l => l.Name, l => l.ControlAlleles);
            return own.Count > 0 ? ("kit control", own) : null;
        }

        if (!controls.Exists)
        {
            issues.Add(Issue.Error(CliCodes.MissingFile, controls.FullName, $"Expected a control profiles file; it does not exist."));
            return null;
        }

        var profiles = ControlProfiles.Read(File.ReadAllText(controls.FullName), controls.Name);
        issues.AddRange(profiles.Issues);
        if (profiles.Value is null)
        {
            return null;
        }

        if (positive is null || !profiles.Value.TryGetValue(positive, out var profile))
        {
            issues.Add(Issue.Error(ControlProfiles.Malformed, "--positive-control", $"Expected one of {string.Join(", ", profiles.Value.Keys.Order(StringComparer.Ordinal))}; found '{positive ?? "nothing"}'."));
            return null;
        }

        return (positive, profile);
    }

    private static void Progress(TextWriter stderr, int index, int count, string name)
    {
        if (count > 1)
        {
            stderr.WriteLine(Invariant($"[{index + 1}/{count}] {name}"));
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string RoleName(SampleRole role) => role switch
    {
        SampleRole.PositiveControl => "positive-control",
        SampleRole.NegativeControl => "negative-control",
        SampleRole.Ladder => "ladder",
        _ => "sample",
    };

    private static string Dye(AbifFile file, int channel) => file.DyeNames.ElementAtOrDefault(channel - 1) ?? Invariant($"ch{channel}");

    private static IEnumerable<string> PeakFlags(SizedPeak peak)
    {
        if (peak.Peak.IsSaturated)
        {
            yield return StrFlags.Saturated;
        }

        if (peak.Size.IsExtrapolated)
        {
            yield return "extrapolated";
        }
    }

    private static JsonObject Sizing(SizedLane lane) => new()
    {
        ["sizeStandard"] = lane.Standard.Standard.Id,
        ["method"] = lane.Curve.Method.ToString(),
        ["quality"] = lane.Standard.Quality,
        ["correlation"] = lane.Standard.Correlation,
        ["maxResidualBp"] = lane.Standard.MaxResidualBp,
        ["fragmentsMatched"] = lane.Standard.Matched.Length,
        ["missingFragments"] = new JsonArray([.. lane.Standard.Missing.Select(m => (JsonNode)m)]),
    };

    private static JsonObject Peak(AbifFile file, SizedPeak p) => new()
    {
        ["dye"] = Dye(file, p.Channel),
        ["channel"] = p.Channel,
        ["scan"] = p.Peak.Apex,
        ["size"] = p.Size.Bp,
        ["height"] = p.Peak.Height,
        ["area"] = p.Peak.Area,
        ["flags"] = Strings(PeakFlags(p)),
    };

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    private static JsonObject? Check(ControlCheck? check) => check is null ? null : new JsonObject
    {
        ["control"] = check.Control,
        ["passed"] = check.Passed,
        ["differences"] = Strings(check.Differences),
    };

    private static JsonObject Sample(SampleAnalysis a) => new()
    {
        ["file"] = a.File,
        ["sample"] = a.SampleName,
        ["well"] = a.Well,
        ["role"] = RoleName(a.Role),
        ["sizing"] = Sizing(a.Lane),
        ["flags"] = Strings(a.Flags),
        ["check"] = Check(a.Check),
        ["loci"] = new JsonArray([.. a.Loci.Select(l => (JsonNode)new JsonObject
        {
            ["locus"] = l.Locus,
            ["genotype"] = Strings(l.Genotype),
            ["flags"] = Strings(l.Flags),
            ["heterozygoteBalance"] = l.HeterozygoteBalance,
            ["alleles"] = new JsonArray([.. l.Alleles.Select(x => (JsonNode)new JsonObject
            {
                ["allele"] = x.Name,
                ["size"] = x.Peak.Size.Bp,
                ["height"] = x.Peak.Peak.Height,
                ["area"] = x.Peak.Peak.Area,
                ["flags"] = Strings(x.Flags),
            })]),
            ["filtered"] = new JsonArray([.. l.Filtered.Select(f => (JsonNode)new JsonObject
            {
                ["size"] = f.Peak.Size.Bp,
                ["height"] = f.Peak.Peak.Height,
                ["flag"] = f.Flag,
                ["reason"] = f.Reason,
            })]),
        })]),
    };

    private static JsonObject Chimerism(ChimerismRun run, string sample, LadderRun ladder, List<(string Role, string File)> roles, ChimerismSettings settings) => new()
    {
        ["sample"] = sample,
        ["kit"] = ladder.Kit.Name,
        ["ladder"] = ladder.File,
        ["signal"] = run.Signal.ToString().ToLowerInvariant(),
        ["stutter"] = settings.Stutter.ToString().ToLowerInvariant(),
        ["correction"] = "reference allele balance",
        ["noiseFloorQuantile"] = StrChimerism.NoiseFloorQuantile,
        ["unexplainedPercent"] = run.UnexplainedPercent,
        ["contributors"] = new JsonArray([.. run.Contributors.Select(c => (JsonNode)new JsonObject
        {
            ["role"] = c.Contributor,
            ["file"] = roles.First(r => r.Role == c.Contributor).File,
            ["percent"] = c.Percent,
            ["uncorrectedPercent"] = c.UncorrectedPercent,
            ["sd"] = c.StandardDeviation,
            ["cv"] = c.CoefficientOfVariation,
            ["detected"] = c.IsDetected,
            ["lod"] = settings.LimitOfDetectionPercent,
            ["text"] = c.Text,
            ["informativeLoci"] = c.Loci.Length,
            ["lociUsed"] = c.LociUsed,
            ["leastSquaresPercent"] = run.LeastSquares.TryGetValue(c.Contributor, out var f) ? f * 100 : null,
        })]),
        ["loci"] = new JsonArray([.. run.Loci.Select(l => (JsonNode)new JsonObject
        {
            ["locus"] = l.Name,
            ["genotypes"] = new JsonObject([.. l.References.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)Strings(r.Value)))]),
            ["signals"] = new JsonObject([.. l.Signals.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))]),
            ["noiseFloor"] = l.NoiseFloor,
            ["contributors"] = new JsonArray([.. run.Contributors.SelectMany(c => c.Loci.Where(x => x.Locus == l.Name).Select(x => (JsonNode)new JsonObject
            {
                ["role"] = c.Contributor,
                ["percent"] = x.Fraction * 100,
                ["uncorrectedPercent"] = x.UncorrectedFraction * 100,
                ["referenceShare"] = x.ReferenceShare,
                ["uniqueAlleles"] = Strings(x.UniqueAlleles),
                ["byDifference"] = x.IsByDifference,
                ["outlier"] = x.IsOutlier,
            }))]),
        })]),
        ["skipped"] = new JsonArray([.. run.Skipped.Select(s => (JsonNode)new JsonObject { ["locus"] = s.Locus, ["reason"] = s.Reason })]),
        ["foreignAlleles"] = new JsonArray([.. run.Foreign.Select(f => (JsonNode)new JsonObject
        {
            ["locus"] = f.Locus, ["allele"] = f.Allele, ["size"] = f.SizeBp, ["height"] = f.Height, ["percentOfLocus"] = f.PercentOfLocus,
        })]),
    };
}
