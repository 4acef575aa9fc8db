using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>
/// Plasma exchange sessions, drugs and clinical events entered and amended one at a time (the web app's forms); each write one audited
/// transaction, refused whole. Retraction is <see cref="RetractRecordAsync"/>, the trail <see cref="LoadTrailAsync"/>.
/// </summary>
public sealed partial class StromaStore
{
    /// <summary>One stored plasma exchange session, or null.</summary>
    public async Task<PlasmaExchangeSession?> LoadPlasmaExchangeAsync(string patientId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.PlasmaExchanges.AsNoTracking().SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == sessionId, cancellationToken);
        return row is null ? null : CourseRows.FromRow(row);
    }

    /// <summary>One stored drug, or null.</summary>
    public async Task<DrugExposure?> LoadDrugAsync(string patientId, string drugId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.Drugs.AsNoTracking().SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == drugId, cancellationToken);
        return row is null ? null : CourseRows.FromRow(row);
    }

    /// <summary>One stored clinical event, or null.</summary>
    public async Task<ClinicalEvent?> LoadClinicalEventAsync(string patientId, string eventId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.ClinicalEvents.AsNoTracking().SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == eventId, cancellationToken);
        return row is null ? null : CourseRows.FromRow(row);
    }

    /// <summary>Adds a plasma exchange session (with the form it was typed into kept as its raw input); refused when the patient is unknown (LAB009) or the id is taken (COR006).</summary>
    public Task<ReadResult<PlasmaExchangeSession>> AddPlasmaExchangeAsync(string patientId, PlasmaExchangeSession session, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return AddRowAsync(PatientRecordKind.PlasmaExchange, CourseRows.ToRow(patientId, session), session, form, cancellationToken);
    }

    /// <summary>Amends a stored plasma exchange session (same id) with a reason; the trail keeps it before and after.</summary>
    public Task<ReadResult<RecordCorrection>> AmendPlasmaExchangeAsync(string patientId, PlasmaExchangeSession amended, string? reason, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amended);
        return AmendRowAsync(PatientRecordKind.PlasmaExchange, CourseRows.ToRow(patientId, amended), reason, NameOf(PatientRecordKind.PlasmaExchange), null, form, cancellationToken);
    }

    /// <summary>Adds a concomitant drug; refused when the patient is unknown (LAB009) or the id is taken (COR006).</summary>
    public Task<ReadResult<DrugExposure>> AddDrugAsync(string patientId, DrugExposure drug, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drug);
        return AddRowAsync(PatientRecordKind.Drug, CourseRows.ToRow(patientId, drug), drug, form, cancellationToken);
    }

    /// <summary>Amends a stored drug (same id) with a reason; the trail keeps it before and after.</summary>
    public Task<ReadResult<RecordCorrection>> AmendDrugAsync(string patientId, DrugExposure amended, string? reason, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amended);
        return AmendRowAsync(PatientRecordKind.Drug, CourseRows.ToRow(patientId, amended), reason, NameOf(PatientRecordKind.Drug), null, form, cancellationToken);
    }

    /// <summary>Adds a clinical event; refused when the patient is unknown (LAB009) or the id is taken (COR006).</summary>
    public Task<ReadResult<ClinicalEvent>> AddClinicalEventAsync(string patientId, ClinicalEvent clinicalEvent, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinicalEvent);
        return AddRowAsync(PatientRecordKind.ClinicalEvent, CourseRows.ToRow(patientId, clinicalEvent), clinicalEvent, form, cancellationToken);
    }

    /// <summary>Amends a stored clinical event (same id) with a reason; the trail keeps it before and after.</summary>
    public Task<ReadResult<RecordCorrection>> AmendClinicalEventAsync(string patientId, ClinicalEvent amended, string? reason, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amended);
        return AmendRowAsync(PatientRecordKind.ClinicalEvent, CourseRows.ToRow(patientId, amended), reason, NameOf(PatientRecordKind.ClinicalEvent), null, form, cancellationToken);
    }

    // A new row of a patient: the patient must be stored and the id free (both checked under the writers' lock).
    private Task<ReadResult<T>> AddRowAsync<TRow, T>(PatientRecordKind kind, TRow row, T value, Core.RawInput? form, CancellationToken cancellationToken)
        where TRow : class, IPatientRow =>
        WriteAsync(async db =>
        {
            if (!await db.Patients.AnyAsync(p => p.Id == row.PatientId, cancellationToken))
            {
                return ReadResult.Failed<T>([LabCsvIssues.NoSuchPatient(row.PatientId)]);
            }

            if (await db.Set<TRow>().AnyAsync(r => EF.Property<string>(r, nameof(IPatientRow.PatientId)) == row.PatientId && EF.Property<string>(r, nameof(IPatientRow.Id)) == row.Id, cancellationToken))
            {
                return ReadResult.Failed<T>([Issue.Error(CorrectionIssues.IdTaken, "id", $"Expected a new {NameOf(kind)} id for {row.PatientId}; '{row.Id}' is already stored.")]);
            }

            db.Add(row);
            await KeepInputAsync(db, form, "application/json", "add", [(TableOf(kind), RecordKey(row.PatientId, row.Id))], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(value);
        }, cancellationToken);
}

/// <summary>Biopsy reports amended one at a time (the web app's form); a new one is stored as the safety import stores it.</summary>
public sealed partial class StromaStore
{
    /// <summary>One stored biopsy report, or null.</summary>
    public async Task<Core.Biopsy.BiopsyReport?> LoadBiopsyAsync(string patientId, string biopsyId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.Biopsies.AsNoTracking().SingleOrDefaultAsync(r => r.PatientId == patientId && r.Id == biopsyId, cancellationToken);
        return row is null ? null : System.Text.Json.JsonSerializer.Deserialize<Core.Biopsy.BiopsyReport>(row.ReportJson, CellTherapy.CellTherapyModel.Json);
    }

    /// <summary>
    /// Amends a stored biopsy report (same id) with a reason: the report's row changes (its Banff version the current one), the trail keeps
    /// it before and after, the reason beside it. The caller has checked the report (<see cref="Core.Biopsy.BiopsyReport.Validate"/>).
    /// </summary>
    public Task<ReadResult<RecordCorrection>> AmendBiopsyAsync(string patientId, Core.Biopsy.BiopsyReport amended, string? reason, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amended);
        var (at, offset) = CourseRows.Split(amended.TakenAt);
        var row = new CellTherapy.BiopsyRow
        {
            Id = amended.Id, PatientId = patientId, TakenAtUtc = at, TakenAtOffsetMinutes = offset, BanffVersion = Core.Biopsy.Banff.Version, StrSampleId = amended.StrSampleId,
            ReportJson = System.Text.Json.JsonSerializer.Serialize(amended, CellTherapy.CellTherapyModel.Json),
        };
        return AmendRowAsync(PatientRecordKind.Biopsy, row, reason, NameOf(PatientRecordKind.Biopsy), null, form, cancellationToken);
    }
}
