using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// Bedside Schwartz equation (Schwartz GJ et al., J Am Soc Nephrol 2009;20:629–637), derived in the CKiD cohort of children with
/// CKD (about 1–16 years) with enzymatic, IDMS-traceable creatinine.
/// </summary>
/// <remarks>eGFR = 0.413 × height (cm) ÷ SCr (mg/dL). No age or sex term; it overestimates at normal GFR. Id <c>bedside_schwartz_2009</c>.</remarks>
public static class BedsideSchwartz2009
{
    /// <summary>The coefficient k in mL/min/1.73 m² per (cm ÷ mg/dL).</summary>
    public const double K = 0.413;

    /// <summary>Estimates GFR from height and creatinine; <paramref name="age"/> only checks the validated population.</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, Height height, AgeInYears age, Sex sex) =>
        EgfrEquations.BedsideSchwartz2009.Compute(new EgfrInputs(sex, age, height, scr));

    internal static double Formula(EgfrInputs x) => K * x.Height!.Value.Centimetres / x.Creatinine!.Value.MgPerDl;
}
