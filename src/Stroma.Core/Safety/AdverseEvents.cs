using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Safety;

/// <summary>Stable issue codes for adverse-event records.</summary>
public static class SafetyIssues
{
    /// <summary>The term is not in the catalogue.</summary>
    public const string UnknownTerm = "AE001";

    /// <summary>The grade does not exist for the term (CTCAE "–") or is outside 1–5.</summary>
    public const string NoSuchGrade = "AE002";

    /// <summary>Grade 5 without a fatal outcome and the death criterion, or the reverse.</summary>
    public const string Inconsistent = "AE003";

    /// <summary>Resolved before onset.</summary>
    public const string Times = "AE004";

    /// <summary>Infusion related reaction and allergic reaction reported for the same infusion (CTCAE: do not report both).</summary>
    public const string DoNotReportBoth = "AE005";

    /// <summary>An amendment without a reason (every change of a clinical record says why).</summary>
    public const string NoReason = "AE006";

    /// <summary>An amendment that changes nothing.</summary>
    public const string NoChange = "AE007";
}

/// <summary>ICH E2A seriousness criteria.</summary>
public enum SeriousnessCriterion
{
    /// <summary>Results in death.</summary>
    Death,

    /// <summary>Is life-threatening.</summary>
    LifeThreatening,

    /// <summary>Requires or prolongs inpatient hospitalisation.</summary>
    Hospitalisation,

    /// <summary>Persistent or significant disability/incapacity.</summary>
    Disability,

    /// <summary>Congenital anomaly/birth defect.</summary>
    CongenitalAnomaly,

    /// <summary>Another important medical event.</summary>
    ImportantMedicalEvent,
}

/// <summary>Causality to the product, on the five-point scale.</summary>
public enum Relatedness
{
    /// <summary>Unrelated.</summary>
    Unrelated,

    /// <summary>Unlikely.</summary>
    Unlikely,

    /// <summary>Possible.</summary>
    Possible,

    /// <summary>Probable.</summary>
    Probable,

    /// <summary>Definite.</summary>
    Definite,
}

/// <summary>What was done with the product.</summary>
public enum ProductAction
{
    /// <summary>None.</summary>
    None,

    /// <summary>Infusion interrupted.</summary>
    Interrupted,

    /// <summary>Rate reduced.</summary>
    RateReduced,

    /// <summary>Discontinued.</summary>
    Discontinued,
}

/// <summary>How the event ended.</summary>
public enum AeOutcome
{
    /// <summary>Recovered.</summary>
    Recovered,

    /// <summary>Recovering.</summary>
    Recovering,

    /// <summary>Not recovered.</summary>
    NotRecovered,

    /// <summary>Recovered with sequelae.</summary>
    RecoveredWithSequelae,

    /// <summary>Fatal.</summary>
    Fatal,

    /// <summary>Unknown.</summary>
    Unknown,
}

/// <summary>An adverse event (research/platform.md §4.4): severity (grade) and seriousness kept apart.</summary>
/// <param name="Id">AE id.</param>
/// <param name="Verbatim">The reporter's words.</param>
/// <param name="Term">CTCAE term.</param>
/// <param name="CtcaeVersion">CTCAE version of the grade.</param>
/// <param name="Grade">Grade 1–5.</param>
/// <param name="Onset">Onset.</param>
/// <param name="Resolved">Resolution, or null while ongoing.</param>
/// <param name="Seriousness">SAE criteria met (empty: not serious).</param>
/// <param name="RelatednessToProduct">Causality to the MSC product.</param>
/// <param name="Action">Action taken with the product.</param>
/// <param name="Outcome">Outcome.</param>
/// <param name="InfusionId">The infusion it is linked to, if any.</param>
public sealed record AdverseEvent(
    string Id, string Verbatim, string Term, string CtcaeVersion, int Grade, DateTimeOffset Onset, DateTimeOffset? Resolved,
    ImmutableArray<SeriousnessCriterion> Seriousness, Relatedness RelatednessToProduct, ProductAction Action, AeOutcome Outcome, string? InfusionId = null)
{
    /// <summary>Serious when any ICH E2A criterion is met.</summary>
    public bool IsSerious => !Seriousness.IsEmpty;

    /// <summary>Related when possibly, probably or definitely related to the product.</summary>
    public bool IsRelated => RelatednessToProduct >= Relatedness.Possible;

    /// <summary>Checks one record against the catalogue and itself; every problem listed.</summary>
    public ImmutableArray<Issue> Validate(IReadOnlyDictionary<string, CtcaeTerm>? catalogue = null)
    {
        var terms = catalogue ?? Ctcae.Terms;
        var issues = ImmutableArray.CreateBuilder<Issue>();
        var where = $"adverse event {Id}";
        if (!terms.TryGetValue(Term, out var term))
        {
            issues.Add(Issue.Error(SafetyIssues.UnknownTerm, where, $"Expected a CTCAE v{Ctcae.Version} term as the CTCAE document spells it (one of the catalogue's {terms.Count}); found '{Term}'."));
        }
        else if (!term.HasGrade(Grade))
        {
            issues.Add(Issue.Error(SafetyIssues.NoSuchGrade, where,
                $"Expected a grade {string.Join(", ", Enumerable.Range(1, 5).Where(term.HasGrade))} for {term.Term}; found {Grade}{(Grade is >= 1 and <= 5 ? " ('–' in CTCAE)" : string.Empty)}."));
        }

        if ((Grade == 5) != (Outcome == AeOutcome.Fatal) || (Grade == 5 && !Seriousness.Contains(SeriousnessCriterion.Death)))
        {
            issues.Add(Issue.Error(SafetyIssues.Inconsistent, where, $"Expected grade 5 exactly when the outcome is fatal and death is a seriousness criterion; found grade {Grade}, outcome {Outcome}."));
        }

        if (Resolved is { } r && r < Onset)
        {
            issues.Add(Issue.Error(SafetyIssues.Times, where, $"Expected the resolution after the onset {Text.IsoTime.Shown(Onset)}; found {Text.IsoTime.Shown(r)}."));
        }

        return issues.ToImmutable();
    }
}

