using System.Globalization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Course;

/// <summary>What became of a patient's assessment.</summary>
public enum AssessmentOutcome
{
    /// <summary>No MSC infusion recorded: no day 0, nothing to assess yet.</summary>
    NotInfused,

    /// <summary>Infused, but the stored data could not be assessed (the issues say why).</summary>
    NotAssessed,

    /// <summary>Assessed against the protocol.</summary>
    Assessed,
}

/// <summary>
/// The part of a patient's assessment that registry-wide questions ask about (who holds the target now, who is
/// plasmapheresis-independent, who is due a follow-up sample, each patient's standing), small enough to be kept per patient and
/// read for the whole registry without loading any course. It is a pure function of the course and the protocol
/// (<see cref="Of"/>); the one thing that depends on the clock, whether a follow-up is due, is kept as the instant it falls due.
/// </summary>
/// <param name="PatientId">The pseudonymous patient id.</param>
/// <param name="Outcome">Assessed, not assessable, or not infused.</param>
/// <param name="TargetMetWithoutPlasmapheresis">The protocol's target held without plasmapheresis to the last follow-up (false unless assessed).</param>
/// <param name="PlasmapheresisIndependent">Plasmapheresis-independent after the infusions (false unless assessed).</param>
/// <param name="Standing">The standing on the team's list (<see cref="PatientStatus"/>).</param>
/// <param name="DayZero">Day 0 (the first MSC infusion), or null.</param>
/// <param name="LastUpcr">When the last UPCR was sampled, or null.</param>
/// <param name="Issues">
/// For a patient not assessed, every issue that says why; for one assessed, the records left out (<see cref="CourseIssues.RecordLeftOut"/>);
/// otherwise none.
/// </param>
public sealed record AssessmentSummary(
    string PatientId,
    AssessmentOutcome Outcome,
    bool TargetMetWithoutPlasmapheresis,
    bool PlasmapheresisIndependent,
    PatientStanding Standing,
    DateTimeOffset? DayZero,
    DateTimeOffset? LastUpcr,
    IReadOnlyList<Issue> Issues)
{
    /// <summary>
    /// The version of the rules that make a summary: the assessment's own version (<see cref="CourseAssessment.Version"/>) and this
    /// summary's. A summary kept under another version is stale and is made again.
    /// </summary>
    public const string Version = "assessment-" + CourseAssessment.Version + "/summary-1";

    /// <summary>The instant after which a follow-up UPCR is due (<see cref="PatientStatus.FollowUpDueDays"/> after the last), or null when none was ever measured (due from the start).</summary>
    public DateTimeOffset? FollowUpDueAfter => LastUpcr?.AddDays(PatientStatus.FollowUpDueDays);

    /// <summary>Whether a follow-up UPCR is due at <paramref name="now"/> (the rule of <see cref="PatientStatus"/>).</summary>
    public bool IsFollowUpDue(DateTimeOffset now) => PatientStatus.IsFollowUpDue(LastUpcr, now);

    /// <summary>The patient's status as of <paramref name="now"/>.</summary>
    public PatientStatus StatusAt(DateTimeOffset now) => new(Standing, IsFollowUpDue(now), LastUpcr);

    /// <summary>Assesses a course against a protocol and keeps what registry questions need.</summary>
    public static AssessmentSummary Of(PatientCourse course, TreatmentProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        var id = course.Patient.Id;
        var result = course.Infusions.Count == 0 ? null : CourseAssessment.Assess(course, protocol);
        var assessment = result?.Value;
        // The standing does not depend on the clock (only whether a follow-up is due does), so any instant gives it.
        var status = PatientStatus.Of(course, assessment?.Attainment.TargetMetWithoutPlasmapheresis, DateTimeOffset.MinValue);
        var outcome = result is null ? AssessmentOutcome.NotInfused : assessment is null ? AssessmentOutcome.NotAssessed : AssessmentOutcome.Assessed;
        IReadOnlyList<Issue> issues = outcome switch
        {
            AssessmentOutcome.NotAssessed => result!.Issues,
            AssessmentOutcome.Assessed => [.. assessment!.Issues.Where(i => i.Code == CourseIssues.RecordLeftOut)],
            _ => [],
        };
        return new AssessmentSummary(id, outcome, assessment?.Attainment.TargetMetWithoutPlasmapheresis == true, assessment?.Dependence.IsIndependent == true,
            status.Standing, course.DayZero, status.LastUpcr, issues);
    }

    /// <summary>
    /// A protocol's fingerprint: every field that changes a judgement, in invariant text. A summary kept under another protocol's
    /// fingerprint is not an answer for this one.
    /// </summary>
    public static string Fingerprint(TreatmentProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return string.Create(CultureInfo.InvariantCulture,
            $"{protocol.Id};upcr{(protocol.Target.Inclusive ? "<=" : "<")}{protocol.Target.MgPerMg:R};free{protocol.PlasmapheresisFreeDays};before{protocol.BeforeWindowDays};independent{protocol.IndependenceDays};year{protocol.OneYearDay}±{protocol.OneYearToleranceDays};height{protocol.HeightMaxAgeDays};albumin{protocol.AlbuminMaxAgeDays}");
    }

    private static readonly IReadOnlyList<Issue> NoIssues = [];

    /// <summary>Whether another summary says the same (the issues compared item by item).</summary>
    public bool IsEquivalentTo(AssessmentSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Issues = NoIssues } == other with { Issues = NoIssues } && Issues.SequenceEqual(other.Issues);
    }
}
