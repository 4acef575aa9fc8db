using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Urine protein-to-creatinine ratio (spot or first-morning), canonical unit mg/mg (UCUM <c>mg/mg</c>, equal to g/g).</summary>
/// <remarks>
/// mg/g = 1000 × mg/mg; mg/mmol = 113.12 × mg/mg, because 1 mmol of creatinine weighs 113.12 mg (research/renal.md §3.1).
/// Possible: 0 to 200 mg/mg (zero is a valid "below detection" result). Plausible: up to 50 mg/mg.
/// </remarks>
public readonly record struct Upcr
{
    /// <summary>mg/mmol per mg/mg: the molar mass of creatinine, 113.12 mg/mmol.</summary>
    public const double MgPerMmolPerMgPerMg = 113.12;

    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "urine protein/creatinine ratio",
        [
            new UnitDefinition("mg/mg", 1.0, "mg/mg{creat}"),
            new UnitDefinition("g/g", 1.0, "g/g{creat}"),
            new UnitDefinition("mg/g", 1e-3, "mg/g{creat}"),
            new UnitDefinition("mg/mmol", 1.0 / MgPerMmolPerMgPerMg, "mg/mmol{creat}"),
            new UnitDefinition("g/mmol", 1000.0 / MgPerMmolPerMgPerMg, "g/mmol{creat}"),
        ],
        possible: (0, 200),
        plausible: (0, 50),
        lowerExclusive: false);

    private Upcr(ConvertedValue value) => (MgPerMg, Reported) = value;

    /// <summary>The ratio in mg/mg (= g/g).</summary>
    public double MgPerMg { get; }

    /// <summary>The ratio in g/g (= mg/mg).</summary>
    public double GPerG => MgPerMg;

    /// <summary>The ratio in mg/g.</summary>
    public double MgPerG => MgPerMg * 1000.0;

    /// <summary>The ratio in mg/mmol.</summary>
    public double MgPerMmol => MgPerMg * MgPerMmolPerMgPerMg;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a ratio from mg/mg (= g/g).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Upcr FromMgPerMg(double value) => new(Kind.ConvertOrThrow(value, "mg/mg", nameof(value)));

    /// <summary>Creates a ratio from mg/g.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Upcr FromMgPerG(double value) => new(Kind.ConvertOrThrow(value, "mg/g", nameof(value)));

    /// <summary>Creates a ratio from mg/mmol.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Upcr FromMgPerMmol(double value) => new(Kind.ConvertOrThrow(value, "mg/mmol", nameof(value)));

    /// <summary>Reads a ratio from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<Upcr> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new Upcr(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{MgPerMg:G6} mg/mg");
}
