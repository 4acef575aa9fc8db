namespace Stroma.Core.Quantities;

/// <summary>A value and its unit exactly as they were reported, kept beside the canonical value so nothing is lost.</summary>
/// <param name="Value">The number as reported.</param>
/// <param name="Unit">The unit as reported, normalised to its UCUM code (for example <c>umol/L</c> for "µmol/l").</param>
public readonly record struct ReportedValue(double Value, string Unit);
