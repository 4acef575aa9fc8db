namespace Stroma.Core.Course;

/// <summary>Everything recorded for one patient: the pseudonymous record and every dated lab, session, infusion, drug and event.</summary>
/// <param name="Patient">The patient.</param>
/// <param name="Labs">Lab results and body measurements.</param>
/// <param name="Sessions">Plasma exchange sessions.</param>
/// <param name="Infusions">MSC infusions.</param>
/// <param name="Drugs">Concomitant drugs.</param>
/// <param name="Events">Biopsies, samples and other events.</param>
public sealed record PatientCourse(
    Patient Patient,
    IReadOnlyList<LabResult> Labs,
    IReadOnlyList<PlasmaExchangeSession> Sessions,
    IReadOnlyList<MscInfusion> Infusions,
    IReadOnlyList<DrugExposure> Drugs,
    IReadOnlyList<ClinicalEvent> Events)
{
    /// <summary>Day 0: the start of the first MSC infusion, or null before any infusion.</summary>
    public DateTimeOffset? DayZero => Infusions.Count == 0 ? null : Infusions.Min(i => i.At);

    /// <summary>The latest dated record of any kind: the last follow-up.</summary>
    public DateTimeOffset? LastFollowUp =>
        Labs.Select(l => l.SampledAt).Concat(Sessions.Select(s => s.At)).Concat(Infusions.Select(i => i.At)).Concat(Events.Select(e => e.At))
            .Cast<DateTimeOffset?>().Max();

    /// <summary>The study day of a time: calendar days from the date of day 0 (day 0 itself is 0, the day before is −1).</summary>
    /// <exception cref="InvalidOperationException">There is no infusion, so no day 0.</exception>
    public int DayOf(DateTimeOffset at)
    {
        var zero = DayZero ?? throw new InvalidOperationException("The course has no MSC infusion, so it has no day 0.");
        return StudyDay(zero, at);
    }

    /// <summary>The study day of <paramref name="at"/> for a given day 0 (for loops that know day 0 already).</summary>
    public static int StudyDay(DateTimeOffset dayZero, DateTimeOffset at) =>
        DateOnly.FromDateTime(at.DateTime).DayNumber - DateOnly.FromDateTime(dayZero.DateTime).DayNumber;

    /// <summary>The labs of one analyte, oldest first.</summary>
    public IReadOnlyList<LabResult> LabsOf(Analyte analyte) => [.. Labs.Where(l => l.Analyte == analyte).OrderBy(l => l.SampledAt)];
}
