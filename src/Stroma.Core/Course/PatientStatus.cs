namespace Stroma.Core.Course;

/// <summary>Where a patient stands, for the team's list (each a stated rule, never a guess).</summary>
public enum PatientStanding
{
    /// <summary>No MSC infusion yet: nothing to assess.</summary>
    NotInfused,

    /// <summary>A plasma exchange session within <see cref="PatientStatus.OnPlasmapheresisDays"/> days of the last record.</summary>
    OnPlasmapheresis,

    /// <summary>The protocol's target held without plasmapheresis to the last follow-up.</summary>
    TargetMet,

    /// <summary>Infused, neither on plasmapheresis nor holding the target.</summary>
    TargetNotMet,
}

/// <summary>A patient's standing and whether a follow-up sample is due.</summary>
/// <param name="Standing">The standing.</param>
/// <param name="FollowUpDue">The last UPCR is older than <see cref="PatientStatus.FollowUpDueDays"/> days (or there is none).</param>
/// <param name="LastUpcr">When the last UPCR was sampled, or null.</param>
public sealed record PatientStatus(PatientStanding Standing, bool FollowUpDue, DateTimeOffset? LastUpcr)
{
    /// <summary>A session this recent (days before the last record) means the patient is still treated with plasma exchange.</summary>
    public const int OnPlasmapheresisDays = 28;

    /// <summary>Days without a UPCR after which a follow-up sample is due (the seed protocol sampled at least every three months).</summary>
    public const int FollowUpDueDays = 90;

    /// <summary>The status of a course, given whether its assessment found the target held, as of <paramref name="now"/>.</summary>
    public static PatientStatus Of(PatientCourse course, bool? targetMet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var lastUpcr = course.Labs.Where(l => l.Analyte == Analyte.Upcr).Select(l => (DateTimeOffset?)l.SampledAt).Max();
        var due = IsFollowUpDue(lastUpcr, now);
        var lastSession = course.Sessions.Select(s => (DateTimeOffset?)s.At).Max();
        var standing = course.DayZero is null ? PatientStanding.NotInfused
            : lastSession is { } s && course.LastFollowUp is { } last && (last - s).TotalDays <= OnPlasmapheresisDays && s >= course.DayZero ? PatientStanding.OnPlasmapheresis
            : targetMet == true ? PatientStanding.TargetMet
            : PatientStanding.TargetNotMet;
        return new PatientStatus(standing, due, lastUpcr);
    }

    /// <summary>Whether a follow-up UPCR is due at <paramref name="now"/>: none measured, or the last more than <see cref="FollowUpDueDays"/> days ago.</summary>
    public static bool IsFollowUpDue(DateTimeOffset? lastUpcr, DateTimeOffset now) => lastUpcr is not { } at || (now - at).TotalDays > FollowUpDueDays;
}
