using System.Globalization;
using System.Text;

namespace Stroma.Core.Text;

/// <summary>
/// Numbers, units and coded names as a clinician writes them, for every text people read (the case report, the command's text
/// output): 1.5 × 10⁶ cells/kg rather than 1.50E+6 or <c>1500000 {cells}/kg</c>; "third party" rather than <c>ThirdParty</c>.
/// Machine output (JSON, CSV) keeps full precision and the UCUM codes.
/// </summary>
public static class ClinicalFormat
{
    /// <summary>The text written where a value is missing: never a blank, never "n/a" without a reason beside it.</summary>
    public const string NotAssessable = "not assessable";

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    // Written out in full from here on: 10⁵ and above, or below 10⁻³, read as powers of ten.
    private const double LargeFrom = 1e5;
    private const double SmallBelow = 1e-3;

    // UCUM prefixes written with the micro sign, and the abbreviations written in capitals when a coded name is turned into words.
    private static readonly string[] MicroUnits = ["umol", "ug", "uL", "ul", "um", "uIU"];
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal) { ["Nos"] = "NOS", ["Iv"] = "IV", ["Ifta"] = "IFTA", ["Hla"] = "HLA" };

    /// <summary>
    /// A number with up to <paramref name="significantDigits"/> significant digits (trailing zeros dropped): plain between 10⁻³ and
    /// 10⁵ ("92.5", "0.12"), otherwise as m × 10ⁿ with 1 ≤ m &lt; 10 ("1.5 × 10⁶", "2.25 × 10⁸").
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significantDigits"/> is not 1–15, or the value is not finite.</exception>
    public static string Number(double value, int significantDigits = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significantDigits, 15);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite numbers are written for people.");
        }

        // Rounded first, so that the notation follows what is written (99,960 to three digits is 1 × 10⁵, not 100000).
        var magnitude = Math.Abs(Round(value, significantDigits));
        if (magnitude == 0 || (magnitude >= SmallBelow && magnitude < LargeFrom))
        {
            return Round(value, significantDigits).ToString("0.###############", CultureInfo.InvariantCulture);
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = Round(value / Math.Pow(10, exponent), significantDigits);
        if (Math.Abs(mantissa) >= 10)
        {
            // Rounding carried into the next power (9.999 × 10⁵ → 10 × 10⁵): write 1 × 10⁶.
            mantissa /= 10;
            exponent++;
        }

        return mantissa.ToString("0.###############", CultureInfo.InvariantCulture) + " × 10" + Superscript(exponent);
    }

    /// <summary>A count with its noun, singular for one: "1 adverse event", "2 biopsies" (<paramref name="plural"/> when not noun + s).</summary>
    public static string Count(int count, string noun, string? plural = null)
    {
        ArgumentNullException.ThrowIfNull(noun);
        return string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
    }

    /// <summary>A value with a fixed number of decimals ("0.25", "+6.0"), or "not assessable" when there is none.</summary>
    public static string Fixed(double? value, int decimals, bool withSign = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (value is not { } v || !double.IsFinite(v))
        {
            return NotAssessable;
        }

        var digits = decimals == 0 ? "0" : "0." + new string('0', decimals);
        return v.ToString(withSign ? $"+{digits};-{digits};{digits}" : digits, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A UCUM unit as people read it: annotations without braces and brackets (<c>{cells}/kg</c> → cells/kg, <c>[EU]/mL</c> →
    /// EU/mL, <c>mL/min/{1.73_m2}</c> → mL/min/1.73 m²), micro as µ (<c>umol/L</c> → µmol/L), powers of ten as 10ⁿ
    /// (<c>10*6/L</c> → 10⁶/L).
    /// </summary>
    public static string Unit(string ucum)
    {
        ArgumentNullException.ThrowIfNull(ucum);
        var text = ucum.Trim().Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal)
            .Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Replace('_', ' ');
        text = text.Replace("m2", "m²", StringComparison.Ordinal);
        var parts = text.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (MicroUnits.Any(u => parts[i].StartsWith(u, StringComparison.Ordinal)))
            {
                parts[i] = "µ" + parts[i][1..];
            }

            if (parts[i].StartsWith("10*", StringComparison.Ordinal) && int.TryParse(parts[i][3..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var power))
            {
                parts[i] = "10" + Superscript(power);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>A value and its unit: "1.5 × 10⁶ cells/kg", "92.5 %".</summary>
    public static string Quantity(double value, string ucum, int significantDigits = 3) => $"{Number(value, significantDigits)} {Unit(ucum)}".TrimEnd();

    /// <summary>A coded name as words: <c>ThirdParty</c> → "third party", <c>AtBedside</c> → "at bedside", <c>Nos</c> → "NOS".</summary>
    public static string Words(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Words(value.ToString());
    }

    /// <summary>A PascalCase or camelCase code as lower-case words, known abbreviations in capitals.</summary>
    public static string Words(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            var startsWord = char.IsUpper(c) && current.Length > 0 && (!char.IsUpper(code[i - 1]) || (i + 1 < code.Length && char.IsLower(code[i + 1])));
            if (startsWord || c is '_' or ' ' or '-')
            {
                Flush();
            }

            if (c is not ('_' or ' ' or '-'))
            {
                current.Append(c);
            }
        }

        Flush();
        // A prefix is written joined to its word, as the guidelines do: SubNephrotic → "subnephrotic".
        for (var i = words.Count - 2; i >= 0; i--)
        {
            if (words[i] == "sub")
            {
                words[i] += words[i + 1];
                words.RemoveAt(i + 1);
            }
        }

        return string.Join(' ', words);

        void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }

            var word = current.ToString();
            words.Add(Abbreviations.TryGetValue(word, out var abbreviation) ? abbreviation
                : word.Length > 1 && word.All(char.IsUpper) ? word : word.ToLowerInvariant());
            current.Clear();
        }
    }

    private static double Round(double value, int significantDigits)
    {
        if (value == 0)
        {
            return 0;
        }

        var scale = Math.Pow(10, significantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale;
    }

    private static string Superscript(int exponent) =>
        (exponent < 0 ? "⁻" : string.Empty) + string.Concat(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(d => Superscripts[d - '0']));
}
