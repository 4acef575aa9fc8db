using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>What an accepted lab import wrote.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="FileSha256">SHA-256 of the raw file, which is stored with the rows.</param>
/// <param name="Rows">Rows written.</param>
public sealed record LabImport(string PatientId, string FileSha256, int Rows);

/// <summary>Importing lab CSVs: every row checked, then written in batches, in one transaction.</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Imports a lab CSV for a patient: every row or none. The raw file is kept under its SHA-256 beside the rows. A rejected import
    /// returns every issue (row, column, value, what was expected) and writes nothing.
    /// </summary>
    public async Task<ReadResult<LabImport>> ImportLabsAsync(string patientId, string fileName, byte[] content, CancellationToken cancellationToken = default) =>
        await ImportLabsAsync(patientId, fileName, content, null, cancellationToken);

    /// <summary>
    /// <see cref="ImportLabsAsync(string, string, byte[], CancellationToken)"/> with progress (rows checked, then rows written). The file is
    /// read row by row in two passes — every check first, then the writes in batches within the one transaction — so a file of a
    /// million rows imports in memory bounded by the file and a batch, not by its rows.
    /// </summary>
    public Task<ReadResult<LabImport>> ImportLabsAsync(string patientId, string fileName, byte[] content, IProgress<string>? progress, CancellationToken cancellationToken = default) =>
        ImportLabsAsync(patientId, Core.RawInput.Of(fileName, content), progress, cancellationToken);

    /// <summary>
    /// <see cref="ImportLabsAsync(string, string, byte[], IProgress{string}?, CancellationToken)"/> of a file already read (hashed once, when it
    /// was read).
    /// </summary>
    public async Task<ReadResult<LabImport>> ImportLabsAsync(string patientId, Core.RawInput input, IProgress<string>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (fileName, content) = (input.Name, input.Bytes);
        var sha = input.Sha256;
        return await WriteAsync(async db =>
        {
            var birthDate = await db.Patients.Where(p => p.Id == patientId).Select(p => (DateOnly?)p.BirthDate).SingleOrDefaultAsync(cancellationToken);
            if (birthDate is null)
            {
                return ReadResult.Failed<LabImport>([LabCsvIssues.NoSuchPatient(patientId)]);
            }

            var scan = LabCsv.Scan(content, fileName, sha, new RecordWindow(birthDate, DateTimeOffset.UtcNow));
            if (scan.Value is not { } rows)
            {
                return ReadResult.Failed<LabImport>(scan.Issues);
            }

            // Pass 1: every check. The patient's stored measurements, to find the same one under another id.
            var issues = new IssueCollector(fileName, scan.Issues);
            var stored = (await db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId).ToListAsync(cancellationToken))
                .Select(CourseRows.FromRow).ToList();
            var storedSlots = stored.GroupBy(LabDuplicates.SlotOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var storedKeys = stored.GroupBy(LabDuplicates.KeyOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
            var seen = new Dictionary<UInt128, string>(); // a measurement's key (hashed, to keep a million small) → its first id
            var slots = new Dictionary<UInt128, (string Id, UInt128 Key)>(); // a slot (analyte, specimen, instant) → the first id and measurement in it
            var batch = new List<LabResult>(500);
            var fileIssues = new List<Issue>();
            var count = 0;
            async Task CheckStoredIdsAsync()
            {
                // Ids are scoped to the patient; checked in batches so that a file of any length stays within the database's parameter limits.
                var ids = batch.Select(l => l.Id).ToList();
                foreach (var e in (await db.LabResults.Where(l => l.PatientId == patientId && ids.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal))
                {
                    issues.Add(Issue.Error(LabCsvIssues.AlreadyStored, $"{fileName} id {e}", $"Lab result '{e}' is already stored for {patientId}; this file (or row) was imported before."));
                }

                batch.Clear();
            }

            foreach (var (lab, rowIssues, line) in rows.Lines(fileIssues))
            {
                count++;
                issues.AddRange(rowIssues);
                if (lab is null)
                {
                    continue;
                }

                var key = LabDuplicates.KeyOf(lab);
                if (!seen.TryAdd(Hash128(key), lab.Id))
                {
                    issues.Add(Issue.Error(LabCsvIssues.DuplicateMeasurement, $"{fileName} row {line} (id {lab.Id})",
                        $"Expected each measurement once; this row repeats {seen[Hash128(key)]} ({Analytes.NameOf(lab.Analyte)} {Shown(lab)} at {WhenShown(lab)})."));
                }

                if (storedKeys.TryGetValue(key, out var storedId) && storedId != lab.Id)
                {
                    issues.Add(Issue.Error(LabCsvIssues.DuplicateMeasurement, $"{fileName} row {line} (id {lab.Id})", $"Expected a new measurement; {patientId} already has it stored as lab result '{storedId}'."));
                }

                // One value per analyte, specimen and instant: another value in the same slot, in this file or stored, is a conflict.
                var slot = LabDuplicates.SlotOf(lab);
                var what = $"{Analytes.NameOf(lab.Analyte)} ({LabCsv.Describe(lab.Specimen)}) at {WhenShown(lab)}";
                if (!slots.TryAdd(Hash128(slot), (lab.Id, Hash128(key))) && slots[Hash128(slot)] is var first && first.Key != Hash128(key))
                {
                    issues.Add(Issue.Error(LabCsvIssues.ConflictingMeasurement, $"{fileName} row {line} (id {lab.Id})",
                        $"Expected one value for {what}; this row's {Shown(lab)} conflicts with {first.Id} in this file. Give a rerun its own sampling time, or keep one value."));
                }

                if (storedSlots.TryGetValue(slot, out var held) && LabDuplicates.KeyOf(held) != key)
                {
                    issues.Add(Issue.Error(LabCsvIssues.ConflictingMeasurement, $"{fileName} row {line} (id {lab.Id})",
                        $"Expected one value for {what}; this row's {Shown(lab)} conflicts with stored lab result '{held.Id}' ({Shown(held)}). Give a rerun its own sampling time, or keep one value."));
                }

                batch.Add(lab);
                if (batch.Count == 500)
                {
                    await CheckStoredIdsAsync();
                }

                if (count % 100_000 == 0)
                {
                    progress?.Report(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[1/2] checked {count} rows"));
                }
            }

            await CheckStoredIdsAsync();
            issues.AddRange(fileIssues);
            seen.Clear();
            if (count == 0 && !issues.HasErrors)
            {
                issues.Add(Issue.Error(LabCsvIssues.NoRows, fileName, $"Expected at least one data row; found only the header."));
            }

            if (issues.HasErrors)
            {
                return ReadResult.Failed<LabImport>(issues.ToList());
            }

            // Pass 2: the writes, in batches within this one transaction (each batch's rows and audit entries, then the tracker cleared).
            await AddRawFilesAsync(db, [input], "text/csv", cancellationToken);
            var written = 0;
            foreach (var (lab, _) in rows.Rows([]))
            {
                db.LabResults.Add(CourseRows.ToRow(patientId, lab!));
                if (++written % WriteBatch == 0)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    progress?.Report(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[2/2] wrote {written} of {count} rows"));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(new LabImport(patientId, sha, written), issues.ToList());
        }, cancellationToken);
    }

    // A lab value as reported, for a message: as entered (the shortest text that reads back as the same number), with its unit.
    private static string Shown(LabResult lab) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lab.Reported.Value:R} {lab.Reported.Unit}");

    // A sample time for a message, as a CSV writes it (to the second, with the offset it was given), not with ticks.
    private static string WhenShown(LabResult lab) =>
        lab.SampledAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static UInt128 Hash128(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return new UInt128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
    }

    // Rows written per SaveChanges in a long import (then the change tracker is cleared, so memory does not grow with the file).
    private const int WriteBatch = 5_000;
}
