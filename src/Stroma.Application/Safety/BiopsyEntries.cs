using Stroma.Application.Course;
using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Safety;

/// <summary>
/// Biopsy reports typed into forms: read with the safety file's rules (Core's <see cref="BiopsyEntry"/>: Banff scores, the FSGS lesions
/// whose counts give the Columbia variant, adequacy counts, EM effacement) in the site's time zone; a new report written through the
/// same store call as <c>stroma import safety</c>, an amendment with a reason through the generic correction (before and after in the
/// audit trail, the reason in <c>record_corrections</c>), a retraction through <see cref="Course.CourseEntries.RetractAsync"/>.
/// </summary>
public static class BiopsyEntries
{
    /// <summary>Records a new biopsy report for the patient.</summary>
    public static async Task<ReadResult<BiopsyReport>> RecordAsync(StromaStore store, PatientId patientId, BiopsyFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var id = "bx-" + Guid.NewGuid().ToString("N")[..12];
        var (read, zone) = await ReadAsync(store, patientId, id, fields, now, null, ct);
        if (read.Value is not { } report || read.HasErrors)
        {
            return read;
        }

        var form = new KeptForm<BiopsyFields>("biopsy", patientId, id, zone, null, fields).ToInput();
        var saved = await store.SaveCellTherapyRecordAsync(patientId, [], [], [report], KeptInput.Form(form), ct);
        return saved.HasErrors ? ReadResult.Failed<BiopsyReport>([.. saved.Issues.Select(i => i with { Location = "takenAt" })]) : read;
    }

    /// <summary>Amends a stored biopsy report with a reason (its id and STR sample link stay).</summary>
    public static async Task<ReadResult<RecordCorrection>> AmendAsync(StromaStore store, PatientId patientId, string biopsyId, BiopsyFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var current = await store.LoadBiopsyAsync(patientId, biopsyId, ct);
        var (read, zone) = await ReadAsync(store, patientId, biopsyId, fields, now, current?.StrSampleId, ct);
        var issues = read.Issues.Where(i => i.Severity == Severity.Error).ToList();
        if (RecordCorrection.CheckReason(reason, "amend") is { } badReason)
        {
            issues.Add(badReason);
        }

        return issues.Count > 0 || read.Value is not { } report ? ReadResult.Failed<RecordCorrection>(issues) : await store.AmendBiopsyAsync(patientId, report, reason, new KeptForm<BiopsyFields>("biopsy", patientId, biopsyId, zone, reason, fields).ToInput(), ct);
    }

    private static async Task<(ReadResult<BiopsyReport> Read, string? Zone)> ReadAsync(StromaStore store, PatientId patientId, string id, BiopsyFields fields, DateTimeOffset now, string? strSampleId, CancellationToken ct)
    {
        if (await store.BirthDateAsync(patientId, ct) is not { } birth)
        {
            return (ReadResult.Failed<BiopsyReport>([LabCsvIssues.NoSuchPatient(patientId)]), null);
        }

        var zone = await store.LoadSettingAsync(SiteTime.Setting, ct);
        return (BiopsyEntry.Read(id, fields, zone, new RecordWindow(birth, now), strSampleId), zone);
    }
}
