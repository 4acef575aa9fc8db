using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Storage.Audit;
using Stroma.Storage.CellTherapy;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>A patient's safety record and biopsies.</summary>
/// <param name="AdverseEvents">Adverse events.</param>
/// <param name="Vitals">Vital signs.</param>
/// <param name="Biopsies">Biopsy reports.</param>
public sealed record StoredCellTherapyRecord(ImmutableArray<AdverseEvent> AdverseEvents, ImmutableArray<VitalSigns> Vitals, ImmutableArray<BiopsyReport> Biopsies);

/// <summary>What a safety import wrote, and what it found already stored as given (kept, not written twice).</summary>
/// <param name="AdverseEvents">Adverse events written.</param>
/// <param name="Vitals">Vital-sign sets written.</param>
/// <param name="Biopsies">Biopsies written.</param>
/// <param name="Unchanged">Records already stored exactly as given.</param>
public sealed record SafetyImport(int AdverseEvents, int Vitals, int Biopsies, int Unchanged);

/// <summary>One version of an adverse event, from the audit trail: who, when, why, and the event as it then stood.</summary>
/// <param name="Version">1 as recorded, then one more per amendment.</param>
/// <param name="Action">"insert" or "update".</param>
/// <param name="Actor">Who.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Reason">The amendment's reason (null for the first version).</param>
/// <param name="Event">The event as it stood.</param>
public sealed record AdverseEventVersion(int Version, string Action, string Actor, DateTimeOffset At, string? Reason, AdverseEvent Event);

/// <summary>Safety and biopsy records, scoped to their patient: every write one audited transaction, refused whole when anything is wrong.</summary>
public sealed partial class StromaStore
{
    /// <summary>A record already stored with other content (error): an AE is amended with <see cref="AmendAdverseEventAsync"/>, not re-imported.</summary>
    public const string AlreadyStored = "REC001";

    /// <summary>No such record of this patient (error).</summary>
    public const string UnknownRecord = "REC002";

