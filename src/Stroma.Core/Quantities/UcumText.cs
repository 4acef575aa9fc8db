namespace Stroma.Core.Quantities;

/// <summary>
/// How a unit as written is matched against a UCUM code, the same way everywhere (lab values, immunoassay concentrations): surrounding
/// spaces ignored, the micro sign and Greek mu read as <c>u</c>, and case ignored, which is UCUM's own case-insensitive form (so
/// <c>l</c> and <c>L</c>, both the litre in UCUM, match: <c>pg/ml</c> is <c>pg/mL</c>, <c>mg/dl</c> is <c>mg/dL</c>). Each list of
/// accepted codes is checked to hold no two codes that this would confuse; nothing else is guessed.
/// </summary>
public static class UcumText
{
    /// <summary>Whether <paramref name="written"/> names the unit <paramref name="code"/>.</summary>
    public static bool Matches(string written, string code)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(code);
        return string.Equals(written, code, StringComparison.Ordinal) || string.Equals(Key(written), Key(code), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The code of <paramref name="codes"/> that <paramref name="written"/> names, or null.</summary>
    public static string? Find(string? written, IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return string.IsNullOrWhiteSpace(written) ? null : codes.FirstOrDefault(c => Matches(written, c));
    }

    private static string Key(string unit) => unit.Trim().Replace('\u00B5', 'u').Replace('\u03BC', 'u');
}
