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

    /// <summary>Assesses a course; an error when there is no infusion (no day 0).</summary>
    public static ReadResult<CourseAssessment> Assess(PatientCourse course, TreatmentProtocol protocol, EgfrRecommendationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        if (course.DayZero is not { } zero)
        {
            return ReadResult.Failed<CourseAssessment>([Issue.Error(CourseIssues.NoDayZero, course.Patient.Id,
                $"Patient {course.Patient.Id} has no MSC infusion recorded, so there is no day 0 to assess against.")]);
        }

        var dependence = PlasmapheresisDependence.Of(course, protocol);
        var attainment = TargetAttainment.Of(course, protocol);
        var renal = RenalStability.Of(course, protocol, policy ?? EgfrRecommendationPolicy.Default);
        var issues = new List<Issue>(renal.Issues);
        if (!attainment.Points.Any(p => p.SampledAt >= zero))
        {
            issues.Add(Issue.Warning(CourseIssues.NoUpcrAfterDayZero, course.Patient.Id, $"No UPCR was measured after day 0."));
        }

        return ReadResult.Of(
            new CourseAssessment(course.Patient.Id, protocol, zero, course.LastFollowUp!.Value, [.. course.Infusions.OrderBy(i => i.At).Select(i => i.Id)], dependence, attainment, renal, issues),
            issues);
    }
}