/// <summary>One window of the safety summary after an infusion.</summary>
/// <param name="Hours">Window length after the start of the infusion (hours).</param>
/// <param name="Events">AEs with onset from the start of the infusion to the end of the window, inclusive.</param>
/// <param name="FollowedUp">True when the record covers the whole window (follow-up reached its end).</param>
public sealed record SafetyWindow(double Hours, ImmutableArray<AdverseEvent> Events, bool FollowedUp)
{
    /// <summary>Counts by grade (1–5).</summary>
    public ImmutableSortedDictionary<int, int> ByGrade => Events.GroupBy(e => e.Grade).ToImmutableSortedDictionary(g => g.Key, g => g.Count());

    /// <summary>AEs possibly, probably or definitely related to the product.</summary>
    public int Related => Events.Count(e => e.IsRelated);

    /// <summary>Serious AEs.</summary>
    public int Serious => Events.Count(e => e.IsSerious);

    /// <summary>The window as a sentence: "no adverse events" only when the record covers the window and shows none.</summary>
    public string Text => !FollowedUp
        ? FormattableString.Invariant($"not assessable: follow-up does not yet cover {Label}")
        : Events.IsEmpty
            ? FormattableString.Invariant($"no adverse events within {Label}")
            : FormattableString.Invariant($"{Events.Length} adverse event(s) within {Label} ({string.Join(", ", ByGrade.Select(g => $"grade {g.Key}: {g.Value}"))}; {Related} related, {Serious} serious)");

    private string Label => Hours < 48 ? FormattableString.Invariant($"{Hours:0} h") : FormattableString.Invariant($"{Hours / 24:0} days");
}

/// <summary>The safety of one infusion: AEs within 24 hours, 7 days and 30 days of its start.</summary>
/// <param name="InfusionId">Infusion.</param>
/// <param name="Start">Infusion start.</param>
/// <param name="Windows">24 h, 7 d, 30 d.</param>
public sealed record InfusionSafety(string InfusionId, DateTimeOffset Start, ImmutableArray<SafetyWindow> Windows);

/// <summary>The safety summary the seed paper states in one sentence, computed from the record.</summary>
public static class SafetySummary
{
    /// <summary>The windows after each infusion start (hours): 24 h, 7 days, 30 days.</summary>
    public static ImmutableArray<double> WindowHours { get; } = [24, 7 * 24, 30 * 24];

    /// <summary>
    /// Per infusion, the AEs whose onset lies from its start to the end of each window (both ends included), and whether the
    /// record's follow-up (<paramref name="followedUpTo"/>) reaches the window's end.
    /// </summary>
    public static ImmutableArray<InfusionSafety> Summarise(IEnumerable<(string Id, DateTimeOffset Start)> infusions, IReadOnlyList<AdverseEvent> events, DateTimeOffset followedUpTo)
    {
        ArgumentNullException.ThrowIfNull(infusions);
        ArgumentNullException.ThrowIfNull(events);
        return [.. infusions.OrderBy(i => i.Start).Select(i => new InfusionSafety(i.Id, i.Start, [.. WindowHours.Select(h =>
        {
            var end = i.Start.AddHours(h);
            return new SafetyWindow(h, [.. events.Where(e => e.Onset >= i.Start && e.Onset <= end).OrderBy(e => e.Onset)], followedUpTo >= end);
        })]))];
    }

    /// <summary>Infusion related reaction and allergic reaction for the same infusion: CTCAE says report one (warnings).</summary>
    public static ImmutableArray<Issue> CheckDoubleReporting(IEnumerable<AdverseEvent> events) =>
        [.. events.Where(e => e.InfusionId is not null).GroupBy(e => e.InfusionId)
            .Where(g => g.Any(e => e.Term.Equals(Ctcae.InfusionRelatedReaction.Term, StringComparison.OrdinalIgnoreCase)) && g.Any(e => e.Term.Equals(Ctcae.AllergicReaction.Term, StringComparison.OrdinalIgnoreCase)))
            .Select(g => Issue.Warning(SafetyIssues.DoNotReportBoth, $"infusion {g.Key}", $"Expected one of 'Infusion related reaction' and 'Allergic reaction' (CTCAE: do not report both); found both."))];
}
