using Stroma.Core.Course;
using Stroma.Storage.Audit;

namespace Stroma.Storage;

/// <summary>The kinds of a patient's records that are entered one at a time, corrected with a reason and shown with their trail.</summary>
public enum PatientRecordKind
{
    /// <summary>A lab result (<c>lab_results</c>).</summary>
    LabResult,

    /// <summary>A plasma exchange session (<c>plasma_exchanges</c>).</summary>
    PlasmaExchange,

    /// <summary>A concomitant drug (<c>drugs</c>).</summary>
    Drug,

    /// <summary>A dated clinical event (<c>clinical_events</c>).</summary>
    ClinicalEvent,

    /// <summary>An adverse event (<c>adverse_events</c>).</summary>
    AdverseEvent,

    /// <summary>A biopsy report (<c>biopsies</c>).</summary>
    Biopsy,

    /// <summary>An MSC infusion (<c>msc_infusions</c>), recorded through the gate only.</summary>
    Infusion,

    /// <summary>A membrane array run (<c>array_runs</c>, with its analytes' results), uploaded and placed on its own pages; not retracted.</summary>
    ArrayRun,

    /// <summary>
    /// A kept STR sample's result (<c>str_samples</c>): the sample with its chimerism results and the reviews of its calls and of its
    /// references' calls; reviewed and signed on its own page, locked when signed; not retracted.
    /// </summary>
    StrResult,
}

/// <summary>The trail of one record: its audit entries, oldest first, and the reasons of its corrections.</summary>
/// <param name="Kind">The record's kind.</param>
/// <param name="Table">Its table.</param>
/// <param name="RecordId">Its id (the patient's own).</param>
/// <param name="Entries">Every audit entry about its row, oldest first.</param>
/// <param name="Corrections">Its amendments and retraction, oldest first, each paired with its entries by <see cref="RecordCorrection.TrailAt"/>.</param>
public sealed record RecordTrail(PatientRecordKind Kind, string Table, string RecordId, IReadOnlyList<AuditEntryRow> Entries, IReadOnlyList<RecordCorrection> Corrections)
{
    /// <summary>The raw inputs the record was written from (the form typed for it, each amendment's, the file it came in), oldest first.</summary>
    public IReadOnlyList<RecordInput> Inputs { get; init; } = [];

    /// <summary>
    /// The reason kept with an entry, or null (an insert, or a change without a kept reason). An adverse event's amendment keeps its
    /// reason in its own versioned row (<c>AmendmentReason</c>, as <c>stroma ae amend</c> writes it), so it is read from the row after.
    /// </summary>
    public string? ReasonOf(AuditEntryRow entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Action == "insert")
        {
            return null;
        }

        if (Corrections.FirstOrDefault(c => c.TrailAt == entry.AtUtc) is { } correction)
        {
            return correction.Reason;
        }

        if (Kind != PatientRecordKind.AdverseEvent || entry.Action != "update" || entry.After is null)
        {
            return null;
        }

        using var after = System.Text.Json.JsonDocument.Parse(entry.After);
        return after.RootElement.TryGetProperty(nameof(CellTherapy.AdverseEventRow.AmendmentReason), out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String
            ? reason.GetString()
            : null;
    }
}

public sealed partial class StromaStore
{
    /// <summary>The table a kind of record is kept in (audit entries and corrections name it).</summary>
    public static string TableOf(PatientRecordKind kind) => kind switch
    {
        PatientRecordKind.LabResult => LabTable,
        PatientRecordKind.PlasmaExchange => "plasma_exchanges",
        PatientRecordKind.Drug => "drugs",
        PatientRecordKind.ClinicalEvent => "clinical_events",
        PatientRecordKind.AdverseEvent => "adverse_events",
        PatientRecordKind.Biopsy => "biopsies",
        PatientRecordKind.Infusion => "msc_infusions",
        PatientRecordKind.ArrayRun => ArrayRunTable,
        PatientRecordKind.StrResult => StrSampleTable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of patient record."),
    };

    /// <summary>A kind of record in words, for messages ("plasma exchange session").</summary>
    public static string NameOf(PatientRecordKind kind) => kind switch
    {
        PatientRecordKind.LabResult => "lab result",
        PatientRecordKind.PlasmaExchange => "plasma exchange session",
        PatientRecordKind.Drug => "drug",
        PatientRecordKind.ClinicalEvent => "clinical event",
        PatientRecordKind.AdverseEvent => "adverse event",
        PatientRecordKind.Biopsy => "biopsy",
        PatientRecordKind.Infusion => "MSC infusion",
        PatientRecordKind.ArrayRun => "membrane array run",
        PatientRecordKind.StrResult => "STR result",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of patient record."),
    };
}
