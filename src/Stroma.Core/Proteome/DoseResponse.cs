using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>Which logistic model.</summary>
public enum CurveModel
{
    /// <summary>4PL: y = d + (a − d) / (1 + (x/c)^b).</summary>
    FourParameter,

    /// <summary>5PL (Gottschalk and Dunn 2005): y = d + (a − d) / (1 + (x/c)^b)^g.</summary>
    FiveParameter,
}

/// <summary>Weights of the least squares.</summary>
public enum CurveWeighting
{
    /// <summary>Unweighted.</summary>
    None,

    /// <summary>1/y² (MSD Discovery Workbench's default): response variance grows with the mean.</summary>
    InverseSquareResponse,
}

/// <summary>Stable issue codes for standard curves.</summary>
public static class CurveIssues
{
    /// <summary>Too few or unusable standards.</summary>
    public const string TooFewStandards = "CURVE001";

    /// <summary>The fit did not converge.</summary>
    public const string NotConverged = "CURVE002";

    /// <summary>Fewer than 75 % of calibrators back-calculate within their limits (warning).</summary>
    public const string CalibratorsFail = "CURVE003";

    /// <summary>More standard points than a standard curve has (a plate holds 96 or 384 wells).</summary>
    public const string TooManyStandards = "CURVE004";
}

/// <summary>A back-calculated concentration, or why there is none.</summary>
/// <param name="Response">The response given.</param>
/// <param name="Concentration">The concentration, when the response lies inside the standards' range.</param>
/// <param name="OutOfRange">"below range" or "above range" (never NaN).</param>
public sealed record BackCalculation(double Response, double? Concentration, string? OutOfRange);

/// <summary>One calibrator level back-calculated: recovery against its nominal concentration and whether it meets its limit.</summary>
/// <param name="Nominal">Nominal concentration.</param>
/// <param name="MeanResponse">Mean response of its replicates.</param>
/// <param name="BackCalculated">Back-calculated concentration of the mean response, if in range.</param>
/// <param name="RecoveryPercent">Back-calculated ÷ nominal × 100.</param>
/// <param name="LimitPercent">Allowed deviation: ±20 %, ±25 % at the lowest and highest calibrator (FDA 2018 BMV, ligand binding).</param>
/// <param name="Passes">Within the limit.</param>
public sealed record CalibratorCheck(double Nominal, double MeanResponse, double? BackCalculated, double? RecoveryPercent, double LimitPercent, bool Passes);

/// <summary>A fitted standard curve with its parameters, their standard errors and its residual sum of squares.</summary>
/// <param name="Model">4PL or 5PL.</param>
/// <param name="Weighting">Weighting used.</param>
/// <param name="A">Response at zero concentration.</param>
/// <param name="B">Slope.</param>
/// <param name="C">Inflection (EC50 for the 4PL).</param>
/// <param name="D">Response at infinite concentration.</param>
/// <param name="G">Asymmetry (1 for the 4PL).</param>
/// <param name="StandardErrors">Standard errors of a, b, c, d (and g for the 5PL), from the weighted residual variance and the Jacobian at the minimum.</param>
/// <param name="ResidualSumOfSquares">Σ w·(y − ŷ)².</param>
/// <param name="Standards">The standards fitted (concentration, response).</param>
public sealed record CurveFit(
    CurveModel Model, CurveWeighting Weighting, double A, double B, double C, double D, double G, ImmutableArray<double> StandardErrors, double ResidualSumOfSquares,
    ImmutableArray<(double Concentration, double Response)> Standards)
{
    /// <summary>The response at a concentration.</summary>
    public double Response(double x) => D + ((A - D) / Math.Pow(1 + Math.Pow(x / C, B), G));

    /// <summary>
    /// The concentration of a response: x = c·(((a − d)/(y − d))^(1/g) − 1)^(1/b), only for responses inside the responses of the
    /// lowest and highest standards; otherwise "below range" or "above range".
    /// </summary>
    public BackCalculation Concentration(double y)
    {
        var (low, high) = (Standards.Min(s => s.Concentration), Standards.Max(s => s.Concentration));
        var (yLow, yHigh) = (Response(low), Response(high));
        var increasing = yHigh > yLow;
        if (increasing ? y < yLow : y > yLow)
        {
            return new BackCalculation(y, null, "below range");
        }

        if (increasing ? y > yHigh : y < yHigh)
        {
            return new BackCalculation(y, null, "above range");
        }

        return Inverse(y) is { } x ? new BackCalculation(y, x, null) : new BackCalculation(y, null, "below range");
    }

    // The inverse wherever the response lies strictly between the asymptotes (calibrators are read this way: they define the range).
    private double? Inverse(double y)
    {
        var inner = Math.Pow((A - D) / (y - D), 1 / G) - 1;
        return inner > 0 && double.IsFinite(inner) ? C * Math.Pow(inner, 1 / B) : null;
    }

    /// <summary>Every calibrator level back-calculated against its nominal concentration.</summary>
    public ImmutableArray<CalibratorCheck> Calibrators()
    {
        var levels = Standards.Where(s => s.Concentration > 0).GroupBy(s => s.Concentration).OrderBy(g => g.Key).ToList();
        return [.. levels.Select((level, i) =>
        {
            var mean = level.Average(s => s.Response);
            var back = Inverse(mean);
            var limit = i == 0 || i == levels.Count - 1 ? 25.0 : 20.0;
            var recovery = back / level.Key * 100;
            return new CalibratorCheck(level.Key, mean, back, recovery, limit, recovery is { } r && Math.Abs(r - 100) <= limit);
        })];
    }

    /// <summary>Lower limit of quantification: the lowest calibrator that meets its limit, or null.</summary>
    public double? Lloq => Calibrators().Where(c => c.Passes).Select(c => (double?)c.Nominal).FirstOrDefault();

    /// <summary>Upper limit of quantification: the highest calibrator that meets its limit, or null.</summary>
    public double? Uloq => Calibrators().Where(c => c.Passes).Select(c => (double?)c.Nominal).LastOrDefault();
}

