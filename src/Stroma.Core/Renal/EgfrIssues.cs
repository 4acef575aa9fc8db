namespace Stroma.Core.Renal;

/// <summary>Stable issue codes for eGFR estimation.</summary>
public static class EgfrIssues
{
    /// <summary>An input the equation needs (creatinine, cystatin C, height) was not given.</summary>
    public const string MissingInput = "EGFR001";

    /// <summary>The age is outside the range in which the equation is defined at all.</summary>
    public const string AgeOutsideDomain = "EGFR002";

    /// <summary>The patient is outside the population the equation was developed or validated in (warning).</summary>
    public const string OutsideValidatedPopulation = "EGFR003";

    /// <summary>No equation has this id.</summary>
    public const string UnknownEquation = "EGFR004";

    /// <summary>A marker or height is outside the range the equation's authors accept (warning).</summary>
    public const string InputOutsideValidatedRange = "EGFR005";

    /// <summary>No equation is recommended for this age (for example under one year).</summary>
    public const string NoRecommendedEquation = "EGFR006";

    /// <summary>An input was given that the equation does not use; it is ignored (information).</summary>
    public const string UnusedInput = "EGFR007";

    /// <summary>Within a series the equation family changes, so values before and after are not directly comparable (warning).</summary>
    public const string EquationSwitch = "EGFR008";
}
