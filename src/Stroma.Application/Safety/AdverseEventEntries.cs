using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Storage;

namespace Stroma.Application.Safety;

/// <summary>
/// Adverse events typed into forms: read with the safety file's rules (Core's <see cref="AdverseEventEntry"/>: the CTCAE term and the
/// grade that term has, seriousness, relatedness, outcome) in the site's time zone, and written through the same store call as
/// <c>stroma import safety</c> (the patient's infusion checked, the dates checked again, one transaction). An amendment is the versioned
/// one <c>stroma ae amend</c> makes (the event keeps its id; its version goes up, with who, when and why, and the audit trail keeps
/// the row before and after); a retraction is <see cref="Course.CourseEntries.RetractAsync"/>. Every issue is located at its form field.
/// </summary>
public static class AdverseEventEntries
{
    /// <summary>Records a new adverse event for the patient.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="now">The present (records may not be dated later than now plus a day).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<AdverseEvent>> RecordAsync(StromaStore store, PatientId patientId, AdverseEventFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await ContextAsync(store, patientId, now, ct) is not ({ } zone, { } window))
        {
            return ReadResult.Failed<AdverseEvent>([LabCsvIssues.NoSuchPatient(patientId)]);
        }

        var id = "ae-" + Guid.NewGuid().ToString("N")[..12];
        var read = AdverseEventEntry.Read(id, fields, zone, window);
        if (read.Value is not { } e || read.HasErrors)
        {
            return read;
        }

        var form = new KeptForm<AdverseEventFields>("adverse-event", patientId, id, zone, null, fields).ToInput();
        var saved = await store.SaveCellTherapyRecordAsync(patientId, [e], [], [], KeptInput.Form(form), ct);
        var issues = read.Issues.Concat(saved.Issues.Select(Located)).ToList();
        return saved.HasErrors ? ReadResult.Failed<AdverseEvent>(issues) : ReadResult.Of(e, issues);
    }

    /// <summary>Amends a stored adverse event with a reason (term, grade, resolution, seriousness, relatedness, outcome).</summary>
    public static async Task<ReadResult<AdverseEvent>> AmendAsync(StromaStore store, PatientId patientId, string eventId, AdverseEventFields fields, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await ContextAsync(store, patientId, now, ct) is not ({ } zone, { } window))
        {
            return ReadResult.Failed<AdverseEvent>([LabCsvIssues.NoSuchPatient(patientId)]);
        }

        if (await LoadAsync(store, patientId, eventId, ct) is not { } current)
        {
            return ReadResult.Failed<AdverseEvent>([Issue.Error(CorrectionIssues.UnknownRecord, "id", $"Expected an adverse event stored for {patientId}; found no '{eventId}' (retracted, or never stored).")]);
        }

        var amendment = AdverseEventEntry.ReadAmendment(current, fields, reason, zone, window);
        if (amendment.Value is not { } a || amendment.HasErrors)
        {
            return ReadResult.Failed<AdverseEvent>(amendment.Issues);
        }

        var saved = await store.AmendAdverseEventAsync(patientId, eventId, a, new KeptForm<AdverseEventFields>("adverse-event", patientId, eventId, zone, reason, fields).ToInput(), ct);
        return saved.HasErrors ? ReadResult.Failed<AdverseEvent>([.. saved.Issues.Select(Located)]) : saved;
    }

    /// <summary>A stored adverse event of the patient, or null.</summary>
    public static async Task<AdverseEvent?> LoadAsync(StromaStore store, PatientId patientId, string eventId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.LoadCellTherapyRecordAsync(patientId, ct)).AdverseEvents.FirstOrDefault(e => e.Id == eventId);
    }

    private static async Task<(string? Zone, RecordWindow Window)?> ContextAsync(StromaStore store, PatientId patientId, DateTimeOffset now, CancellationToken ct) =>
        await store.BirthDateAsync(patientId, ct) is { } birth ? (await store.LoadSettingAsync(SiteTime.Setting, ct) ?? string.Empty, new RecordWindow(birth, now)) : null;


    // The store locates its issues by record ("infusion i1", "adverse event ae-1 onset"); the form by field.
    private static Issue Located(Issue issue) => issue with
    {
        Location = issue.Location switch
        {
            var l when l.StartsWith("infusion ", StringComparison.Ordinal) => "infusionId",
            var l when l.EndsWith(" onset", StringComparison.Ordinal) => "onset",
            var l when l.EndsWith(" resolved", StringComparison.Ordinal) => "resolved",
            _ => AdverseEventEntry.FieldOf(issue),
        },
    };
}
