using Stroma.Core.Diagnostics;

namespace Stroma.Core.Renal;

/// <summary>One dated sample of a patient's eGFR series.</summary>
/// <param name="Date">Sample date.</param>
/// <param name="Inputs">Inputs at that date (age at the sample date).</param>
public sealed record EgfrSeriesSample(DateOnly Date, EgfrInputs Inputs);

/// <summary>One estimated point of a series; <see cref="IsFamilySwitch"/> marks the first point of a new equation family.</summary>
/// <param name="Date">Sample date.</param>
/// <param name="Result">The estimate, or the errors that prevented it.</param>
/// <param name="IsFamilySwitch">True when this point's family differs from the previous estimated point's.</param>
public sealed record EgfrSeriesPoint(DateOnly Date, ReadResult<EgfrResult> Result, bool IsFamilySwitch);

/// <summary>
/// Estimates a patient's eGFR series so that equation changes are never silent. With <see cref="EvaluateRecommended"/> each sample
/// gets the policy's primary equation and a change of family (CKiD U25 to CKD-EPI after 25) is marked with an <c>EGFR008</c>
/// warning, because adult and paediatric equations differ by up to 25 mL/min/1.73 m² for the same creatinine (research/renal.md
/// §1.3). With <see cref="EvaluateFamily"/> the whole series keeps one full-age-spectrum family (EKFC or FAS).
/// </summary>
public static class EgfrSeries
{
    /// <summary>Each sample with the recommended primary equation; family changes marked.</summary>
    public static IReadOnlyList<EgfrSeriesPoint> EvaluateRecommended(IEnumerable<EgfrSeriesSample> samples, EgfrRecommendationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Mark(Ordered(samples).Select(s =>
        {
            // Only the primary estimate enters a series; companions are for single reports.
            var choice = policy.Choose(s.Inputs.Age, s.Inputs.Creatinine is not null, s.Inputs.CystatinC is not null);
            return (s.Date, choice.Value is { } c ? c.Primary.Evaluate(s.Inputs) : ReadResult.Failed<EgfrResult>(choice.Issues));
        }));
    }

    /// <summary>Each sample with the equation of one family and marker; a sample outside the family's ages gets an error, never another family.</summary>
    /// <exception cref="ArgumentException">No equation of that family uses that marker.</exception>
    public static IReadOnlyList<EgfrSeriesPoint> EvaluateFamily(IEnumerable<EgfrSeriesSample> samples, string family, EgfrMarker marker)
    {
        var equation = EgfrEquations.All.FirstOrDefault(e => e.Family == family && e.Marker == marker)
            ?? throw new ArgumentException(FormattableString.Invariant($"No equation of family '{family}' uses {marker}."), nameof(family));
        return Mark(Ordered(samples).Select(s => (s.Date, equation.Evaluate(s.Inputs))));
    }

    private static IEnumerable<EgfrSeriesSample> Ordered(IEnumerable<EgfrSeriesSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.OrderBy(s => s.Date);
    }

    private static List<EgfrSeriesPoint> Mark(IEnumerable<(DateOnly Date, ReadResult<EgfrResult> Result)> points)
    {
        var marked = new List<EgfrSeriesPoint>();
        EgfrResult? previous = null;
        foreach (var (date, estimated) in points)
        {
            var result = estimated;
            if (result.Value is not { } current)
            {
                marked.Add(new EgfrSeriesPoint(date, result, false));
                continue;
            }

            var previousFamily = previous is null ? null : EgfrEquations.FamilyOf(previous.Equation);
            var family = EgfrEquations.FamilyOf(current.Equation);
            var isSwitch = previousFamily is not null && previousFamily != family;
            if (isSwitch)
            {
                var warning = Issue.Warning(EgfrIssues.EquationSwitch, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    $"The equation changes from {previous!.Equation} to {current.Equation} at age {current.Inputs.Age.Years:0.##}; values before and after are not directly comparable.");
                current = current with { Warnings = [.. current.Warnings, warning] };
                result = ReadResult.Of<EgfrResult>(current, [.. result.Issues, warning]);
            }

            marked.Add(new EgfrSeriesPoint(date, result, isSwitch));
            previous = current;
        }

        return marked;
    }
}
