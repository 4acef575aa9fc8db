using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Course;

/// <summary>One lab result as a person types it into a form: every field as text, the time in the site's time zone.</summary>
/// <param name="Analyte">The analyte's name (<see cref="Analytes.ByName"/>).</param>
/// <param name="Value">The value as typed.</param>
/// <param name="Unit">The unit, one of the analyte's units.</param>
/// <param name="SampledAt">The local date and time of sampling, <c>yyyy-MM-ddTHH:mm</c> (an HTML datetime-local field).</param>
/// <param name="Specimen">The specimen's name, or empty for the analyte's usual one.</param>
public sealed record LabEntryFields(string? Analyte, string? Value, string? Unit, string? SampledAt, string? Specimen = null);

/// <summary>
/// Reads a lab result typed into a form with the same rules and codes as a lab CSV row (<see cref="LabCsv"/>): a number with a dot (a
/// comma is refused, never guessed), a unit of the analyte's list, a value possible for the analyte, a time neither before birth nor in
/// the future. The time is local to the site: its IANA time zone gives the offset, and a local time that does not exist there (the hour
/// skipped when clocks go forward) or exists twice (the hour repeated when they go back) is refused rather than guessed. Each issue is
/// located at its field (<c>analyte</c>, <c>value</c>, <c>unit</c>, <c>sampledAt</c>, <c>specimen</c>).
/// </summary>
public static class LabEntry
{
    /// <summary>The local date-time format of the form's time field.</summary>
    public const string LocalTimeFormat = "yyyy-MM-ddTHH:mm";

    /// <summary>Reads the fields into a lab result with the given id.</summary>
    /// <param name="id">The new result's id.</param>
    /// <param name="fields">The fields as typed.</param>
    /// <param name="siteTimeZone">The site's IANA time zone id, or null when the site has none set (then the time is refused).</param>
    /// <param name="window">When the patient's records may be dated.</param>
    /// <param name="sourceSha256">The kept raw input (the form as submitted), or null.</param>
    public static ReadResult<LabResult> Read(string id, LabEntryFields fields, string? siteTimeZone, RecordWindow window, string? sourceSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(window);
        var issues = new List<Issue>();
        Analyte? analyte = null;
        if (Analytes.ByName.TryGetValue((fields.Analyte ?? string.Empty).Trim(), out var a))
        {
            analyte = a;
        }
        else
        {
            issues.Add(Issue.Error(LabCsvIssues.UnknownAnalyte, "analyte", $"Expected one of {string.Join(", ", Analytes.ByName.Keys)}; found {OneLine.Shown(fields.Analyte)}."));
        }

        var valueText = (fields.Value ?? string.Empty).Trim();
        if (!NumberText.TryParse(valueText, out var number, out var problem))
        {
            issues.Add(Issue.Error(LabCsvIssues.BadNumber, "value", $"{NumberText.Describe(valueText, problem)}"));
        }

        Specimen? specimen = null;
        if (!string.IsNullOrWhiteSpace(fields.Specimen))
        {
            specimen = LabCsv.ParseSpecimen(fields.Specimen);
            if (specimen is null)
            {
                issues.Add(Issue.Error(LabCsvIssues.UnknownSpecimen, "specimen", $"Expected one of {string.Join(", ", LabCsv.SpecimenNames)}; found {OneLine.Shown(fields.Specimen)}."));
            }
        }

        var sampledAt = SiteTime.Read(fields.SampledAt, siteTimeZone, "sampledAt", issues);
        if (sampledAt is { } at && window.Check(at, "sampledAt", "sample time", SiteTime.Zone(siteTimeZone, "sampledAt").Value) is { } outside)
        {
            issues.Add(outside);
        }

        if (analyte is not { } known || issues.Count > 0)
        {
            return ReadResult.Failed<LabResult>(issues);
        }

        var unit = (fields.Unit ?? string.Empty).Trim();
        var lab = LabResult.Read(id, known, sampledAt!.Value, number, unit, specimen, "unit", sourceSha256);
        return lab.Value is { } value && !lab.HasErrors
            ? ReadResult.Of(value, lab.Issues)
            : ReadResult.Failed<LabResult>([.. lab.Issues.Select(i => i.Code is Quantities.QuantityIssues.Impossible or Quantities.QuantityIssues.Implausible or Quantities.QuantityIssues.NotFinite ? i with { Location = "value" } : i)]);
    }
}

/// <summary>Local times typed at a site, turned into instants by the site's IANA time zone (never by the server's).</summary>
public static class SiteTime
{
    /// <summary>The setting that holds the site's IANA time zone id.</summary>
    public const string Setting = "site.time-zone";

