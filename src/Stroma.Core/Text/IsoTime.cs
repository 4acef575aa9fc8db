using System.Globalization;

namespace Stroma.Core.Text;

/// <summary>ISO 8601 date-times as Stroma accepts them from files: always with a UTC offset, since a time zone is never guessed.</summary>
public static class IsoTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The format expected, for messages.</summary>
    public const string Example = "2025-03-03T08:00:00+01:00";

    /// <summary>
    /// A time as messages and pages show it: ISO 8601 date and time with its UTC offset, <c>2026-01-01 10:00 +01:00</c> (seconds
    /// only when there are any, <c>10:00:30</c>; no fractions), in the offset it was recorded with.
    /// </summary>
    public static string Shown(DateTimeOffset at) =>
        at.ToString(at.Second == 0 && at.Millisecond == 0 && at.Microsecond == 0 ? "yyyy-MM-dd HH:mm zzz" : "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> followed by <c>Z</c> or <c>±hh:mm</c>; anything else fails.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^3] == ':' && text[^6] is '+' or '-');
        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value) && hasOffset;
    }
}
