using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Serum cystatin C (IFCC-calibrated, ERM-DA471), canonical unit mg/L (UCUM <c>mg/L</c>).</summary>
/// <remarks>
/// 1 mg/L = 74.9 nmol/L (molar mass about 13.35 kDa; kidney.epi <c>service.convert_cystatin</c>, research/renal.md §1.1).
/// Possible: 0.05–20 mg/L (below 0.05 mg/L no assay reports a value). Plausible: 0.2–8 mg/L (the CKiD U25 code's accepted range).
/// Non-calibrated Siemens values must be multiplied by 1.17 before entry (CKiD study group).
/// </remarks>
public readonly record struct CystatinC
{
    /// <summary>nmol/L per mg/L.</summary>
    public const double NanomolPerLPerMgPerL = 74.9;

    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "serum cystatin C",
        [new UnitDefinition("mg/L", 1.0), new UnitDefinition("nmol/L", 1.0 / NanomolPerLPerMgPerL, "nanomol/L")],
        possible: (0.05, 20),
        plausible: (0.2, 8),
        lowerExclusive: false);

    private CystatinC(ConvertedValue value) => (MgPerL, Reported) = value;

    /// <summary>The value in mg/L.</summary>
    public double MgPerL { get; }

    /// <summary>The value in nmol/L.</summary>
    public double NanomolPerL => MgPerL * NanomolPerLPerMgPerL;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a cystatin C from mg/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static CystatinC FromMgPerL(double value) => new(Kind.ConvertOrThrow(value, "mg/L", nameof(value)));

    /// <summary>Creates a cystatin C from nmol/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static CystatinC FromNanomolPerL(double value) => new(Kind.ConvertOrThrow(value, "nmol/L", nameof(value)));

    /// <summary>Reads a cystatin C from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<CystatinC> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new CystatinC(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{MgPerL:G6} mg/L");
}