    /// <summary>
    /// Stores adverse events, vital signs and biopsies of a patient; refused whole when any record is impossible. Ids are the patient's
    /// own (another patient's ae-1 is another record). A record already stored exactly as given is kept and counted as unchanged, so
    /// importing the same file again writes nothing; one stored with other content is refused (REC001). The <paramref name="source"/> (the
    /// file or the typed form) is kept, and each new record linked to it.
    /// </summary>
    public async Task<ReadResult<SafetyImport>> SaveCellTherapyRecordAsync(
        string patientId, IReadOnlyList<AdverseEvent> events, IReadOnlyList<VitalSigns> vitals, IReadOnlyList<BiopsyReport> biopsies, KeptInput? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(vitals);
        ArgumentNullException.ThrowIfNull(biopsies);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var saved = await AddCellTherapyRecordAsync(db, patientId, events, vitals, biopsies, source, cancellationToken);
        if (!saved.HasErrors)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    // The checks and the writes, inside the caller's transaction (which commits only when there is no error).
    // The source, when given, is kept and each new record linked to it.
    private async Task<ReadResult<SafetyImport>> AddCellTherapyRecordAsync(
        StromaContext db, string patientId, IReadOnlyList<AdverseEvent> events, IReadOnlyList<VitalSigns> vitals, IReadOnlyList<BiopsyReport> biopsies, KeptInput? source, CancellationToken cancellationToken)
    {
        var issues = events.SelectMany(e => e.Validate()).Concat(biopsies.SelectMany(b => b.Validate())).ToList();
        var birthDate = await db.Patients.Where(p => p.Id == patientId).Select(p => (DateOnly?)p.BirthDate).SingleOrDefaultAsync(cancellationToken);
        if (birthDate is null)
        {
            issues.Add(Issue.Error(UnknownLot, $"patient {patientId}", $"Expected a stored patient; {patientId} does not exist."));
        }
        else
        {
            issues.AddRange(SafetyDates.Check(new RecordWindow(birthDate, DateTimeOffset.UtcNow), events, vitals, biopsies));
        }

        // Vital signs and adverse events name an infusion of this patient; one that is not stored is a wrong id, not a new record.
        var infusions = (await db.Infusions.AsNoTracking().Where(i => i.PatientId == patientId).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        issues.AddRange(vitals.Select(v => v.InfusionId).Concat(events.Select(e => e.InfusionId).OfType<string>()).Distinct(StringComparer.Ordinal).Where(id => !infusions.Contains(id))
            .Select(id => Issue.Error(UnknownRecord, $"infusion {id}", $"Expected an infusion of {patientId} ({(infusions.Count == 0 ? "none is stored" : string.Join(", ", infusions.Order(StringComparer.Ordinal)))}); found '{id}'.")));
        var storedEvents = (await db.AdverseEvents.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var storedBiopsies = (await db.Biopsies.AsNoTracking().Where(b => b.PatientId == patientId).ToListAsync(cancellationToken)).ToDictionary(b => b.Id, StringComparer.Ordinal);
        var storedVitals = (await db.VitalSigns.AsNoTracking().Where(v => v.PatientId == patientId).ToListAsync(cancellationToken))
            .GroupBy(v => (v.InfusionId, v.AtUtc.UtcTicks)).ToDictionary(g => g.Key, g => g.First());
        var newEvents = events.Where(e => !storedEvents.ContainsKey(e.Id)).ToList();
        var newBiopsies = biopsies.Where(b => !storedBiopsies.ContainsKey(b.Id)).ToList();
        var newVitals = vitals.Where(v => !storedVitals.ContainsKey((v.InfusionId, v.At.UtcTicks))).ToList();
        foreach (var e in events.Where(e => storedEvents.TryGetValue(e.Id, out var row) && row.RecordJson != JsonSerializer.Serialize(e, CellTherapyModel.Json)))
        {
            var row = storedEvents[e.Id];
            issues.Add(Issue.Error(AlreadyStored, $"adverse event {e.Id}",
                $"Expected {e.Id} as stored or a new id; it is stored for {patientId} with other content (version {row.Version}). An adverse event is amended with 'stroma ae amend', with a reason, not re-imported."));
        }

        issues.AddRange(biopsies.Where(b => storedBiopsies.TryGetValue(b.Id, out var row) && row.ReportJson != JsonSerializer.Serialize(b, CellTherapyModel.Json))
            .Select(b => Issue.Error(AlreadyStored, $"biopsy {b.Id}", $"Expected {b.Id} as stored or a new id; it is stored for {patientId} with other content.")));
        issues.AddRange(vitals.Where(v => storedVitals.TryGetValue((v.InfusionId, v.At.UtcTicks), out var row) && !SameVitals(row, v))
            .Select(v => Issue.Error(AlreadyStored, $"vital signs {v.InfusionId} {v.At:O}", $"Expected the vital-sign set stored for {v.InfusionId} at {Core.Text.IsoTime.Shown(v.At)} or a new one; it is stored with other values.")));
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<SafetyImport>(issues);
        }

        db.AdverseEvents.AddRange(newEvents.Select(e =>
        {
            var (at, offset) = CourseRows.Split(e.Onset);
            return new AdverseEventRow { Id = e.Id, PatientId = patientId, Term = e.Term, Grade = e.Grade, Serious = e.IsSerious, OnsetUtc = at, OnsetOffsetMinutes = offset, RecordJson = JsonSerializer.Serialize(e, CellTherapyModel.Json) };
        }));
        db.VitalSigns.AddRange(newVitals.Select((v, i) =>
        {
            var (at, offset) = CourseRows.Split(v.At);
            return new VitalSignsRow
            {
                Id = FormattableString.Invariant($"{v.InfusionId}-v{at:yyyyMMddHHmmss}-{i}"), PatientId = patientId, InfusionId = v.InfusionId, AtUtc = at, AtOffsetMinutes = offset, Phase = v.Phase.ToString(),
                TemperatureC = v.TemperatureC, HeartRate = v.HeartRate, SystolicMmHg = v.SystolicMmHg, DiastolicMmHg = v.DiastolicMmHg, RespiratoryRate = v.RespiratoryRate, SpO2Percent = v.SpO2Percent,
            };
        }));
        db.Biopsies.AddRange(newBiopsies.Select(b =>
        {
            var (at, offset) = CourseRows.Split(b.TakenAt);
            return new BiopsyRow { Id = b.Id, PatientId = patientId, TakenAtUtc = at, TakenAtOffsetMinutes = offset, BanffVersion = Banff.Version, StrSampleId = b.StrSampleId, ReportJson = JsonSerializer.Serialize(b, CellTherapyModel.Json) };
        }));
        if (source is not null)
        {
            IEnumerable<(string, string)> written = [
                .. newEvents.Select(e => (TableOf(PatientRecordKind.AdverseEvent), RecordKey(patientId, e.Id))),
                .. newBiopsies.Select(b => (TableOf(PatientRecordKind.Biopsy), RecordKey(patientId, b.Id))),
                .. db.VitalSigns.Local.Select(v => ("vital_signs", RecordKey(patientId, v.Id))),
            ];
            await KeepInputAsync(db, source.Input, "application/json", source.Action, written, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var unchanged = events.Count - newEvents.Count + vitals.Count - newVitals.Count + biopsies.Count - newBiopsies.Count;
        return ReadResult.Of(new SafetyImport(newEvents.Count, newVitals.Count, newBiopsies.Count, unchanged), issues);
    }

    /// <summary>
    /// Amends a stored adverse event (<see cref="AdverseEventAmendment.Apply"/>: a reason, a change, and the checks a new event gets): the
    /// row changes, its version goes up by one and records who, when and why; the audit trail keeps the row before and after.
    /// </summary>
    public async Task<ReadResult<AdverseEvent>> AmendAdverseEventAsync(string patientId, string eventId, AdverseEventAmendment amendment, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var row = await db.AdverseEvents.SingleOrDefaultAsync(e => e.PatientId == patientId && e.Id == eventId, cancellationToken);
        if (row is null)
        {
            return ReadResult.Failed<AdverseEvent>([Issue.Error(UnknownRecord, $"adverse event {eventId}", $"Expected a stored adverse event of {patientId}; {eventId} is none.")]);
        }

        var amended = amendment.Apply(JsonSerializer.Deserialize<AdverseEvent>(row.RecordJson, CellTherapyModel.Json)!);
        if (amended.Value is not { } e || amended.HasErrors)
        {
            return amended;
        }

        row.Term = e.Term;
        row.Grade = e.Grade;
        row.Serious = e.IsSerious;
        row.RecordJson = JsonSerializer.Serialize(e, CellTherapyModel.Json);
        row.Version++;
        row.AmendedBy = Actor;
        row.AmendedAtUtc = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        row.AmendmentReason = amendment.Reason.Trim();
        await KeepInputAsync(db, form, "application/json", "amend", [(TableOf(PatientRecordKind.AdverseEvent), RecordKey(patientId, eventId))], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return amended;
    }

    /// <summary>
    /// Every version of an adverse event, oldest first, from the audit trail (empty when there is no such event). Entries written before
    /// ids were scoped to the patient carry the bare id as their key; they are found by it and by the patient in their row.
    /// </summary>
    public async Task<IReadOnlyList<AdverseEventVersion>> AdverseEventHistoryAsync(string patientId, string eventId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var key = $"{patientId}|{eventId}";
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TableName == "adverse_events" && (e.EntityKey == key || e.EntityKey == eventId) && e.After != null)
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return [.. entries.Select(e => (Entry: e, After: JsonDocument.Parse(e.After!)))
            .Where(x => x.After.RootElement.GetProperty(nameof(AdverseEventRow.PatientId)).GetString() == patientId)
            .Select(x => ToVersion(x.Entry, x.After))];
    }

    private static AdverseEventVersion ToVersion(AuditEntryRow entry, JsonDocument after)
    {
        using var document = after;
        var row = document.RootElement;
        var version = row.TryGetProperty(nameof(AdverseEventRow.Version), out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 1;
        var reason = row.TryGetProperty(nameof(AdverseEventRow.AmendmentReason), out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var record = JsonSerializer.Deserialize<AdverseEvent>(row.GetProperty(nameof(AdverseEventRow.RecordJson)).GetString()!, CellTherapyModel.Json)!;
        return new AdverseEventVersion(version, entry.Action, entry.Actor, entry.AtUtc, reason, record);
    }

    /// <summary>A patient's adverse events, vital signs and biopsies.</summary>
    public async Task<StoredCellTherapyRecord> LoadCellTherapyRecordAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        // Ordered here: SQLite cannot order by a DateTimeOffset column.
        var events = await db.AdverseEvents.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(cancellationToken);
        var vitals = await db.VitalSigns.AsNoTracking().Where(v => v.PatientId == patientId).ToListAsync(cancellationToken);
        var biopsies = await db.Biopsies.AsNoTracking().Where(b => b.PatientId == patientId).ToListAsync(cancellationToken);
        return new StoredCellTherapyRecord(
            [.. events.OrderBy(e => e.OnsetUtc).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => JsonSerializer.Deserialize<AdverseEvent>(e.RecordJson, CellTherapyModel.Json)!)],
            [.. vitals.OrderBy(v => v.AtUtc).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => new VitalSigns(v.InfusionId, CourseRows.Join(v.AtUtc, v.AtOffsetMinutes), Enum.Parse<InfusionPhase>(v.Phase), v.TemperatureC, v.HeartRate, v.SystolicMmHg, v.DiastolicMmHg, v.RespiratoryRate, v.SpO2Percent))],
            [.. biopsies.OrderBy(b => b.TakenAtUtc).Select(b => JsonSerializer.Deserialize<BiopsyReport>(b.ReportJson, CellTherapyModel.Json)!)]);
    }

    private static bool SameVitals(VitalSignsRow row, VitalSigns v) =>
        row.Phase == v.Phase.ToString() && row.AtOffsetMinutes == (int)v.At.Offset.TotalMinutes && row.TemperatureC == v.TemperatureC && row.HeartRate == v.HeartRate
        && row.SystolicMmHg == v.SystolicMmHg && row.DiastolicMmHg == v.DiastolicMmHg && row.RespiratoryRate == v.RespiratoryRate && row.SpO2Percent == v.SpO2Percent;
}
