using System.Text.Json;
using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Labs;

/// <summary>What a lab entry or amendment wrote.</summary>
/// <param name="Lab">The lab result as stored.</param>
/// <param name="Correction">The correction (amendments), else null.</param>
public sealed record LabEntryResult(LabResult Lab, RecordCorrection? Correction);

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
    public static async Task<ReadResult<LabEntryResult>> RecordAsync(StromaStore store, string patientId, LabEntryFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var read = await ReadAsync(store, patientId, NewId(), fields, now, ct);
        if (read.Lab is not { } lab)
        {
            return ReadResult.Failed<LabEntryResult>(read.Issues);
        }

        var saved = await Kept(store, patientId, await store.AddLabAsync(patientId, lab, read.FormName, read.Form, ct), ct);
        return saved.HasErrors ? ReadResult.Failed<LabEntryResult>(saved.Issues) : ReadResult.Of(new LabEntryResult(lab, null), read.Issues);
    }

    /// <summary>Amends a stored lab result with a reason (the id stays; before and after go to the audit trail).</summary>
    public static async Task<ReadResult<LabEntryResult>> AmendAsync(StromaStore store, string patientId, string labId, LabEntryFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var read = await ReadAsync(store, patientId, labId, fields, now, ct);
        if (read.Lab is not { } lab)
        {
            return ReadResult.Failed<LabEntryResult>(read.Issues);
        }

        var saved = await Kept(store, patientId, await store.AmendLabAsync(patientId, lab, reason, read.FormName, read.Form, ct), ct);
        return saved.Value is { } correction && !saved.HasErrors ? ReadResult.Of(new LabEntryResult(lab, correction), read.Issues) : ReadResult.Failed<LabEntryResult>(saved.Issues);
    }

    /// <summary>Retracts a stored lab result with a reason.</summary>
    public static async Task<ReadResult<RecordCorrection>> RetractAsync(StromaStore store, string patientId, string labId, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await Kept(store, patientId, await store.RetractLabAsync(patientId, labId, reason, ct), ct);
    }

    /// <summary>
    /// Imports a lab CSV for the patient (every row or none; the file kept under its SHA-256), as <c>stroma import labs</c> and the
    /// web app's upload do.
    /// </summary>
    public static async Task<ReadResult<LabImport>> ImportCsvAsync(StromaStore store, string patientId, string fileName, byte[] content, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await Kept(store, patientId, await store.ImportLabsAsync(patientId, fileName, content, progress, ct), ct);
    }

    // After an accepted write, the derived eGFR values follow the labs they come from (readers never write them).
    private static async Task<ReadResult<T>> Kept<T>(StromaStore store, string patientId, ReadResult<T> written, CancellationToken ct)
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

    private static async Task<(LabResult? Lab, IReadOnlyList<Issue> Issues, string FormName, byte[] Form)> ReadAsync(
        StromaStore store, string patientId, string id, LabEntryFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (await store.BirthDateAsync(patientId, ct) is not { } birth)
        {
            return (null, [Issue.Error(LabCsvIssues.UnknownPatient, "patient", $"Expected an existing patient id; found '{patientId}'.")], string.Empty, []);
        }

        var zone = await SiteTimeZoneAsync(store, ct);

        // The form as typed is the raw input: kept under its hash, so the stored value can be traced to what was entered.
        var form = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["patient"] = patientId, ["id"] = id, ["analyte"] = fields.Analyte, ["value"] = fields.Value, ["unit"] = fields.Unit,
            ["sampledAt"] = fields.SampledAt, ["timeZone"] = zone, ["specimen"] = fields.Specimen,
        });
        var sha = Storage.RawFiles.RawFileRow.HashOf(form);
        var read = LabEntry.Read(id, fields, zone, new RecordWindow(birth, now), sha);
        return (read.HasErrors ? null : read.Value, read.Issues, $"lab-form-{id}.json", form);
    }
}
