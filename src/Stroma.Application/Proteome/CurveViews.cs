using System.Text.Json.Serialization;
using Stroma.Core.Biomarkers;
using Stroma.Core.Proteome;

namespace Stroma.Application.Proteome;

/// <summary>A fitted curve's parameters, each with its standard error; <c>g</c> only for a 5PL.</summary>
public sealed record CurveParametersView(
    double A,
    double AStandardError,
    double B,
    double BStandardError,
    double C,
    double CStandardError,
    double D,
    double DStandardError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? G,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? GStandardError);

/// <summary>A calibrator's recovery on the fitted curve.</summary>
public sealed record CalibratorView(double Concentration, double Response, double? BackCalculated, double? RecoveryPercent, double LimitPercent, bool Passes);

/// <summary>A response back-calculated to a concentration (null with the reason when out of range).</summary>
public sealed record BackCalculationView(double Response, double? Concentration, string? OutOfRange);

/// <summary>A standard curve fitted (<c>stroma curve fit --json</c>).</summary>
public sealed record CurveFitView(
    string Model,
    string Weighting,
    string Equation,
    CurveParametersView Parameters,
    double ResidualSumOfSquares,
    double? Lloq,
    double? Uloq,
    IReadOnlyList<CalibratorView> Calibrators,
    IReadOnlyList<BackCalculationView> Values)
{
    /// <summary>The view of a fitted curve and the responses back-calculated on it.</summary>
    public static CurveFitView Of(string model, string weighting, CurveFit curve, IEnumerable<BackCalculation> values)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var se = curve.StandardErrors;
        var five = curve.Model == CurveModel.FiveParameter;
        return new(
            model,
            weighting,
            "y = d + (a - d) / (1 + (x/c)^b)^g",
            new CurveParametersView(curve.A, se[0], curve.B, se[1], curve.C, se[2], curve.D, se[3], five ? curve.G : null, five ? se[4] : null),
            curve.ResidualSumOfSquares,
            curve.Lloq,
            curve.Uloq,
            [.. curve.Calibrators().Select(c => new CalibratorView(c.Nominal, c.MeanResponse, c.BackCalculated, c.RecoveryPercent, c.LimitPercent, c.Passes))],
            [.. values.Select(b => new BackCalculationView(b.Response, b.Concentration, b.OutOfRange))]);
    }
}

/// <summary>Reference change values from the CVs they were computed from (<c>stroma rcv --json</c>), in %.</summary>
public sealed record ReferenceChangeView(double Cva, double Cvi, double Z, double Symmetric, double LogNormalUp, double LogNormalDown)
{
    /// <summary>The view of reference change values.</summary>
    public static ReferenceChangeView Of(double cva, double cvi, double z, ReferenceChangeValue rcv)
    {
        ArgumentNullException.ThrowIfNull(rcv);
        return new(cva, cvi, z, rcv.Symmetric, rcv.LogNormalUp, rcv.LogNormalDown);
    }
}