    /// <summary>Stable issue codes.</summary>
    public static class Issues
    {
        /// <summary>The local time is not <c>yyyy-MM-ddTHH:mm</c>.</summary>
        public const string BadLocalTime = "TIME001";

        /// <summary>The local time does not exist in the site's zone (clocks went forward).</summary>
        public const string SkippedLocalTime = "TIME002";

        /// <summary>The local time exists twice in the site's zone (clocks went back): the offset is not guessed.</summary>
        public const string AmbiguousLocalTime = "TIME003";

        /// <summary>The site has no time zone set, or an unknown one.</summary>
        public const string NoTimeZone = "TIME004";
    }

    /// <summary>The zone for an IANA id, or an issue saying why not.</summary>
    public static ReadResult<TimeZoneInfo> Zone(string? id, string location)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return ReadResult.Failed<TimeZoneInfo>([Issue.Error(Issues.NoTimeZone, location,
                $"Expected the site's time zone (setting {Setting}, an IANA id such as Europe/Rome); none is set, and a time zone is never guessed. An administrator sets it with: stroma setting set {Setting} Europe/Rome.")]);
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return id.Contains('/', StringComparison.Ordinal) || id == "UTC"
                ? ReadResult.Of(zone)
                : ReadResult.Failed<TimeZoneInfo>([Issue.Error(Issues.NoTimeZone, location, $"Expected an IANA time zone id such as Europe/Rome or UTC; found {OneLine.Shown(id)}.")]);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return ReadResult.Failed<TimeZoneInfo>([Issue.Error(Issues.NoTimeZone, location, $"Expected an IANA time zone id such as Europe/Rome or UTC; found {OneLine.Shown(id)}, which this system does not know.")]);
        }
    }

    /// <summary>The instant a local time names at the site, or null with its issue added.</summary>
    public static DateTimeOffset? Read(string? localTime, string? zoneId, string location, List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var text = (localTime ?? string.Empty).Trim();
        if (!DateTime.TryParseExact(text, [LabEntry.LocalTimeFormat, "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            issues.Add(Issue.Error(Issues.BadLocalTime, location, $"Expected a local date and time as {LabEntry.LocalTimeFormat} (for example 2025-03-03T08:00); found {OneLine.Shown(text)}."));
            return null;
        }

        if (local.Year is < 1800 or > 9000)
        {
            issues.Add(Issue.Error(Issues.BadLocalTime, location, $"Expected a date between the years 1800 and 9000; found '{text}'."));
            return null;
        }

        var zone = Zone(zoneId, location);
        if (zone.Value is not { } tz)
        {
            issues.AddRange(zone.Issues);
            return null;
        }

        if (tz.IsInvalidTime(local))
        {
            issues.Add(Issue.Error(Issues.SkippedLocalTime, location, $"Expected a time that exists in {tz.Id}; {text} falls in the hour skipped when the clocks went forward."));
            return null;
        }

        if (tz.IsAmbiguousTime(local))
        {
            var offsets = tz.GetAmbiguousTimeOffsets(local).Select(o => (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture));
            issues.Add(Issue.Error(Issues.AmbiguousLocalTime, location,
                $"Expected a time that names one instant in {tz.Id}; {text} occurs twice (offsets {string.Join(" and ", offsets)}) when the clocks go back. Import it in a CSV with its UTC offset, which says which."));
            return null;
        }

        return new DateTimeOffset(local, tz.GetUtcOffset(local));
    }

    /// <summary>
    /// An instant as people read it on the site's pages and in messages: the site's local date and time with its UTC offset (for example
    /// <c>2026-12-02 07:37 +01:00</c>), or in UTC, saying so, when the site has no time zone (<paramref name="zone"/> null): never in
    /// the server's zone.
    /// </summary>
    /// <param name="at">The instant.</param>
    /// <param name="zone">The site's zone (<see cref="Zone"/>), or null.</param>
    /// <param name="seconds">Whether to show the seconds (an audit trail's times).</param>
    public static string Shown(DateTimeOffset at, TimeZoneInfo? zone, bool seconds = false)
    {
        var format = seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm";
        return zone is null
            ? at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) + " UTC"
            : TimeZoneInfo.ConvertTime(at, zone).ToString(format + " zzz", CultureInfo.InvariantCulture);
    }

    /// <summary>An instant as the site's local time for a form field (<see cref="LabEntry.LocalTimeFormat"/>).</summary>
    public static string ToLocalField(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(LabEntry.LocalTimeFormat, CultureInfo.InvariantCulture);
}
