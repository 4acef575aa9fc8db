using Stroma.Storage;

namespace Stroma.Web.Features.Records;

/// <summary>The addresses of a patient's records of every kind: the word each kind has in a path, and its add, amend and trail pages.</summary>
public static class RecordPaths
{
    private static readonly Dictionary<PatientRecordKind, string> Words = new()
    {
        [PatientRecordKind.LabResult] = "labs",
        [PatientRecordKind.PlasmaExchange] = "plasma-exchanges",
        [PatientRecordKind.Drug] = "drugs",
        [PatientRecordKind.ClinicalEvent] = "events",
        [PatientRecordKind.AdverseEvent] = "adverse-events",
        [PatientRecordKind.Biopsy] = "biopsies",
        [PatientRecordKind.Infusion] = "infusions",
        [PatientRecordKind.ArrayRun] = "arrays",
        [PatientRecordKind.StrResult] = "str-results",
    };

    /// <summary>The kind's word in paths (<c>plasma-exchanges</c>).</summary>
    public static string WordOf(PatientRecordKind kind) => Words[kind];

    /// <summary>The kind a path's word names, or null.</summary>
    public static PatientRecordKind? KindOf(string? word) =>
        Words.FirstOrDefault(w => string.Equals(w.Value, word, StringComparison.Ordinal)) is { Value: not null } found ? found.Key : null;

    /// <summary>The patient's page, at the kind's section.</summary>
    public static string Section(string patientId, PatientRecordKind kind) => $"/patients/{Uri.EscapeDataString(patientId)}#{WordOf(kind)}";

    /// <summary>The form that adds a record of the kind.</summary>
    public static string New(string patientId, PatientRecordKind kind) => $"/patients/{Uri.EscapeDataString(patientId)}/{WordOf(kind)}/new";

    /// <summary>The form that amends or retracts a record.</summary>
    public static string Amend(string patientId, PatientRecordKind kind, string recordId) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/{WordOf(kind)}/{Uri.EscapeDataString(recordId)}/amend";

    /// <summary>
    /// The audit trail of a record. A lab result's is its own, older address (<c>/labs/{id}/trail</c>: links to it are kept in reports
    /// and bookmarks); every other kind's is <c>/trail/{kind}/{id}</c>, which a lab result also answers.
    /// </summary>
    public static string Trail(string patientId, PatientRecordKind kind, string recordId) => kind == PatientRecordKind.LabResult
        ? $"/patients/{Uri.EscapeDataString(patientId)}/labs/{Uri.EscapeDataString(recordId)}/trail"
        : $"/patients/{Uri.EscapeDataString(patientId)}/trail/{WordOf(kind)}/{Uri.EscapeDataString(recordId)}";

    /// <summary>The patient's page at a lab result's row, on the lab table's page that holds it (for a reader without the trail).</summary>
    public static string LabRow(string patientId, string labId) =>
        $"/patients/{Uri.EscapeDataString(patientId)}?lab={Uri.EscapeDataString(labId)}#lab-{Uri.EscapeDataString(labId)}";

    /// <summary>The form that imports a lab CSV.</summary>
    public static string LabImport(string patientId) => $"/patients/{Uri.EscapeDataString(patientId)}/labs/import";

    /// <summary>The patient's page after a record was entered or amended: the record's row highlighted, a notice above the sections.</summary>
    public static string Saved(string patientId, PatientRecordKind kind, string recordId) =>
        $"/patients/{Uri.EscapeDataString(patientId)}?entered={Uri.EscapeDataString(recordId)}#{WordOf(kind)}-{Uri.EscapeDataString(recordId)}";
}
