namespace Stroma.Core.Quantities;

/// <summary>Glomerular filtration rate normalised to 1.73 m² of body surface area, in mL/min/1.73 m² (UCUM <c>mL/min/{1.73_m2}</c>).</summary>
/// <remarks>An <see cref="Egfr"/> alone says nothing of how it was estimated; equations return it inside a result that names the equation.</remarks>
public readonly record struct Egfr
{
    /// <summary>The UCUM code of the unit.</summary>
    public const string Ucum = "mL/min/{1.73_m2}";

    private Egfr(double value) => MlPerMinPer173M2 = value;

    /// <summary>The value in mL/min/1.73 m².</summary>
    public double MlPerMinPer173M2 { get; }

    /// <summary>Creates an eGFR from mL/min/1.73 m².</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not positive.</exception>
    public static Egfr FromMlPerMinPer173M2(double value) =>
        double.IsFinite(value) && value > 0
            ? new Egfr(value)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "eGFR must be a positive, finite mL/min/1.73 m2 value.");

    /// <summary>The absolute GFR in mL/min for a body surface area (for drug dosing or exchange-volume planning): eGFR × BSA ÷ 1.73.</summary>
    public double AbsoluteMlPerMin(BodySurfaceArea bsa) => MlPerMinPer173M2 * bsa.SquareMetres / 1.73;

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{MlPerMinPer173M2:0.0} mL/min/1.73 m2");
}
