using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Safety;

/// <summary>
/// A correction of a recorded adverse event: the fields that change (null: unchanged) and why. The amended event is checked as a
/// new one would be (CTCAE term and grade, grade 5 with a fatal outcome and death, resolution after onset); the record keeps its id.
/// </summary>
/// <param name="Reason">Why it is amended (required: a clinical record never changes without a reason).</param>
public sealed record AdverseEventAmendment(string Reason)
{
    /// <summary>New CTCAE term.</summary>
    public string? Term { get; init; }

    /// <summary>New grade (1–5), validated against the term.</summary>
    public int? Grade { get; init; }

    /// <summary>New seriousness criteria (empty: not serious).</summary>
    public ImmutableArray<SeriousnessCriterion>? Seriousness { get; init; }

    /// <summary>New outcome.</summary>
    public AeOutcome? Outcome { get; init; }

    /// <summary>Resolution time.</summary>
    public DateTimeOffset? Resolved { get; init; }

    /// <summary>New causality to the product.</summary>
    public Relatedness? Relatedness { get; init; }

    /// <summary>The amended event, or every reason it cannot be: no reason (AE006), no change (AE007), or the event's own checks.</summary>
    public ReadResult<AdverseEvent> Apply(AdverseEvent current, IReadOnlyDictionary<string, CtcaeTerm>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var where = $"adverse event {current.Id}";
        var issues = new List<Issue>();
        if (string.IsNullOrWhiteSpace(Reason))
        {
            issues.Add(Issue.Error(SafetyIssues.NoReason, where, $"Expected the reason for the amendment; found none."));
        }
        else if (Text.OneLine.Check(Reason, where + " reason", SafetyIssues.NoReason) is { } badReason)
        {
            issues.Add(badReason);
        }

        var amended = current with
        {
            Term = Term ?? current.Term,
            Grade = Grade ?? current.Grade,
            Seriousness = Seriousness ?? current.Seriousness,
            Outcome = Outcome ?? current.Outcome,
            Resolved = Resolved ?? current.Resolved,
            RelatednessToProduct = Relatedness ?? current.RelatednessToProduct,
            CtcaeVersion = Term is null && Grade is null ? current.CtcaeVersion : Ctcae.Version,
        };
        if (amended with { Seriousness = [] } == current with { Seriousness = [] } && amended.Seriousness.SequenceEqual(current.Seriousness))
        {
            issues.Add(Issue.Error(SafetyIssues.NoChange, where, $"Expected a change of term, grade, seriousness, outcome, resolution or relatedness; every value given is already recorded."));
        }

        issues.AddRange(amended.Validate(catalogue));
        return issues.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<AdverseEvent>(issues) : ReadResult.Of(amended, issues);
    }
}
