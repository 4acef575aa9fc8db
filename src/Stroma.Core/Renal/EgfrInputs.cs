using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>What an eGFR equation may use: age always; sex, height, creatinine and cystatin C when the equation uses them.</summary>
/// <param name="Sex">Sex, or null when not given (equations without a sex term need none: bedside Schwartz, EKFC and FAS cystatin C).</param>
/// <param name="Age">Age in decimal years at the sample date.</param>
/// <param name="Height">Current height, for height-based (paediatric) equations.</param>
/// <param name="Creatinine">Serum creatinine (IDMS-traceable).</param>
/// <param name="CystatinC">Serum cystatin C (IFCC-calibrated).</param>
public sealed record EgfrInputs(Sex? Sex, AgeInYears Age, Height? Height = null, Creatinine? Creatinine = null, CystatinC? CystatinC = null)
{
    /// <summary>The sex, for formulas with a sex term (<see cref="EgfrEquation.Evaluate"/> has checked that it was given).</summary>
    internal Sex KnownSex => Sex ?? throw new InvalidOperationException("This equation has a sex term, and no sex was given.");
}
