using System.Globalization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

/// <summary>
/// Free text that is kept in a trail and printed back on one line — a reason, an acting-as name — and how a bad value is shown in a
/// message: never a newline, a control character or a character that turns the text's direction (a planted "history line" or a
/// reversed name), and never longer than it needs to be.
/// </summary>
public static class OneLine
{
    /// <summary>The longest reason a trail keeps.</summary>
    public const int MaxReason = 500;

    /// <summary>Whether <paramref name="c"/> may not appear in one line of kept text: a control character or an invisible format character (U+202E and its kind).</summary>
    public static bool IsForbidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>The problem with a line of text (error <paramref name="code"/> at <paramref name="location"/>), or null when it is one line of at most <paramref name="max"/> characters.</summary>
    public static Issue? Check(string? text, string location, string code, int max = MaxReason) =>
        text is null || (text.Length <= max && !text.Any(IsForbidden)) ? null : Issue.Error(code, location,
            $"Expected one line of at most {max} characters without control or direction-changing characters; found {Shown(text)}.");

    /// <summary>
    /// The problem with a required line of text: none given (<c>Expected {expected}; found none.</c>), or not one line of at most
    /// <paramref name="max"/> characters (<see cref="Check"/>); null when it is both given and one line.
    /// </summary>
    public static Issue? CheckRequired(string? text, string location, string code, string expected, int max = MaxReason) => string.IsNullOrWhiteSpace(text)
        ? Issue.Error(code, location, $"Expected {expected}; found none.")
        : Check(text, location, code, max);

    /// <summary>A whole value, quoted, its forbidden characters escaped (\u001b), never cut: as a record's trail shows what was stored.</summary>
    public static string Quoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return $"'{string.Concat(text.Select(c => IsForbidden(c) ? FormattableString.Invariant($"\\u{(int)c:x4}") : c.ToString()))}'";
    }

    /// <summary>A value as a message can carry it: forbidden characters escaped (\u001b), at most 40 characters with the length of the rest.</summary>
    public static string Shown(string? text)
    {
        if (text is null)
        {
            return "none";
        }

        var shown = string.Concat(text.Take(40).Select(c => IsForbidden(c) ? FormattableString.Invariant($"\\u{(int)c:x4}") : c.ToString()));
        return text.Length > 40 ? FormattableString.Invariant($"'{shown}…' ({text.Length} characters)") : $"'{shown}'";
    }
}
