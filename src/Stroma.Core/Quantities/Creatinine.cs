using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>Serum or plasma creatinine (IDMS-traceable), canonical unit mg/dL (UCUM <c>mg/dL</c>).</summary>
/// <remarks>
/// 1 mg/dL = 88.42 µmol/L: 10 mg/L divided by the molar mass of creatinine, 113.12 g/mol (research/renal.md §1.1).
/// Possible: 0.01–50 mg/dL (0.88–4421 µmol/L): below 0.01 no assay reports a value (enzymatic methods quantify from about 0.03 mg/dL),
/// and a larger number is almost always µmol/L entered as mg/dL.
/// Plausible: 0.1–15 mg/dL (the CKiD U25 code accepts 0.1–10).
/// </remarks>
public readonly record struct Creatinine
{
    /// <summary>µmol/L per mg/dL: 10 000 µg/L ÷ 113.12 g/mol.</summary>
    public const double MicromolPerLPerMgPerDl = 88.42;

    /// <summary>What this quantity accepts.</summary>
    public static readonly QuantityKind Kind = new(
        "serum creatinine",
        [new UnitDefinition("mg/dL", 1.0), new UnitDefinition("umol/L", 1.0 / MicromolPerLPerMgPerDl, "micromol/L")],
        possible: (0.01, 50),
        plausible: (0.1, 15),
        lowerExclusive: false);

    private Creatinine(ConvertedValue value) => (MgPerDl, Reported) = value;

    /// <summary>The value in mg/dL.</summary>
    public double MgPerDl { get; }

    /// <summary>The value in µmol/L.</summary>
    public double MicromolPerL => MgPerDl * MicromolPerLPerMgPerDl;

    /// <summary>The value and unit as originally reported.</summary>
    public ReportedValue Reported { get; }

    /// <summary>Creates a creatinine from mg/dL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Creatinine FromMgPerDl(double value) => new(Kind.ConvertOrThrow(value, "mg/dL", nameof(value)));

    /// <summary>Creates a creatinine from µmol/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or is outside the possible range.</exception>
    public static Creatinine FromMicromolPerL(double value) => new(Kind.ConvertOrThrow(value, "umol/L", nameof(value)));

    /// <summary>Reads a creatinine from external input, reporting every issue instead of throwing.</summary>
    public static ReadResult<Creatinine> Read(double value, string? unit, string location) => Kind.Read(value, unit, location, v => new Creatinine(v));

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{MgPerDl:G6} mg/dL");
}
