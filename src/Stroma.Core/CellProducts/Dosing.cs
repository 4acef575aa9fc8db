using Stroma.Core.Quantities;

namespace Stroma.Core.CellProducts;

/// <summary>A dose worked out for a patient: per kilogram, in total, and as a volume of a bag.</summary>
/// <param name="Dose">Cells per kilogram.</param>
/// <param name="TotalCells">Total cells.</param>
/// <param name="VolumeMl">Volume to draw from the bag (mL).</param>
/// <param name="Weight">The weight it was computed for.</param>
public sealed record DoseVolume(CellDose Dose, double TotalCells, double VolumeMl, Weight Weight);

/// <summary>
/// Dose arithmetic at the bag's concentration: cells/kg × weight = total cells; total ÷ (cells/mL) = volume. And the endotoxin
/// ceiling for this patient (research/platform.md §3.3; Ph. Eur. 5.1.10 / USP &lt;85&gt;): K = 5 EU per kg per hour, so the
/// endotoxin a dose may carry is 5 × weight × max(1, hours over which it is given) EU, and the limit in EU/mL is that ÷ volume.
/// </summary>
public static class Dosing
{
    /// <summary>The threshold pyrogenic dose for intravenous use, EU per kg body weight per hour.</summary>
    public const double EndotoxinKPerKgPerHour = 5.0;

    /// <summary>From a prescribed dose per kilogram.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bag has no cells or no volume.</exception>
    public static DoseVolume FromDose(CellDose dose, Weight weight, Bag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var total = dose.TotalCells(weight);
        return new DoseVolume(dose, total, total / Concentration(bag), weight);
    }

    /// <summary>From a volume drawn from the bag.</summary>
    public static DoseVolume FromVolume(double volumeMl, Weight weight, Bag bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(volumeMl);
        var total = volumeMl * Concentration(bag);
        return new DoseVolume(CellDose.FromTotal(total, weight), total, volumeMl, weight);
    }

    /// <summary>The endotoxin the whole dose may carry for this patient (EU).</summary>
    public static double EndotoxinCeilingEu(Weight weight, double infusionHours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(infusionHours);
        return EndotoxinKPerKgPerHour * weight.Kilograms * Math.Max(1, infusionHours);
    }

    /// <summary>The endotoxin limit of the product for this patient and dose volume (EU/mL).</summary>
    public static double EndotoxinLimitEuPerMl(Weight weight, double volumeMl, double infusionHours)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(volumeMl);
        return EndotoxinCeilingEu(weight, infusionHours) / volumeMl;
    }

    private static double Concentration(Bag bag) =>
        bag.Cells > 0 && bag.VolumeMl > 0 ? bag.CellsPerMl : throw new ArgumentOutOfRangeException(nameof(bag), "A bag needs cells and a volume.");
}
