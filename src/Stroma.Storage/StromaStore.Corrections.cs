using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>
/// Records of a patient entered, amended and retracted one at a time (the web app's forms). A correction never overwrites silently: the
/// row's before and after go to the audit trail, and the reason to <c>record_corrections</c>, in one transaction; a retraction removes
/// the record from the patient's record and keeps it in the trail. One mechanism for every kind of record (<see cref="PatientRecordKind"/>).
/// </summary>
public sealed partial class StromaStore
{
    /// <summary>The table lab results are kept in (audit entries and corrections name it).</summary>
    public const string LabTable = "lab_results";

    /// <summary>The patient's birth date, or null when the patient is unknown.</summary>
    public async Task<DateOnly?> BirthDateAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => (DateOnly?)p.BirthDate).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>One stored lab result, or null.</summary>
    public async Task<LabResult?> LoadLabAsync(string patientId, string labId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.LabResults.AsNoTracking().SingleOrDefaultAsync(l => l.PatientId == patientId && l.Id == labId, cancellationToken);
        return row is null ? null : CourseRows.FromRow(row);
    }

    /// <summary>
    /// Adds one lab result, with the form it was typed into kept as its raw input. Refused when the patient is unknown (LAB009), the id
    /// is taken (LAB007), or the same measurement is stored (LAB010) or a different value for the same analyte, specimen and instant
    /// (LAB011).
    /// </summary>
    public Task<ReadResult<LabResult>> AddLabAsync(string patientId, LabResult lab, Core.RawInput form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(form);
        return WriteAsync(async db =>
        {
            if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
            {
                return ReadResult.Failed<LabResult>([LabCsvIssues.NoSuchPatient(patientId)]);
            }

            var stored = (await db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId && l.Analyte == Analytes.NameOf(lab.Analyte)).ToListAsync(cancellationToken))
                .Select(CourseRows.FromRow).ToList();
            if (CheckAgainstStored(patientId, lab, stored.Where(s => s.Id != lab.Id)) is { } refused)
            {
                return ReadResult.Failed<LabResult>([refused]);
            }

            if (stored.Any(s => s.Id == lab.Id))
            {
                return ReadResult.Failed<LabResult>([Issue.Error(LabCsvIssues.AlreadyStored, "id", $"Lab result '{lab.Id}' is already stored for {patientId}.")]);
            }

            await KeepInputAsync(db, form, "application/json", "add", [(LabTable, RecordKey(patientId, lab.Id))], cancellationToken);
            db.LabResults.Add(CourseRows.ToRow(patientId, lab));
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(lab);
        }, cancellationToken);
    }

    /// <summary>
    /// Amends a stored lab result to <paramref name="amended"/> (same id) with a reason: the row's before and after are audited, the
    /// reason kept beside them, the derived eGFR of a changed creatinine dropped (the next assessment derives it again).
    /// </summary>
    public Task<ReadResult<RecordCorrection>> AmendLabAsync(string patientId, LabResult amended, string? reason, Core.RawInput form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amended);
        ArgumentNullException.ThrowIfNull(form);
        return CorrectAsync<LabResultRow>(patientId, PatientRecordKind.LabResult, amended.Id, reason, "amend", async (db, row) =>
        {
            var before = CourseRows.FromRow(row);
            if (LabAmendment.Check(before, amended) is { } otherAnalyte)
            {
                return otherAnalyte;
            }

            if (LabDuplicates.KeyOf(before) == LabDuplicates.KeyOf(amended) && before.Reported == amended.Reported)
            {
                return Issue.Error(CorrectionIssues.NoChange, "value", $"Expected a change to lab result '{amended.Id}'; the amendment gives the same analyte, time, value and unit.");
            }

            var others = (await db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId && l.Analyte == Analytes.NameOf(amended.Analyte) && l.Id != amended.Id).ToListAsync(cancellationToken))
                .Select(CourseRows.FromRow);
            if (CheckAgainstStored(patientId, amended, others) is { } refused)
            {
                return refused;
            }

            await KeepInputAsync(db, form, "application/json", "amend", [(LabTable, RecordKey(patientId, amended.Id))], cancellationToken);
            db.Entry(row).CurrentValues.SetValues(CourseRows.ToRow(patientId, amended));
            await DropDerivedEgfrAsync(db, patientId, amended.Id, cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>Retracts a stored lab result with a reason: it leaves the course (and its derived eGFR with it); the trail keeps it.</summary>
    public Task<ReadResult<RecordCorrection>> RetractLabAsync(string patientId, string labId, string? reason, CancellationToken cancellationToken = default) =>
        RetractRecordAsync(patientId, PatientRecordKind.LabResult, labId, reason, cancellationToken);

    /// <summary>The corrections of one record, oldest first, each with the time of the audit entries it was written with.</summary>
    public async Task<IReadOnlyList<RecordCorrection>> LoadCorrectionsAsync(string patientId, string table, string recordId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.RecordCorrections.AsNoTracking().Where(c => c.PatientId == patientId && c.TableName == table && c.RecordId == recordId).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var trailed = await db.AuditEntries.AsNoTracking().Where(e => e.TableName == "record_corrections" && e.Action == "insert" && ids.Contains(e.EntityKey))
            .Select(e => new { e.EntityKey, e.AtUtc }).ToListAsync(cancellationToken);
        var at = trailed.ToDictionary(e => e.EntityKey, e => e.AtUtc, StringComparer.Ordinal);
        return [.. rows.OrderBy(c => c.AtUtc).Select(c => new RecordCorrection(c.PatientId, c.TableName, c.RecordId, c.Action, c.Reason, c.Actor, c.AtUtc)
        {
            TrailAt = at.TryGetValue(c.Id, out var t) ? t : null,
        })];
    }

    /// <summary>The audit trail's key of a patient's record (its table's key columns joined by <c>|</c>).</summary>
    public static string RecordKey(string patientId, string recordId) => $"{patientId}|{recordId}";

    /// <summary>
    /// The trail of one record of a patient, of any kind: every audit entry about its row, oldest first, and the reasons of its
    /// corrections, each paired with the entries written with it.
    /// </summary>
    public async Task<RecordTrail> LoadTrailAsync(string patientId, PatientRecordKind kind, string recordId, CancellationToken cancellationToken = default)
    {
        var table = TableOf(kind);
        var entries = await AuditOfAsync(table, RecordKey(patientId, recordId), cancellationToken);
        return new RecordTrail(kind, table, recordId, entries, await LoadCorrectionsAsync(patientId, table, recordId, cancellationToken))
        {
            Inputs = await LoadRecordInputsAsync(table, RecordKey(patientId, recordId), cancellationToken),
        };
    }

    /// <summary>
    /// Retracts a stored record of a patient with a reason, in one transaction: the row leaves the patient's record (a lab result's
    /// derived eGFR with it), the audit trail keeps it as it was, and the reason goes to <c>record_corrections</c>. Refused with
    /// nothing written when the reason is missing or not one line (COR002) or the record is not stored (COR001). An MSC infusion is
    /// not retracted here: its bag's custody records it as infused.
    /// </summary>
    public Task<ReadResult<RecordCorrection>> RetractRecordAsync(string patientId, PatientRecordKind kind, string recordId, string? reason, CancellationToken cancellationToken = default) => kind switch
    {
        PatientRecordKind.LabResult => CorrectAsync<LabResultRow>(patientId, kind, recordId, reason, "retract", async (db, row) =>
        {
            await DropDerivedEgfrAsync(db, patientId, recordId, cancellationToken);
            db.Remove(row);
            return null;
        }, cancellationToken),
        PatientRecordKind.PlasmaExchange => Retract<PlasmaExchangeRow>(patientId, kind, recordId, reason, cancellationToken),
        PatientRecordKind.Drug => Retract<DrugRow>(patientId, kind, recordId, reason, cancellationToken),
        PatientRecordKind.ClinicalEvent => Retract<ClinicalEventRow>(patientId, kind, recordId, reason, cancellationToken),
        PatientRecordKind.AdverseEvent => Retract<CellTherapy.AdverseEventRow>(patientId, kind, recordId, reason, cancellationToken),
        PatientRecordKind.Biopsy => Retract<CellTherapy.BiopsyRow>(patientId, kind, recordId, reason, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An MSC infusion is recorded through the gate and kept with its bag's custody; it is not retracted."),
    };

    private Task<ReadResult<RecordCorrection>> Retract<TRow>(string patientId, PatientRecordKind kind, string recordId, string? reason, CancellationToken cancellationToken)
        where TRow : class, IPatientRow =>
        CorrectAsync<TRow>(patientId, kind, recordId, reason, "retract", (db, row) =>
        {
            db.Remove(row);
            return Task.FromResult<Issue?>(null);
        }, cancellationToken);

    /// <summary>
    /// Amends a stored row to <paramref name="amended"/> (same key) with a reason: refused when nothing would change (COR003) or
    /// <paramref name="check"/> finds a problem; otherwise the row is updated, and the audit trail keeps it before and after.
    /// </summary>
    private Task<ReadResult<RecordCorrection>> AmendRowAsync<TRow>(PatientRecordKind kind, TRow amended, string? reason, string what, Func<StromaContext, Task<Issue?>>? check, Core.RawInput? form, CancellationToken cancellationToken)
        where TRow : class, IPatientRow =>
        CorrectAsync<TRow>(amended.PatientId, kind, amended.Id, reason, "amend", async (db, row) =>
        {
            var entry = db.Entry(row);
            entry.CurrentValues.SetValues(amended);
            if (!entry.Properties.Any(p => p.IsModified))
            {
                return Issue.Error(CorrectionIssues.NoChange, "record", $"Expected a change to {what} '{amended.Id}'; every value given is already recorded.");
            }

            if (check is not null && await check(db) is { } refused)
            {
                return refused;
            }

            await KeepInputAsync(db, form, "application/json", "amend", [(TableOf(kind), RecordKey(amended.PatientId, amended.Id))], cancellationToken);
            return null;
        }, cancellationToken);

    // One correction: the reason checked, the row found (scoped to its patient), the change made, the reason kept beside it; one transaction.
    private Task<ReadResult<RecordCorrection>> CorrectAsync<TRow>(string patientId, PatientRecordKind kind, string recordId, string? reason, string action, Func<StromaContext, TRow, Task<Issue?>> change, CancellationToken cancellationToken)
        where TRow : class, IPatientRow
    {
        if (RecordCorrection.CheckReason(reason, action) is { } bad)
        {
            return Task.FromResult(ReadResult.Failed<RecordCorrection>([bad]));
        }

        var table = TableOf(kind);
        return WriteAsync(async db =>
        {
            var row = await db.Set<TRow>().SingleOrDefaultAsync(r => EF.Property<string>(r, nameof(IPatientRow.PatientId)) == patientId && EF.Property<string>(r, nameof(IPatientRow.Id)) == recordId, cancellationToken);
            if (row is null)
            {
                return ReadResult.Failed<RecordCorrection>([Issue.Error(CorrectionIssues.UnknownRecord, "id", $"Expected a {NameOf(kind)} stored for {patientId}; found no '{recordId}' (retracted, or never stored).")]);
            }

            if (await change(db, row) is { } refused)
            {
                return ReadResult.Failed<RecordCorrection>([refused]);
            }

            var at = DateTimeOffset.UtcNow;
            db.RecordCorrections.Add(new RecordCorrectionRow { Id = Guid.NewGuid().ToString("N"), PatientId = patientId, TableName = table, RecordId = recordId, Action = action, Reason = reason!.Trim(), Actor = Actor, AtUtc = at });
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(new RecordCorrection(patientId, table, recordId, action, reason.Trim(), Actor, at));
        }, cancellationToken);
    }

    private static async Task DropDerivedEgfrAsync(StromaContext db, string patientId, string labId, CancellationToken cancellationToken) =>
        db.DerivedEgfrs.RemoveRange(await db.DerivedEgfrs.Where(d => d.PatientId == patientId && d.CreatinineLabId == labId).ToListAsync(cancellationToken));

    // The same measurement stored under another id (LAB010), or another value in the same slot (LAB011): never both kept.
    private static Issue? CheckAgainstStored(string patientId, LabResult lab, IEnumerable<LabResult> stored)
    {
        var list = stored.ToList();
        if (list.FirstOrDefault(s => LabDuplicates.KeyOf(s) == LabDuplicates.KeyOf(lab)) is { } same)
        {
            return Issue.Error(LabCsvIssues.DuplicateMeasurement, "value", $"Expected a new measurement; the same {Analytes.NameOf(lab.Analyte)} at {WhenShown(lab)} is stored for {patientId} as '{same.Id}'.");
        }

        return list.FirstOrDefault(s => LabDuplicates.SlotOf(s) == LabDuplicates.SlotOf(lab)) is { } slot
            ? Issue.Error(LabCsvIssues.ConflictingMeasurement, "value",
                $"Expected one value per analyte, specimen and instant; '{slot.Id}' holds {Shown(slot)} for the same {Analytes.NameOf(lab.Analyte)} ({LabCsv.Describe(lab.Specimen)}) at {WhenShown(lab)}. Amend that record instead.")
            : null;
    }
}
