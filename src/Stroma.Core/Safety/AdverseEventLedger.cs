using System.Collections.Immutable;
using Stroma.Core.Course;

namespace Stroma.Core.Safety;

/// <summary>
/// A patient's adverse events counted once, from one rule, for every place that states them (the report's summary, its safety
/// section, the command's text): the structured records (<see cref="AdverseEvent"/>, CTCAE-graded, with seriousness and causality)
/// are the AE record; a course-timeline event of kind <see cref="ClinicalEventKind.AdverseEvent"/> with the id of a structured AE
/// is that AE (shown once); any other such event is an adverse event reported without a structured record: counted and named as
/// "ungraded", never dropped and never read as "no adverse events".
/// </summary>
/// <param name="Graded">The structured AEs, by onset.</param>
/// <param name="Ungraded">Course events of kind adverse event with no structured record, by time.</param>
public sealed record AdverseEventLedger(ImmutableArray<AdverseEvent> Graded, ImmutableArray<ClinicalEvent> Ungraded)
{
    /// <summary>Every adverse event, graded or not.</summary>
    public int Count => Graded.Length + Ungraded.Length;

    /// <summary>Graded AEs by grade (1–5).</summary>
    public ImmutableSortedDictionary<int, int> ByGrade => Graded.GroupBy(e => e.Grade).ToImmutableSortedDictionary(g => g.Key, g => g.Count());

    /// <summary>The serious AEs (any ICH E2A criterion).</summary>
    public ImmutableArray<AdverseEvent> Serious => [.. Graded.Where(e => e.IsSerious)];

    /// <summary>AEs possibly, probably or definitely related to the product.</summary>
    public int Related => Graded.Count(e => e.IsRelated);

    /// <summary>Builds the ledger from the structured AEs and the course's events.</summary>
    public static AdverseEventLedger Of(IEnumerable<AdverseEvent> structured, IEnumerable<ClinicalEvent> courseEvents)
    {
        ArgumentNullException.ThrowIfNull(structured);
        ArgumentNullException.ThrowIfNull(courseEvents);
        var graded = structured.OrderBy(e => e.Onset).ThenBy(e => e.Id, StringComparer.Ordinal).ToImmutableArray();
        var ids = graded.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return new AdverseEventLedger(graded, [.. courseEvents.Where(e => e.Kind == ClinicalEventKind.AdverseEvent && !ids.Contains(e.Id)).OrderBy(e => e.At)]);
    }

    /// <summary>
    /// The answer in a few words: "none recorded", or "2 (grade 1: 1, grade 3: 1); 1 serious" with ungraded ones counted apart.
    /// </summary>
    public string Answer
    {
        get
        {
            if (Count == 0)
            {
                return "none recorded";
            }

            var parts = new List<string>();
            if (!Graded.IsEmpty)
            {
                parts.Add(FormattableString.Invariant($"{Graded.Length} graded ({string.Join(", ", ByGrade.Select(g => $"grade {g.Key}: {g.Value}"))})"));
            }

            if (!Ungraded.IsEmpty)
            {
                parts.Add(FormattableString.Invariant($"{Ungraded.Length} without a CTCAE grade"));
            }

            parts.Add(Serious.IsEmpty ? "none serious" : FormattableString.Invariant($"{Serious.Length} serious"));
            return string.Join("; ", parts);
        }
    }

    /// <summary>
    /// What happened and when, for the summary's evidence: the serious AEs named with term, grade, criteria and day; then the rest
    /// briefly. <paramref name="dayOf"/> turns a time into a study day.
    /// </summary>
    public string Evidence(Func<DateTimeOffset, int> dayOf)
    {
        ArgumentNullException.ThrowIfNull(dayOf);
        if (Count == 0)
        {
            return FormattableString.Invariant($"no structured adverse event and no adverse event in the course timeline (CTCAE v{Ctcae.Version})");
        }

        var serious = Serious.Select(e => FormattableString.Invariant($"serious: {e.Id} {e.Term} grade {e.Grade} on day {dayOf(e.Onset)} ({string.Join(", ", e.Seriousness.Select(s => Text.ClinicalFormat.Words(s)))}; {Text.ClinicalFormat.Words(e.RelatednessToProduct)})"));
        var others = Graded.Where(e => !e.IsSerious).Select(e => FormattableString.Invariant($"{e.Id} {e.Term} grade {e.Grade} on day {dayOf(e.Onset)} ({Text.ClinicalFormat.Words(e.RelatednessToProduct)})"));
        var ungraded = Ungraded.Select(e => FormattableString.Invariant($"{e.Id} on day {dayOf(e.At)}: \"{e.Description}\" (course timeline, no structured record: grade, seriousness and causality not recorded)"));
        return string.Join("; ", serious.Concat(others).Concat(ungraded)) + (Related == 0 ? "; none related to the product" : FormattableString.Invariant($"; {Related} related to the product"));
    }

    /// <summary>
    /// One window after an infusion in words, counting the ungraded events in it too, so that a window is "no adverse events" only
    /// when the record covers it and neither kind of AE falls in it.
    /// </summary>
    public string Describe(InfusionSafety infusion, SafetyWindow window)
    {
        ArgumentNullException.ThrowIfNull(infusion);
        ArgumentNullException.ThrowIfNull(window);
        var end = infusion.Start.AddHours(window.Hours);
        var ungraded = Ungraded.Where(e => e.At >= infusion.Start && e.At <= end).ToList();
        if (ungraded.Count == 0)
        {
            return window.Text;
        }

        var label = window.Hours < 48 ? FormattableString.Invariant($"{window.Hours:0} h") : FormattableString.Invariant($"{window.Hours / 24:0} days");
        var graded = window.Events.IsEmpty ? string.Empty : window.Text + "; ";
        return graded + FormattableString.Invariant($"{ungraded.Count} adverse event(s) without a CTCAE grade within {label} ({string.Join(", ", ungraded.Select(e => e.Id))})");
    }
}
