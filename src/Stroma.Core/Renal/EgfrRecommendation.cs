using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// Which equation to use for whom, as a named policy (research/renal.md §0 and §1.4): children and young adults up to
/// <paramref name="YoungAdultMaxAge"/> get CKiD U25 (creatinine, with bedside Schwartz beside it for continuity with older
/// records, and U25 cystatin and average when cystatin C is measured); older adults get CKD-EPI 2021 creatinine (with CKD-EPI 2021
/// creatinine–cystatin C when cystatin C is measured). No equation is recommended below <paramref name="MinAge"/>.
/// </summary>
/// <param name="Id">Policy id.</param>
/// <param name="MinAge">Youngest age (years) for which an equation is recommended.</param>
/// <param name="YoungAdultMaxAge">Oldest age (years, inclusive) for the paediatric/young-adult family.</param>
public sealed record EgfrRecommendationPolicy(string Id, double MinAge, double YoungAdultMaxAge)
{
    /// <summary>The default: CKiD U25 for ages 1–25, CKD-EPI 2021 above 25.</summary>
    public static EgfrRecommendationPolicy Default { get; } = new("stroma_2026", 1, 25);

    // A policy has a handful of possible choices; each is built once per policy instance (series call Choose for every sample).
    private static readonly ConditionalWeakTable<EgfrRecommendationPolicy, ConcurrentDictionary<(bool Young, bool Creatinine, bool CystatinC), EgfrRecommendation>> Choices = [];

    /// <summary>Chooses the equations for an age and the markers available, explaining the choice.</summary>
    public ReadResult<EgfrRecommendation> Choose(AgeInYears age, bool hasCreatinine, bool hasCystatinC)
    {
        if ((hasCreatinine || hasCystatinC) && age.Years >= MinAge)
        {
            var key = (age.Years <= YoungAdultMaxAge, hasCreatinine, hasCystatinC);
            return ReadResult.Of(Choices.GetOrCreateValue(this).GetOrAdd(key, k => ChooseUncached(age, k.Creatinine, k.CystatinC).Value!));
        }

        return ChooseUncached(age, hasCreatinine, hasCystatinC);
    }

    private ReadResult<EgfrRecommendation> ChooseUncached(AgeInYears age, bool hasCreatinine, bool hasCystatinC)
    {
        if (!hasCreatinine && !hasCystatinC)
        {
            return ReadResult.Failed<EgfrRecommendation>([Issue.Error(EgfrIssues.MissingInput, "creatinine",
                $"An eGFR needs serum creatinine or cystatin C; neither was given.")]);
        }

        if (age.Years < MinAge)
        {
            return ReadResult.Failed<EgfrRecommendation>([Issue.Error(EgfrIssues.NoRecommendedEquation, "age",
                $"No eGFR equation is recommended below {MinAge} year(s) (found {age.Years:0.###}); compare creatinine with age norms or measure GFR.")]);
        }

        if (age.Years <= YoungAdultMaxAge)
        {
            var why = FormattableString.Invariant(
                $"Ages {MinAge}-{YoungAdultMaxAge}: CKiD U25 covers children and young adults continuously across 12, 15 and 18");
            return ReadResult.Of<EgfrRecommendation>(hasCreatinine
                ? new(EgfrEquations.CkidU25Creatinine,
                    hasCystatinC ? [EgfrEquations.BedsideSchwartz2009, EgfrEquations.CkidU25CystatinC, EgfrEquations.CkidU25Average] : [EgfrEquations.BedsideSchwartz2009],
                    why + "; bedside Schwartz is shown beside it for continuity with older records" + (hasCystatinC ? ", and the U25 cystatin C and average estimates confirm it." : "."))
                : new(EgfrEquations.CkidU25CystatinC, [], why + "; only cystatin C was measured."));
        }

        var adult = FormattableString.Invariant($"Above {YoungAdultMaxAge} years: CKD-EPI 2021 (race-free) is the adult standard (NKF-ASN 2021)");
        return ReadResult.Of<EgfrRecommendation>(hasCreatinine
            ? new(EgfrEquations.CkdEpiCreatinine2021, hasCystatinC ? [EgfrEquations.CkdEpiCombined2021] : [],
                adult + (hasCystatinC ? "; the creatinine-cystatin C equation confirms it." : "."))
            : new(EgfrEquations.CkdEpiCystatinC2012, [], adult + "; only cystatin C was measured, so CKD-EPI 2012 cystatin C is used."));
    }

    /// <summary>Chooses and computes: the primary estimate (its errors if it cannot be computed) and every companion that can be.</summary>
    public ReadResult<RecommendedEgfr> Evaluate(EgfrInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var choice = Choose(inputs.Age, inputs.Creatinine is not null, inputs.CystatinC is not null);
        if (choice.Value is not { } recommendation)
        {
            return ReadResult.Failed<RecommendedEgfr>(choice.Issues);
        }

        var primary = recommendation.Primary.Evaluate(inputs);
        if (primary.Value is not { } primaryResult)
        {
            return ReadResult.Failed<RecommendedEgfr>(primary.Issues);
        }

        var companions = new List<EgfrResult>();
        var notes = new List<Issue>();
        foreach (var companion in recommendation.Companions)
        {
            var result = companion.Evaluate(inputs);
            if (result.Value is { } value)
            {
                companions.Add(value);
            }
            else
            {
                notes.AddRange(result.Issues.Select(i => i with { Severity = Severity.Information }));
            }
        }

        // Inputs the primary equation ignores are used by its companions, so "unused input" notes would mislead here.
        primaryResult = primaryResult with { Warnings = [.. primaryResult.Warnings.Where(i => i.Code != EgfrIssues.UnusedInput)] };
        return ReadResult.Of<RecommendedEgfr>(new RecommendedEgfr(recommendation, primaryResult, companions, Id), [.. primaryResult.Warnings, .. notes]);
    }
}

/// <summary>The equations chosen for a patient and why.</summary>
/// <param name="Primary">The equation to report.</param>
/// <param name="Companions">Equations shown beside it.</param>
/// <param name="Reason">Why these were chosen.</param>
public sealed record EgfrRecommendation(EgfrEquation Primary, IReadOnlyList<EgfrEquation> Companions, string Reason);

/// <summary>The recommended estimate with its companions, and the policy that chose them.</summary>
/// <param name="Recommendation">The choice and its reason.</param>
/// <param name="Primary">The primary estimate.</param>
/// <param name="Companions">The companion estimates that could be computed.</param>
/// <param name="Policy">The policy id.</param>
public sealed record RecommendedEgfr(EgfrRecommendation Recommendation, EgfrResult Primary, IReadOnlyList<EgfrResult> Companions, string Policy);
