using System.Globalization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.CellProducts;

/// <summary>Stable issue codes for ISBT 128 identifiers.</summary>
public static class IsbtIssues
{
    /// <summary>Wrong length or shape.</summary>
    public const string Malformed = "ISBT001";

    /// <summary>A character not allowed at its position.</summary>
    public const string BadCharacter = "ISBT002";

    /// <summary>The keyboard check character does not match the DIN.</summary>
    public const string WrongCheckCharacter = "ISBT003";

    /// <summary>A type-3 flag (60–96) that does not match the DIN's checksum.</summary>
    public const string WrongFlag = "ISBT004";
}

/// <summary>
/// An ISBT 128 Donation Identification Number (Data Structure 001): facility identification number (5), year (2) and sequence
/// (6) — 13 characters, unique for 100 years — with the two flag characters of the bar-code data and the keyboard check character
/// printed beside the eye-readable number (research/platform.md §3.1).
/// </summary>
/// <param name="Value">The 13 characters.</param>
/// <param name="Flags">The two flag characters, when the bar-code form was given.</param>
public sealed record Din(string Value, string? Flags)
{
    /// <summary>Facility identification number (assigned by ICCBBA).</summary>
    public string Facility => Value[..5];

    /// <summary>Nominal year of assignment, two digits.</summary>
    public string Year => Value[5..7];

    /// <summary>Sequence within the year for the facility.</summary>
    public string Sequence => Value[7..];

    /// <summary>The ISO/IEC 7064 MOD 37-2 checksum (0–36).</summary>
    public int Checksum => Isbt128.Checksum(Value);

    /// <summary>The keyboard check character.</summary>
    public char CheckCharacter => Isbt128.Character(Checksum);

    /// <summary>The type-3 flag: 60 plus the checksum, "60"–"96".</summary>
    public string Type3Flag => (60 + Checksum).ToString(CultureInfo.InvariantCulture);

    /// <summary>The eye-readable form with the check character, "G1234 98 654321 H".</summary>
    public override string ToString() => $"{Facility} {Year} {Sequence} {CheckCharacter}";
}

/// <summary>
/// ISBT 128 DIN parsing, validation and generation. The check character is ISO/IEC 7064 MOD 37-2 over the 13 DIN characters
/// (0–9 → 0–9, A–Z → 10–35, * → 36): p = 0; for each character p = ((p + v) × 2) mod 37; checksum = (38 − p) mod 37.
/// </summary>
public static class Isbt128
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

    /// <summary>The MOD 37-2 checksum of a DIN's 13 characters.</summary>
    /// <exception cref="ArgumentException">A character outside 0–9, A–Z.</exception>
    public static int Checksum(string din)
    {
        ArgumentNullException.ThrowIfNull(din);
        var p = 0;
        foreach (var c in din)
        {
            var v = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v is < 0 or > 35)
            {
                throw new ArgumentException($"'{c}' is not a DIN character (0–9, A–Z).", nameof(din));
            }

            p = (p + v) * 2 % 37;
        }

        return (38 - p) % 37;
    }

    /// <summary>The character of a checksum value (0–36).</summary>
    public static char Character(int checksum) => Alphabet[checksum];

    /// <summary>
    /// Reads a DIN as it is written: 13 characters; 14 with the keyboard check character; or the bar-code data "=" + 13 + 2 flag
    /// characters (spaces ignored). Every broken rule is reported with its position (1-based, in the 13-character DIN).
    /// </summary>
    public static ReadResult<Din> Parse(string text, string location = "DIN")
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        string? flags = null;
        char? check = null;
        if (s.StartsWith('='))
        {
            if (s.Length != 16)
            {
                return Failed(location, $"Expected the bar-code form '=' + 13 DIN characters + 2 flag characters (16); found {s.Length} characters in '{text}'.");
            }

            (s, flags) = (s[1..14], s[14..]);
        }
        else if (s.Length == 14)
        {
            (s, check) = (s[..13], s[13]);
        }
        else if (s.Length != 13)
        {
            return Failed(location, $"Expected 13 DIN characters (facility 5, year 2, sequence 6), optionally with the check character; found {s.Length} in '{text}'.");
        }

        var issues = new List<Issue>();
        void Bad(int position, string rule) =>
            issues.Add(Issue.Error(IsbtIssues.BadCharacter, $"{location} position {position}", $"Expected {rule}; found '{s[position - 1]}'."));
        if (!(s[0] is >= 'A' and <= 'Z' and not 'O' || s[0] is >= '1' and <= '9'))
        {
            Bad(1, "the first facility character to be A–N, P–Z or 1–9 (never O or 0)");
        }

        for (var i = 1; i <= 2; i++)
        {
            if (!char.IsAsciiLetterOrDigit(s[i]))
            {
                Bad(i + 1, "a letter or digit (facility positions 2–3)");
            }
        }

        for (var i = 3; i < 13; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                Bad(i + 1, i < 5 ? "a digit (facility positions 4–5)" : i < 7 ? "a digit (year)" : "a digit (sequence)");
            }
        }

        if (issues.Count > 0)
        {
            return ReadResult.Failed<Din>(issues);
        }

        var din = new Din(s, flags);
        if (check is { } k && k != din.CheckCharacter)
        {
            issues.Add(Issue.Error(IsbtIssues.WrongCheckCharacter, $"{location} position 14",
                $"Expected the check character {din.CheckCharacter} (ISO/IEC 7064 MOD 37-2 of {s}); found '{k}'."));
        }

        if (flags is not null && int.TryParse(flags, NumberStyles.None, CultureInfo.InvariantCulture, out var flag) && flag is >= 60 and <= 96 && flag != 60 + din.Checksum)
        {
            issues.Add(Issue.Error(IsbtIssues.WrongFlag, $"{location} flags",
                $"Expected the type-3 flag {din.Type3Flag} (60 + checksum {din.Checksum}); found '{flags}'."));
        }

        // The DIN itself is well formed; a wrong check character or flag keeps it (with the error) so the right ones can be shown.
        return ReadResult.Of(din, issues);
    }

    /// <summary>Makes a DIN from its parts, validated as <see cref="Parse"/> does.</summary>
    public static ReadResult<Din> Create(string facility, int year, int sequence)
    {
        ArgumentNullException.ThrowIfNull(facility);
        if (facility.Length != 5 || year is < 0 or > 99 || sequence is < 0 or > 999_999)
        {
            return Failed("DIN", $"Expected a 5-character facility, a year 00–99 and a sequence 0–999999; found '{facility}', {year}, {sequence}.");
        }

        return Parse(string.Create(CultureInfo.InvariantCulture, $"{facility}{year:00}{sequence:000000}"));
    }

    private static ReadResult<Din> Failed(string location, FormattableString message) =>
        ReadResult.Failed<Din>([Issue.Error(IsbtIssues.Malformed, location, message)]);
}
