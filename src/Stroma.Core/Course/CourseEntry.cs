using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Text;

namespace Stroma.Core.Course;

/// <summary>A plasma exchange session as typed into a form: every field as text, the time local to the site.</summary>
/// <param name="At">Start of the session, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="PlasmaVolumes">Plasma volumes exchanged, or empty.</param>
/// <param name="VolumeMl">Volume exchanged in mL, or empty.</param>
/// <param name="ReplacementFluid">Replacement fluid (required).</param>
/// <param name="Notes">Free-text notes, or empty.</param>
public sealed record PlasmaExchangeFields(string? At, string? PlasmaVolumes, string? VolumeMl, string? ReplacementFluid, string? Notes = null);

/// <summary>A concomitant drug as typed into a form.</summary>
/// <param name="Name">Drug name (required).</param>
/// <param name="Dose">Dose, or empty.</param>
/// <param name="DoseUnit">Dose unit as written, or empty; required with a dose.</param>
/// <param name="Start">Start date, <c>yyyy-MM-dd</c>.</param>
/// <param name="Stop">Stop date, <c>yyyy-MM-dd</c>, or empty while ongoing.</param>
public sealed record DrugFields(string? Name, string? Dose, string? DoseUnit, string? Start, string? Stop = null);

/// <summary>A dated clinical event as typed into a form.</summary>
/// <param name="At">When, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="Kind">A <see cref="ClinicalEventKind"/> name.</param>
/// <param name="Description">What happened (required).</param>
public sealed record ClinicalEventFields(string? At, string? Kind, string? Description);

/// <summary>
/// Reads course records typed into forms — plasma exchange sessions, drugs, clinical events — with the rules and codes of the course
/// document (<see cref="CourseJson"/>, <c>stroma import course</c>): values outside their range are <see cref="CourseJsonIssues.BadValue"/>,
/// dates outside the patient's <see cref="RecordWindow"/> and a drug stopped before it started are
/// <see cref="QuantityIssues.ImpossibleDate"/>. Numbers are read as the lab form reads them (a dot, never a guessed comma), local times as
/// <see cref="SiteTime"/> reads them (the site's zone; a skipped or repeated local time refused). Each issue is located at its field.
/// </summary>
public static class CourseEntry
{
    /// <summary>The most plasma volumes a session may exchange (as the course document allows).</summary>
    public const double MaxPlasmaVolumes = 10;

    /// <summary>The largest volume in mL a session may exchange (as the course document allows).</summary>
    public const double MaxVolumeMl = 20000;

    /// <summary>The longest free text (fluid, drug name, description, notes) a form keeps.</summary>
    public const int MaxText = 500;

    /// <summary>The form's date format (an HTML date field).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads a plasma exchange session with the given id.</summary>
    /// <param name="id">The session's id.</param>
    /// <param name="fields">The fields as typed.</param>
    /// <param name="siteTimeZone">The site's IANA time zone, or null (then the time is refused with TIME004).</param>
    /// <param name="window">When the patient's records may be dated.</param>
    public static ReadResult<PlasmaExchangeSession> ReadPlasmaExchange(string id, PlasmaExchangeFields fields, string? siteTimeZone, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(window);
        var issues = new List<Issue>();
        var at = When(fields.At, "at", siteTimeZone, window, "session time", issues);
        var volumes = Positive(fields.PlasmaVolumes, MaxPlasmaVolumes, "plasmaVolumes", issues);
        var volumeMl = Positive(fields.VolumeMl, MaxVolumeMl, "volumeMl", issues);
        var fluid = Required(fields.ReplacementFluid, "replacementFluid", "the replacement fluid (for example 5% albumin)", issues);
        var notes = Optional(fields.Notes, "notes", issues);
        return issues.Count > 0 || at is not { } start
            ? ReadResult.Failed<PlasmaExchangeSession>(issues)
            : ReadResult.Of(new PlasmaExchangeSession(id, start, volumes, volumeMl, fluid!, notes));
    }

