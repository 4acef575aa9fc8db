using Stroma.Core.Biomarkers;

namespace Stroma.Application.Proteome;

// The biomarker verdicts (stroma biomarkers --json). Every ranked verdict starts with rank, analyte, assessable, sustainedDecrease,
// pSustained and q, for one patient's series and a cohort alike.

/// <summary>The reference change values behind a verdict: the classic ones at the rule's Z and the downward limit the rule used (%).</summary>
public sealed record VerdictRcvView(double Z, double Symmetric, double LogNormalUp, double LogNormalDown, double UsedDown, int BaselineSamples)
{
    /// <summary>
    /// The classic pair-of-samples values (symmetric and log-normal, at the rule's Z) and the downward limit the rule used, which also
    /// counts the baseline's own sampling (n₀ samples averaged).
    /// </summary>
    public static VerdictRcvView Of(SustainedChangeSettings settings, double cvi, double logSd, int baselineSamples)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var classic = ReferenceChange.Of(settings.AnalyticalCvPercent, cvi, settings.Z);
        return new(settings.Z, classic.Symmetric, classic.LogNormalUp, classic.LogNormalDown, 100 * (Math.Exp(-settings.Z * logSd) - 1), baselineSamples);
    }
}

/// <summary>One follow-up point of a patient's series.</summary>
public sealed record ChangePointView(int Day, double? Value, double? FoldChange, double? Log2FoldChange, double? P, bool Decrease, string? Source);

/// <summary>One analyte's verdict in a patient's series.</summary>
public sealed record AnalyteChangeView(
    int Rank, string Analyte, bool Assessable, bool SustainedDecrease, double? PSustained, double? Q, double? Baseline, int BaselineSamples, double? Cvi,
    string? CviSource, VerdictRcvView? Rcv, string Evidence, IReadOnlyList<ChangePointView> Points);

/// <summary>A patient's biomarker verdicts, ranked.</summary>
public sealed record BiomarkerSeriesView(IReadOnlyList<AnalyteChangeView> Analytes)
{
    /// <summary>The view of the verdicts in rank order.</summary>
    public static BiomarkerSeriesView Of(IReadOnlyList<AnalyteChange> results, SustainedChangeSettings settings) =>
        new([.. results.Select((r, rank) => new AnalyteChangeView(
            rank + 1, r.Analyte, r.Assessable, r.Sustained, r.PSustained, r.Q, r.Baseline, r.BaselineSamples, r.CviPercent?.Percent, r.CviPercent?.Source,
            r.CviPercent is { } cvi && r.LogSd is { } sd ? VerdictRcvView.Of(settings, cvi.Percent, sd, r.BaselineSamples) : null,
            r.Reason,
            [.. r.Points.Select(p => new ChangePointView(p.Day, p.Value, p.FoldChange, p.LogChange / Math.Log(2), p.P, p.IsDecrease, p.Source))]))]);
}

/// <summary>A paired test of a follow-up day against baseline.</summary>
public sealed record PairedTestView(double Statistic, double PTwoSided, double PLess, int Pairs)
{
    /// <summary>The view of a paired test; null when there is none.</summary>
    public static PairedTestView? Of(PairedResult? r) => r is null ? null : new(r.Statistic, r.PTwoSided, r.PLess, r.Pairs);
}

/// <summary>One follow-up day of a cohort's model, with the paired tests beside it.</summary>
public sealed record CohortDayView(
    int Day, int Patients, double FoldChange, double Lower95, double Upper95, double Log2FoldChange, double T, double PLess, double PTwoSided,
    PairedTestView? PairedT, PairedTestView? Wilcoxon, string? PairedNote);

/// <summary>One analyte's verdict in a cohort.</summary>
public sealed record CohortChangeView(
    int Rank, string Analyte, bool Assessable, bool SustainedDecrease, double? PSustained, double? Q, string Evidence, int NotDetected, int? Patients,
    int? Observations, double? BetweenPatientSd, double? ResidualSd, double? DegreesOfFreedom, double? TimeF, double? TimeP, IReadOnlyList<CohortDayView> Days);

/// <summary>A cohort's biomarker verdicts, ranked, with the method.</summary>
public sealed record BiomarkerCohortView(bool Cohort, string Method, IReadOnlyList<CohortChangeView> Analytes)
{
    /// <summary>The method, in words.</summary>
    public const string MixedModel =
        "random-intercept linear mixed model on ln values (REML; between-within df); sustained = every follow-up day from onset to one year below baseline (one-sided p < 0.05; p = the largest); BH across analytes";

    /// <summary>The view of the verdicts in rank order.</summary>
    public static BiomarkerCohortView Of(IReadOnlyList<CohortChange> results) =>
        new(true, MixedModel, [.. results.Select((r, rank) => new CohortChangeView(
            rank + 1, r.Analyte, r.Assessable, r.Sustained, r.PSustained, r.Q, r.Reason, r.NotDetected, r.Fit?.Patients, r.Fit?.Observations,
            r.Fit?.BetweenPatientSd, r.Fit?.ResidualSd, r.Fit?.DegreesOfFreedom, r.Fit?.TimeF, r.Fit?.TimeP,
            [.. r.Days.Select(d => new CohortDayView(
                d.Day, d.Model.Patients, d.FoldChange, d.FoldLower95, d.FoldUpper95, d.Model.Estimate / Math.Log(2), d.Model.T, d.Model.PLess, d.Model.PTwoSided,
                PairedTestView.Of(d.PairedT), PairedTestView.Of(d.Wilcoxon), d.PairedNote))]))]);
}
