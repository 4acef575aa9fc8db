using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Biomarkers;

/// <summary>One observation of a cohort: a patient's value on a study day (already on the scale to be modelled, e.g. ln).</summary>
/// <param name="Patient">Patient.</param>
/// <param name="Day">Study day (a time point; the model treats days as categories).</param>
/// <param name="Value">The value.</param>
public sealed record CohortObservation(string Patient, int Day, double Value);

/// <summary>A follow-up day against baseline.</summary>
/// <param name="Day">Study day.</param>
/// <param name="Estimate">Mean change from baseline (on the modelled scale: a log ratio when the values are logs).</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="T">Estimate ÷ standard error.</param>
/// <param name="PTwoSided">Two-sided p (t distribution, between-within degrees of freedom).</param>
/// <param name="PLess">One-sided p for a decrease.</param>
/// <param name="Lower95">Lower 95 % confidence limit.</param>
/// <param name="Upper95">Upper 95 % confidence limit.</param>
/// <param name="Patients">Patients observed on this day.</param>
public sealed record TimePointEffect(int Day, double Estimate, double StandardError, double T, double PTwoSided, double PLess, double Lower95, double Upper95, int Patients);

/// <summary>A random-intercept model fitted by REML.</summary>
/// <param name="BaselineDay">The reference day.</param>
/// <param name="BaselineMean">Estimated mean on the baseline day.</param>
/// <param name="Effects">Every other day against baseline, in day order.</param>
/// <param name="BetweenPatientSd">σ of the patients' random intercepts.</param>
/// <param name="ResidualSd">Within-patient residual σ.</param>
/// <param name="DegreesOfFreedom">Denominator degrees of freedom: n − rank(X) − (patients − 1) (SAS's between-within rule; (m − 1)(T − 1) for a complete design).</param>
/// <param name="TimeF">Wald F for "no change at any day".</param>
/// <param name="TimeP">Its p (F with days − 1 and <paramref name="DegreesOfFreedom"/> degrees of freedom).</param>
/// <param name="Patients">Patients.</param>
/// <param name="Observations">Observations.</param>
public sealed record MixedModelFit(
    int BaselineDay, double BaselineMean, ImmutableArray<TimePointEffect> Effects, double BetweenPatientSd, double ResidualSd, double DegreesOfFreedom,
    double TimeF, double TimeP, int Patients, int Observations);

/// <summary>Stable issue codes for cohort models.</summary>
public static class MixedModelIssues
{
    /// <summary>The data cannot identify the model (error).</summary>
    public const string NotEstimable = "COHORT001";
}

/// <summary>
/// A linear mixed model for small cohorts (issue 5; research/proteome.md §5): value = day effect + patient intercept + error, the
/// intercepts N(0, σb²) and errors N(0, σ²) — compound symmetry within a patient. Days are categories, the baseline day the
/// reference, so each follow-up's fixed effect is its mean change from baseline using every observation (patients missing a
/// day still count, unlike the paired tests). Fitted by REML: for λ = σb²/σ² the fixed effects are the GLS solution (the block
/// inverse (I + λJ)⁻¹ = I − λ/(1 + nλ)·J is closed-form), σ² is profiled out, and λ maximises the restricted likelihood (golden
/// section on ln λ in [−20, 22], and λ = 0 on the boundary; a λ at the top means no within-patient variation is left, and the
/// model refuses rather than give a p made by the bound). Tests use t and F with the between-within degrees of freedom. Known answers:
/// nlme's ergoStool (Pinheiro and Bates 2000) and the paired t test on Student's sleep data.
/// </summary>
public static class MixedModel
{
    /// <summary>A residual SD below this fraction of the values' scale is floating-point rounding, not variation (refused).</summary>
    public const double NegligibleSd = 1e-8;

