namespace Stroma.Core.Quantities;

/// <summary>Sex as used by eGFR equations and reference ranges (biological sex recorded for clinical computation).</summary>
public enum Sex
{
    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,
}
