using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Body height (length for infants), canonical unit cm (UCUM <c>cm</c>).</summary>
/// <remarks>Possible: 20–260 cm. Plausible: 45–220 cm. Height-based equations need a current height (research/renal.md §6).</remarks>
public readonly record struct Height
{
    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "height",
        [new UnitDefinition("cm", 1.0), new UnitDefinition("m", 100.0), new UnitDefinition("[in_i]", 2.54, "in")],
        possible: (20, 260),
        plausible: (45, 220),
        lowerExclusive: false);

    private Height(ConvertedValue value) => (Centimetres, Reported) = value;

    /// <summary>The height in cm.</summary>
    public double Centimetres { get; }

    /// <summary>The height in m.</summary>
    public double Metres => Centimetres / 100.0;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a height from cm.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Height FromCentimetres(double value) => new(Kind.ConvertOrThrow(value, "cm", nameof(value)));

    /// <summary>Creates a height from m.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Height FromMetres(double value) => new(Kind.ConvertOrThrow(value, "m", nameof(value)));

    /// <summary>Reads a height from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<Height> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new Height(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Centimetres:G6} cm");
}
