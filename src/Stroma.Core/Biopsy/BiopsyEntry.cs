using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Core.Text;

namespace Stroma.Core.Biopsy;

/// <summary>A biopsy report as typed into a form: every field as text, the time local to the site.</summary>
/// <param name="TakenAt">When the biopsy was taken, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="Indication">Protocol or for cause, and the question.</param>
/// <param name="Counts">Whole-number counts by field name: <c>glomeruli</c>, <c>globallySclerosed</c>, <c>arteries</c>, the FSGS lesions
/// (<c>collapsing</c>, <c>tip</c>, <c>cellular</c>, <c>perihilar</c>, <c>segmentallySclerosed</c>), <c>emGlomeruli</c>, and every Banff
/// score by its name (<see cref="BiopsyEntry.ScoreFields"/>).</param>
/// <param name="EffacementPercent">EM foot-process effacement (%), or empty without EM.</param>
/// <param name="C4dMethod">A <see cref="Biopsy.C4dMethod"/> name.</param>
/// <param name="CgByElectronMicroscopyOnly">Whether cg 1 was seen by EM only (cg1a).</param>
/// <param name="Dsa">Donor-specific antibodies: <c>yes</c>, <c>no</c>, or empty when not tested.</param>
/// <param name="OtherDiagnoses">Category 6 diagnoses, one per line or separated by semicolons.</param>
public sealed record BiopsyFields(
    string? TakenAt, string? Indication, IReadOnlyDictionary<string, string?> Counts, string? EffacementPercent, string? C4dMethod, bool CgByElectronMicroscopyOnly,
    string? Dsa, string? OtherDiagnoses);

/// <summary>
/// Reads a biopsy report typed into a form with the rules and codes of the safety file (<see cref="SafetyJson"/>: a value that is not a
/// whole number or a name of its kind is <see cref="SafetyJsonIssues.BadValue"/>, a time outside the patient's record
/// <see cref="Quantities.QuantityIssues.ImpossibleDate"/>), then the report's own checks (<see cref="BiopsyReport.Validate"/>: Banff scores
/// 0–3, counts that agree, effacement 0–100 %), each issue located at its form field. The derived categories — Columbia variant, adequacy,
/// Banff diagnoses — are the report's, computed, never typed.
/// </summary>
public static class BiopsyEntry
{
    /// <summary>The Banff scores' form fields, in the report's order, with their Banff names.</summary>
    public static IReadOnlyList<(string Field, string Banff)> ScoreFields { get; } =
        [("i", "i"), ("t", "t"), ("v", "v"), ("g", "g"), ("ptc", "ptc"), ("ci", "ci"), ("ct", "ct"), ("cv", "cv"), ("ah", "ah"), ("mm", "mm"), ("cg", "cg"), ("iIfta", "i-IFTA"), ("ti", "ti"), ("c4d", "C4d")];

    /// <summary>The count fields other than the scores.</summary>
    public static IReadOnlyList<string> CountFields { get; } = ["glomeruli", "globallySclerosed", "arteries", "collapsing", "tip", "cellular", "perihilar", "segmentallySclerosed", "emGlomeruli"];

    /// <summary>Reads a biopsy report with the given id.</summary>
    public static ReadResult<BiopsyReport> Read(string id, BiopsyFields fields, string? siteTimeZone, RecordWindow window, string? strSampleId = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var issues = new List<Issue>();
        var at = CourseEntry.When(fields.TakenAt, "takenAt", siteTimeZone, window, "biopsy time", issues);
        var indication = CourseEntry.Required(fields.Indication, "indication", "the indication (protocol or for cause, and the question)", issues);
        var n = CountFields.Concat(ScoreFields.Select(s => s.Field)).ToDictionary(f => f, f => Whole(fields.Counts.GetValueOrDefault(f), f, f == "emGlomeruli", issues), StringComparer.Ordinal);
        var effacement = Percent(fields.EffacementPercent, issues);
        if (!EnumText.TryParse<C4dMethod>(fields.C4dMethod, out var method))
        {
            issues.Add(Issue.Error(SafetyJsonIssues.BadValue, "c4dMethod", $"Expected one of {string.Join(", ", Enum.GetNames<C4dMethod>())}; found {OneLine.Shown(fields.C4dMethod)}."));
        }

        bool? dsa = (fields.Dsa ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "" => null,
            "YES" => true,
            "NO" => false,
            _ => Bad<bool?>(issues, "dsa", $"Expected yes, no or nothing (not tested); found {OneLine.Shown(fields.Dsa)}."),
        };
        var other = (fields.OtherDiagnoses ?? string.Empty).Split(['\n', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (issues.Count > 0 || at is not { } taken)
        {
            return ReadResult.Failed<BiopsyReport>(issues);
        }

        var report = new BiopsyReport(id, taken, indication!, n["glomeruli"], n["globallySclerosed"], n["arteries"],
            new FsgsLesions(n["collapsing"], n["tip"], n["cellular"], n["perihilar"], n["segmentallySclerosed"]),
            new BanffScores(n["i"], n["t"], n["v"], n["g"], n["ptc"], n["ci"], n["ct"], n["cv"], n["ah"], n["mm"], n["cg"], n["iIfta"], n["ti"], n["c4d"], method, fields.CgByElectronMicroscopyOnly),
            new BanffFindings(dsa, Other: other), effacement, n["emGlomeruli"], strSampleId);
        var problems = report.Validate().Select(i => i with { Location = FieldOf(i) }).ToList();
        return problems.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<BiopsyReport>(problems) : ReadResult.Of(report, problems);
    }

    /// <summary>The form field of a report's own issue: a score's (BX001), the glomeruli (BX002), the effacement (BX003).</summary>
    public static string FieldOf(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Code switch
        {
            BiopsyIssues.OutOfRange => ScoreFields.FirstOrDefault(s => issue.Location.EndsWith(" " + s.Banff, StringComparison.Ordinal)).Field ?? "record",
            BiopsyIssues.Counts => "glomeruli",
            BiopsyIssues.Percent => "effacement",
            _ => issue.Location,
        };
    }

    private static int Whole(string? text, string field, bool optional, List<Issue> issues)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0 && optional)
        {
            return 0;
        }

        if (NumberText.TryParseWhole(trimmed, out var value, out var problem))
        {
            return value;
        }

        issues.Add(new Issue(SafetyJsonIssues.BadValue, Severity.Error, NumberText.Describe(trimmed, problem, whole: true), field));
        return 0;
    }

    private static double? Percent(string? text, List<Issue> issues)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (NumberText.TryParse(trimmed, out var value, out var problem))
        {
            return value;
        }

        issues.Add(new Issue(SafetyJsonIssues.BadValue, Severity.Error, NumberText.Describe(trimmed, problem), "effacement"));
        return null;
    }

    private static T Bad<T>(List<Issue> issues, string field, FormattableString message)
    {
        issues.Add(Issue.Error(SafetyJsonIssues.BadValue, field, message));
        return default!;
    }
}
