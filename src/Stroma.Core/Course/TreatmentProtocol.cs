using Stroma.Core.Renal;

namespace Stroma.Core.Course;

/// <summary>
/// A treatment protocol as data: the proteinuria target, what "without plasmapheresis" means, and the windows the judgement uses.
/// Day 0 is always the first MSC infusion.
/// </summary>
/// <param name="Id">Protocol id.</param>
/// <param name="Target">The UPCR target (for example below 5 mg/mg).</param>
/// <param name="PlasmapheresisFreeDays">A sample is plasmapheresis-free when no session started within this many days before it.</param>
/// <param name="BeforeWindowDays">How far before day 0 the "before" period reaches, for dependence and slopes.</param>
/// <param name="IndependenceDays">Plasmapheresis independence: no session for at least this many days up to the last follow-up.</param>
/// <param name="OneYearDay">The day of the one-year evaluation.</param>
/// <param name="OneYearToleranceDays">A sample within this many days of <paramref name="OneYearDay"/> counts as the one-year sample.</param>
/// <param name="HeightMaxAgeDays">The longest a height may be from a creatinine sample and still be used for a height-based eGFR.</param>
/// <param name="AlbuminMaxAgeDays">The longest a serum albumin may precede a UPCR and still be used for its remission class.</param>
public sealed record TreatmentProtocol(
    string Id,
    UpcrThreshold Target,
    int PlasmapheresisFreeDays,
    int BeforeWindowDays,
    int IndependenceDays,
    int OneYearDay,
    int OneYearToleranceDays,
    int HeightMaxAgeDays,
    int AlbuminMaxAgeDays)
{
    /// <summary>
    /// The seed case's protocol (Belingheri et al., Biologicals 2013): UPCR below 5 mg/mg; a sample is plasmapheresis-free when no
    /// session started in the 7 days before it (sessions were weekly); the before period is the 12 weeks before day 0 and
    /// independence is 12 weeks without a session (research/renal.md §4.4); one year is day 365 ± 45; a height counts for 120 days
    /// around a creatinine (§6); an albumin for 7 days before a UPCR.
    /// </summary>
    public static TreatmentProtocol SeedCase { get; } = new("belingheri_2013", new UpcrThreshold(5.0, Inclusive: false), 7, 84, 84, 365, 45, 120, 7);

    /// <summary>Whether a study day counts as the one-year evaluation (within the tolerance of <see cref="OneYearDay"/>).</summary>
    public bool IsNearOneYear(int day) => Math.Abs(day - OneYearDay) <= OneYearToleranceDays;
}
