using System.Globalization;
using System.Text.RegularExpressions;
using Stroma.Core.Diagnostics;

namespace Stroma.Fhir.Server;

/// <summary>The comparison of a FHIR date search value (R4 §3.1.1.4.9 "Prefixes").</summary>
public enum DatePrefix
{
    /// <summary>The resource's time lies in the value's range.</summary>
    Eq,

    /// <summary>It does not.</summary>
    Ne,

    /// <summary>It is before the range.</summary>
    Lt,

    /// <summary>It is before the end of the range.</summary>
    Le,

    /// <summary>It is at or after the end of the range.</summary>
    Gt,

    /// <summary>It is at or after the start of the range.</summary>
    Ge,
}

/// <summary>
/// One value of a <c>date</c> search parameter: a prefix and the range its precision implies (<c>2024</c> is the whole year,
/// <c>2024-03-05T10:00Z</c> the whole minute), as [<see cref="From"/>, <see cref="To"/>). A value without a time of day is a UTC
/// calendar period; a value with a time must carry its zone (Z or ±hh:mm), since the server's zone is no answer a client can rely on.
/// The resources' times are instants, so "the range of the target" is a point and the R4 prefix rules reduce to comparisons with the
/// range's ends. <c>sa</c>, <c>eb</c> and <c>ap</c> are not supported (refused, never approximated).
/// </summary>
/// <param name="Prefix">The comparison.</param>
/// <param name="From">The range's start (inclusive).</param>
/// <param name="To">The range's end (exclusive).</param>
public sealed partial record DateCriterion(DatePrefix Prefix, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Whether an instant satisfies the criterion.</summary>
    public bool Matches(DateTimeOffset at) => Prefix switch
    {
        DatePrefix.Eq => at >= From && at < To,
        DatePrefix.Ne => at < From || at >= To,
        DatePrefix.Lt => at < From,
        DatePrefix.Le => at < To,
        DatePrefix.Gt => at >= To,
        _ => at >= From,
    };

    /// <summary>Reads one value (<c>ge2024-01-01</c>), or the issue with it at <paramref name="location"/>.</summary>
    public static ReadResult<DateCriterion> Read(string value, string location)
    {
        ArgumentNullException.ThrowIfNull(value);
        var prefix = DatePrefix.Eq;
        var text = value;
        if (value.Length >= 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]))
        {
            DatePrefix? known = value[..2] switch
            {
                "eq" => DatePrefix.Eq,
                "ne" => DatePrefix.Ne,
                "lt" => DatePrefix.Lt,
                "le" => DatePrefix.Le,
                "gt" => DatePrefix.Gt,
                "ge" => DatePrefix.Ge,
                _ => null,
            };
            if (known is not { } p)
            {
                return Refused(location, $"Expected a date prefix eq, ne, lt, le, gt or ge (sa, eb and ap are not supported); found '{value[..2]}'.");
            }

            prefix = p;
            text = value[2..];
        }

        var m = DatePattern().Match(text);
        if (!m.Success)
        {
            return Refused(location, $"Expected a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm); found '{text}'.");
        }

        try
        {
            var year = Int(m.Groups["y"]);
            if (!m.Groups["mo"].Success)
            {
                var y = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
                return ReadResult.Of(new DateCriterion(prefix, y, y.AddYears(1)));
            }

            var month = Int(m.Groups["mo"]);
            if (!m.Groups["d"].Success)
            {
                var mo = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
                return ReadResult.Of(new DateCriterion(prefix, mo, mo.AddMonths(1)));
            }

            var day = Int(m.Groups["d"]);
            if (!m.Groups["h"].Success)
            {
                var d = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                return ReadResult.Of(new DateCriterion(prefix, d, d.AddDays(1)));
            }

            if (!m.Groups["z"].Success)
            {
                return Refused(location, $"Expected a time of day with its zone (Z or ±hh:mm); found '{text}' without one.");
            }

            var zone = m.Groups["z"].Value == "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(m.Groups["z"].Value[1..], @"hh\:mm", CultureInfo.InvariantCulture)
                * (m.Groups["z"].Value[0] == '-' ? -1 : 1);
            var from = new DateTimeOffset(year, month, day, Int(m.Groups["h"]), Int(m.Groups["mi"]), m.Groups["s"].Success ? Int(m.Groups["s"]) : 0, zone);
            if (!m.Groups["s"].Success)
            {
                return ReadResult.Of(new DateCriterion(prefix, from, from.AddMinutes(1)));
            }

            if (!m.Groups["f"].Success)
            {
                return ReadResult.Of(new DateCriterion(prefix, from, from.AddSeconds(1)));
            }

            var digits = Math.Min(m.Groups["f"].Value.Length, 7);
            var ticks = long.Parse(m.Groups["f"].Value[..digits], CultureInfo.InvariantCulture) * (long)Math.Pow(10, 7 - digits);
            from = from.AddTicks(ticks);
            return ReadResult.Of(new DateCriterion(prefix, from, from.AddTicks((long)Math.Pow(10, 7 - digits))));
        }
        catch (ArgumentOutOfRangeException)
        {
            return Refused(location, $"Expected a date that exists on the calendar; found '{text}'.");
        }
        catch (OverflowException)
        {
            return Refused(location, $"Expected a time zone offset within ±14:00; found '{text}'.");
        }
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static ReadResult<DateCriterion> Refused(string location, FormattableString message) => ReadResult.Failed<DateCriterion>([Issue.Error(FhirIssues.BadValue, location, message)]);

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<mo>\d{2})(-(?<d>\d{2})(T(?<h>\d{2}):(?<mi>\d{2})(:(?<s>\d{2})(\.(?<f>\d{1,9}))?)?(?<z>Z|[+-]\d{2}:\d{2})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
