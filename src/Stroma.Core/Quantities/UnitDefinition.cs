using System.Collections.Immutable;

namespace Stroma.Core.Quantities;

/// <summary>One accepted unit of a quantity: its UCUM code, other spellings accepted on input, and the factor to the canonical unit.</summary>
public sealed record UnitDefinition
{
    /// <summary>Defines a unit.</summary>
    /// <param name="ucum">The UCUM code (case-sensitive form, for example <c>mg/dL</c>).</param>
    /// <param name="toCanonical">Multiply a value in this unit by this factor to get the canonical unit.</param>
    /// <param name="aliases">Other spellings labs use for the same unit (for example <c>mg/mmol{creat}</c>).</param>
    public UnitDefinition(string ucum, double toCanonical, params string[] aliases)
    {
        Ucum = ucum;
        ToCanonical = toCanonical;
        Aliases = [.. aliases];
    }

    /// <summary>The UCUM code.</summary>
    public string Ucum { get; }

    /// <summary>Multiply a value in this unit by this factor to get the canonical unit.</summary>
    public double ToCanonical { get; }

    /// <summary>Other accepted spellings.</summary>
    public ImmutableArray<string> Aliases { get; }

    /// <summary>
    /// Whether <paramref name="unit"/> names this unit. Matching ignores case and surrounding spaces and treats the micro sign
    /// and Greek mu as <c>u</c>, so "µmol/l" matches <c>umol/L</c>; nothing else is guessed.
    /// </summary>
    public bool Matches(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (string.Equals(unit, Ucum, StringComparison.Ordinal))
        {
            return true; // stored values carry the UCUM code itself: no normalisation needed
        }

        var key = Normalise(unit);
        return string.Equals(Normalise(Ucum), key, StringComparison.OrdinalIgnoreCase)
            || Aliases.Any(a => string.Equals(Normalise(a), key, StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalise(string unit) => unit.Trim().Replace('\u00B5', 'u').Replace('\u03BC', 'u');
}
