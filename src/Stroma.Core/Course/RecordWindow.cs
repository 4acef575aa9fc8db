using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>
/// When a patient's record can be dated: not before the birth date, and not after now plus <see cref="FutureTolerance"/> (one day, for
/// clocks that differ between systems and time zones). A birth date itself must lie between 130 years ago and today. The clock is a
/// parameter, so readers stay deterministic in tests.
/// </summary>
/// <param name="BirthDate">The patient's birth date, or null when unknown (then only the future is checked).</param>
/// <param name="Now">The present.</param>
public sealed record RecordWindow(DateOnly? BirthDate, DateTimeOffset Now)
{
    /// <summary>How far into the future a record may be dated: one day of clock skew.</summary>
    public static TimeSpan FutureTolerance { get; } = TimeSpan.FromDays(1);

    /// <summary>The latest time a record may have.</summary>
    public DateTimeOffset Latest => Now + FutureTolerance;

    /// <summary>The latest date a record may have (in UTC).</summary>
    public DateOnly LatestDate => DateOnly.FromDateTime(Latest.UtcDateTime);

    /// <summary>An error when <paramref name="at"/> (its own calendar date) is before birth or later than <see cref="Latest"/>.</summary>
    /// <param name="at">The record's time.</param>
    /// <param name="location">Where it is (file and path or row and column).</param>
    /// <param name="what">What is dated, for the message (for example "sample time").</param>
    /// <param name="zone">
    /// The site's zone when the time was typed as a local time there (a form): the limit is then stated in it, with its offset; otherwise
    /// in the offset <paramref name="at"/> was written with, so the message compares like with like.
    /// </param>
    public Issue? Check(DateTimeOffset at, string location, string what, TimeZoneInfo? zone = null)
    {
        if (BirthDate is { } birth && DateOnly.FromDateTime(at.DateTime) < birth)
        {
            return Issue.Error(QuantityIssues.ImpossibleDate, location, $"Expected {Article(what)} {what} on or after the birth date {birth:yyyy-MM-dd}; found {at:yyyy-MM-dd'T'HH:mm:sszzz}.");
        }

        if (at <= Latest)
        {
            return null;
        }

        var (limit, found) = zone is null
            ? (Latest.ToOffset(at.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
            : ($"{TimeZoneInfo.ConvertTime(Latest, zone).ToString("yyyy-MM-dd'T'HH:mm zzz", CultureInfo.InvariantCulture)} ({zone.Id})",
                TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm zzz", CultureInfo.InvariantCulture));
        return Issue.Error(QuantityIssues.ImpossibleDate, location, $"Expected {Article(what)} {what} no later than {limit} (now plus one day for clock differences); found {found}, in the future.");
    }

    /// <summary>An error when <paramref name="date"/> is before birth or later than <see cref="LatestDate"/>.</summary>
    public Issue? Check(DateOnly date, string location, string what)
    {
        if (BirthDate is { } birth && date < birth)
        {
            return Issue.Error(QuantityIssues.ImpossibleDate, location, $"Expected {Article(what)} {what} on or after the birth date {birth:yyyy-MM-dd}; found {date:yyyy-MM-dd}.");
        }

        return date > LatestDate
            ? Issue.Error(QuantityIssues.ImpossibleDate, location, $"Expected {Article(what)} {what} no later than {LatestDate:yyyy-MM-dd} (today plus one day); found {date:yyyy-MM-dd}, in the future.")
            : null;
    }

    // "an event time", "an adverse event onset", "a sample time": the article by the sound of the word it stands before.
    private static string Article(string what) => what.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(what[0]), StringComparison.Ordinal) ? "an" : "a";

    /// <summary>An error when a birth date is in the future or more than <see cref="AgeInYears.MaximumYears"/> years before <paramref name="now"/>.</summary>
    public static Issue? CheckBirthDate(DateOnly birthDate, DateTimeOffset now, string location)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var earliest = today.AddYears(-(int)AgeInYears.MaximumYears);
        return birthDate > today || birthDate < earliest
            ? Issue.Error(QuantityIssues.ImpossibleDate, location,
                $"Expected a birth date from {earliest:yyyy-MM-dd} ({AgeInYears.MaximumYears} years ago) to today, {today:yyyy-MM-dd}; found {birthDate:yyyy-MM-dd}.")
            : null;
    }
}
