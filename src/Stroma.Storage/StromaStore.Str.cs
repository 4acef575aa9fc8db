using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage;

/// <summary>STR runs kept against a patient, and read back.</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Keeps an STR run against a patient in one transaction: every raw ABIF file (the ladder's too), the analysed samples and the
    /// chimerism results. What is already there from the same analysis (same ids) is kept, not duplicated.
    /// </summary>
    /// <exception cref="InvalidOperationException">The patient does not exist, or a sample names a raw file not given.</exception>
    public async Task<Str.StrSave> SaveStrAsync(
        string patientId, IReadOnlyList<Core.RawInput> files, IReadOnlyList<Core.Str.StrSampleRecord> samples, IReadOnlyList<Core.Str.ChimerismRecord> chimerism,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(chimerism);
        var given = files.Select(f => f.Sha256).ToHashSet(StringComparer.Ordinal);
        var missing = samples.SelectMany(s => new[] { s.FileSha256, s.LadderSha256 }).FirstOrDefault(sha => !given.Contains(sha));
        if (missing is not null)
        {
            throw new InvalidOperationException($"A sample names the raw file {missing}, which was not given.");
        }

        return await WriteAsync(async db =>
        {
            if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
            {
                throw new InvalidOperationException($"Patient {patientId} does not exist in {Location}.");
            }

            var newFiles = await AddRawFilesAsync(db, files, "application/x-abif", cancellationToken);
            var sampleIds = samples.Select(s => s.Id).ToList();
            var knownSamples = await db.StrSamples.Where(s => sampleIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
            var newSamples = samples.Where(s => !knownSamples.Contains(s.Id)).DistinctBy(s => s.Id).Select(s => Str.StrRowMapping.ToRow(patientId, s)).ToList();
            db.StrSamples.AddRange(newSamples);
            var resultIds = chimerism.Select(c => c.Id).ToList();
            var knownResults = await db.Chimerism.Where(c => resultIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            var newResults = chimerism.Where(c => !knownResults.Contains(c.Id)).DistinctBy(c => c.Id).Select(c => Str.StrRowMapping.ToRow(patientId, c)).ToList();
            db.Chimerism.AddRange(newResults);
            await db.SaveChangesAsync(cancellationToken);
            return new Str.StrSave(newFiles, newSamples.Count, newResults.Count);
        }, cancellationToken);
    }

    /// <summary>A patient's stored STR samples, by sampling time.</summary>
    public async Task<IReadOnlyList<Core.Str.StrSampleRecord>> LoadStrSamplesAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.StrSamples.AsNoTracking().Where(s => s.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. rows.Select(Str.StrRowMapping.ToRecord).OrderBy(s => s.SampledAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>A patient's stored chimerism results.</summary>
    public async Task<IReadOnlyList<Core.Str.ChimerismRecord>> LoadChimerismAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.Chimerism.AsNoTracking().Where(c => c.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. rows.Select(Str.StrRowMapping.ToRecord).OrderBy(c => c.SampleId, StringComparer.Ordinal).ThenBy(c => c.Contributor, StringComparer.Ordinal)];
    }
}
