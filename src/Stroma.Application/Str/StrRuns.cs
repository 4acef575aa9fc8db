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

/// <summary>What keeping a run wrote: the samples and chimerism results (as kept, with their ids) and how many were new.</summary>
/// <param name="Kit">The kit the run was called with.</param>
/// <param name="Samples">Every analysed sample of the run (references and post-treatment samples), as kept.</param>
/// <param name="Chimerism">The chimerism results of the post-treatment samples.</param>
/// <param name="SamplesAdded">Sample rows new to the store (the same file, ladder, kit and method give the same id).</param>
/// <param name="RawFilesAdded">Raw files new to the store.</param>
public sealed record StrRunKept(string Kit, IReadOnlyList<StrSampleRecord> Samples, IReadOnlyList<ChimerismRecord> Chimerism, int SamplesAdded, int RawFilesAdded);

/// <summary>
/// Analyse-and-keep of an uploaded STR run for a patient (the web app's upload; the command line's <c>str analyze|chimerism --patient</c>
/// keeps the same records): the roles checked (<see cref="StrRunRoles"/>), every file read, the ladder calibrated, every sample called,
/// each post-treatment sample's chimerism estimated against the references, and all of it — the raw files too — written in one
/// transaction as the acting user. Any error and nothing is written.
/// </summary>
public static class StrRuns
{
    /// <summary>The chimerism settings of an upload: the command line's defaults (stutter excluded, ratio 0.1, LOD 1 %).</summary>
    public static ChimerismSettings Settings { get; } = new();

    /// <summary>Analyses the run and keeps it against the patient, or returns every issue with nothing written.</summary>
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
        foreach (var twice in files.Select((f, i) => (f, i)).GroupBy(x => x.f.Content.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, $"files[{twice.Last().i}]",
                $"Expected each file once; {string.Join(" and ", twice.Select(x => x.f.Content.Name))} have the same content (SHA-256 {twice.Key[..12]}…)."));
        }

        if (!await store.PatientExistsAsync(patientId, ct))
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, "patient", $"Expected a stored patient; '{patientId}' does not exist."));
        }

        if (issues.Any(i => i.Severity == Severity.Error) || roles.Value.IsDefault || chosen.Value is null)
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        // Every file read first: a file that is not ABIF is refused at its own field before any analysis.
        var read = new List<AbifFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var result = AbifReader.Read(files[i].Content.Bytes, files[i].Content.Name);
            issues.AddRange(result.Issues.Where(x => x.Severity == Severity.Error).Select(x => x with { Location = $"files[{i}].file: {x.Location}" }));
            issues.AddRange(result.Issues.Where(x => x.Severity == Severity.Warning));
            read.Add(result.Value!);
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var assigned = roles.Value;
        var ladderIndex = assigned.IndexOf(assigned.First(r => r.Role == StrRunRoles.Ladder));
        var ladder = StrAnalysis.Ladder(read[ladderIndex], files[ladderIndex].Content.Name, chosen.Value, null, StrSettings.Default);
        issues.AddRange(ladder.Issues.Select(x => x.Severity == Severity.Error ? x with { Location = $"files[{ladderIndex}].file: {x.Location}" } : x));
        if (ladder.Value is not { } run)
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var analyses = new Dictionary<int, SampleAnalysis>();
        for (var i = 0; i < files.Count; i++)
        {
            if (i == ladderIndex)
            {
                continue;
            }

            var sample = StrAnalysis.Sample(read[i], files[i].Content.Name, run, null, StrSettings.Default, SampleRole.Sample);
            issues.AddRange(sample.Issues.Select(x => x.Severity == Severity.Error ? x with { Location = $"files[{i}].file: {x.Location}" } : x));
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
        var ladderSha = files[ladderIndex].Content.Sha256;
        var records = new Dictionary<int, StrSampleRecord>();
        foreach (var (i, analysis) in analyses)
        {
            var role = assigned[i];
            var material = role.Material ?? (role.Role == StrRunRoles.PostTreatment ? "unspecified" : "reference");
            var record = StrRecords.WithDetails(
                StrRecords.Sample(analysis, role.Role, material, role.SampledAt, files[i].Content.Sha256, ladderSha, run.Kit.Name),
                new SampleDetails(role.Role, role.Material, role.SampledAt), new SampleDetails(role.Role, material, null), kept, $"files[{i}]");
            issues.AddRange(record.Issues);
            if (record.Value is { } value)
            {
                records[i] = value;
            }
        }

        var references = analyses.Where(a => StrRunRoles.References.Contains(assigned[a.Key].Role)).ToList();
        var chimerism = new List<ChimerismRecord>();
        foreach (var (i, sample) in analyses.Where(a => assigned[a.Key].Role == StrRunRoles.PostTreatment))
        {
            var result = StrChimerism.Analyze(run, [.. references.Select(r => new ChimerismReference(assigned[r.Key].Role, r.Value))], sample.Lane, Settings, PeakSignal.Height, sample);
            issues.AddRange(result.Foreign.Select(f => Issue.Warning(StrIssues.ForeignAllele, $"files[{i}]: {f.Locus}",
                $"Expected only the references' alleles; allele {f.Allele} ({f.SizeBp:0.0} bp, {f.Height:0} RFU, {f.PercentOfLocus:0.0} % of the locus) belongs to none of them: contamination, a sample mix-up or a contributor not typed?")));
            if (StrChimerism.Consistency(result, $"files[{i}]") is { } inconsistent)
            {
                issues.Add(inconsistent);
            }
            else if (records.TryGetValue(i, out var record) && references.All(r => records.ContainsKey(r.Key)))
            {
                chimerism.AddRange(StrRecords.Chimerism(result, record.Id, references.ToDictionary(r => assigned[r.Key].Role, r => records[r.Key].Id), Settings));
            }
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StrRunKept>(issues);
        }

        var samples = analyses.Keys.Order().Select(i => records[i]).ToList();
        var saved = await store.SaveStrAsync(patientId, [.. files.Select(f => f.Content)], samples, chimerism, ct);
        return ReadResult.Of(new StrRunKept(run.Kit.Name, samples, chimerism, saved.SamplesAdded, saved.RawFilesAdded), issues);
    }

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
