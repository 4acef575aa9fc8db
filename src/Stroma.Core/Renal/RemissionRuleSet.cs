using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// A guideline's proteinuria and remission definitions as data: thresholds are named here, never written into code, and a centre
/// can derive its own with a <c>with</c> expression. All UPCR cut-points are in mg/mg (= g/g).
/// </summary>
/// <param name="Id">Rule-set id (for example <c>ipna_2022_children</c>).</param>
/// <param name="Citation">Where the definitions come from.</param>
/// <param name="CompleteRemission">Complete remission: UPCR below this.</param>
/// <param name="PartialRemissionBelow">Partial remission: UPCR below this (and not a complete remission).</param>
/// <param name="PartialRemissionMinReduction">Partial remission also needs at least this fractional fall from baseline (0.5 = 50%), or null.</param>
/// <param name="ReductionMustExceed">Whether the fall must be strictly greater than <paramref name="PartialRemissionMinReduction"/> (KDIGO: "&gt; 50%").</param>
/// <param name="PartialRemissionMinAlbuminGPerL">Partial remission also needs serum albumin at or above this (g/L), or null.</param>
/// <param name="NephroticRangeFrom">Nephrotic-range proteinuria: UPCR at or above this.</param>
/// <param name="UnassessedConditions">Parts of the definition this rule set cannot check from UPCR and albumin (stated with every assessment).</param>
public sealed record RemissionRuleSet(
    string Id,
    string Citation,
    UpcrThreshold CompleteRemission,
    UpcrThreshold PartialRemissionBelow,
    double? PartialRemissionMinReduction,
    bool ReductionMustExceed,
    double? PartialRemissionMinAlbuminGPerL,
    double NephroticRangeFrom,
    IReadOnlyList<string> UnassessedConditions)
{
    /// <summary>
    /// Children, IPNA (Trautmann et al., Pediatr Nephrol 2023;38:877–919, Table 1; SRNS 2020 uses the same terms): complete remission
    /// UPCR ≤ 0.2 mg/mg (20 mg/mmol) on a first-morning or 24 h sample; partial remission UPCR &gt; 0.2 and &lt; 2 mg/mg with serum albumin
    /// ≥ 30 g/L; nephrotic range ≥ 2 mg/mg (200 mg/mmol).
    /// </summary>
    public static RemissionRuleSet Ipna2022Children { get; } = new(
        "ipna_2022_children",
        "Trautmann A et al. Pediatr Nephrol 2023;38:877-919, Table 1",
        new UpcrThreshold(0.2, Inclusive: true),
        new UpcrThreshold(2.0, Inclusive: false),
        PartialRemissionMinReduction: null,
        ReductionMustExceed: false,
        PartialRemissionMinAlbuminGPerL: 30,
        NephroticRangeFrom: 2.0,
        ["first-morning or 24 h sample", "the dipstick alternative (negative or trace on 3 consecutive days)"]);

    /// <summary>
    /// Adults, KDIGO 2021 glomerular diseases guideline, FSGS chapter (the same numbers as Nat Rev Dis Primers 2020;6:68, Table 1):
    /// complete remission UPCR &lt; 0.3 g/g; partial remission UPCR 0.3–3.5 g/g with a fall of more than 50% from baseline; nephrotic
    /// range ≥ 3.5 g/g.
    /// </summary>
    public static RemissionRuleSet Kdigo2021Adults { get; } = new(
        "kdigo_2021_adults",
        "KDIGO 2021 Clinical Practice Guideline for Glomerular Diseases, FSGS; Nat Rev Dis Primers 2020;6:68 Table 1",
        new UpcrThreshold(0.3, Inclusive: false),
        new UpcrThreshold(3.5, Inclusive: true),
        PartialRemissionMinReduction: 0.5,
        ReductionMustExceed: true,
        PartialRemissionMinAlbuminGPerL: null,
        NephroticRangeFrom: 3.5,
        ["stable kidney function", "normal serum albumin for complete remission"]);

    /// <summary>The proteinuria level of a UPCR under this rule set.</summary>
    public ProteinuriaLevel LevelOf(Upcr upcr) =>
        CompleteRemission.IsBelow(upcr) ? ProteinuriaLevel.RemissionRange
        : upcr.MgPerMg >= NephroticRangeFrom ? ProteinuriaLevel.NephroticRange
        : ProteinuriaLevel.SubNephrotic;
}

/// <summary>Where a UPCR lies relative to a rule set's thresholds.</summary>
public enum ProteinuriaLevel
{
    /// <summary>At or below the complete-remission threshold.</summary>
    RemissionRange,

    /// <summary>Above remission range, below nephrotic range.</summary>
    SubNephrotic,

    /// <summary>At or above the nephrotic-range threshold.</summary>
    NephroticRange,
}
