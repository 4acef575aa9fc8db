using Stroma.Core.Course;
using System.Globalization;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Storage;

namespace Stroma.Application.Proteome;

/// <summary>A sample measured on a standard curve, to keep against a patient.</summary>
/// <param name="PatientId">The stored patient.</param>
/// <param name="StudyDay">The sample's study day (relative to the first infusion).</param>
/// <param name="Analyte">The analyte as written (synonyms such as TNF-alpha are resolved).</param>
/// <param name="Unit">The concentration unit of the standards (UCUM).</param>
/// <param name="Dilution">The sample's dilution factor.</param>
/// <param name="AnalyticalCvPercent">The platform's CVa, or null to measure it from the replicates.</param>
/// <param name="Responses">The sample's replicate responses.</param>
public sealed record CurveSample(PatientId PatientId, int? StudyDay, string? Analyte, string? Unit, double Dilution, double? AnalyticalCvPercent, IReadOnlyList<double> Responses);

/// <summary>What was kept: the analyte's resolved name, the day and the concentration (null when not detected).</summary>
public sealed record KeptSample(string Analyte, int StudyDay, SampleConcentration Concentration);

/// <summary>
/// Keeps a sample's concentration from a standard curve against a patient, in one transaction with its raw source: the standards file
/// as given, headed by the model, weighting, unit, dilution and responses, so that the value can be recomputed.
/// </summary>
public static class CurveResults
{
    /// <summary>Checks the sample (<see cref="SampleConcentration.FromReplicates"/>, plus the day and analyte) and keeps it; refused: nothing written.</summary>
    public static async Task<ReadResult<KeptSample>> KeepAsync(StromaStore store, CurveSample sample, CurveFit curve, string standardsName, byte[] standards, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(standards);
        var issues = new List<Issue>();
        if (sample.StudyDay is null)
        {
            issues.Add(Issue.Error(SampleIssues.MissingDetail, "day", $"Expected the sample's study day; none was given."));
        }

        if (string.IsNullOrWhiteSpace(sample.Analyte))
        {
            issues.Add(Issue.Error(SampleIssues.MissingDetail, "analyte", $"Expected the sample's analyte; none was given."));
        }

        var concentration = SampleConcentration.FromReplicates(curve, sample.Responses, sample.Dilution, sample.Unit, sample.AnalyticalCvPercent);
        issues.AddRange(concentration.Issues);
        if (issues.Count > 0 || concentration.Value is not { } c)
        {
            return ReadResult.Failed<KeptSample>(issues);
        }

        var header = string.Create(CultureInfo.InvariantCulture,
            $"# curve fit {(curve.Model == CurveModel.FiveParameter ? "5pl" : "4pl")} {(curve.Weighting == CurveWeighting.InverseSquareResponse ? "1/y2" : "none")}; unit {c.Unit}; dilution {c.Dilution}; responses {string.Join(",", sample.Responses.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))}\n");
        var source = System.Text.Encoding.UTF8.GetBytes(header).Concat(standards).ToArray();
        var name = AnalyteNames.Resolve(sample.Analyte!);
        var saved = await store.SaveAnalyteResultsAsync(sample.PatientId, standardsName, source, [new AnalyteResult(name, sample.StudyDay!.Value, c.Value, c.Unit, c.AnalyticalCvPercent)], cancellationToken: ct);
        return saved.HasErrors ? ReadResult.Failed<KeptSample>(saved.Issues) : ReadResult.Of(new KeptSample(name, sample.StudyDay.Value, c), saved.Issues);
    }
}
