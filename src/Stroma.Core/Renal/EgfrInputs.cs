using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>What an eGFR equation may use: sex and age always; height, creatinine and cystatin C when measured.</summary>
/// <param name="Sex">Sex.</param>
/// <param name="Age">Age in decimal years at the sample date.</param>
/// <param name="Height">Current height, for height-based (paediatric) equations.</param>
/// <param name="Creatinine">Serum creatinine (IDMS-traceable).</param>
/// <param name="CystatinC">Serum cystatin C (IFCC-calibrated).</param>
public sealed record EgfrInputs(Sex Sex, AgeInYears Age, Height? Height = null, Creatinine? Creatinine = null, CystatinC? CystatinC = null);
