namespace Stroma.Core.Course;

/// <summary>Stable issue codes for the course and its assessment.</summary>
public static class CourseIssues
{
    /// <summary>No MSC infusion is recorded, so there is no day 0 to assess against.</summary>
    public const string NoDayZero = "COURSE001";

    /// <summary>A creatinine has no height close enough in time for a height-based eGFR (warning; that eGFR is left out).</summary>
    public const string NoHeightForEgfr = "COURSE002";

    /// <summary>Too few eGFR values in a period for a slope (information).</summary>
    public const string TooFewForSlope = "COURSE003";

    /// <summary>No UPCR sample after day 0 (warning).</summary>
    public const string NoUpcrAfterDayZero = "COURSE004";

    /// <summary>An eGFR could not be computed for a creatinine sample (warning).</summary>
    public const string EgfrNotComputed = "COURSE005";

    /// <summary>A stored record that cannot be used (dated before birth or beyond the oldest age, or an impossible value) is left out (warning).</summary>
    public const string RecordLeftOut = "COURSE006";

    /// <summary>The course cannot be assessed at all (every infusion left out, or dates the computation cannot handle).</summary>
    public const string NotAssessable = "COURSE007";
}
