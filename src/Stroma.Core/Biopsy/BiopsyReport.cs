using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Biopsy;

/// <summary>Columbia classification of FSGS (D'Agati et al., AJKD 2004;43:368), most specific first.</summary>
public enum ColumbiaVariant
{
    /// <summary>No segmental sclerosis lesion.</summary>
    None,

    /// <summary>Not otherwise specified.</summary>
    Nos,

    /// <summary>Perihilar.</summary>
    Perihilar,

    /// <summary>Cellular.</summary>
    Cellular,

    /// <summary>Tip.</summary>
    Tip,

    /// <summary>Collapsing.</summary>
    Collapsing,
}

/// <summary>The glomeruli with each FSGS lesion, as the pathologist counted them.</summary>
/// <param name="Collapsing">With collapse and obliteration of capillary lumina and podocyte hypertrophy/hyperplasia.</param>
/// <param name="Tip">With a segmental lesion of the tip domain.</param>
/// <param name="Cellular">With segmental endocapillary hypercellularity occluding lumina.</param>
/// <param name="Perihilar">With perihilar sclerosis (± hyalinosis).</param>
/// <param name="SegmentallySclerosed">Segmentally sclerosed, all kinds.</param>
public sealed record FsgsLesions(int Collapsing, int Tip, int Cellular, int Perihilar, int SegmentallySclerosed)
{
    /// <summary>
    /// The variant, in the hierarchy collapsing &gt; tip &gt; cellular &gt; perihilar &gt; NOS: tip excludes perihilar sclerosis;
    /// perihilar needs more than half of the segmentally sclerotic glomeruli perihilar.
    /// </summary>
    public ColumbiaVariant Variant =>
        Collapsing > 0 ? ColumbiaVariant.Collapsing
        : Tip > 0 && Perihilar == 0 ? ColumbiaVariant.Tip
        : Cellular > 0 ? ColumbiaVariant.Cellular
        : Perihilar > 0 && Perihilar * 2 > SegmentallySclerosed ? ColumbiaVariant.Perihilar
        : SegmentallySclerosed > 0 || Tip > 0 || Perihilar > 0 ? ColumbiaVariant.Nos
        : ColumbiaVariant.None;
}

/// <summary>Whether a biopsy is enough to judge.</summary>
public enum Adequacy
{
    /// <summary>Under 7 glomeruli or no artery.</summary>
    Unsatisfactory,

    /// <summary>At least 7 glomeruli and 1 artery.</summary>
    Marginal,

    /// <summary>At least 10 glomeruli and 2 arteries.</summary>
    Adequate,
}

