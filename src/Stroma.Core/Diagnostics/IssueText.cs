using System.Globalization;
using System.Text;

namespace Stroma.Core.Diagnostics;

/// <summary>
/// Keeps issue text safe to print on one line, whatever the input echoed in it: control characters are escaped (<c>\n</c>,
/// <c>\u001b</c>), a quoted value longer than <see cref="QuotedLimit"/> characters is cut with the rest counted
/// (<c>'xxxx…(4999920 more)'</c>), and a whole text longer than <see cref="TextLimit"/> is cut the same way. Every
/// <see cref="Issue"/> passes its message and location through here, so no reader has to remember it.
/// </summary>
public static partial class IssueText
{
    /// <summary>Characters of a quoted value kept (an echoed field: <c>found '…'</c>).</summary>
    public const int QuotedLimit = 80;

    /// <summary>Characters of a whole message kept.</summary>
    public const int TextLimit = 700;

    /// <summary>Characters of a whole location kept: with a message, one printed line stays under 1,000 characters.</summary>
    public const int LocationLimit = 200;

    /// <summary>The text with control characters escaped and long quoted values (and an overlong whole) cut.</summary>
    public static string Clean(string text) => Clean(text, TextLimit);

    /// <summary>The same, keeping at most <paramref name="limit"/> characters of the whole.</summary>
    public static string Clean(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("System.", StringComparison.Ordinal) || text.Contains("Stroma.", StringComparison.Ordinal) || text.Contains("SixLabors.", StringComparison.Ordinal)
            || text.Contains("Microsoft.", StringComparison.Ordinal) || text.Contains("MathNet.", StringComparison.Ordinal))
        {
            // A library's message can name .NET types ("(System.Int32)", "Stroma.Core.Course.CourseJson+Document"): words, not code.
            text = TypeName().Replace(text, "a value");
        }

        if (text.Length <= QuotedLimit && !text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, limit + 40));
        var i = 0;
        var unclosed = false; // once a quote finds no closing one, none after it will either: the scan stays linear
        while (i < text.Length && builder.Length < limit)
        {
            var close = -1;
            if (!unclosed && IsOpeningQuote(text, i))
            {
                close = ClosingQuote(text, i + 1);
                unclosed = close < 0;
            }

            if (close > 0)
            {
                builder.Append('\'');
                AppendCut(builder, text.AsSpan(i + 1, close - i - 1), QuotedLimit);
                builder.Append('\'');
                i = close + 1;
                continue;
            }

            AppendEscaped(builder, text[i]);
            i++;
        }

        if (i < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…({text.Length - i} more)");
        }

        return builder.ToString();
    }

    // A quote opens a value when it starts the text or follows a character that is not a letter or digit ("found 'x'", "('x'"), so the
    // apostrophe in "patient's" does not.
    private static bool IsOpeningQuote(string text, int i) => text[i] == '\'' && (i == 0 || !char.IsLetterOrDigit(text[i - 1]));

    // The quote that closes a value: followed by the end or by a character that is not a letter or digit ("'x'." or "'x', ").
    private static int ClosingQuote(string text, int from)
    {
        for (var j = from; j < text.Length; j++)
        {
            if (text[j] == '\'' && (j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1])))
            {
                return j;
            }
        }

        return -1;
    }

    private static void AppendCut(StringBuilder builder, ReadOnlySpan<char> value, int limit)
    {
        var kept = Math.Min(value.Length, limit);
        foreach (var c in value[..kept])
        {
            AppendEscaped(builder, c);
        }

        if (value.Length > kept)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…({value.Length - kept} more)");
        }
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        _ = c switch
        {
            '\n' => builder.Append("\\n"),
            '\r' => builder.Append("\\r"),
            '\t' => builder.Append("\\t"),
            _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            _ => builder.Append(c),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:System|Stroma|Microsoft|SixLabors|MathNet)\.[A-Za-z0-9_.`+]+(?:\[[^\]]*\])?")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
