using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Core.Str;
using Stroma.Storage;

namespace Stroma.Application.Patients;

/// <summary>
/// What the patient page shows: the course (shifted when pseudonymised), its assessment when it has a day 0 (else why not), the identity
/// when the reader may see it, the safety record and the chimerism results.
/// </summary>
/// <param name="Course">The course as shown.</param>
/// <param name="Assessed">The assessment, or null (no infusion yet, or not assessable: see <paramref name="Issues"/>).</param>
/// <param name="Issues">The assessment's issues.</param>
/// <param name="Identity">The identity, or null (researcher, or none stored).</param>
/// <param name="BirthYear">The true birth year (the shifted course's birth date may differ).</param>
/// <param name="AdverseEvents">Adverse events, shifted with the course when pseudonymised.</param>
/// <param name="Chimerism">Chimerism results.</param>
/// <param name="Shifted">Whether the dates are shifted (pseudonymised).</param>
public sealed record PatientFolder(
    PatientCourse Course, AssessedCase? Assessed, IReadOnlyList<Issue> Issues, PatientIdentity? Identity, int BirthYear,
    IReadOnlyList<AdverseEvent> AdverseEvents, IReadOnlyList<ChimerismRecord> Chimerism, bool Shifted)
{
    /// <summary>The biopsy reports (dates shifted like the rest when pseudonymised).</summary>
    public IReadOnlyList<Core.Biopsy.BiopsyReport> Biopsies { get; init; } = [];
}

/// <summary>Loads the patient page's folder.</summary>
public static class PatientFolders
{
    /// <summary>
    /// The folder of <paramref name="patientId"/>, or null when there is no such patient; pseudonymised unless
    /// <paramref name="identified"/>. Reads each record once and writes nothing.
    /// </summary>
    public static async Task<PatientFolder?> LoadAsync(StromaStore store, PatientId patientId, bool identified, TreatmentProtocol protocol, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.LoadCourseAsync(patientId, ct) is not { } stored)
        {
            return null;
        }

        int? shift = identified ? null : store.PseudonymShiftDays(patientId);
        var ids = identified ? (x => x) : store.PseudonymRecordIds(patientId);
        var course = shift is { } days ? Pseudonymisation.Apply(stored, days, ids) : stored;
        var record = await store.LoadCellTherapyRecordAsync(patientId, ct);
        AssessedCase? assessed = null;
        IReadOnlyList<Issue> issues = [];
        if (stored.DayZero is not null)
        {
            var result = CaseReports.AssessShown(course, record, protocol, shift);
            (assessed, issues) = (result.Value, result.Issues);
            course = assessed?.Course ?? course;
        }

        var events = shift is { } d
            ? [.. record.AdverseEvents.Select(e => e with { Id = ids(e.Id), InfusionId = e.InfusionId is { } i ? ids(i) : null, Onset = Pseudonymisation.Shift(e.Onset, d), Resolved = Pseudonymisation.Shift(e.Resolved, d) })]
            : record.AdverseEvents;
        return new PatientFolder(course, assessed, issues, identified ? await store.LoadIdentityAsync(patientId, ct) : null, stored.Patient.BirthDate.Year,
            [.. events], await store.LoadChimerismAsync(patientId, ct), shift is not null)
        {
            Biopsies = shift is { } bxShift ? [.. record.Biopsies.Select(b => b with { Id = ids(b.Id), TakenAt = Pseudonymisation.Shift(b.TakenAt, bxShift) })] : record.Biopsies,
        };
    }
}
