using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Course;
using Stroma.Storage.Proteome;

namespace Stroma.Storage;

/// <summary>A membrane array run to keep: what was uploaded and what the search made of it.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Layout">The layout's kit name.</param>
/// <param name="Day">Study day of the sample.</param>
/// <param name="Sample">The sample's material and time, or null.</param>
/// <param name="Method">The quantification method in one line.</param>
/// <param name="Manifest">The manifest naming the layout and images by hash (its hash names the run).</param>
/// <param name="Files">The layout and the images, kept byte for byte.</param>
/// <param name="SearchRefusal">The search's refusal (one issue a line), or null when the grid was found.</param>
/// <param name="AnalyticalCvPercent">The run's analytical CV (%), or null when nothing was quantified.</param>
/// <param name="Results">The analytes' normalised signals ({ratio}); empty when the search was refused.</param>
public sealed record NewArrayRun(
    string PatientId, string Layout, int Day, string? Sample, string Method, Core.RawInput Manifest, IReadOnlyList<Core.RawInput> Files, string? SearchRefusal,
    double? AnalyticalCvPercent, IReadOnlyList<AnalyteResult> Results)
{
    /// <summary>The run's id: kit, day and the manifest's hash (the same images, layout, method and sample give the same id).</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Layout}-d{Day}-{Manifest.Sha256[..10]}");
}

/// <summary>Membrane array runs: kept with their images whether or not the grid was found, placed by hand later, signed as a patient's record.</summary>
public sealed partial class StromaStore
{
    /// <summary>The table of array runs.</summary>
    public const string ArrayRunTable = "array_runs";

    /// <summary>The same run (same images, layout, method, sample and day) is already stored (error).</summary>
    public const string ArrayRunStored = "ARRAY007";

    /// <summary>No such run of the patient (error).</summary>
    public const string ArrayRunUnknown = "ARRAY008";

    /// <summary>
    /// Keeps a run in one audited transaction: the run row, the manifest, layout and images, and (when the grid was found) its
    /// analytes' results under the rules of <see cref="SaveAnalyteResultsAsync"/>; refused whole (nothing written) when the patient is
    /// not stored, the run is already stored, or a result conflicts.
    /// </summary>
    public Task<ReadResult<ArrayRunRow>> SaveArrayRunAsync(NewArrayRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(async db =>
        {
            if (!await db.Patients.AnyAsync(p => p.Id == run.PatientId, cancellationToken))
            {
                return ReadResult.Failed<ArrayRunRow>([Issue.Error(ArrayRunUnknown, "patient", $"Expected a stored patient; {run.PatientId} does not exist.")]);
            }

            if (await db.ArrayRuns.AnyAsync(r => r.PatientId == run.PatientId && r.Id == run.Id, cancellationToken))
            {
                return ReadResult.Failed<ArrayRunRow>([Issue.Error(ArrayRunStored, "images",
                    $"Expected a new run; run {run.Id} of {run.PatientId} (the same images, layout, method, sample and day) is already stored.")]);
            }

            if (run.Results.Count > 0)
            {
                var issues = await StageAnalyteResultsAsync(db, run.PatientId, run.Manifest, run.Results, run.Files, cancellationToken);
                if (issues.Count > 0)
                {
                    return ReadResult.Failed<ArrayRunRow>(issues);
                }
            }
            else
            {
                await AddRawFilesAsync(db, [run.Manifest, .. run.Files], "application/octet-stream", cancellationToken);
            }

            var row = new ArrayRunRow
            {
                Id = run.Id, PatientId = run.PatientId, Layout = run.Layout, Day = run.Day, Sample = run.Sample, Method = run.Method, ManifestSha256 = run.Manifest.Sha256,
                ManifestName = run.Manifest.Name, Status = run.SearchRefusal is null ? "quantified" : "refused", SearchRefusal = run.SearchRefusal,
                AnalyticalCvPercent = run.AnalyticalCvPercent, UploadedBy = Actor, UploadedAtUtc = DateTimeOffset.UtcNow,
            };
            db.ArrayRuns.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(row);
        }, cancellationToken);
    }

    /// <summary>
    /// Records a grid placed by hand and the values quantified from it, in one audited transaction, with the reason kept beside the
    /// change (<c>record_corrections</c>, action <c>place</c>): a run whose search was refused gets its analytes' results (under the
    /// rules of <see cref="SaveAnalyteResultsAsync"/>); a run that had values has them changed (the trail keeps them before and after).
    /// The search's refusal stays with the run. Refused with nothing written when the reason is missing (COR002) or the run is not stored.
    /// </summary>
    public Task<ReadResult<ArrayRunRow>> PlaceArrayRunAsync(
        string patientId, string runId, string corners, string? reason, Core.RawInput manifest, IReadOnlyList<AnalyteResult> results, double analyticalCvPercent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(results);
        if (Core.Text.OneLine.CheckRequired(reason, "reason", Core.Course.CorrectionIssues.BadReason, "a reason for placing the grid by hand (it is kept in the run's trail)") is { } bad)
        {
            return Task.FromResult(ReadResult.Failed<ArrayRunRow>([bad]));
        }

        return WriteAsync(async db =>
        {
            var row = await db.ArrayRuns.SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == runId, cancellationToken);
            if (row is null || row.ManifestSha256 != manifest.Sha256)
            {
                return ReadResult.Failed<ArrayRunRow>([Issue.Error(ArrayRunUnknown, "run", $"Expected a stored array run of {patientId}; found no '{runId}' with this manifest.")]);
            }

            var kept = await db.AnalyteResults.Where(r => r.PatientId == patientId && r.SourceSha256 == row.ManifestSha256).ToListAsync(cancellationToken);
            if (kept.Count == 0)
            {
                var issues = await StageAnalyteResultsAsync(db, patientId, manifest, results, null, cancellationToken);
                if (issues.Count > 0)
                {
                    return ReadResult.Failed<ArrayRunRow>(issues);
                }
            }
            else
            {
                var byAnalyte = results.ToDictionary(r => AnalyteNames.Resolve(r.Analyte), StringComparer.Ordinal);
                foreach (var result in kept)
                {
                    var now = byAnalyte.GetValueOrDefault(AnalyteNames.Resolve(result.Analyte));
                    (result.Value, result.AnalyticalCvPercent) = (now?.Value, analyticalCvPercent);
                }
            }

            var at = DateTimeOffset.UtcNow;
            (row.Status, row.PlacedCorners, row.PlacedBy, row.PlacedAtUtc, row.AnalyticalCvPercent) = ("placed", corners, Actor, at, analyticalCvPercent);
            db.RecordCorrections.Add(new RecordCorrectionRow
            {
                Id = Guid.NewGuid().ToString("N"), PatientId = patientId, TableName = ArrayRunTable, RecordId = runId, Action = "place", Reason = reason!.Trim(), Actor = Actor, AtUtc = at,
            });
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(row);
        }, cancellationToken);
    }

    /// <summary>A patient's array runs, by study day and upload time.</summary>
    public async Task<IReadOnlyList<ArrayRunRow>> LoadArrayRunsAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.ArrayRuns.AsNoTracking().Where(r => r.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Day).ThenBy(r => r.UploadedAtUtc).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>One array run of a patient, or null.</summary>
    public async Task<ArrayRunRow?> LoadArrayRunAsync(string patientId, string runId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.ArrayRuns.AsNoTracking().SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == runId, cancellationToken);
    }
}
