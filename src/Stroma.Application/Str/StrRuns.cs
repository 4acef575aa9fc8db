using System.Collections.Immutable;
using Stroma.Core;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.Str;

/// <summary>One uploaded file of a run with the role, material and sampling time the user gave it (as typed; null when empty).</summary>
/// <param name="Content">The raw file (name, bytes, SHA-256).</param>
/// <param name="Role">recipient, kidney-donor, msc-donor, post-treatment or ladder.</param>
/// <param name="Material">What was sampled (required for a post-treatment sample).</param>
/// <param name="SampledAt">When, ISO 8601 with its UTC offset (required for a post-treatment sample).</param>
public sealed record StrRunFile(RawInput Content, string? Role, string? Material, string? SampledAt);

/// <summary>One sample of a run to analyse and keep, as its front end typed it.</summary>
/// <param name="Content">The raw file.</param>
/// <param name="Role">What the injection is (a control is judged against the expected profile).</param>
/// <param name="Given">The role, material and time the user gave (null where not given; checked against a kept sample of the same file).</param>
/// <param name="Defaults">What a sample not kept yet takes where nothing was given.</param>
/// <param name="Contributor">The contributor this sample is the reference of (recipient, kidney-donor …), or null.</param>
/// <param name="IsMixture">True for a post-treatment sample whose chimerism is estimated against the references.</param>
/// <param name="Location">Where its issues are reported (<c>files[2]</c> on the web, the file name on the command line).</param>
public sealed record StrRunSample(RawInput Content, SampleRole Role, SampleDetails Given, SampleDetails Defaults, string? Contributor, bool IsMixture, string Location);

/// <summary>A run to analyse and keep: the kit, the ladder, the samples and every setting (kept with each sample).</summary>
/// <param name="Kit">The kit, resolved.</param>
/// <param name="Ladder">The run's allelic ladder.</param>
/// <param name="LadderLocation">Where the ladder's issues are reported.</param>
/// <param name="Samples">The samples, in the order the result lists them.</param>
/// <param name="Settings">The settings the run is analysed with (their kit name is <paramref name="Kit"/>'s).</param>
public sealed record StrRunRequest(Kit Kit, RawInput Ladder, string LadderLocation, IReadOnlyList<StrRunSample> Samples, StrRunSettings Settings)
{
    /// <summary>The positive control's expected profile (name and genotype), or null.</summary>
    public (string Name, IReadOnlyDictionary<string, ImmutableArray<string>> Genotype)? Expected { get; init; }
}

/// <summary>What keeping a run wrote: the samples and chimerism results (as kept, with their ids) and how many were new.</summary>
/// <param name="Kit">The kit the run was called with.</param>
/// <param name="Samples">Every analysed sample of the run (references and post-treatment samples), as kept.</param>
/// <param name="Chimerism">The chimerism results of the post-treatment samples.</param>
/// <param name="SamplesAdded">Sample rows new to the store (the same patient, file, ladder, settings and method give the same id).</param>
/// <param name="RawFilesAdded">Raw files new to the store.</param>
public sealed record StrRunKept(string Kit, IReadOnlyList<StrSampleRecord> Samples, IReadOnlyList<ChimerismRecord> Chimerism, int SamplesAdded, int RawFilesAdded)
{
    /// <summary>Chimerism rows new to the store.</summary>
    public int ChimerismAdded { get; init; }
}

/// <summary>
/// Analyse-and-keep of an STR run for a patient — the web app's upload and the command line's <c>str analyze|chimerism --patient</c>
/// both come here: every file read, the ladder calibrated, every sample called, each post-treatment sample's chimerism estimated
/// against the references, a kept sample's details checked (STR012), and all of it — the raw files and the settings too — written
/// in one transaction as the acting user. Any error and nothing is written.
/// </summary>
public static class StrRuns
{
    /// <summary>The chimerism settings of an upload: the command line's defaults (stutter excluded, ratio 0.1, LOD 1 %).</summary>
    public static ChimerismSettings Settings { get; } = new();

