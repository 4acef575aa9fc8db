using System.Collections.Immutable;
using Stroma.Core.Biomarkers;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Reports.Course;
using Stroma.Storage;

namespace Stroma.Application.Course;

/// <summary>A stored patient's course and its assessment against a protocol (pseudonymised when asked: then the course's dates are shifted).</summary>
/// <param name="Course">The course as assessed (with derived eGFR), shifted when pseudonymised.</param>
/// <param name="Assessment">The assessment.</param>
/// <param name="ShiftDays">The patient's secret date shift when pseudonymised, otherwise null.</param>
public sealed record AssessedCase(PatientCourse Course, CourseAssessment Assessment, int? ShiftDays)
{
    /// <summary>
    /// The study day of the last dated record of any kind — the course's and the safety records' (adverse events, vital signs,
    /// biopsies) — the same last follow-up the report states.
    /// </summary>
    public int LastRecordDay { get; init; } = Assessment.LastFollowUpDay;
}

/// <summary>
/// The assessment and the case report of a stored patient, for every front end: the same course, the same sections from the records
/// the patient has, the same pseudonymisation. Identified assessments keep their derived eGFR rows (written only when they change);
/// pseudonymised ones write nothing.
/// </summary>
public static class CaseReports
{
    /// <summary>
    /// Assesses the stored patient and keeps its derived eGFR values (when identified: written only when they changed); an unknown
    /// patient or a course that cannot be assessed is refused with its issues. For the CLI's <c>assess</c> and the report.
    /// </summary>
    public static async Task<ReadResult<AssessedCase>> AssessAsync(StromaStore store, PatientId patientId, TreatmentProtocol protocol, bool pseudonymise, CancellationToken ct)
    {
        var result = await ReadAsync(store, patientId, protocol, pseudonymise, ct);
        if (result.Value is { ShiftDays: null } assessed)
        {
            await store.SaveDerivedEgfrAsync(patientId, assessed.Assessment.Renal.Points, ct);
        }

        return result;
    }

    /// <summary>
    /// Assesses the stored patient and writes nothing: what a reader of the web app or the API gets (the derived eGFR values are kept
    /// by the writes that change their inputs: <see cref="KeepDerivedAsync"/>).
    /// </summary>
    public static async Task<ReadResult<AssessedCase>> ReadAsync(StromaStore store, PatientId patientId, TreatmentProtocol protocol, bool pseudonymise, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var course = await store.LoadCourseAsync(patientId, ct);
        if (course is null)
        {
            return ReadResult.Failed<AssessedCase>([LabCsvIssues.NoSuchPatient(patientId, store.Location.ToString())]);
        }

        return pseudonymise
            ? Assess(course, await store.LoadCellTherapyRecordAsync(patientId, ct), protocol, store.PseudonymShiftDays(patientId), store.PseudonymRecordIds(patientId))
            : Assess(course, await store.LoadCellTherapyRecordAsync(patientId, ct), protocol, null);
    }

    /// <summary>
    /// Assesses a course already loaded with its safety record (the patient page loads both once), shifted by <paramref name="shift"/>
    /// days when pseudonymised, its record ids mapped by <paramref name="labIds"/> (<see cref="StromaStore.PseudonymRecordIds"/>).
    /// Pure: reads and writes nothing.
    /// </summary>
    public static ReadResult<AssessedCase> Assess(PatientCourse course, StoredCellTherapyRecord record, TreatmentProtocol protocol, int? shift, Func<string, string>? labIds = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(record);
        return AssessShown(shift is { } days ? Pseudonymisation.Apply(course, days, labIds) : course, record, protocol, shift);
    }

    /// <summary>
    /// <see cref="Assess"/> of a course already as the reader sees it (shifted by <paramref name="shift"/> days, ids mapped, when
    /// pseudonymised): for a reader that shifted the course for its own use and need not shift it twice.
    /// </summary>
    public static ReadResult<AssessedCase> AssessShown(PatientCourse shown, StoredCellTherapyRecord record, TreatmentProtocol protocol, int? shift)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(record);
        var result = CourseAssessment.Assess(shown, protocol);
        if (result.Value is not { } assessment)
        {
            return ReadResult.Failed<AssessedCase>(result.Issues);
        }