/// <summary>
/// 4PL and 5PL standard-curve fits by Levenberg–Marquardt (MathNet.Numerics; research/proteome.md §4), with optional 1/y² weights.
/// c and g are fitted on the log scale so they stay positive; their standard errors are transformed back (delta method).
/// Start: a = mean response at the lowest concentration, d = at the highest, c = geometric median of the positive concentrations,
/// b = 1, g = 1.
/// </summary>
public static class DoseResponse
{
    /// <summary>The most standard points a curve may have: a 384-well plate of standards, twice over.</summary>
    public const int MaximumStandards = 768;

    /// <summary>Fits a curve to standards (replicates as repeated points).</summary>
    public static ReadResult<CurveFit> Fit(IReadOnlyList<(double Concentration, double Response)> standards, CurveModel model, CurveWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(standards);
        if (standards.Count > MaximumStandards)
        {
            return ReadResult.Failed<CurveFit>([Issue.Error(CurveIssues.TooManyStandards, "standards",
                $"Expected the standards of one curve (at most {MaximumStandards} points: a 384-well plate holds 384); found {standards.Count}. Is this file the standards of one plate?")]);
        }

        var points = standards.Where(s => double.IsFinite(s.Concentration) && double.IsFinite(s.Response) && s.Concentration >= 0).ToImmutableArray();
        var parameters = model == CurveModel.FourParameter ? 4 : 5;
        var levels = points.Select(p => p.Concentration).Distinct().Count();
        if (points.Length <= parameters || levels < parameters || (weighting == CurveWeighting.InverseSquareResponse && points.Any(p => p.Response <= 0)))
        {
            return ReadResult.Failed<CurveFit>([Issue.Error(CurveIssues.TooFewStandards, "standards",
                $"Expected more points than the {parameters} parameters, at {parameters} or more concentrations{(weighting == CurveWeighting.InverseSquareResponse ? ", with positive responses for 1/y² weights" : string.Empty)}; found {points.Length} points at {levels} concentrations.")]);
        }

        var x = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Concentration));
        var y = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Response));
        var w = Vector<double>.Build.DenseOfEnumerable(points.Select(p => weighting == CurveWeighting.InverseSquareResponse ? 1 / (p.Response * p.Response) : 1.0));
        // θ = (a, b, ln c, d[, ln g]).
        static double Model(Vector<double> t, double xi) =>
            t[3] + ((t[0] - t[3]) / Math.Pow(1 + Math.Pow(xi / Math.Exp(t[2]), t[1]), t.Count > 4 ? Math.Exp(t[4]) : 1));
        var objective = ObjectiveFunction.NonlinearModel((t, xs) => Vector<double>.Build.Dense(xs.Count, i => Model(t, xs[i])), x, y, w, accuracyOrder: 6);
        var lowest = points.Min(p => p.Concentration);
        var highest = points.Max(p => p.Concentration);
        var positive = points.Select(p => p.Concentration).Where(c => c > 0).Distinct().Order().ToList();
        double[] start = [points.Where(p => p.Concentration == lowest).Average(p => p.Response), 1, Math.Log(positive[positive.Count / 2]),
            points.Where(p => p.Concentration == highest).Average(p => p.Response), .. model == CurveModel.FiveParameter ? new[] { 0.0 } : []];
        NonlinearMinimizationResult result;
        try
        {
            result = new LevenbergMarquardtMinimizer(maximumIterations: 2000).FindMinimum(objective, Vector<double>.Build.DenseOfArray(start));
        }
        catch (MaximumIterationsException)
        {
            return ReadResult.Failed<CurveFit>([Issue.Error(CurveIssues.NotConverged, "standards", $"Expected the fit to converge within 2000 iterations; it did not.")]);
        }

        var t = result.MinimizingPoint;
        var residuals = Enumerable.Range(0, points.Length).Sum(i => w[i] * Math.Pow(y[i] - Model(t, x[i]), 2));
        var (c, g) = (Math.Exp(t[2]), model == CurveModel.FiveParameter ? Math.Exp(t[4]) : 1.0);
        var se = result.StandardErrors;
        ImmutableArray<double> errors = [se[0], se[1], se[2] * c, se[3], .. model == CurveModel.FiveParameter ? new[] { se[4] * g } : []];
        if (!errors.All(double.IsFinite) || !double.IsFinite(residuals))
        {
            return ReadResult.Failed<CurveFit>([Issue.Error(CurveIssues.NotConverged, "standards", $"Expected a fit with finite parameters; the standards do not determine the {model} curve.")]);
        }

        var fit = new CurveFit(model, weighting, t[0], t[1], c, t[3], g, errors, residuals, points);
        var checks = fit.Calibrators();
        var issues = checks.Count(k => k.Passes) * 4 < checks.Length * 3
            ? new[] { Issue.Warning(CurveIssues.CalibratorsFail, "standards", $"Expected at least 75 % of calibrators within their limits; {checks.Count(k => k.Passes)} of {checks.Length} are.") }
            : [];
        return ReadResult.Of(fit, issues);
    }
}
