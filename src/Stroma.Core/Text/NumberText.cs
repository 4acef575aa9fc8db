using System.Globalization;

namespace Stroma.Core.Text;

/// <summary>What is wrong with the text of a number.</summary>
public enum NumberTextProblem
{
    /// <summary>Nothing: the text is a number.</summary>
    None,

    /// <summary>The text is empty.</summary>
    Empty,

    /// <summary>A comma: a decimal comma or a thousands separator, which Stroma never guesses between.</summary>
    Comma,

    /// <summary>Not a number in the accepted form (a word, NaN, Infinity, hexadecimal, spaces, other digits).</summary>
    NotANumber,

    /// <summary>A number too large for a double (it would be infinite) or too small to be held exactly (it would be 0 or subnormal).</summary>
    OutOfRange,

    /// <summary>A whole number was expected; the text has a fraction or an exponent.</summary>
    NotWhole,
}

/// <summary>
/// The one way Stroma reads numbers from text (command-line options, CSV fields, JSON numbers): invariant and strict. The accepted form
/// is <c>[+-]digits[.digits][e[+-]digits]</c> (or <c>[+-].digits…</c>) with ASCII digits, a dot as the decimal separator and no
/// thousands separators. A comma is refused, never guessed: <c>1,2</c> may mean 1.2 or 12. NaN, Infinity and numbers beyond the range
/// of a double (<c>1e400</c>, which would become infinite, or <c>1e-320</c>, which would lose its precision) are refused too.
/// </summary>
public static class NumberText
{
    /// <summary>The accepted form, for messages.</summary>
    public const string Expected = "a number with a dot as the decimal separator and no thousands separators (for example 1.2, -0.5 or 1.5e6)";

    /// <summary>Reads a number; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value, out NumberTextProblem problem)
    {
        value = 0;
        problem = Classify(text, whole: false);
        if (problem != NumberTextProblem.None)
        {
            return false;
        }

        var parsed = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        if (!double.IsFinite(parsed) || double.IsSubnormal(parsed) || (parsed == 0 && HasNonZeroDigit(text)))
        {
            problem = NumberTextProblem.OutOfRange;
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Reads a whole number (<c>[+-]digits</c>) that fits an <see cref="int"/>.</summary>
    public static bool TryParseWhole(ReadOnlySpan<char> text, out int value, out NumberTextProblem problem)
    {
        value = 0;
        problem = Classify(text, whole: true);
        if (problem != NumberTextProblem.None)
        {
            return false;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            problem = NumberTextProblem.OutOfRange;
            return false;
        }

        return true;
    }

    /// <summary>The message for a refused number: what was expected, what was found and, for a comma, the dot form to write instead.</summary>
    public static string Describe(string text, NumberTextProblem problem, bool whole = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expected = whole ? "a whole number written with digits only (for example 14 or -3)" : Expected;
        return problem switch
        {
            NumberTextProblem.Empty => $"Expected {expected}; found nothing.",
            NumberTextProblem.Comma => $"Expected {expected}; found '{text}' ({CommaHint(text)}).",
            NumberTextProblem.OutOfRange when whole => FormattableString.Invariant($"Expected {expected} from {int.MinValue} to {int.MaxValue}; found '{text}'."),
            NumberTextProblem.OutOfRange => $"Expected {expected} of magnitude 0 or from 2.2e-308 to 1.8e308; found '{text}'.",
            _ => $"Expected {expected}; found '{text}'.",
        };
    }

    // One comma and no dot reads as a decimal comma ("1,2" → 1.2); otherwise the commas are thousands separators to drop.
    private static string CommaHint(string text) =>
        text.Count(c => c == ',') == 1 && !text.Contains('.', StringComparison.Ordinal) && Classify(text.Replace(',', '.'), whole: false) == NumberTextProblem.None
            ? $"use a dot as the decimal separator: {text.Replace(',', '.')}"
            : Classify(text.Replace(",", string.Empty, StringComparison.Ordinal), whole: false) == NumberTextProblem.None
                ? $"write it without thousands separators: {text.Replace(",", string.Empty, StringComparison.Ordinal)}, or with a dot as the only decimal separator"
                : "use a dot as the decimal separator and no thousands separators";

    private static NumberTextProblem Classify(ReadOnlySpan<char> text, bool whole)
    {
        if (text.IsEmpty)
        {
            return NumberTextProblem.Empty;
        }

        if (text.Contains(','))
        {
            return NumberTextProblem.Comma;
        }

        var i = text[0] is '+' or '-' ? 1 : 0;
        var integer = Digits(text, ref i);
        var fraction = -1;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fraction = Digits(text, ref i);
        }

        var exponent = -1;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            i += i < text.Length && text[i] is '+' or '-' ? 1 : 0;
            exponent = Digits(text, ref i);
        }

        var wellFormed = i == text.Length && (integer > 0 || fraction > 0) && fraction != 0 && exponent != 0;
        if (!wellFormed)
        {
            return NumberTextProblem.NotANumber;
        }

        return whole && (fraction > 0 || exponent > 0) ? NumberTextProblem.NotWhole : NumberTextProblem.None;
    }

    // Consumes ASCII digits from i; returns how many.
    private static int Digits(ReadOnlySpan<char> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    // Whether the mantissa (before any exponent) has a digit other than 0: such a number parsed as 0 has underflowed.
    private static bool HasNonZeroDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is 'e' or 'E')
            {
                return false;
            }

            if (c is >= '1' and <= '9')
            {
                return true;
            }
        }

        return false;
    }
}