        var assessed = assessment.AssessedCourse ?? shown;
        var end = new SafetyRecord(record.AdverseEvents, record.Vitals, record.Biopsies).FollowUpEnd(assessment.LastFollowUp.AddDays(-(shift ?? 0)));
        return ReadResult.Of(new AssessedCase(assessed, assessment, shift) { LastRecordDay = PatientCourse.StudyDay(assessment.DayZero.AddDays(-(shift ?? 0)), end) }, result.Issues);
    }

    /// <summary>
    /// Brings the patient's stored derived eGFR values in line with its records after a write that may have changed them (a lab
    /// entered, amended, retracted or imported; a course imported), so that readers never write. A course that cannot be assessed yet
    /// (no MSC infusion) has none to keep. Returns how many rows changed.
    /// </summary>
    public static async Task<int> KeepDerivedAsync(StromaStore store, PatientId patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var course = await store.LoadCourseAsync(patientId, ct);
        if (course?.DayZero is null)
        {
            return 0;
        }

        var result = CourseAssessment.Assess(course, TreatmentProtocol.SeedCase);
        return result.Value is { } assessment ? await store.SaveDerivedEgfrAsync(patientId, assessment.Renal.Points, ct) : 0;
    }

    /// <summary>
    /// The self-contained HTML report of the stored patient (UTF-8), as of <paramref name="now"/>; pseudonymised: no identity, birth
    /// year only, every date shifted, free text withheld.
    /// </summary>
    public static async Task<ReadResult<byte[]>> RenderAsync(StromaStore store, PatientId patientId, TreatmentProtocol protocol, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var assessed = await AssessAsync(store, patientId, protocol, pseudonymise, ct);
        if (assessed.Value is not { } a)
        {
            return ReadResult.Failed<byte[]>(assessed.Issues);
        }

        return ReadResult.Of(await RenderAsync(store, a, now, ct), assessed.Issues);
    }

    /// <summary>The report of an assessed case (see <see cref="AssessAsync"/>), pseudonymised when the case was.</summary>
    public static async Task<byte[]> RenderAsync(StromaStore store, AssessedCase assessed, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(assessed);

        // The sections are read against the stored course (they match infusions by time), then shifted with it.
        var original = (await store.LoadCourseAsync(assessed.Course.Patient.Id, ct))!;
        var sections = await SectionsAsync(store, assessed.ShiftDays is null ? assessed.Course : original, ct);
        var html = assessed.ShiftDays is { } days
            ? CaseReport.Render(assessed.Course, assessed.Assessment, now, ReportPseudonymisation.Apply(sections, days, store.PseudonymRecordIds(original.Patient.Id)), original.Patient.BirthDate.Year)
            : CaseReport.Render(assessed.Course, assessed.Assessment, now, sections);
        return System.Text.Encoding.UTF8.GetBytes(html);
    }

    /// <summary>
    /// What the report's sections need, each from the records the patient has: every infusion's lot that is held here (with release
    /// and custody), the safety record and biopsies, STR results, and the analyte series judged with the CVi table they were kept with.
    /// </summary>
    public static async Task<CaseReportSections> SectionsAsync(StromaStore store, PatientCourse course, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(course);
        var id = course.Patient.Id;
        var lots = new List<LotRecord>();
        foreach (var lotId in course.Infusions.Select(i => i.LotId).Distinct(StringComparer.Ordinal))
        {
            if (await store.LoadLotAsync(lotId, ct) is not { } lot)
            {
                continue; // held elsewhere: the infusions table says so
            }

            var custody = new Dictionary<string, ImmutableArray<CustodyEvent>>(StringComparer.Ordinal);
            foreach (var bag in lot.Lot.Bags)
            {
                custody[bag.Id] = await store.LoadCustodyAsync(lot.Lot.Id, bag.Id, ct);
            }

            lots.Add(new LotRecord(lot.Lot, lot.Decision, custody));
        }

        var record = await store.LoadCellTherapyRecordAsync(id, ct);
        var series = await store.LoadAnalyteSeriesAsync(id, ct);
        BiomarkerPanel? panel = series.Series.IsEmpty ? null : new BiomarkerPanel(
            SustainedChange.Assess(series.Series, BiologicalVariation.Defaults.With(series.Judged), new SustainedChangeSettings(series.AnalyticalCvPercent), series.CvaBySeries),
            series.Sources.IsDefault ? [] : series.Sources, series.UnitBySeries);
        return new CaseReportSections(await store.LoadStrSamplesAsync(id, ct), await store.LoadChimerismAsync(id, ct), lots,
            new SafetyRecord(record.AdverseEvents, record.Vitals, record.Biopsies), panel, await store.LoadPatientSignaturesAsync(id, ct));
    }
}