    /// <summary>Reads a concomitant drug with the given id (a stop before the start is refused, as in a course document).</summary>
    public static ReadResult<DrugExposure> ReadDrug(string id, DrugFields fields, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(window);
        var issues = new List<Issue>();
        var name = Required(fields.Name, "name", "the drug's name", issues);
        var dose = Positive(fields.Dose, double.MaxValue, "dose", issues);
        var unit = Optional(fields.DoseUnit, "doseUnit", issues);
        if (dose is not null && unit is null)
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, "doseUnit", $"Expected the dose's unit as written (for example mg or mg/m2 bid) with a dose; found none."));
        }

        var start = Date(fields.Start, "start", required: true, issues);
        if (start is { } s && window.Check(s, "start", "drug start") is { } outside)
        {
            issues.Add(outside);
        }

        var stop = Date(fields.Stop, "stop", required: false, issues);
        if (stop < start)
        {
            issues.Add(Issue.Error(QuantityIssues.ImpossibleDate, "stop", $"Expected a stop on or after the start ({start:yyyy-MM-dd}); found {stop:yyyy-MM-dd}."));
        }

        return issues.Count > 0 || start is not { } first
            ? ReadResult.Failed<DrugExposure>(issues)
            : ReadResult.Of(new DrugExposure(id, name!, dose, unit, first, stop));
    }

    /// <summary>Reads a dated clinical event with the given id.</summary>
    public static ReadResult<ClinicalEvent> ReadEvent(string id, ClinicalEventFields fields, string? siteTimeZone, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(window);
        var issues = new List<Issue>();
        var at = When(fields.At, "at", siteTimeZone, window, "event time", issues);
        if (!EnumText.TryParse<ClinicalEventKind>(fields.Kind, out var kind))
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, "kind", $"Expected one of {string.Join(", ", Enum.GetNames<ClinicalEventKind>())}; found {OneLine.Shown(fields.Kind)}."));
        }

        var description = Required(fields.Description, "description", "what happened", issues);
        return issues.Count > 0 || at is not { } when
            ? ReadResult.Failed<ClinicalEvent>(issues)
            : ReadResult.Of(new ClinicalEvent(id, when, kind, description!));
    }

    /// <summary>A local time at the site, within the patient's window, or null with its issue added.</summary>
    public static DateTimeOffset? When(string? text, string location, string? siteTimeZone, RecordWindow window, string what, List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(issues);
        var at = SiteTime.Read(text, siteTimeZone, location, issues);
        if (at is { } t && window.Check(t, location, what, SiteTime.Zone(siteTimeZone, location).Value) is { } outside)
        {
            issues.Add(outside);
            return null;
        }

        return at;
    }

    /// <summary>An optional number in (0, <paramref name="max"/>], or null (empty, or refused with its issue added).</summary>
    public static double? Positive(string? text, double max, string location, List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (!NumberText.TryParse(trimmed, out var value, out var problem))
        {
            issues.Add(new Issue(CourseJsonIssues.BadValue, Severity.Error, NumberText.Describe(trimmed, problem), location));
            return null;
        }

        if (value is > 0 && value <= max)
        {
            return value;
        }

        issues.Add(Issue.Error(CourseJsonIssues.BadValue, location, $"Expected a positive number up to {max}; found {trimmed}."));
        return null;
    }

    /// <summary>Required one-line text, trimmed, or null with its issue added.</summary>
    public static string? Required(string? text, string location, string expected, List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (OneLine.CheckRequired(text, location, CourseJsonIssues.BadValue, expected, MaxText) is { } bad)
        {
            issues.Add(bad);
            return null;
        }

        return text!.Trim();
    }

    /// <summary>Optional one-line text, trimmed (null when empty or refused).</summary>
    public static string? Optional(string? text, string location, List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Required(text, location, "one line", issues);
    }

    private static DateOnly? Date(string? text, string location, bool required, List<Issue> issues)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0 && !required)
        {
            return null;
        }

        if (DateOnly.TryParseExact(trimmed, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        issues.Add(Issue.Error(CourseJsonIssues.BadValue, location, $"Expected a date {DateFormat}; found {OneLine.Shown(trimmed)}."));
        return null;
    }
}
