using Stroma.Core.Diagnostics;
using Stroma.Core.Renal;

namespace Stroma.Core.Course;

/// <summary>
/// The protocol's question answered for one patient: did the patient reach the proteinuria target without plasmapheresis after the
/// MSC infusions, with stable renal function? Every figure names the samples and sessions it came from.
/// </summary>
/// <param name="PatientId">The pseudonymous patient id.</param>
/// <param name="Protocol">The protocol applied.</param>
/// <param name="DayZero">Start of the first infusion.</param>
/// <param name="LastFollowUp">The last dated record.</param>
/// <param name="InfusionIds">The infusions, oldest first.</param>
/// <param name="Dependence">Plasmapheresis dependence before and after.</param>
/// <param name="Attainment">Target attainment and remission at every UPCR.</param>
/// <param name="Renal">Renal stability.</param>
/// <param name="Issues">Everything the assessment could not do or noticed.</param>
public sealed record CourseAssessment(
    string PatientId,
    TreatmentProtocol Protocol,
    DateTimeOffset DayZero,
    DateTimeOffset LastFollowUp,
    IReadOnlyList<string> InfusionIds,
    PlasmapheresisDependence Dependence,
    TargetAttainment Attainment,
    RenalStability Renal,
    IReadOnlyList<Issue> Issues)
{
    /// <summary>The version of the assessment rules; bump when a rule changes.</summary>
    public const string Version = "1";

    /// <summary>The study day of the last follow-up.</summary>
    public int LastFollowUpDay => PatientCourse.StudyDay(DayZero, LastFollowUp);

    /// <summary>The course as assessed: the stored course without the records <see cref="CourseScreening"/> left out.</summary>
    public PatientCourse? AssessedCourse { get; init; }

    /// <summary>
    /// Assesses a course; an error when there is no infusion (no day 0). Never throws on stored data: records that cannot be used are
    /// left out with a warning (<see cref="CourseScreening"/>), and a course that cannot be assessed at all is an error
    /// (<see cref="CourseIssues.NotAssessable"/>).
    /// </summary>
    public static ReadResult<CourseAssessment> Assess(PatientCourse course, TreatmentProtocol protocol, EgfrRecommendationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        var id = course.Patient.Id;
        if (course.Infusions.Count == 0)
        {
            return ReadResult.Failed<CourseAssessment>([Issue.Error(CourseIssues.NoDayZero, id,
                $"Patient {id} has no MSC infusion recorded, so there is no day 0 to assess against.")]);
        }

        var screened = CourseScreening.Screen(course);
        var usable = screened.Value!;
        if (usable.DayZero is not { } zero)
        {
            return ReadResult.Failed<CourseAssessment>([.. screened.Issues, Issue.Error(CourseIssues.NotAssessable, id,
                $"Patient {id} cannot be assessed: every MSC infusion was left out (birth date {course.Patient.BirthDate:yyyy-MM-dd}), so there is no day 0.")]);
        }

        try
        {
            var dependence = PlasmapheresisDependence.Of(usable, protocol);
            var attainment = TargetAttainment.Of(usable, protocol);
            var renal = RenalStability.Of(usable, protocol, policy ?? EgfrRecommendationPolicy.Default);
            var issues = new List<Issue>(screened.Issues.Concat(renal.Issues));
            if (!attainment.Points.Any(p => p.SampledAt >= zero))
            {
                issues.Add(Issue.Warning(CourseIssues.NoUpcrAfterDayZero, id, $"No UPCR was measured after day 0."));
            }

            return ReadResult.Of(
                new CourseAssessment(id, protocol, zero, usable.LastFollowUp!.Value, [.. usable.Infusions.OrderBy(i => i.At).Select(i => i.Id)], dependence, attainment, renal, issues)
                {
                    AssessedCourse = usable,
                },
                issues);
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            // Dates at the edge of the calendar (day 0 in the year 1) can still defeat the date arithmetic: an error, not a crash.
            return ReadResult.Failed<CourseAssessment>([.. screened.Issues, Issue.Error(CourseIssues.NotAssessable, id, $"Patient {id} cannot be assessed: {e.Message}")]);
        }
    }
}
