namespace Stroma.Core.Course;

/// <summary>
/// The pseudonymised view of a patient's records, for researchers and for anything that leaves the clinical team: every date and
/// time moved by one per-patient secret offset of whole days and given in UTC (so every calendar day, study day and age stays exact;
/// <see cref="Shift(DateTimeOffset, int)"/>), the birth date
/// shown as its year only, and free text (notes, descriptions, verbatim terms, premedication, the names of custodians and files)
/// withheld, since free text can name a person. The offset comes from a key the site holds; without it the real dates cannot be
/// recovered from the shifted ones.
/// </summary>
public static class Pseudonymisation
{
    /// <summary>What free text reads as in a pseudonymised output.</summary>
    public const string Withheld = "[withheld]";

    /// <summary>The largest shift, in days (dates move back by 1 to this many days, never forward into the future).</summary>
    public const int MaximumShiftDays = 365;

    /// <summary>The shift in days for a 32-bit value derived from the site's key and the patient (a keyed hash): −1 to −365.</summary>
    public static int ShiftDays(uint keyedValue) => -(int)(1 + (keyedValue % MaximumShiftDays));

    /// <summary>
    /// A time moved by the shift and given in UTC: the clock time as recorded (its date and time of day at the site) moved by
    /// <paramref name="days"/> whole days, with the offset +00:00.
    /// </summary>
    /// <remarks>
    /// The recorded offset is dropped because it hints at the season (a summer +02:00 against a winter +01:00 narrows the real date the
    /// shift hides), and the time is not converted to the UTC instant because that leaks the same way (a routine 08:00 draw would read
    /// 06:00Z in summer and 07:00Z in winter) and would move a record taken shortly after midnight to the day before, changing the study
    /// days, ages and same-day pairings the science computes from the site's calendar days. So every calendar day, study day and age stays
    /// exact; an interval between times recorded under two offsets (across a change to or from summer time) differs from the real one by
    /// the difference of the offsets (an hour). Every pseudonymised output (report, API, FHIR, exports) shifts its times here.
    /// </remarks>
    public static DateTimeOffset Shift(DateTimeOffset at, int days) => new(at.DateTime.AddDays(days), TimeSpan.Zero);

    /// <summary>A time moved by the shift (<see cref="Shift(DateTimeOffset, int)"/>), or null.</summary>
    public static DateTimeOffset? Shift(DateTimeOffset? at, int days) => at is { } value ? Shift(value, days) : null;

    /// <summary>A date moved by the shift.</summary>
    public static DateOnly Shift(DateOnly date, int days) => date.AddDays(days);

    /// <summary>A date moved by the shift, or null.</summary>
    public static DateOnly? Shift(DateOnly? date, int days) => date is { } value ? Shift(value, days) : null;

    /// <summary>
    /// The course with every date shifted (the birth date too, so ages stay exact) and its free text withheld; with
    /// <paramref name="recordId"/>, the id of every lab result, plasma exchange session, infusion, drug and event replaced by the
    /// opaque one it gives (a keyed hash: an id made from a file's hash, or typed with a date in it, would otherwise tell what the
    /// shift hides). An infusion's lot id is kept: the lot's own record is pseudonymised where it is shown.
    /// </summary>
    public static PatientCourse Apply(PatientCourse course, int days, Func<string, string>? recordId = null)
    {
        ArgumentNullException.ThrowIfNull(course);
        var id = recordId ?? (x => x);
        var p = course.Patient;
        return new PatientCourse(
            p with
            {
                BirthDate = Shift(p.BirthDate, days),
                Transplants = [.. p.Transplants.Select(t => t with { Date = Shift(t.Date, days) })],
                RecurrenceDate = Shift(p.RecurrenceDate, days),
            },
            [.. course.Labs.Select(l => l with { Id = id(l.Id), SampledAt = Shift(l.SampledAt, days) })],
            [.. course.Sessions.Select(s => s with { Id = id(s.Id), At = Shift(s.At, days), Notes = s.Notes is null ? null : Withheld })],
            [.. course.Infusions.Select(i => i with { Id = id(i.Id), At = Shift(i.At, days), Premedication = i.Premedication is null ? null : Withheld })],
            [.. course.Drugs.Select(d => d with { Id = id(d.Id), Start = Shift(d.Start, days), Stop = Shift(d.Stop, days) })],
            [.. course.Events.Select(e => e with { Id = id(e.Id), At = Shift(e.At, days), Description = Withheld })]);
    }
}
