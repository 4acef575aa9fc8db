using System.Collections.Immutable;
using MathNet.Numerics.Statistics;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>Why a sample measured on a standard curve cannot be kept as a patient's result.</summary>
public static class SampleIssues
{
    /// <summary>A replicate lies above the standards' range: the sample must be diluted and measured again, never extrapolated.</summary>
    public const string AboveRange = "SAMPLE001";

    /// <summary>The dilution factor is not a finite number ≥ 1.</summary>
    public const string BadDilution = "SAMPLE002";

    /// <summary>No replicate responses were given.</summary>
    public const string NoResponses = "SAMPLE003";

    /// <summary>The run fails its calibrator acceptance (fewer than 75 % within their limits).</summary>
    public const string CalibrationFails = "SAMPLE004";

    /// <summary>No analytical CV: none given and fewer than two replicates in range to measure it from.</summary>
    public const string NoAnalyticalCv = "SAMPLE005";

    /// <summary>The unit is not a concentration unit (UCUM) of <see cref="ConcentrationUnits"/>, or is the ratio of membranes.</summary>
    public const string BadUnit = "SAMPLE006";

    /// <summary>The sample's study day or analyte is missing.</summary>
    public const string MissingDetail = "SAMPLE007";
}

/// <summary>
/// A patient sample's concentration from its replicate responses on a standard curve: each replicate back-calculated and multiplied by
/// the dilution, then averaged. Every replicate below the range makes the sample not detected (<see cref="Value"/> null, below the
/// LLOQ); a replicate above the range, a failed calibration, a missing dilution or analytical CV refuse it — a patient's result is
/// never extrapolated or kept from a run that fails acceptance (FDA Bioanalytical Method Validation, 2018: samples above the ULOQ
/// are diluted and reassayed; a run is accepted on its calibrators).
/// </summary>
/// <param name="Value">Mean concentration × dilution in <paramref name="Unit"/>, or null when not detected.</param>
/// <param name="Unit">UCUM concentration unit.</param>
/// <param name="Dilution">Dilution factor (≥ 1).</param>
/// <param name="AnalyticalCvPercent">The CVa given, or else the replicates' CV (%).</param>
/// <param name="Replicates">Each replicate's back-calculation (undiluted).</param>
public sealed record SampleConcentration(double? Value, string Unit, double Dilution, double AnalyticalCvPercent, ImmutableArray<BackCalculation> Replicates)
{
    /// <summary>
    /// Back-calculates the responses on <paramref name="curve"/>. Issues are located at the request's fields: <c>responses</c>,
    /// <c>dilution</c>, <c>unit</c>, <c>cva</c>, and <c>standards</c> for the calibration.
    /// </summary>
    public static ReadResult<SampleConcentration> FromReplicates(CurveFit curve, IReadOnlyList<double> responses, double dilution, string? unit, double? analyticalCvPercent)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(responses);
        var issues = new List<Issue>();
        var ucum = ConcentrationUnits.Find(unit);
        if (ucum is null || !ConcentrationUnits.IsKnown(ucum) || ucum == "{ratio}")
        {
            issues.Add(Issue.Error(SampleIssues.BadUnit, "unit", $"Expected {ConcentrationUnits.Expected.Replace(", {ratio}", string.Empty, StringComparison.Ordinal)}; found '{unit ?? "none"}'."));
        }

        if (!(dilution >= 1) || !double.IsFinite(dilution))
        {
            issues.Add(Issue.Error(SampleIssues.BadDilution, "dilution", $"Expected a dilution factor ≥ 1; found {dilution}."));
        }

        if (responses.Count == 0)
        {
            issues.Add(Issue.Error(SampleIssues.NoResponses, "responses", $"Expected the sample's replicate responses; none were given."));
        }

        var replicates = responses.Select(curve.Concentration).ToImmutableArray();
        var above = replicates.Count(b => b.OutOfRange == "above range");
        if (above > 0)
        {
            issues.Add(Issue.Error(SampleIssues.AboveRange, "responses", $"Expected responses within the standards' range; {above} lie above it (dilute the sample and measure again)."));
        }

        var checks = curve.Calibrators();
        if (checks.Count(k => k.Passes) * 4 < checks.Length * 3)
        {
            issues.Add(Issue.Error(SampleIssues.CalibrationFails, "standards", $"Expected an accepted calibration before a patient's result is kept; {checks.Count(k => k.Passes)} of {checks.Length} calibrators are within their limits (75 % needed)."));
        }

        var factor = double.IsFinite(dilution) && dilution >= 1 ? dilution : 1;
        var inRange = replicates.Where(b => b.Concentration is not null).Select(b => b.Concentration!.Value * factor).ToList();
        var mean = inRange.Count == replicates.Length && inRange.Count > 0 ? inRange.Average() : (double?)null;
        var replicateCv = inRange.Count >= 2 && mean > 0 ? 100 * inRange.StandardDeviation() / mean.Value : (double?)null;
        var cva = analyticalCvPercent ?? replicateCv;
        if (cva is not >= 0 || !double.IsFinite(cva.Value))
        {
            issues.Add(Issue.Error(SampleIssues.NoAnalyticalCv, "cva", $"Expected an analytical CV ≥ 0 %, or two or more replicates in range to measure it from; found {inRange.Count} in range."));
        }

        return issues.Count > 0
            ? ReadResult.Failed<SampleConcentration>(issues)
            : ReadResult.Of(new SampleConcentration(mean, ucum!, dilution, cva!.Value, replicates));
    }
}
