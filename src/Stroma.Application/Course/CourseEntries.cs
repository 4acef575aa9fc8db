using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Course;

/// <summary>
/// Plasma exchange sessions, drugs and clinical events typed into forms: read with the course document's rules (Core's
/// <see cref="CourseEntry"/>) in the site's time zone, against the patient's record window, and written in one transaction by the acting
/// user's store. Amendments and retractions carry a reason (<see cref="RecordCorrection.CheckReason"/>), kept in
/// <c>record_corrections</c> beside the audit trail's before and after. Every issue is located at its form field.
/// </summary>
public static class CourseEntries
{
    /// <summary>Records a new plasma exchange session, the form kept as its raw input.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="now">The present (records may not be dated later than now plus a day).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<PlasmaExchangeSession>> RecordPlasmaExchangeAsync(StromaStore store, PatientId patientId, PlasmaExchangeFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var id = NewId("pe");
        var (read, zone) = await ReadAsync(store, patientId, now, null, (zone, window) => CourseEntry.ReadPlasmaExchange(id, fields, zone, window), ct);
        return read.Value is { } session ? await store.AddPlasmaExchangeAsync(patientId, session, new KeptForm<PlasmaExchangeFields>("plasma-exchange", patientId, id, zone, null, fields).ToInput(), ct) : read;
    }

    /// <summary>Amends a stored plasma exchange session with a reason (the id stays; before and after go to the audit trail; the form is kept).</summary>
    public static async Task<ReadResult<RecordCorrection>> AmendPlasmaExchangeAsync(StromaStore store, PatientId patientId, string sessionId, PlasmaExchangeFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var (read, zone) = await ReadAsync(store, patientId, now, RecordCorrection.CheckReason(reason, "amend"), (zone, window) => CourseEntry.ReadPlasmaExchange(sessionId, fields, zone, window), ct);
        return read.Value is { } session
            ? await store.AmendPlasmaExchangeAsync(patientId, session, reason, new KeptForm<PlasmaExchangeFields>("plasma-exchange", patientId, sessionId, zone, reason, fields).ToInput(), ct)
            : ReadResult.Failed<RecordCorrection>(read.Issues);
    }

    /// <summary>Records a new concomitant drug, the form kept as its raw input.</summary>
    public static async Task<ReadResult<DrugExposure>> RecordDrugAsync(StromaStore store, PatientId patientId, DrugFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var id = NewId("drug");
        var (read, zone) = await ReadAsync(store, patientId, now, null, (_, window) => CourseEntry.ReadDrug(id, fields, window), ct);
        return read.Value is { } drug ? await store.AddDrugAsync(patientId, drug, new KeptForm<DrugFields>("drug", patientId, id, zone, null, fields).ToInput(), ct) : read;
    }

    /// <summary>Amends a stored drug with a reason (the form kept).</summary>
    public static async Task<ReadResult<RecordCorrection>> AmendDrugAsync(StromaStore store, PatientId patientId, string drugId, DrugFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var (read, zone) = await ReadAsync(store, patientId, now, RecordCorrection.CheckReason(reason, "amend"), (_, window) => CourseEntry.ReadDrug(drugId, fields, window), ct);
        return read.Value is { } drug
            ? await store.AmendDrugAsync(patientId, drug, reason, new KeptForm<DrugFields>("drug", patientId, drugId, zone, reason, fields).ToInput(), ct)
            : ReadResult.Failed<RecordCorrection>(read.Issues);
    }

    /// <summary>Records a new clinical event, the form kept as its raw input.</summary>
    public static async Task<ReadResult<ClinicalEvent>> RecordEventAsync(StromaStore store, PatientId patientId, ClinicalEventFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var id = NewId("event");
        var (read, zone) = await ReadAsync(store, patientId, now, null, (zone, window) => CourseEntry.ReadEvent(id, fields, zone, window), ct);
        return read.Value is { } clinicalEvent ? await store.AddClinicalEventAsync(patientId, clinicalEvent, new KeptForm<ClinicalEventFields>("event", patientId, id, zone, null, fields).ToInput(), ct) : read;
    }

    /// <summary>Amends a stored clinical event with a reason (the form kept).</summary>
    public static async Task<ReadResult<RecordCorrection>> AmendEventAsync(StromaStore store, PatientId patientId, string eventId, ClinicalEventFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var (read, zone) = await ReadAsync(store, patientId, now, RecordCorrection.CheckReason(reason, "amend"), (zone, window) => CourseEntry.ReadEvent(eventId, fields, zone, window), ct);
        return read.Value is { } clinicalEvent
            ? await store.AmendClinicalEventAsync(patientId, clinicalEvent, reason, new KeptForm<ClinicalEventFields>("event", patientId, eventId, zone, reason, fields).ToInput(), ct)
            : ReadResult.Failed<RecordCorrection>(read.Issues);
    }

    /// <summary>
    /// Retracts a stored record of any kind but an MSC infusion with a reason: it leaves the patient's record; the trail keeps it and
    /// the reason. Refused with nothing written when the reason is missing (COR002) or the record is not stored (COR001).
    /// </summary>
    public static Task<ReadResult<RecordCorrection>> RetractAsync(StromaStore store, PatientId patientId, PatientRecordKind kind, string recordId, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return kind == PatientRecordKind.Infusion
            ? Task.FromResult(ReadResult.Failed<RecordCorrection>([Issue.Error(CorrectionIssues.UnknownRecord, "id",
                $"Expected a record that can be retracted; MSC infusion '{recordId}' was recorded through the gate and its bag's custody records it as infused.")]))
            : store.RetractRecordAsync(patientId, kind, recordId, reason, ct);
    }

    /// <summary>The trail of one record of the patient: its audit entries and the reasons of its corrections.</summary>
    public static Task<RecordTrail> TrailAsync(StromaStore store, PatientId patientId, PatientRecordKind kind, string recordId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LoadTrailAsync(patientId, kind, recordId, ct);
    }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    // The form read against the patient's window and the site's zone (returned with it, for the kept form); an amendment's reason checked
    // with it, so every problem shows at once.
    private static async Task<(ReadResult<T> Read, string? Zone)> ReadAsync<T>(StromaStore store, PatientId patientId, DateTimeOffset now, Issue? badReason, Func<string?, RecordWindow, ReadResult<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.BirthDateAsync(patientId, ct) is not { } birth)
        {
            return (ReadResult.Failed<T>([LabCsvIssues.NoSuchPatient(patientId)]), null);
        }

        var zone = await store.LoadSettingAsync(SiteTime.Setting, ct);
        var result = read(zone, new RecordWindow(birth, now));
        return (badReason is null ? result : ReadResult.Failed<T>([.. result.Issues, badReason]), zone);
    }
}
