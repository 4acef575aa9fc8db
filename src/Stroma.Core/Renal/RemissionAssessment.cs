using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>Remission status of one UPCR under a rule set.</summary>
public enum RemissionStatus
{
    /// <summary>The complete-remission criteria are met.</summary>
    Complete,

    /// <summary>The partial-remission criteria are met.</summary>
    Partial,

    /// <summary>Neither complete nor partial remission.</summary>
    None,

    /// <summary>The UPCR is in the partial-remission range but a required input (baseline or albumin) is missing.</summary>
    Indeterminate,
}

/// <summary>The remission status of a UPCR with the rule set and the inputs, so the call can be checked; <see cref="Reasons"/> says why.</summary>
/// <param name="Rules">The rule set applied.</param>
/// <param name="Status">The status.</param>
/// <param name="Level">The proteinuria level.</param>
/// <param name="Upcr">The UPCR assessed.</param>
/// <param name="Baseline">The baseline UPCR, if given.</param>
/// <param name="Albumin">The serum albumin, if given.</param>
/// <param name="ReductionFromBaseline">Fractional fall from baseline (0.6 = 60% lower), if a baseline was given.</param>
public sealed record RemissionAssessment(
    RemissionRuleSet Rules,
    RemissionStatus Status,
    ProteinuriaLevel Level,
    Upcr Upcr,
    Upcr? Baseline,
    SerumAlbumin? Albumin,
    double? ReductionFromBaseline)
{
    /// <summary>The rule set's id.</summary>
    public string RuleSet => Rules.Id;

    /// <summary>Why, in plain words, including the conditions the rule set could not check (written on demand).</summary>
    public IReadOnlyList<string> Reasons
    {
        get
        {
            var reasons = new List<string>();
            if (Status == RemissionStatus.Complete)
            {
                reasons.Add(FormattableString.Invariant($"UPCR {Upcr.MgPerMg:G4} mg/mg is {Rules.CompleteRemission}."));
            }
            else if (!Rules.PartialRemissionBelow.IsBelow(Upcr))
            {
                reasons.Add(FormattableString.Invariant($"UPCR {Upcr.MgPerMg:G4} mg/mg is not {Rules.PartialRemissionBelow}."));
            }
            else
            {
                reasons.Add(FormattableString.Invariant($"UPCR {Upcr.MgPerMg:G4} mg/mg is {Rules.PartialRemissionBelow} but not {Rules.CompleteRemission}."));
                PartialReasons(reasons);
            }

            reasons.AddRange(Rules.UnassessedConditions.Select(c => "Not assessed here: " + c + "."));
            return reasons;
        }
    }

    /// <summary>Assesses a UPCR under a rule set.</summary>
    public static RemissionAssessment Assess(RemissionRuleSet rules, Upcr upcr, Upcr? baseline = null, SerumAlbumin? albumin = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        double? reduction = baseline is { MgPerMg: > 0 } b ? 1.0 - (upcr.MgPerMg / b.MgPerMg) : null;
        var status = rules.CompleteRemission.IsBelow(upcr) ? RemissionStatus.Complete
            : !rules.PartialRemissionBelow.IsBelow(upcr) ? RemissionStatus.None
            : PartialStatus(rules, reduction, albumin);
        return new RemissionAssessment(rules, status, rules.LevelOf(upcr), upcr, baseline, albumin, reduction);
    }

    private static RemissionStatus PartialStatus(RemissionRuleSet rules, double? reduction, SerumAlbumin? albumin)
    {
        var missing = false;
        var failed = false;
        if (rules.PartialRemissionMinReduction is { } minimum)
        {
            missing |= reduction is null;
            failed |= reduction is { } r && !ReductionMet(rules, r, minimum);
        }

        if (rules.PartialRemissionMinAlbuminGPerL is { } minAlbumin)
        {
            missing |= albumin is null;
            failed |= albumin is { } a && a.GPerL < minAlbumin;
        }

        return failed ? RemissionStatus.None : missing ? RemissionStatus.Indeterminate : RemissionStatus.Partial;
    }

    private static bool ReductionMet(RemissionRuleSet rules, double reduction, double minimum) =>
        rules.ReductionMustExceed ? reduction > minimum : reduction >= minimum;

    private void PartialReasons(List<string> reasons)
    {
        if (Rules.PartialRemissionMinReduction is { } minimum)
        {
            reasons.Add(ReductionFromBaseline is { } r
                ? FormattableString.Invariant(
                    $"Fall from baseline {r:P1} {(ReductionMet(Rules, r, minimum) ? "meets" : "does not meet")} the required {(Rules.ReductionMustExceed ? ">" : ">=")} {minimum:P0}.")
                : "A baseline UPCR is needed to judge the fall from baseline.");
        }

        if (Rules.PartialRemissionMinAlbuminGPerL is { } minAlbumin)
        {
            reasons.Add(Albumin is { } a
                ? FormattableString.Invariant($"Serum albumin {a.GPerL:G4} g/L {(a.GPerL >= minAlbumin ? "meets" : "does not meet")} >= {minAlbumin} g/L.")
                : "Serum albumin is needed (measured before any plasma exchange, which raises it artificially).");
        }
    }
}
