using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Serum albumin, canonical unit g/L (UCUM <c>g/L</c>); g/dL × 10 = g/L.</summary>
/// <remarks>Possible: above 0 and at most 100 g/L. Plausible: 5–60 g/L.</remarks>
public readonly record struct SerumAlbumin
{
    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "serum albumin",
        [new UnitDefinition("g/L", 1.0), new UnitDefinition("g/dL", 10.0)],
        possible: (0, 100),
        plausible: (5, 60));

    private SerumAlbumin(ConvertedValue value) => (GPerL, Reported) = value;

    /// <summary>The value in g/L.</summary>
    public double GPerL { get; }

    /// <summary>The value in g/dL.</summary>
    public double GPerDl => GPerL / 10.0;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a serum albumin from g/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static SerumAlbumin FromGPerL(double value) => new(Kind.ConvertOrThrow(value, "g/L", nameof(value)));

    /// <summary>Creates a serum albumin from g/dL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static SerumAlbumin FromGPerDl(double value) => new(Kind.ConvertOrThrow(value, "g/dL", nameof(value)));

    /// <summary>Reads a serum albumin from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<SerumAlbumin> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new SerumAlbumin(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{GPerL:G6} g/L");
}
