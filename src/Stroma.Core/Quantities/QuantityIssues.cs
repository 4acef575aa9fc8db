namespace Stroma.Core.Quantities;

/// <summary>Stable issue codes for clinical quantities read from external input.</summary>
public static class QuantityIssues
{
    /// <summary>The value is NaN or infinite.</summary>
    public const string NotFinite = "QTY001";

    /// <summary>The value is outside what is physically or physiologically possible (for example a negative or zero creatinine).</summary>
    public const string Impossible = "QTY002";

    /// <summary>The unit is not one this quantity accepts.</summary>
    public const string UnknownUnit = "QTY003";

    /// <summary>The value is possible but implausible; check it (for example a unit mix-up).</summary>
    public const string Implausible = "QTY004";

    /// <summary>No unit was given; a unit is never guessed.</summary>
    public const string MissingUnit = "QTY005";

    /// <summary>A date is impossible in context (for example a sample before birth).</summary>
    public const string ImpossibleDate = "QTY006";
}
