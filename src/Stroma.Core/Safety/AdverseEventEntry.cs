using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Safety;

/// <summary>An adverse event as typed into a form: every field as text, times local to the site.</summary>
/// <param name="Verbatim">The reporter's words.</param>
/// <param name="Term">The CTCAE term (<see cref="Ctcae.Terms"/>).</param>
/// <param name="Grade">The grade, 1–5.</param>
/// <param name="Onset">Onset, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="Resolved">Resolution, likewise, or empty while ongoing.</param>
/// <param name="Seriousness">The ICH E2A criteria met (<see cref="SeriousnessCriterion"/> names; none: not serious).</param>
/// <param name="Relatedness">Causality to the product (<see cref="Safety.Relatedness"/> name).</param>
/// <param name="Action">Action taken with the product (<see cref="ProductAction"/> name), or empty for none.</param>
/// <param name="Outcome">Outcome (<see cref="AeOutcome"/> name).</param>
/// <param name="InfusionId">The patient's infusion it is linked to, or empty.</param>
public sealed record AdverseEventFields(
    string? Verbatim, string? Term, string? Grade, string? Onset, string? Resolved, IReadOnlyList<string>? Seriousness, string? Relatedness, string? Action, string? Outcome,
    string? InfusionId = null);

/// <summary>
/// Reads an adverse event typed into a form with the rules and codes of the safety file (<see cref="SafetyJson"/>, <c>stroma import
/// safety</c>): a value that is not one of its kind's names is <see cref="SafetyJsonIssues.BadValue"/>, a time outside the patient's
/// <see cref="RecordWindow"/> <see cref="Quantities.QuantityIssues.ImpossibleDate"/>, and the event's own checks follow
/// (<see cref="AdverseEvent.Validate"/>: the CTCAE term, the grade that term has, grade 5 with a fatal outcome and death, resolution after
/// onset). An amendment is read into an <see cref="AdverseEventAmendment"/>, the versioned correction <c>stroma ae amend</c> makes. Every
/// issue is located at its form field (<see cref="FieldOf"/>).
/// </summary>
public static class AdverseEventEntry
{
    /// <summary>Reads a new adverse event with the given id.</summary>
    /// <param name="id">The event's id (the patient's own).</param>
    /// <param name="fields">The fields as typed.</param>
    /// <param name="siteTimeZone">The site's IANA time zone, or null (then the times are refused with TIME004).</param>
    /// <param name="window">When the patient's records may be dated.</param>
    public static ReadResult<AdverseEvent> Read(string id, AdverseEventFields fields, string? siteTimeZone, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var issues = new List<Issue>();
        var verbatim = Required(fields.Verbatim, "verbatim", "the reporter's words", issues);
        var term = Required(fields.Term, "term", "a CTCAE term", issues);
        var grade = Grade(fields.Grade, issues);
        var onset = CourseEntry.When(fields.Onset, "onset", siteTimeZone, window, "adverse event onset", issues);
        var resolved = string.IsNullOrWhiteSpace(fields.Resolved) ? null : CourseEntry.When(fields.Resolved, "resolved", siteTimeZone, window, "adverse event resolution", issues);
        var seriousness = Seriousness(fields.Seriousness, issues);
        var relatedness = Kind<Relatedness>(fields.Relatedness, "relatedness", issues);
        var action = string.IsNullOrWhiteSpace(fields.Action) ? ProductAction.None : Kind<ProductAction>(fields.Action, "action", issues);
        var outcome = Kind<AeOutcome>(fields.Outcome, "outcome", issues);
        var infusion = string.IsNullOrWhiteSpace(fields.InfusionId) ? null : fields.InfusionId.Trim();
        if (issues.Count > 0 || onset is not { } start)
        {
            return ReadResult.Failed<AdverseEvent>(issues);
        }

        var e = new AdverseEvent(id, verbatim!, term!, Ctcae.Version, grade, start, resolved, [.. seriousness], relatedness, action, outcome, infusion);
        var problems = e.Validate().Select(Located).ToList();
        return problems.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<AdverseEvent>(problems) : ReadResult.Of(e, problems);
    }

