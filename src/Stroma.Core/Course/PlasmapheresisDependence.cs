using MathNet.Numerics.Statistics;

namespace Stroma.Core.Course;

/// <summary>Plasma exchange in one period: how many sessions, how often, and the intervals between them, with the sessions' ids.</summary>
/// <param name="Name">"before" or "after".</param>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive for "before", inclusive for "after").</param>
/// <param name="SessionIds">The sessions counted, oldest first.</param>
/// <param name="SessionsPer28Days">Sessions ÷ period length in days × 28; null when the period is empty.</param>
/// <param name="MedianIntervalDays">Median interval between consecutive sessions in the period, in days; null with fewer than two sessions.</param>
/// <param name="LongestIntervalDays">Longest interval between consecutive sessions in the period, in days; null with fewer than two sessions.</param>
/// <param name="LastSession">The last session in the period.</param>
public sealed record SessionPeriod(
    string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> SessionIds, double? SessionsPer28Days, double? MedianIntervalDays, double? LongestIntervalDays, DateTimeOffset? LastSession)
{
    /// <summary>Summarises the sessions whose start lies in the period.</summary>
    public static SessionPeriod Of(string name, DateTimeOffset from, DateTimeOffset to, bool toInclusive, IEnumerable<PlasmaExchangeSession> sessions)
    {
        var inPeriod = sessions.Where(s => s.At >= from && (toInclusive ? s.At <= to : s.At < to)).OrderBy(s => s.At).ToList();
        var days = (to - from).TotalDays;
        var intervals = inPeriod.Zip(inPeriod.Skip(1), (a, b) => (b.At - a.At).TotalDays).ToArray();
        return new SessionPeriod(
            name,
            from,
            to,
            [.. inPeriod.Select(s => s.Id)],
            days > 0 ? inPeriod.Count / days * 28.0 : null,
            intervals.Length > 0 ? intervals.Median() : null,
            intervals.Length > 0 ? intervals.Max() : null,
            inPeriod.Count > 0 ? inPeriod[^1].At : null);
    }
}

/// <summary>
/// Plasmapheresis dependence before and after day 0. Independence means no session for at least the protocol's
/// <see cref="TreatmentProtocol.IndependenceDays"/> up to the last follow-up; the time to independence is the study day of the
/// last session on or after day 0 (0 when there was none).
/// </summary>
/// <param name="Before">The protocol's before period, up to day 0.</param>
/// <param name="After">From day 0 to the last follow-up.</param>
/// <param name="LastSessionId">The last session of the whole course.</param>
/// <param name="LastSessionDay">Its study day.</param>
/// <param name="FreeSinceDay">The first study day with no later session (the day after the last session, or 0 if none followed day 0).</param>
/// <param name="DaysWithoutSessionAtLastFollowUp">Days from the last session (or day 0) to the last follow-up.</param>
/// <param name="IsIndependent">Whether the patient was plasmapheresis-independent at the last follow-up.</param>
/// <param name="TimeToIndependenceDays">Days from day 0 to the last session, when independent; otherwise null.</param>
public sealed record PlasmapheresisDependence(
    SessionPeriod Before,
    SessionPeriod After,
    string? LastSessionId,
    int? LastSessionDay,
    int FreeSinceDay,
    double DaysWithoutSessionAtLastFollowUp,
    bool IsIndependent,
    int? TimeToIndependenceDays)
{
    /// <summary>Computes dependence for a course with a day 0.</summary>
    /// <exception cref="InvalidOperationException">The course has no MSC infusion.</exception>
    public static PlasmapheresisDependence Of(PatientCourse course, TreatmentProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        var zero = course.DayZero ?? throw new InvalidOperationException("The course has no MSC infusion, so it has no day 0.");
        var end = course.LastFollowUp!.Value;
        var before = SessionPeriod.Of("before", zero.AddDays(-protocol.BeforeWindowDays), zero, toInclusive: false, course.Sessions);
        var after = SessionPeriod.Of("after", zero, end, toInclusive: true, course.Sessions);
        var last = course.Sessions.OrderBy(s => s.At).LastOrDefault();
        var lastAfter = course.Sessions.Where(s => s.At >= zero).OrderBy(s => s.At).LastOrDefault();
        var freeFrom = lastAfter?.At ?? zero;
        var freeDays = (end - freeFrom).TotalDays;
        var independent = freeDays >= protocol.IndependenceDays;
        return new PlasmapheresisDependence(
            before,
            after,
            last?.Id,
            last is null ? null : course.DayOf(last.At),
            lastAfter is null ? 0 : course.DayOf(lastAfter.At) + 1,
            freeDays,
            independent,
            independent ? (lastAfter is null ? 0 : course.DayOf(lastAfter.At)) : null);
    }
}
