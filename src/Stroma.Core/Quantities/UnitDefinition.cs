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

    /// <summary>Whether <paramref name="unit"/> names this unit or one of its aliases, matched as <see cref="UcumText.Matches"/> does.</summary>
    public bool Matches(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return UcumText.Matches(unit, Ucum) || Aliases.Any(a => UcumText.Matches(unit, a));
    }
}