    /// <summary>
    /// Reads the amendable fields (term, grade, resolution, seriousness, relatedness, outcome) into an amendment of
    /// <paramref name="current"/> that names only what changed; the amendment's own checks (<see cref="AdverseEventAmendment.Apply"/>)
    /// are run and their issues located at the form's fields.
    /// </summary>
    public static ReadResult<AdverseEventAmendment> ReadAmendment(AdverseEvent current, AdverseEventFields fields, string? reason, string? siteTimeZone, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(fields);
        var issues = new List<Issue>();
        var term = Required(fields.Term, "term", "a CTCAE term", issues);
        var grade = Grade(fields.Grade, issues);
        var resolved = string.IsNullOrWhiteSpace(fields.Resolved) ? null : CourseEntry.When(fields.Resolved, "resolved", siteTimeZone, window, "adverse event resolution", issues);
        var seriousness = Seriousness(fields.Seriousness, issues);
        var relatedness = Kind<Relatedness>(fields.Relatedness, "relatedness", issues);
        var outcome = Kind<AeOutcome>(fields.Outcome, "outcome", issues);
        if (issues.Count > 0)
        {
            return ReadResult.Failed<AdverseEventAmendment>([.. issues, .. ReasonProblem(current, reason)]);
        }

        var amendment = new AdverseEventAmendment(reason ?? string.Empty)
        {
            Term = string.Equals(term, current.Term, StringComparison.Ordinal) ? null : term,
            Grade = grade == current.Grade ? null : grade,
            Resolved = resolved == current.Resolved ? null : resolved,
            Seriousness = seriousness.ToHashSet().SetEquals(current.Seriousness) ? null : [.. seriousness],
            Relatedness = relatedness == current.RelatednessToProduct ? null : relatedness,
            Outcome = outcome == current.Outcome ? null : outcome,
        };
        var applied = amendment.Apply(current);
        return applied.HasErrors ? ReadResult.Failed<AdverseEventAmendment>([.. applied.Issues.Select(Located)]) : ReadResult.Of(amendment, [.. applied.Issues.Select(Located)]);
    }

    /// <summary>
    /// The form field an adverse-event issue belongs to: the term (AE001), the grade (AE002, AE003), the resolution (AE004), the reason
    /// (AE006); an issue already located at a field keeps it, any other (AE007: nothing changed) is located at <c>record</c>.
    /// </summary>
    public static string FieldOf(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Code switch
        {
            SafetyIssues.UnknownTerm => "term",
            SafetyIssues.NoSuchGrade or SafetyIssues.Inconsistent => "grade",
            SafetyIssues.Times => "resolved",
            SafetyIssues.NoReason => "reason",
            _ when !issue.Location.Contains(' ', StringComparison.Ordinal) => issue.Location,
            _ => "record",
        };
    }

    private static Issue Located(Issue issue) => issue with { Location = FieldOf(issue) };

    private static IEnumerable<Issue> ReasonProblem(AdverseEvent current, string? reason) =>
        string.IsNullOrWhiteSpace(reason) || OneLine.Check(reason, "reason", SafetyIssues.NoReason) is not null
            ? new AdverseEventAmendment(reason ?? string.Empty).Apply(current).Issues.Where(i => i.Code == SafetyIssues.NoReason).Select(Located)
            : [];

    private static string? Required(string? text, string location, string expected, List<Issue> issues)
    {
        if (OneLine.CheckRequired(text, location, SafetyJsonIssues.BadValue, expected, CourseEntry.MaxText) is { } bad)
        {
            issues.Add(bad);
            return null;
        }

        return text!.Trim();
    }

    private static int Grade(string? text, List<Issue> issues)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (NumberText.TryParseWhole(trimmed, out var grade, out var problem))
        {
            return grade;
        }

        issues.Add(new Issue(SafetyJsonIssues.BadValue, Severity.Error, NumberText.Describe(trimmed, problem, whole: true), "grade"));
        return 0;
    }

    private static List<SeriousnessCriterion> Seriousness(IReadOnlyList<string>? names, List<Issue> issues) =>
        [.. (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => Kind<SeriousnessCriterion>(n, "seriousness", issues))];

    private static T Kind<T>(string? text, string location, List<Issue> issues)
        where T : struct, Enum
    {
        if (EnumText.TryParse<T>(text, out var value))
        {
            return value;
        }

        issues.Add(Issue.Error(SafetyJsonIssues.BadValue, location, $"Expected one of {string.Join(", ", Enum.GetNames<T>())}; found {OneLine.Shown(text)}."));
        return default;
    }
}