    /// <summary>Fits the model; every day other than <paramref name="baselineDay"/> is compared with it.</summary>
    public static ReadResult<MixedModelFit> Fit(IReadOnlyList<CohortObservation> observations, int baselineDay)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var days = observations.Select(o => o.Day).Distinct().Order().ToList();
        var patients = observations.GroupBy(o => o.Patient, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var n = observations.Count;
        var p = days.Count;
        var df = n - p - (patients.Count - 1);
        FormattableString? problem =
            observations.Any(o => !double.IsFinite(o.Value)) ? (FormattableString)$"Expected finite values; found {observations.First(o => !double.IsFinite(o.Value)).Value} for {observations.First(o => !double.IsFinite(o.Value)).Patient}."
            : !days.Contains(baselineDay) ? (FormattableString)$"Expected observations on the baseline day {baselineDay}; found days {string.Join(", ", days)}."
            : days.Count < 2 ? (FormattableString)$"Expected at least one day besides baseline; found only day {baselineDay}."
            : patients.Count < 2 ? (FormattableString)$"Expected at least 2 patients; found {patients.Count}."
            : patients.Any(g => g.GroupBy(o => o.Day).Any(d => d.Count() > 1)) ? (FormattableString)$"Expected one value per patient and day; {patients.First(g => g.GroupBy(o => o.Day).Any(d => d.Count() > 1))[0].Patient} has several on one day."
            : df < 1 ? (FormattableString)$"Expected more observations than fixed effects and patients allow (n − days − patients + 1 ≥ 1); found {n} observations, {p} days, {patients.Count} patients."
            : null;
        if (problem is not null)
        {
            return ReadResult.Failed<MixedModelFit>([Issue.Error(MixedModelIssues.NotEstimable, "cohort", problem)]);
        }

        // Design per patient: intercept (baseline mean) + one indicator per follow-up day.
        var column = days.Where(d => d != baselineDay).Select((d, i) => (d, i + 1)).ToDictionary(x => x.d, x => x.Item2);
        var blocks = patients.Select(g =>
        {
            var x = Matrix<double>.Build.Dense(g.Count, p);
            for (var r = 0; r < g.Count; r++)
            {
                x[r, 0] = 1;
                if (column.TryGetValue(g[r].Day, out var c))
                {
                    x[r, c] = 1;
                }
            }

            return (X: x, Y: Vector<double>.Build.DenseOfEnumerable(g.Select(o => o.Value)));
        }).ToList();

        var bestLambda = 0.0;
        var bestLikelihood = Restricted(blocks, 0, n, p).LogLikelihood;
        var (lo, hi) = (-20.0, 22.0);
        var golden = (Math.Sqrt(5) - 1) / 2;
        var (a, b) = (hi - (golden * (hi - lo)), lo + (golden * (hi - lo)));
        var (fa, fb) = (Restricted(blocks, Math.Exp(a), n, p).LogLikelihood, Restricted(blocks, Math.Exp(b), n, p).LogLikelihood);
        for (var i = 0; i < 200 && hi - lo > 1e-10; i++)
        {
            if (fa > fb)
            {
                (hi, b, fb) = (b, a, fa);
                a = hi - (golden * (hi - lo));
                fa = Restricted(blocks, Math.Exp(a), n, p).LogLikelihood;
            }
            else
            {
                (lo, a, fa) = (a, b, fb);
                b = lo + (golden * (hi - lo));
                fb = Restricted(blocks, Math.Exp(b), n, p).LogLikelihood;
            }
        }

        var interior = Math.Exp((lo + hi) / 2);
        if (Restricted(blocks, interior, n, p).LogLikelihood > bestLikelihood)
        {
            bestLambda = interior;
        }

        var fit = Restricted(blocks, bestLambda, n, p);
        // Residual σ below 10⁻⁸ of the values' scale is rounding, not variation (equal values leave ~10⁻¹⁶, whose t would be noise).
        var scale = Math.Max(1, observations.Max(o => Math.Abs(o.Value)));
        if (!(fit.Sigma2 > 1e-300) || !double.IsFinite(fit.Sigma2) || bestLambda > Math.Exp(21) || Math.Sqrt(fit.Sigma2) < NegligibleSd * scale)
        {
            // Every patient changed by exactly the same amount: no within-patient variation is left to judge a change against (the
            // variance ratio runs to the search's bound, σb/σ above 36,000 — no real assay is that precise).
            return ReadResult.Failed<MixedModelFit>([Issue.Error(MixedModelIssues.NotEstimable, "cohort",
                $"Expected some within-patient variation; every patient's values differ from the day means by the same amount (residual variance {fit.Sigma2}), so no test is possible.")]);
        }

        var covariance = fit.Inverse * fit.Sigma2;
        var t = StudentT.InvCDF(0, 1, df, 0.975);
        var effects = column.OrderBy(c => c.Key).Select(c =>
        {
            var (estimate, se) = (fit.Beta[c.Value], Math.Sqrt(covariance[c.Value, c.Value]));
            var statistic = estimate / se;
            var less = StudentT.CDF(0, 1, df, statistic);
            return new TimePointEffect(c.Key, estimate, se, statistic, 2 * Math.Min(less, 1 - less), less, estimate - (t * se), estimate + (t * se),
                observations.Where(o => o.Day == c.Key).Select(o => o.Patient).Distinct(StringComparer.Ordinal).Count());
        }).ToImmutableArray();

        // Wald F for all day effects at once: β_dᵀ Cov_d⁻¹ β_d / (p − 1).
        var beta = fit.Beta.SubVector(1, p - 1);
        var f = beta * covariance.SubMatrix(1, p - 1, 1, p - 1).Inverse() * beta / (p - 1);
        return ReadResult.Of(new MixedModelFit(baselineDay, fit.Beta[0], effects, Math.Sqrt(bestLambda * fit.Sigma2), Math.Sqrt(fit.Sigma2), df, f,
            1 - FisherSnedecor.CDF(p - 1, df, f), patients.Count, n));
    }

    // For a given λ: GLS fixed effects, the profiled σ², (XᵀV⁻¹X)⁻¹ (V in units of σ²) and the restricted log-likelihood up to a constant.
    private static (Vector<double> Beta, double Sigma2, Matrix<double> Inverse, double LogLikelihood) Restricted(
        List<(Matrix<double> X, Vector<double> Y)> blocks, double lambda, int n, int p)
    {
        var xtwx = Matrix<double>.Build.Dense(p, p);
        var xtwy = Vector<double>.Build.Dense(p);
        double logDetV = 0;
        foreach (var (x, y) in blocks)
        {
            var c = lambda / (1 + (x.RowCount * lambda));
            var xSum = x.ColumnSums();
            xtwx += x.TransposeThisAndMultiply(x) - (c * xSum.OuterProduct(xSum));
            xtwy += x.TransposeThisAndMultiply(y) - (c * y.Sum() * xSum);
            logDetV += Math.Log(1 + (x.RowCount * lambda));
        }

        var inverse = xtwx.Inverse();
        var beta = inverse * xtwy;
        double q = 0;
        foreach (var (x, y) in blocks)
        {
            var r = y - (x * beta);
            var c = lambda / (1 + (x.RowCount * lambda));
            q += (r * r) - (c * r.Sum() * r.Sum());
        }

        var sigma2 = Math.Max(0, q) / (n - p);
        return (beta, sigma2, inverse, -0.5 * (((n - p) * Math.Log(sigma2)) + logDetV + Math.Log(xtwx.Determinant())));
    }
}