    /// <summary>Analyses an uploaded run (roles as typed in the form, kit by name) and keeps it against the patient, or returns every issue with nothing written.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="kit">A kit name of <see cref="KitResolver.Available"/> (never a path: the web app names no server file).</param>
    /// <param name="files">The run's files with their roles.</param>
    /// <param name="ct">Cancels the work.</param>
    public static async Task<ReadResult<StrRunKept>> KeepAsync(StromaStore store, PatientId patientId, string? kit, IReadOnlyList<StrRunFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(files);
        var issues = new List<Issue>();
        var roles = StrRunRoles.Check([.. files.Select(f => new StrRunAssignment(f.Content.Name, f.Role, f.Material, f.SampledAt))]);
        issues.AddRange(roles.Issues);
        var chosen = ResolveKit(kit);
        issues.AddRange(chosen.Issues);
        issues.AddRange(Duplicates(files.Select((f, i) => (f.Content, $"files[{i}]"))));
        if (!await store.PatientExistsAsync(patientId, ct))
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, "patient", $"Expected a stored patient; '{patientId}' does not exist."));
        }

        if (issues.Any(i => i.Severity == Severity.Error) || roles.Value.IsDefault || chosen.Value is null)
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var assigned = roles.Value;
        var ladderIndex = assigned.IndexOf(assigned.First(r => r.Role == StrRunRoles.Ladder));
        var samples = files.Select((f, i) => (f, i, role: assigned[i])).Where(x => x.i != ladderIndex).Select(x => new StrRunSample(
            x.f.Content, SampleRole.Sample, new SampleDetails(x.role.Role, x.role.Material, x.role.SampledAt),
            new SampleDetails(x.role.Role, x.role.Material ?? (x.role.Role == StrRunRoles.PostTreatment ? "unspecified" : "reference"), null),
            StrRunRoles.References.Contains(x.role.Role) ? x.role.Role : null, x.role.Role == StrRunRoles.PostTreatment, $"files[{x.i}]")).ToList();
        var (kitSha, binsSha) = KitResolver.Sha256Of(chosen.Value.Name, null);
        var settings = StrRunSettings.Of(chosen.Value.Name, kitSha, binsSha, null, StrSettings.Default, Settings, PeakSignal.Height);
        var kept = await KeepAsync(store, patientId, new StrRunRequest(chosen.Value, files[ladderIndex].Content, $"files[{ladderIndex}]", samples, settings), ct);
        return kept.Value is null ? ReadResult.Failed<StrRunKept>([.. issues, .. kept.Issues]) : ReadResult.Of(kept.Value, [.. issues, .. kept.Issues]);
    }

    /// <summary>
    /// Analyses a run with its settings and keeps it against the patient in one transaction, or returns every issue with nothing
    /// written. Errors of a file are located at <c>LOCATION.file: …</c>.
    /// </summary>
    /// <param name="store">The store, acting as the user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="request">The run and its settings.</param>
    /// <param name="ct">Cancels the work.</param>
    public static async Task<ReadResult<StrRunKept>> KeepAsync(StromaStore store, PatientId patientId, StrRunRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<Issue>(Duplicates([(request.Ladder, request.LadderLocation), .. request.Samples.Select(s => (s.Content, s.Location))]));
        if (!await store.PatientExistsAsync(patientId, ct))
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, "patient", $"Expected a stored patient; '{patientId}' does not exist."));
        }

        if (request.Samples.Count == 0)
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, "files", $"Expected at least one sample besides the ladder; found none."));
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        // Every file read first: a file that is not ABIF is refused at its own field before any analysis.
        var ladderFile = Read(request.Ladder, request.LadderLocation, issues);
        var read = request.Samples.Select(s => Read(s.Content, s.Location, issues)).ToList();
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var settings = request.Settings;
        var ladder = StrAnalysis.Ladder(ladderFile!, request.Ladder.Name, request.Kit, settings.SizeStandard, settings.Analysis);
        issues.AddRange(ladder.Issues.Select(x => x.Severity == Severity.Error ? x with { Location = $"{request.LadderLocation}.file: {x.Location}" } : x));
        if (ladder.Value is not { } run)
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var analyses = new Dictionary<int, SampleAnalysis>();
        for (var i = 0; i < request.Samples.Count; i++)
        {
            var s = request.Samples[i];
            var sample = StrAnalysis.Sample(read[i]!, s.Content.Name, run, settings.SizeStandard, settings.Analysis, s.Role, request.Expected);
            issues.AddRange(sample.Issues.Select(x => x.Severity == Severity.Error ? x with { Location = $"{s.Location}.file: {x.Location}" } : x));
            if (sample.Value is { } analysed)
            {
                analyses[i] = analysed;
            }
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var kept = await store.LoadStrSamplesAsync(patientId, ct);
        var records = new Dictionary<int, StrSampleRecord>();
        foreach (var (i, analysis) in analyses)
        {
            var s = request.Samples[i];
            var automatic = StrRecords.Sample(analysis, patientId, s.Defaults.Role ?? "sample", s.Defaults.Material ?? "unspecified", null, s.Content.Sha256, request.Ladder.Sha256, settings);
            var record = StrRecords.WithDetails(automatic, s.Given, s.Defaults, kept, s.Location);
            issues.AddRange(record.Issues);
            if (record.Value is { } value)
            {
                records[i] = value;
            }
        }

        var chimerism = Chimerism(request, run, analyses, records, issues);
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var samples = analyses.Keys.Order().Select(i => records[i]).ToList();
        var saved = await store.SaveStrAsync(patientId, [request.Ladder, .. request.Samples.Select(s => s.Content)], samples, chimerism, ct);
        return ReadResult.Of(new StrRunKept(run.Kit.Name, samples, chimerism, saved.SamplesAdded, saved.RawFilesAdded) { ChimerismAdded = saved.ChimerismAdded }, issues);
    }

    private static List<ChimerismRecord> Chimerism(
        StrRunRequest request, LadderRun run, Dictionary<int, SampleAnalysis> analyses, Dictionary<int, StrSampleRecord> records, List<Issue> issues)
    {
        var references = analyses.Where(a => request.Samples[a.Key].Contributor is not null).ToList();
        var chimerism = new List<ChimerismRecord>();
        foreach (var (i, sample) in analyses.Where(a => request.Samples[a.Key].IsMixture))
        {
            var location = request.Samples[i].Location;
            var result = StrChimerism.Analyze(run, [.. references.Select(r => new ChimerismReference(request.Samples[r.Key].Contributor!, r.Value))], sample.Lane,
                request.Settings.Chimerism, request.Settings.Signal, sample);
            issues.AddRange(result.Foreign.Select(f => Issue.Warning(StrIssues.ForeignAllele, $"{location}: {f.Locus}",
                $"Expected only the references' alleles; allele {f.Allele} ({f.SizeBp:0.0} bp, {f.Height:0} RFU, {f.PercentOfLocus:0.0} % of the locus) belongs to none of them: contamination, a sample mix-up or a contributor not typed?")));
            if (StrChimerism.Consistency(result, location) is { } inconsistent)
            {
                issues.Add(inconsistent);
            }
            else if (records.TryGetValue(i, out var record) && references.All(r => records.ContainsKey(r.Key)))
            {
                chimerism.AddRange(StrRecords.Chimerism(result, record.Id, references.ToDictionary(r => request.Samples[r.Key].Contributor!, r => records[r.Key].Id), request.Settings.Chimerism));
            }
        }

        return chimerism;
    }

    private static AbifFile? Read(RawInput content, string location, List<Issue> issues)
    {
        var result = AbifReader.Read(content.Bytes, content.Name);
        issues.AddRange(result.Issues.Where(x => x.Severity == Severity.Error).Select(x => x with { Location = $"{location}.file: {x.Location}" }));
        issues.AddRange(result.Issues.Where(x => x.Severity == Severity.Warning));
        return result.Value;
    }

    private static IEnumerable<Issue> Duplicates(IEnumerable<(RawInput Content, string Location)> files) =>
        files.GroupBy(f => f.Content.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(twice => Issue.Error(StrIssues.RunComposition, twice.Last().Location,
            $"Expected each file once; {string.Join(" and ", twice.Select(x => x.Content.Name))} have the same content (SHA-256 {twice.Key[..12]}…)."));

    // Only a name the lab's kit folders (or the built-in kit) offer: a path typed into a form must not open a file on the server.
    private static ReadResult<Kit> ResolveKit(string? kit)
    {
        var available = KitResolver.Available();
        return kit is not null && available.Contains(kit, StringComparer.OrdinalIgnoreCase)
            ? KitResolver.Resolve(kit, null, "kit")
            : ReadResult.Failed<Kit>([Issue.Error(KitResolver.UnknownKit, "kit",
                $"Expected one of the lab's kits ({string.Join(", ", available)}); found {Core.Text.OneLine.Shown(kit)}.")]);
    }
}
