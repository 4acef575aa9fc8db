using System.Collections.Immutable;

namespace Stroma.Core.CellProducts;

/// <summary>How a written unit relates to a UCUM code Stroma knows for release tests.</summary>
public enum UnitMatch
{
    /// <summary>Not a unit of the list (or a different unit, such as <c>ML</c>, megalitre).</summary>
    Unknown,

    /// <summary>Written exactly as UCUM writes it.</summary>
    Exact,

    /// <summary>The same unit in another spelling (<c>ml</c>, <c>EU/mL</c>, <c>cells</c>); it is stored as the UCUM code.</summary>
    Normalised,
}

/// <summary>
/// The units of release tests, as UCUM codes (case-sensitive, as UCUM writes them): a closed list, so that a unit is never guessed.
/// UCUM has two symbols for the litre, <c>l</c> and <c>L</c>: <c>ml</c> and <c>mL</c> are the same unit (but <c>ML</c> is a megalitre,
/// not a millilitre). The micro sign and Greek mu are read as <c>u</c>. A few spellings labs print are read as their UCUM code:
/// <c>EU/mL</c> as <c>[EU]/mL</c>, <c>cells</c> as <c>{cells}</c>, <c>pH</c> as <c>[pH]</c>.
/// </summary>
/// <remarks>
/// Endotoxin is written <c>[EU]/mL</c>, the code lot files and the built-in specification have used. In the UCUM table the symbol
/// <c>[EU]</c> is the Ehrlich unit; Ph. Eur. 2.6.14 expresses endotoxin in International Units (1 IU = 1 EU), so <c>[IU]/mL</c> is
/// the strict UCUM reading. Stroma compares the code a specification states and never converts between the two.
/// </remarks>
public static class ReleaseUnits
{
    // UCUM code, then other spellings read as it.
    private static readonly (string Code, string[] Aliases)[] Table =
    [
        ("%", []),
        ("1", []),
        ("{cells}", ["cells"]),
        ("{cells}/mL", ["cells/mL"]),
        ("{cells}/kg", ["cells/kg"]),
        ("10*6/mL", []),
        ("[EU]/mL", ["EU/mL"]),
        ("[IU]/mL", ["IU/mL"]),
        ("mL", []),
        ("pg/mL", []),
        ("ng/mL", []),
        ("ug/mL", []),
        ("mg/mL", []),
        ("[pH]", ["pH"]),
        ("mosm/kg", []),
        ("h", []),
        ("d", []),
    ];

    /// <summary>Every UCUM code accepted in a specification.</summary>
    public static ImmutableArray<string> Codes { get; } = [.. Table.Select(t => t.Code)];

    /// <summary>The codes, for messages.</summary>
    public static string Accepted => string.Join(", ", Codes);

    /// <summary>The UCUM code a written unit stands for, and how it was matched; null code when the unit is not one of <see cref="Codes"/>.</summary>
    public static (string? Code, UnitMatch Match) Normalise(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return (null, UnitMatch.Unknown);
        }

        if (Codes.Contains(unit, StringComparer.Ordinal))
        {
            return (unit, UnitMatch.Exact);
        }

        var key = Key(unit);
        foreach (var (code, aliases) in Table)
        {
            if (string.Equals(Key(code), key, StringComparison.Ordinal) || aliases.Any(a => string.Equals(Key(a), key, StringComparison.Ordinal)))
            {
                return (code, UnitMatch.Normalised);
            }
        }

        return (null, UnitMatch.Unknown);
    }

    // The comparison key: trimmed, micro as u, and every litre L written l. Only the litre's symbol has two cases in UCUM; an upper-case
    // L outside brackets is always the litre in this list, and a bracketed or braced part ([EU], {cells}) is kept exactly.
    private static string Key(string unit)
    {
        var text = unit.Trim().Replace('\u00B5', 'u').Replace('\u03BC', 'u');
        var chars = text.ToCharArray();
        var depth = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            depth += chars[i] is '[' or '{' ? 1 : chars[i] is ']' or '}' ? -1 : 0;
            if (depth == 0 && chars[i] == 'L')
            {
                chars[i] = 'l';
            }
        }

        return new string(chars);
    }
}
