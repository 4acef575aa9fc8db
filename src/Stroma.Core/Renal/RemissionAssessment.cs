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

/// <summary>The remission status of a UPCR with the reasons, the rule set and the inputs, so the call can be checked.</summary>
/// <param name="RuleSet">The rule set's id.</param>
/// <param name="Status">The status.</param>
/// <param name="Level">The proteinuria level.</param>
/// <param name="Upcr">The UPCR assessed.</param>
/// <param name="Baseline">The baseline UPCR, if given.</param>
/// <param name="Albumin">The serum albumin, if given.</param>
/// <param name="ReductionFromBaseline">Fractional fall from baseline (0.6 = 60% lower), if a baseline was given.</param>
/// <param name="Reasons">Why, in plain words, including conditions the rule set could not check.</param>
public sealed record RemissionAssessment(
    string RuleSet,
    RemissionStatus Status,
    ProteinuriaLevel Level,
    Upcr Upcr,
    Upcr? Baseline,
    SerumAlbumin? Albumin,
    double? ReductionFromBaseline,
    IReadOnlyList<string> Reasons)
{
    /// <summary>Assesses a UPCR under a rule set.</summary>
    public static RemissionAssessment Assess(RemissionRuleSet rules, Upcr upcr, Upcr? baseline = null, SerumAlbumin? albumin = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var reasons = new List<string>();
        double? reduction = baseline is { MgPerMg: > 0 } b ? 1.0 - (upcr.MgPerMg / b.MgPerMg) : null;
        var level = rules.LevelOf(upcr);
        RemissionStatus status;
        if (rules.CompleteRemission.IsBelow(upcr))
        {
            status = RemissionStatus.Complete;
            reasons.Add(FormattableString.Invariant($"UPCR {upcr.MgPerMg:G4} mg/mg is {rules.CompleteRemission}."));
        }
        else if (!rules.PartialRemissionBelow.IsBelow(upcr))
        {
            status = RemissionStatus.None;
            reasons.Add(FormattableString.Invariant($"UPCR {upcr.MgPerMg:G4} mg/mg is not {rules.PartialRemissionBelow}."));
        }
        else
        {
            status = PartialStatus(rules, upcr, reduction, albumin, reasons);
        }

        reasons.AddRange(rules.UnassessedConditions.Select(c => "Not assessed here: " + c + "."));
        return new RemissionAssessment(rules.Id, status, level, upcr, baseline, albumin, reduction, reasons);
    }

    private static RemissionStatus PartialStatus(RemissionRuleSet rules, Upcr upcr, double? reduction, SerumAlbumin? albumin, List<string> reasons)
    {
        reasons.Add(FormattableString.Invariant($"UPCR {upcr.MgPerMg:G4} mg/mg is {rules.PartialRemissionBelow} but not {rules.CompleteRemission}."));
        var missing = false;
        var failed = false;
        if (rules.PartialRemissionMinReduction is { } minimum)
        {
            if (reduction is not { } r)
            {
                missing = true;
                reasons.Add("A baseline UPCR is needed to judge the fall from baseline.");
            }
            else
            {
                var met = rules.ReductionMustExceed ? r > minimum : r >= minimum;
                failed |= !met;
                reasons.Add(FormattableString.Invariant(
                    $"Fall from baseline {r:P1} {(met ? "meets" : "does not meet")} the required {(rules.ReductionMustExceed ? ">" : ">=")} {minimum:P0}."));
            }
        }

        if (rules.PartialRemissionMinAlbuminGPerL is { } minAlbumin)
        {
            if (albumin is not { } a)
            {
                missing = true;
                reasons.Add("Serum albumin is needed (measured before any plasma exchange, which raises it artificially).");
            }
            else
            {
                var met = a.GPerL >= minAlbumin;
                failed |= !met;
                reasons.Add(FormattableString.Invariant($"Serum albumin {a.GPerL:G4} g/L {(met ? "meets" : "does not meet")} >= {minAlbumin} g/L."));
            }
        }

        return failed ? RemissionStatus.None : missing ? RemissionStatus.Indeterminate : RemissionStatus.Partial;
    }
}
