using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Labs;

/// <summary>What a lab entry or amendment wrote.</summary>
/// <param name="Lab">The lab result as stored.</param>
/// <param name="Correction">The correction (amendments), else null.</param>
public sealed record LabEntryResult(LabResult Lab, RecordCorrection? Correction);

/// <summary>What a correction finds under a lab id: the stored result, or the retraction that removed it, or neither.</summary>
/// <param name="PatientKnown">Whether the patient is stored.</param>
/// <param name="Lab">The stored result, or null.</param>
/// <param name="Retracted">When the result was retracted: the error saying by whom, when and why (COR004); otherwise null.</param>
public sealed record LabToCorrect(bool PatientKnown, LabResult? Lab, Issue? Retracted);

/// <summary>
/// One lab result typed into a form: read with the lab CSV's rules (Core's <see cref="LabEntry"/>) in the site's time zone, kept with the
/// form as its raw input, and written in one transaction by the acting user's store. Amendments and retractions carry a reason.
/// </summary>
public static class LabEntries
{
    /// <summary>Records a new lab result for the patient.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="now">The present (records may not be dated later than now plus a day).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<LabEntryResult>> RecordAsync(StromaStore store, PatientId patientId, LabEntryFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var read = await ReadAsync(store, patientId, NewId(), fields, null, now, ct);
        if (read.Lab is not { } lab || read.Form is not { } form)
        {
            return ReadResult.Failed<LabEntryResult>(read.Issues);
        }

        var saved = await Kept(store, patientId, await store.AddLabAsync(patientId, lab, form, ct), ct);
        return saved.HasErrors ? ReadResult.Failed<LabEntryResult>(saved.Issues) : ReadResult.Of(new LabEntryResult(lab, null), read.Issues);
    }

    /// <summary>Amends a stored lab result with a reason (the id stays; before and after go to the audit trail).</summary>
    public static async Task<ReadResult<LabEntryResult>> AmendAsync(StromaStore store, PatientId patientId, string labId, LabEntryFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);

        // A retracted result is refused as such first: the form's other problems would not help with a record that is gone.
        if (await store.LoadLabAsync(patientId, labId, ct) is null && await RetractionAsync(store, patientId, labId, "id", ct) is { } retracted)
        {
            return ReadResult.Failed<LabEntryResult>([retracted]);
        }

        var read = await ReadAsync(store, patientId, labId, fields, reason, now, ct);
        if (read.Lab is not { } lab || read.Form is not { } form)
        {
            return ReadResult.Failed<LabEntryResult>(read.Issues);
        }

        var saved = await Kept(store, patientId, await store.AmendLabAsync(patientId, lab, reason, form, ct), ct);
        return saved.Value is { } correction && !saved.HasErrors
            ? ReadResult.Of(new LabEntryResult(lab, correction), read.Issues)
            : ReadResult.Failed<LabEntryResult>(await ExplainRetractedAsync(store, patientId, labId, saved.Issues, ct));
    }

    /// <summary>Retracts a stored lab result with a reason; a result retracted before is refused with who retracted it, when and why (COR004).</summary>
    public static async Task<ReadResult<RecordCorrection>> RetractAsync(StromaStore store, PatientId patientId, string labId, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = await Kept(store, patientId, await store.RetractLabAsync(patientId, labId, reason, ct), ct);
        return result.HasErrors ? ReadResult.Failed<RecordCorrection>(await ExplainRetractedAsync(store, patientId, labId, result.Issues, ct)) : result;
    }

    /// <summary>What a correction form finds under <paramref name="labId"/>: the result, or its retraction, or nothing.</summary>
    public static async Task<LabToCorrect> FindAsync(StromaStore store, PatientId patientId, string labId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!await store.PatientExistsAsync(patientId, ct))
        {
            return new LabToCorrect(false, null, null);
        }

        return await store.LoadLabAsync(patientId, labId, ct) is { } lab
            ? new LabToCorrect(true, lab, null)
            : new LabToCorrect(true, null, await RetractionAsync(store, patientId, labId, "id", ct));
    }

    /// <summary>The site's zone (setting <see cref="SiteTime.Setting"/>) for showing times, or null when none (then times are shown in UTC, saying so).</summary>
    public static async Task<TimeZoneInfo?> SiteZoneAsync(StromaStore store, CancellationToken ct) =>
        SiteTime.Zone(await SiteTimeZoneAsync(store, ct), SiteTime.Setting).Value;

    // An unknown record (COR001) that was retracted: the error says so, by whom and when, instead of "never stored".
    private static async Task<IReadOnlyList<Issue>> ExplainRetractedAsync(StromaStore store, PatientId patientId, string labId, IReadOnlyList<Issue> issues, CancellationToken ct)
    {
        if (issues.FirstOrDefault(i => i.Code == CorrectionIssues.UnknownRecord) is not { } unknown
            || await RetractionAsync(store, patientId, labId, unknown.Location, ct) is not { } retracted)
        {
            return issues;
        }

        return [.. issues.Select(i => i == unknown ? retracted : i)];
    }

    private static async Task<Issue?> RetractionAsync(StromaStore store, PatientId patientId, string labId, string location, CancellationToken ct)
    {
        var retraction = (await store.LoadCorrectionsAsync(patientId, StromaStore.LabTable, labId, ct)).LastOrDefault(c => c.Action == "retract");
        return retraction is null ? null : LabAmendment.Retracted(retraction, location, await SiteZoneAsync(store, ct));
    }

    /// <summary>
    /// Imports a lab CSV for the patient (every row or none; the file kept under its SHA-256), as <c>stroma import labs</c> and the
    /// web app's upload do.
    /// </summary>
    public static async Task<ReadResult<LabImport>> ImportCsvAsync(StromaStore store, PatientId patientId, Core.RawInput file, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await Kept(store, patientId, await store.ImportLabsAsync(patientId, file, progress, ct), ct);
    }

    // After an accepted write, the derived eGFR values follow the labs they come from (readers never write them).
    private static async Task<ReadResult<T>> Kept<T>(StromaStore store, PatientId patientId, ReadResult<T> written, CancellationToken ct)
    {
        if (!written.HasErrors)
        {
            await CaseReports.KeepDerivedAsync(store, patientId, ct);
        }

        return written;
    }

    /// <summary>The site's time zone id (setting <see cref="SiteTime.Setting"/>), or null when none is set.</summary>
    public static Task<string?> SiteTimeZoneAsync(StromaStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LoadSettingAsync(SiteTime.Setting, ct);
    }

    private static string NewId() => "lab-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<(LabResult? Lab, IReadOnlyList<Issue> Issues, Core.RawInput? Form)> ReadAsync(
        StromaStore store, PatientId patientId, string id, LabEntryFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (await store.BirthDateAsync(patientId, ct) is not { } birth)
        {
            return (null, [LabCsvIssues.NoSuchPatient(patientId)], null);
        }

        var zone = await SiteTimeZoneAsync(store, ct);

        // The form as typed is the raw input: kept under its hash, so the stored value can be traced to what was entered.
        var form = new KeptForm<LabEntryFields>("lab", patientId, id, zone, reason, fields).ToInput();
        var read = LabEntry.Read(id, fields, zone, new RecordWindow(birth, now), form.Sha256);
        return (read.HasErrors ? null : read.Value, read.Issues, form);
    }
}
