using Stroma.Storage.Audit;

namespace Stroma.Storage.Course;

/// <summary>
/// A patient's stored assessment summary (<see cref="Core.Course.AssessmentSummary"/>): written in the transaction that changes the
/// patient's course, under the rules' version and the protocol's fingerprint, so registry-wide questions read it instead of every
/// course. Times are UTC instants.
/// </summary>
public sealed class PatientAssessmentRow : IRecomputed
{
    public required string PatientId { get; set; }

    /// <summary>The rules' version (<see cref="Core.Course.AssessmentSummary.Version"/>) it was made under.</summary>
    public required string Version { get; set; }

    /// <summary>The protocol's fingerprint (<see cref="Core.Course.AssessmentSummary.Fingerprint"/>).</summary>
    public required string Protocol { get; set; }

    public required string Outcome { get; set; }

    public bool TargetMetWithoutPlasmapheresis { get; set; }

    public bool PlasmapheresisIndependent { get; set; }

    public required string Standing { get; set; }

    public DateTimeOffset? DayZeroUtc { get; set; }

    public DateTimeOffset? LastUpcrUtc { get; set; }

    /// <summary>The instant after which a follow-up UPCR is due (null: due, none measured), for the "who is due" query.</summary>
    public DateTimeOffset? FollowUpDueAfterUtc { get; set; }

    /// <summary>The issues kept with the summary, as JSON.</summary>
    public required string IssuesJson { get; set; }
}
