namespace Stroma.Core.Course;

/// <summary>
/// The pseudonymised view of a patient's records, for researchers and for anything that leaves the clinical team: every date and
/// time moved by one per-patient secret offset of whole days (so every interval, study day and age stays exact), the birth date
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

    /// <summary>A time moved by the shift.</summary>
    public static DateTimeOffset Shift(DateTimeOffset at, int days) => at.AddDays(days);

    /// <summary>A date moved by the shift.</summary>
    public static DateOnly Shift(DateOnly date, int days) => date.AddDays(days);

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
                RecurrenceDate = p.RecurrenceDate is { } r ? Shift(r, days) : null,
            },
            [.. course.Labs.Select(l => l with { Id = id(l.Id), SampledAt = Shift(l.SampledAt, days) })],
            [.. course.Sessions.Select(s => s with { Id = id(s.Id), At = Shift(s.At, days), Notes = s.Notes is null ? null : Withheld })],
            [.. course.Infusions.Select(i => i with { Id = id(i.Id), At = Shift(i.At, days), Premedication = i.Premedication is null ? null : Withheld })],
            [.. course.Drugs.Select(d => d with { Id = id(d.Id), Start = Shift(d.Start, days), Stop = d.Stop is { } s ? Shift(s, days) : null })],
            [.. course.Events.Select(e => e with { Id = id(e.Id), At = Shift(e.At, days), Description = Withheld })]);
    }
}
