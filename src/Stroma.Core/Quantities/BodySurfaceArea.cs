namespace Stroma.Core.Quantities;

/// <summary>Body surface area in m² (UCUM <c>m2</c>), with the formula that produced it.</summary>
public readonly record struct BodySurfaceArea
{
    private BodySurfaceArea(double squareMetres, string method) => (SquareMetres, Method) = (squareMetres, method);

    /// <summary>The area in m².</summary>
    public double SquareMetres { get; }

    /// <summary>The formula used (<c>mosteller_1987</c>, <c>haycock_1978</c>), or <c>measured</c>.</summary>
    public string Method { get; }

    /// <summary>Mosteller (N Engl J Med 1987;317:1098): √(height cm × weight kg ÷ 3600).</summary>
    public static BodySurfaceArea Mosteller(Height height, Weight weight) =>
        new(Math.Sqrt(height.Centimetres * weight.Kilograms / 3600.0), "mosteller_1987");

    /// <summary>Haycock (J Pediatr 1978;93:62): 0.024265 × weight kg^0.5378 × height cm^0.3964; validated from infancy to adulthood.</summary>
    public static BodySurfaceArea Haycock(Height height, Weight weight) =>
        new(0.024265 * Math.Pow(weight.Kilograms, 0.5378) * Math.Pow(height.Centimetres, 0.3964), "haycock_1978");

    /// <summary>A body surface area given directly (measured or taken from a record).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not in (0, 5] m².</exception>
    public static BodySurfaceArea FromSquareMetres(double value) =>
        double.IsFinite(value) && value > 0 && value <= 5
            ? new BodySurfaceArea(value, "measured")
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Body surface area must be a finite value in (0, 5] m2.");

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{SquareMetres:0.000} m2 ({Method})");
}
