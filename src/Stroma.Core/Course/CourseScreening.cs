using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>
/// What of a stored course an assessment can use. Entry refuses impossible records (<see cref="RecordWindow"/>, the quantity ranges),
/// but rows stored before those rules may remain: a lab dated before birth, a sample in the year 9999, a creatinine of 1e-320. Such a
/// record is left out of the assessment with a warning (<see cref="CourseIssues.RecordLeftOut"/>) naming it and why, rather than
/// breaking the assessment of the patient (or of the registry).
/// </summary>
public static class CourseScreening
{
    /// <summary>The course without the records that cannot be used, and a warning for each one left out.</summary>
    public static ReadResult<PatientCourse> Screen(PatientCourse course)
    {
        ArgumentNullException.ThrowIfNull(course);
        var birth = course.Patient.BirthDate;
        var oldest = birth.Year <= DateOnly.MaxValue.Year - (int)AgeInYears.MaximumYears ? birth.AddYears((int)AgeInYears.MaximumYears) : DateOnly.MaxValue;
        var issues = new List<Issue>();

        bool Dated(string kind, string id, DateTimeOffset at)
        {
            var date = DateOnly.FromDateTime(at.DateTime);
            var problem = date < birth ? FormattableString.Invariant($"it is dated {at:yyyy-MM-dd}, before the birth date {birth:yyyy-MM-dd}")
                : date > oldest ? FormattableString.Invariant($"it is dated {at:yyyy-MM-dd}, more than {AgeInYears.MaximumYears} years after the birth date {birth:yyyy-MM-dd}")
                : null;
            if (problem is not null)
            {
                issues.Add(Issue.Warning(CourseIssues.RecordLeftOut, id, $"Left out of the assessment: {kind} {id} cannot be used, as {problem}."));
            }

            return problem is null;
        }

        bool Possible(LabResult lab)
        {
            var read = Analytes.KindOf(lab.Analyte).Convert(lab.Reported.Value, lab.Reported.Unit, lab.Id);
            if (!read.HasErrors && double.IsFinite(lab.Value))
            {
                return true;
            }

            var why = string.Join(" ", read.Issues.Where(i => i.Severity == Severity.Error).Select(i => i.Message));
            issues.Add(Issue.Warning(CourseIssues.RecordLeftOut, lab.Id, $"Left out of the assessment: lab result {lab.Id} cannot be used, as its value is impossible: {why}"));
            return false;
        }

        var usable = course with
        {
            Labs = [.. course.Labs.Where(l => Dated("lab result", l.Id, l.SampledAt) && Possible(l))],
            Sessions = [.. course.Sessions.Where(s => Dated("plasma exchange session", s.Id, s.At))],
            Infusions = [.. course.Infusions.Where(i => Dated("MSC infusion", i.Id, i.At))],
            Events = [.. course.Events.Where(e => Dated("event", e.Id, e.At))],
        };
        return ReadResult.Of(issues.Count == 0 ? course : usable, issues);
    }
}
