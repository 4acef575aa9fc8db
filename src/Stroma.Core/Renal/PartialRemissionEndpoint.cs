using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// The FSGS Partial Remission Endpoint (FPRE; Troost JP et al., Clin J Am Soc Nephrol 2018;13:414–421): a fall in UPCR of at
/// least <paramref name="MinReduction"/> from the pre-treatment baseline and a UPCR below <paramref name="Below"/>. The paper
/// writes "&lt; 1.5 g/g" and later trial protocols "≤ 1.5 g/g", so the boundary is a setting.
/// </summary>
/// <param name="Id">Rule-set id.</param>
/// <param name="MinReduction">Minimum fractional fall from baseline (0.4 = 40%), inclusive.</param>
/// <param name="Below">UPCR threshold.</param>
public sealed record PartialRemissionEndpoint(string Id, double MinReduction, UpcrThreshold Below)
{
    /// <summary>FPRE as published: ≥ 40% fall and UPCR &lt; 1.5 g/g.</summary>
    public static PartialRemissionEndpoint Troost2018 { get; } = new("fpre_troost_2018", 0.40, new UpcrThreshold(1.5, Inclusive: false));

    /// <summary>Whether a UPCR meets the endpoint against its baseline.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The baseline is zero, so no fall can be computed.</exception>
    public bool IsMet(Upcr upcr, Upcr baseline)
    {
        if (baseline.MgPerMg <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline.MgPerMg, "The baseline UPCR must be above zero to compute a fall.");
        }

        return Below.IsBelow(upcr) && 1.0 - (upcr.MgPerMg / baseline.MgPerMg) >= MinReduction - 1e-12;
    }
}
