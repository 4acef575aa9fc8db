using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Body weight, canonical unit kg (UCUM <c>kg</c>).</summary>
/// <remarks>Possible: 0.3–400 kg. Plausible: 1–250 kg. Oedema in nephrotic relapse inflates weight (research/renal.md §6).</remarks>
public readonly record struct Weight
{
    /// <summary>kg per avoirdupois pound.</summary>
    public const double KilogramsPerPound = 0.45359237;

    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "weight",
        [new UnitDefinition("kg", 1.0), new UnitDefinition("g", 1e-3), new UnitDefinition("[lb_av]", KilogramsPerPound, "lb")],
        possible: (0.3, 400),
        plausible: (1, 250),
        lowerExclusive: false);

    private Weight(ConvertedValue value) => (Kilograms, Reported) = value;

    /// <summary>The weight in kg.</summary>
    public double Kilograms { get; }

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a weight from kg.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Weight FromKilograms(double value) => new(Kind.ConvertOrThrow(value, "kg", nameof(value)));

    /// <summary>Reads a weight from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<Weight> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new Weight(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Kilograms:G6} kg");
}
