namespace Stroma.Core.Quantities;

/// <summary>A cell-therapy dose in cells per kilogram of body weight (UCUM <c>{cells}/kg</c>).</summary>
/// <remarks>Possible: above 0 and at most 1e9 cells/kg (MSC doses are typically 0.5–5 × 10⁶ cells/kg).</remarks>
public readonly record struct CellDose
{
    /// <summary>The UCUM code of the unit.</summary>
    public const string Ucum = "{cells}/kg";

    private CellDose(double cellsPerKg) => CellsPerKilogram = cellsPerKg;

    /// <summary>Cells per kilogram.</summary>
    public double CellsPerKilogram { get; }

    /// <summary>Creates a dose from cells per kilogram.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or not in (0, 1e9].</exception>
    public static CellDose FromCellsPerKilogram(double value) =>
        double.IsFinite(value) && value > 0 && value <= 1e9
            ? new CellDose(value)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A cell dose must be a finite number of cells/kg in (0, 1e9].");

    /// <summary>The dose per kilogram for a total number of cells given to a patient of this weight.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The total is not finite or not positive.</exception>
    public static CellDose FromTotal(double totalCells, Weight weight) =>
        double.IsFinite(totalCells) && totalCells > 0
            ? FromCellsPerKilogram(totalCells / weight.Kilograms)
            : throw new ArgumentOutOfRangeException(nameof(totalCells), totalCells, "The total number of cells must be positive and finite.");

    /// <summary>The total number of cells for a patient of this weight.</summary>
    public double TotalCells(Weight weight) => CellsPerKilogram * weight.Kilograms;

    /// <inheritdoc/>
    public override string ToString() => Text.ClinicalFormat.Quantity(CellsPerKilogram, "{cells}/kg");
}