/// <summary>A structured kidney (graft) biopsy report (research/platform.md §5.4).</summary>
/// <param name="Id">Report id.</param>
/// <param name="TakenAt">When the biopsy was taken.</param>
/// <param name="Indication">Protocol or for cause, and the clinical question.</param>
/// <param name="Glomeruli">Glomeruli in the sample.</param>
/// <param name="GloballySclerosed">Globally sclerosed glomeruli.</param>
/// <param name="Arteries">Arteries in the sample.</param>
/// <param name="Lesions">FSGS lesions.</param>
/// <param name="Scores">Banff scores.</param>
/// <param name="Findings">Other findings the Banff categories need.</param>
/// <param name="FootProcessEffacementPercent">EM foot-process effacement, % of capillary surface in non-sclerotic glomeruli, or null without EM.</param>
/// <param name="EmGlomeruli">Glomeruli examined by EM.</param>
/// <param name="StrSampleId">The STR sample made from this tissue, if any.</param>
public sealed record BiopsyReport(
    string Id, DateTimeOffset TakenAt, string Indication, int Glomeruli, int GloballySclerosed, int Arteries, FsgsLesions Lesions, BanffScores Scores, BanffFindings Findings,
    double? FootProcessEffacementPercent, int EmGlomeruli, string? StrSampleId = null)
{
    /// <summary>Banff adequacy: ≥ 10 glomeruli and ≥ 2 arteries adequate; ≥ 7 and ≥ 1 marginal; otherwise unsatisfactory.</summary>
    public Adequacy Adequacy => Glomeruli >= 10 && Arteries >= 2 ? Adequacy.Adequate : Glomeruli >= 7 && Arteries >= 1 ? Adequacy.Marginal : Adequacy.Unsatisfactory;

    /// <summary>Globally sclerosed glomeruli as a fraction of all (0–1), or null with none.</summary>
    public double? GlobalSclerosisFraction => Glomeruli > 0 ? (double)GloballySclerosed / Glomeruli : null;

    /// <summary>Segmentally sclerosed glomeruli as a fraction of all (0–1), or null with none.</summary>
    public double? SegmentalSclerosisFraction => Glomeruli > 0 ? (double)Lesions.SegmentallySclerosed / Glomeruli : null;

    /// <summary>The Banff diagnoses.</summary>
    public ImmutableArray<BanffDiagnosis> Diagnoses => Banff.Categorise(Scores, Findings);

    /// <summary>Every impossible value: scores out of range, more sclerosed than counted, effacement outside 0–100 %.</summary>
    public ImmutableArray<Issue> Validate()
    {
        var where = $"biopsy {Id}";
        var issues = ImmutableArray.CreateBuilder<Issue>();
        issues.AddRange(Scores.Validate(where));
        if (Glomeruli < 0 || Arteries < 0 || GloballySclerosed < 0 || GloballySclerosed + Lesions.SegmentallySclerosed > Glomeruli)
        {
            issues.Add(Issue.Error(BiopsyIssues.Counts, where,
                $"Expected globally ({GloballySclerosed}) plus segmentally ({Lesions.SegmentallySclerosed}) sclerosed glomeruli to be at most the {Glomeruli} counted, none negative."));
        }

        if (new[] { Lesions.Collapsing, Lesions.Tip, Lesions.Cellular, Lesions.Perihilar }.Any(n => n < 0 || n > Glomeruli))
        {
            issues.Add(Issue.Error(BiopsyIssues.Counts, $"{where} FSGS lesions", $"Expected lesion counts between 0 and the {Glomeruli} glomeruli counted."));
        }

        if (FootProcessEffacementPercent is { } fpe && (fpe < 0 || fpe > 100))
        {
            issues.Add(Issue.Error(BiopsyIssues.Percent, $"{where} foot-process effacement", $"Expected 0–100 %; found {fpe} %."));
        }

        return issues.ToImmutable();
    }
}

/// <summary>One Banff score then and now.</summary>
/// <param name="Name">Score name.</param>
/// <param name="Before">Earlier biopsy.</param>
/// <param name="After">Later biopsy.</param>
public sealed record ScoreChange(string Name, int Before, int After)
{
    /// <summary>After − before.</summary>
    public int Change => After - Before;
}

/// <summary>Two biopsies of one patient compared (pre-treatment vs one year).</summary>
/// <param name="Before">The earlier report.</param>
/// <param name="After">The later report.</param>
/// <param name="Scores">Every Banff score then and now.</param>
/// <param name="DiagnosesGained">Diagnoses in the later report only.</param>
/// <param name="DiagnosesLost">Diagnoses in the earlier report only.</param>
public sealed record BiopsyComparison(BiopsyReport Before, BiopsyReport After, ImmutableArray<ScoreChange> Scores, ImmutableArray<string> DiagnosesGained, ImmutableArray<string> DiagnosesLost)
{
    /// <summary>Change in segmental sclerosis (percentage points), when both have glomeruli.</summary>
    public double? SegmentalSclerosisChangePoints => After.SegmentalSclerosisFraction - Before.SegmentalSclerosisFraction is { } d ? d * 100 : null;

    /// <summary>Change in foot-process effacement (percentage points), when both have EM.</summary>
    public double? EffacementChangePoints => After.FootProcessEffacementPercent - Before.FootProcessEffacementPercent;

    /// <summary>Compares two reports; the earlier one first whatever the argument order.</summary>
    public static BiopsyComparison Of(BiopsyReport first, BiopsyReport second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var (before, after) = first.TakenAt <= second.TakenAt ? (first, second) : (second, first);
        var (then, now) = (before.Diagnoses.Select(d => d.Diagnosis).ToHashSet(StringComparer.Ordinal), after.Diagnoses.Select(d => d.Diagnosis).ToHashSet(StringComparer.Ordinal));
        return new BiopsyComparison(before, after,
            [.. before.Scores.All.Zip(after.Scores.All, (b, a) => new ScoreChange(b.Name, b.Value, a.Value))],
            [.. now.Except(then).Order(StringComparer.Ordinal)], [.. then.Except(now).Order(StringComparer.Ordinal)]);
    }
}
