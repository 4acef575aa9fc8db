using Stroma.Core.Course;
using System.Collections.Immutable;
using Stroma.Application.Str;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Cli.Str;

/// <summary>The STR commands' inputs (files or stored samples, the run read once) and their text and JSON output.</summary>
public static partial class StrCommands
{
    /// <summary>An input file's name and bytes (from disk, or a stored sample's raw file).</summary>
    private sealed record Input(string Name, Core.RawInput Content)
    {
        public string Sha256 => Content.Sha256;
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
                inputs.Add(new Input(Path.GetFileName(value), Core.RawInput.Of(Path.GetFileName(value), await File.ReadAllBytesAsync(value, ct))));
            }
            else if (stored.FirstOrDefault(x => x.Id == value) is { } sample && await store.Store!.LoadRawFileAsync(sample.FileSha256, ct) is { } bytes)
            {
                inputs.Add(new Input(sample.FileName, Core.RawInput.Of(sample.FileName, bytes)));
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
            var result = AbifReader.Read(input.Content.Bytes, input.Name);
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

    private static StrRunSettings RunSettings(string kit, FileInfo? bins, RunContext context, string? standard, ChimerismSettings chimerism, PeakSignal signal)
    {
        var (kitSha, binsSha) = KitResolver.Sha256Of(kit, bins);
        return StrRunSettings.Of(context.Ladder.Kit.Name, kitSha, binsSha, standard, context.Settings, chimerism, signal);
    }

    // Keeps the run through the use case the web upload uses (one transaction, the same rules); its errors go to stderr.
    private static async Task<bool> KeepAsync(Storage.StromaStore store, PatientId patientId, StrRunRequest request, TextWriter stderr, CancellationToken ct)
    {
        var kept = await StrRuns.KeepAsync(store, patientId, request, ct);
        if (kept.Value is not { } value)
        {
            CliIssues.Write(stderr, kept.Issues.Where(i => i.Severity == Severity.Error));
            return false;
        }

        var references = value.Samples.Where(s => request.Samples.Any(r => r.Contributor is not null && r.Content.Sha256 == s.FileSha256)).Select(s => $"{s.Role} {s.Id}").ToList();
        stderr.WriteLine(Invariant($"Kept against {patientId}: {string.Join(", ", value.Samples.Select(s => s.Id))} ({value.SamplesAdded} new, {value.RawFilesAdded} raw files added{(value.Chimerism.Count > 0 ? $", {value.ChimerismAdded} new results" : string.Empty)}){(references.Count > 0 ? "; references " + string.Join(", ", references) : string.Empty)}"));
        return true;
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

    private static SizingView Sizing(SizedLane lane) => new(
        lane.Standard.Standard.Id, lane.Curve.Method.ToString(), lane.Standard.Quality, lane.Standard.Correlation, lane.Standard.MaxResidualBp,
        lane.Standard.Matched.Length, lane.Standard.Missing);

    private static PeakView Peak(AbifFile file, SizedPeak p) =>
        new(Dye(file, p.Channel), p.Channel, p.Peak.Apex, p.Size.Bp, p.Peak.Height, p.Peak.Area, [.. PeakFlags(p)]);

    private static ControlCheckView? Check(ControlCheck? check) => check is null ? null : new(check.Control, check.Passed, check.Differences);

    private static SampleView Sample(SampleAnalysis a) => new(
        a.File, a.SampleName, a.Well, RoleName(a.Role), Sizing(a.Lane), a.Flags, Check(a.Check),
        [.. a.Loci.Select(l => new LocusView(
            l.Locus, l.Genotype, l.Flags, l.HeterozygoteBalance,
            [.. l.Alleles.Select(x => new AlleleView(x.Name, x.Peak.Size.Bp, x.Peak.Peak.Height, x.Peak.Peak.Area, x.Flags))],
            [.. l.Filtered.Select(f => new FilteredPeakView(f.Peak.Size.Bp, f.Peak.Peak.Height, f.Flag, f.Reason))]))]);

    private static ChimerismView Chimerism(ChimerismRun run, string sample, LadderRun ladder, List<(string Role, string File)> roles, ChimerismSettings settings) => new(
        sample, ladder.Kit.Name, ladder.File, run.Signal.ToString().ToLowerInvariant(), settings.Stutter.ToString().ToLowerInvariant(), "reference allele balance",
        StrChimerism.NoiseFloorQuantile, run.UnexplainedPercent,
        [.. run.Contributors.Select(c => new ContributorView(
            c.Contributor, roles.First(r => r.Role == c.Contributor).File, c.Percent, c.UncorrectedPercent, c.StandardDeviation, c.CoefficientOfVariation, c.IsDetected,
            settings.LimitOfDetectionPercent, c.Text, c.Loci.Length, c.LociUsed, run.LeastSquares.TryGetValue(c.Contributor, out var f) ? f * 100 : null))],
        [.. run.Loci.Select(l => new ChimerismLocusView(
            l.Name, l.References.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value), l.Signals, l.NoiseFloor,
            [.. run.Contributors.SelectMany(c => c.Loci.Where(x => x.Locus == l.Name).Select(x => new LocusContributorView(
                c.Contributor, x.Fraction * 100, x.UncorrectedFraction * 100, x.ReferenceShare, x.UniqueAlleles, x.IsByDifference, x.IsOutlier)))]))],
        [.. run.Skipped.Select(s => new SkippedLocusView(s.Locus, s.Reason))],
        [.. run.Foreign.Select(f => new ForeignAlleleView(f.Locus, f.Allele, f.SizeBp, f.Height, f.PercentOfLocus))]);
}
