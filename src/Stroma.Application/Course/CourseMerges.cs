using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Course;

/// <summary>
/// Imports a course read from an exchange document (FHIR) in one transaction: a new patient with everything, or the records a stored
/// patient does not have yet (ids decide, so a second import adds nothing); the raw document is kept under its SHA-256, the audit trail
/// records every row, and the derived eGFR values follow the imported labs.
/// </summary>
public static class CourseMerges
{
    /// <summary>Writes the course (see <c>StromaStore.MergeCourseAsync</c>) and keeps the derived eGFR values.</summary>
    public static Task<ReadResult<CourseMerge>> ImportAsync(
        StromaStore store, PatientCourse course, PatientIdentity? identity, string fileName, byte[] raw, string mediaType, CancellationToken ct) =>
        ImportAsync(store, course, identity, fileName, raw, mediaType, [], [], ct);

    /// <summary>Writes the course with the patient's adverse events and biopsies, all in one transaction, and keeps the derived eGFR values.</summary>
    public static async Task<ReadResult<CourseMerge>> ImportAsync(
        StromaStore store, PatientCourse course, PatientIdentity? identity, string fileName, byte[] raw, string mediaType,
        IReadOnlyList<Core.Safety.AdverseEvent> adverseEvents, IReadOnlyList<Core.Biopsy.BiopsyReport> biopsies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var merged = await store.MergeCourseAsync(course, identity, fileName, raw, mediaType, adverseEvents, biopsies, ct);
        if (merged.Value is { Added: > 0 } || merged.Value is { PatientAdded: true })
        {
            await CaseReports.KeepDerivedAsync(store, PatientId.Parse(course.Patient.Id), ct);
        }

        return merged;
    }
}
