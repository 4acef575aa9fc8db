using System.Collections.Immutable;

namespace Stroma.Core.Biomarkers;

/// <summary>Reference change values in percent: how large a change between two results must be to exceed analytical and within-subject variation.</summary>
/// <param name="Symmetric">Z·√2·√(CVa² + CVi²), the same up and down (%).</param>
/// <param name="LogNormalUp">exp(+Z·√2·σ) − 1 with σ = √(ln(CVa² + CVi² + 1)) (%).</param>
/// <param name="LogNormalDown">exp(−Z·√2·σ) − 1 (%; negative).</param>
public sealed record ReferenceChangeValue(double Symmetric, double LogNormalUp, double LogNormalDown);

/// <summary>
/// Serial-change statistics (research/proteome.md §5): the reference change value, symmetric and log-normal (Fokkema et al., Clin
/// Chem 2006), and the Benjamini–Hochberg adjustment across analytes.
/// </summary>
public static class ReferenceChange
{
    /// <summary>Z for a two-sided 95 % test.</summary>
    public const double TwoSided95 = 1.96;

    /// <summary>Z for a one-sided 95 % test (a directional change, such as "a decrease").</summary>
    public const double OneSided95 = 1.645;

    /// <summary>The RCVs for an analytical and a within-subject CV, both in percent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A CV negative or not finite, or Z not positive.</exception>
    public static ReferenceChangeValue Of(double analyticalCvPercent, double withinSubjectCvPercent, double z = TwoSided95)
    {
        if (!(analyticalCvPercent >= 0 && double.IsFinite(analyticalCvPercent)) || !(withinSubjectCvPercent >= 0 && double.IsFinite(withinSubjectCvPercent)) || !(z > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(analyticalCvPercent), "CVs must be finite and non-negative (percent), and Z positive.");
        }

        var total = Math.Sqrt(Math.Pow(analyticalCvPercent / 100, 2) + Math.Pow(withinSubjectCvPercent / 100, 2));
        var sigma = Math.Sqrt(Math.Log((total * total) + 1));
        var k = z * Math.Sqrt(2);
        return new ReferenceChangeValue(k * total * 100, (Math.Exp(k * sigma) - 1) * 100, (Math.Exp(-k * sigma) - 1) * 100);
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (q-values) in the input order: with p sorted ascending, q₍ᵢ₎ = min over j ≥ i of
    /// min(1, m·p₍ⱼ₎/j).
    /// </summary>
    public static ImmutableArray<double> BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var q = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, Math.Min(1, m * pValues[i] / rank));
            q[i] = running;
        }

        return [.. q];
    }
}
