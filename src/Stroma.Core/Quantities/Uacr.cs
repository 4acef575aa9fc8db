using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Urine albumin-to-creatinine ratio, canonical unit mg/g (UCUM <c>mg/g</c>), the unit KDIGO's A1–A3 cut-points are stated in.</summary>
/// <remarks>
/// mg/mmol = mg/g × 0.11312 (1 mmol creatinine = 113.12 mg); mg/mg = mg/g ÷ 1000. KDIGO rounds 30 mg/g to 3 mg/mmol.
/// Possible: 0 to 100 000 mg/g. Plausible: up to 30 000 mg/g.
/// </remarks>
public readonly record struct Uacr
{
    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "urine albumin/creatinine ratio",
        [
            new UnitDefinition("mg/g", 1.0, "mg/g{creat}"),
            new UnitDefinition("mg/mg", 1000.0, "mg/mg{creat}"),
            new UnitDefinition("g/g", 1000.0, "g/g{creat}"),
            new UnitDefinition("mg/mmol", 1000.0 / Upcr.MgPerMmolPerMgPerMg, "mg/mmol{creat}"),
        ],
        possible: (0, 100_000),
        plausible: (0, 30_000),
        lowerExclusive: false);

    private Uacr(ConvertedValue value) => (MgPerG, Reported) = value;

    /// <summary>The ratio in mg/g.</summary>
    public double MgPerG { get; }

    /// <summary>The ratio in mg/mmol.</summary>
    public double MgPerMmol => MgPerG * Upcr.MgPerMmolPerMgPerMg / 1000.0;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a ratio from mg/g.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Uacr FromMgPerG(double value) => new(Kind.ConvertOrThrow(value, "mg/g", nameof(value)));

    /// <summary>Creates a ratio from mg/mmol.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Uacr FromMgPerMmol(double value) => new(Kind.ConvertOrThrow(value, "mg/mmol", nameof(value)));

    /// <summary>Reads a ratio from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<Uacr> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new Uacr(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{MgPerG:G6} mg/g");
}
