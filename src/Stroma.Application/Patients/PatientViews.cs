using System.Text.Json.Serialization;
using Stroma.Core.Course;

namespace Stroma.Application.Patients;

/// <summary>
/// A patient in a list, as the API returns it. The identity fields are present only for a reader who may see identity; for a
/// researcher they are absent, not null.
/// </summary>
public sealed record PatientSummaryView(
    string PatientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HospitalNumber,
    string PrimaryDisease, PatientStanding Standing, bool FollowUpDue, int FollowUpDueAfterDays)
{
    /// <summary>The view of a list row.</summary>
    public static PatientSummaryView Of(PatientListRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.PatientId, row.Name, row.HospitalNumber, row.PrimaryDisease, row.Status.Standing, row.Status.FollowUpDue, PatientStatus.FollowUpDueDays);
    }
}

/// <summary>A page of the patient list as the API returns it.</summary>
public sealed record PatientListView(IReadOnlyList<PatientSummaryView> Patients, int Total, int Page, int PageSize);

/// <summary>
/// A lab result as the API returns it: the value as reported and the canonical one, each with its UCUM unit, and the hash of the raw
/// input it came from — absent from a pseudonymised view, since a raw input holds the true dates and its hash would let a reader
/// test guesses of the secret shift.
/// </summary>
public sealed record LabView(string Id, string Analyte, string SampledAt, double ReportedValue, string ReportedUnit, double Value, string Unit, string? Loinc, string Specimen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceSha256);

/// <summary>
/// One patient as the API returns it: identity and the full birth date only for a reader who may see identity; for a researcher the
/// birth year only and every date shifted by the patient's secret offset.
/// </summary>
public sealed record PatientDetailView(
    string PatientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HospitalNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BirthDate,
    int BirthYear, string Sex, string PrimaryDisease, bool DatesShifted, string? DayZero, IReadOnlyList<LabView> Labs,
    int PlasmaExchangeSessions, IReadOnlyList<string> InfusionIds)
{
    /// <summary>
    /// The view of a course; <paramref name="identity"/> only when the reader may see it; <paramref name="shifted"/> when the course's
    /// dates are shifted (then <paramref name="birthYear"/> is the true one, which the shifted birth date may not be).
    /// </summary>
    public static PatientDetailView Of(PatientCourse course, PatientIdentity? identity, bool shifted, int birthYear)
    {
        ArgumentNullException.ThrowIfNull(course);
        var p = course.Patient;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new(p.Id, identity?.Name, identity?.HospitalNumber, shifted ? null : p.BirthDate.ToString("yyyy-MM-dd", ci), birthYear, p.Sex.ToString(), p.PrimaryDisease,
            shifted, course.DayZero?.ToString("O", ci),
            [.. course.Labs.OrderBy(l => l.SampledAt).Select(l => new LabView(l.Id, Analytes.NameOf(l.Analyte), l.SampledAt.ToString("O", ci), l.Reported.Value, l.Reported.Unit,
                l.Value, l.Unit, l.Loinc, LabCsv.NameOf(l.Specimen), shifted ? null : l.SourceSha256))],
            course.Sessions.Count, [.. course.Infusions.OrderBy(i => i.At).Select(i => i.Id)]);
    }
}
