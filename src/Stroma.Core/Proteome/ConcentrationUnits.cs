using System.Collections.Immutable;

namespace Stroma.Core.Proteome;

/// <summary>
/// The UCUM units Stroma accepts for immunoassay results, kept in UCUM's case-sensitive spelling and matched as every unit is
/// (<see cref="Quantities.UcumText"/>: <c>l</c> and <c>L</c> are both the litre): mass and molar concentrations, international
/// and arbitrary units per volume, and "{ratio}" for array signals normalised to reference spots. Anything else is refused with
/// this list, never guessed at. Log-scale units (Olink NPX) are not here: a fold change of a logarithm is meaningless.
/// </summary>
public static class ConcentrationUnits
{
    /// <summary>Accepted units.</summary>
    public static ImmutableArray<string> Known { get; } =
        ["pg/mL", "ng/mL", "ug/mL", "ng/L", "ug/L", "mg/L", "g/L", "fmol/mL", "pmol/L", "nmol/L", "[IU]/mL", "[IU]/L", "m[IU]/mL", "U/mL", "U/L", "{ratio}"];

    /// <summary>True for an accepted unit, matched as <see cref="Quantities.UcumText.Matches"/> does (<c>pg/ml</c> is <c>pg/mL</c>).</summary>
    public static bool IsKnown(string unit) => Find(unit) is not null;

    /// <summary>The accepted code that <paramref name="unit"/> names (its UCUM case-sensitive spelling), or null.</summary>
    public static string? Find(string? unit) => Quantities.UcumText.Find(unit, Known);

    /// <summary>What a refusal says was expected.</summary>
    public static string Expected => $"a UCUM concentration unit ({string.Join(", ", Known)})";
}
