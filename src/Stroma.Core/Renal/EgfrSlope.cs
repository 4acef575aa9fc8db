using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearRegression;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>One dated eGFR for a slope.</summary>
/// <param name="Date">Sample date.</param>
/// <param name="Egfr">The estimate.</param>
public readonly record struct DatedEgfr(DateOnly Date, Egfr Egfr);

/// <summary>
/// The ordinary least-squares slope of eGFR against time in mL/min/1.73 m² per year, with a two-sided Student-t confidence interval
/// (n − 2 degrees of freedom). Time is in years of 365.25 days from the first sample. With two samples the slope has no interval.
/// </summary>
/// <param name="PerYear">Slope in mL/min/1.73 m² per year.</param>
/// <param name="Lower">Lower confidence bound, or null with fewer than three samples.</param>
/// <param name="Upper">Upper confidence bound, or null with fewer than three samples.</param>
/// <param name="ConfidenceLevel">The confidence level (0.95 by default).</param>
/// <param name="StandardError">Standard error of the slope, or null with fewer than three samples.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="From">First sample date.</param>
/// <param name="To">Last sample date.</param>
public sealed record EgfrSlope(double PerYear, double? Lower, double? Upper, double ConfidenceLevel, double? StandardError, int Count, DateOnly From, DateOnly To)
{
    /// <summary>Days per year used to convert dates to years.</summary>
    public const double DaysPerYear = 365.25;

    /// <summary>The method name recorded with every slope.</summary>
    public const string Method = "ols_t_interval";

    /// <summary>Fits the slope.</summary>
    /// <exception cref="ArgumentException">Fewer than two samples, or all on one date.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not in (0, 1).</exception>
    public static EgfrSlope Fit(IEnumerable<DatedEgfr> series, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (confidenceLevel is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must be between 0 and 1.");
        }

        var points = series.OrderBy(p => p.Date).ToArray();
        if (points.Length < 2 || points[0].Date == points[^1].Date)
        {
            throw new ArgumentException("A slope needs at least two samples on different dates.", nameof(series));
        }

        var first = points[0].Date.DayNumber;
        var x = points.Select(p => (p.Date.DayNumber - first) / DaysPerYear).ToArray();
        var y = points.Select(p => p.Egfr.MlPerMinPer173M2).ToArray();
        var (intercept, slope) = SimpleRegression.Fit(x, y);
        if (points.Length < 3)
        {
            return new EgfrSlope(slope, null, null, confidenceLevel, null, points.Length, points[0].Date, points[^1].Date);
        }

        var meanX = x.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        var residualSquares = x.Zip(y, (xi, yi) => Math.Pow(yi - (intercept + (slope * xi)), 2)).Sum();
        var degrees = points.Length - 2;
        var standardError = Math.Sqrt(residualSquares / degrees / sxx);
        var t = StudentT.InvCDF(0, 1, degrees, 1 - ((1 - confidenceLevel) / 2));
        return new EgfrSlope(slope, slope - (t * standardError), slope + (t * standardError), confidenceLevel, standardError, points.Length, points[0].Date, points[^1].Date);
    }
}
