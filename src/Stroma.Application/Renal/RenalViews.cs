using System.Text.Json.Serialization;
using Stroma.Application.Course;
using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Application.Renal;

/// <summary>A value as the source reported it: number and unit.</summary>
public sealed record ReportedView(double Value, string Unit)
{
    /// <summary>The view of a reported value; null when there is none.</summary>
    public static ReportedView? Of(ReportedValue? reported) => reported is { } r ? new(r.Value, r.Unit) : null;
}

/// <summary>The inputs an eGFR was computed from, in canonical units (null when not given).</summary>
public sealed record EgfrInputsView(
    string? Sex, double AgeYears, double? HeightCm, double? CreatinineMgPerDl, ReportedView? CreatinineReported, double? CystatinCMgPerL, ReportedView? CystatinCReported);

/// <summary>
/// One eGFR (<c>stroma egfr --json</c>): the estimate, its equation, category and inputs; the equation's warnings only when it has some;
/// the request's warnings and the recommendation on the result asked for, not on a companion.
/// </summary>
public sealed record EgfrView(
    double Egfr,
    string Unit,
    string Equation,
    string Category,
    string Version,
    EgfrInputsView Inputs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IssueView>? EquationWarnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IssueView>? Warnings = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EgfrRecommendationView? Recommended = null)
{
    /// <summary>The view of a result, without the request's warnings or a recommendation.</summary>
    public static EgfrView Of(EgfrResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var inputs = result.Inputs;
        return new(
            result.Egfr.MlPerMinPer173M2,
            Core.Quantities.Egfr.Ucum,
            result.Equation,
            result.Category.ToString(),
            result.Version,
            new EgfrInputsView(
                inputs.Sex switch { Sex.Female => "F", Sex.Male => "M", _ => null },
                inputs.Age.Years,
                inputs.Height?.Centimetres,
                inputs.Creatinine?.MgPerDl,
                ReportedView.Of(inputs.Creatinine?.Reported),
                inputs.CystatinC?.MgPerL,
                ReportedView.Of(inputs.CystatinC?.Reported)),
            result.Warnings.Count > 0 ? [.. result.Warnings.Select(IssueView.Of)] : null);
    }

    /// <summary>The view of the result asked for: with the request's warnings and, for <c>recommended</c>, the recommendation.</summary>
    public static EgfrView Of(EgfrResult result, RecommendedEgfr? recommendation, IReadOnlyList<IssueView> warnings) =>
        Of(result) with
        {
            Warnings = warnings,
            Recommended = recommendation is null ? null : new EgfrRecommendationView(
                recommendation.Policy, recommendation.Recommendation.Reason, [.. recommendation.Companions.Select(c => Of(c))]),
        };
}

/// <summary>Why the recommended equation was chosen, and the estimates beside it.</summary>
public sealed record EgfrRecommendationView(string Policy, string Reason, IReadOnlyList<EgfrView> Companions);

/// <summary>One rule set's judgement of a UPCR.</summary>
public sealed record UpcrAssessmentView(string RuleSet, string Level, string Remission, double? ReductionFromBaseline, IReadOnlyList<string> Reasons)
{
    /// <summary>The view of an assessment.</summary>
    public static UpcrAssessmentView Of(RemissionAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.RuleSet, a.Level.ToString(), a.Status.ToString(), a.ReductionFromBaseline, a.Reasons);
    }
}

/// <summary>A UPCR converted and classified (<c>stroma upcr --json</c>).</summary>
public sealed record UpcrView(
    double MgPerMg,
    double GPerG,
    double MgPerG,
    double MgPerMmol,
    ReportedView Reported,
    string KdigoAlbuminuriaEquivalent,
    IReadOnlyList<UpcrAssessmentView> Assessments,
    bool? Fpre,
    string? Target,
    bool? TargetMet,
    IReadOnlyList<IssueView> Warnings);
