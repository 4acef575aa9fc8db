using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>Shared shape of the CKD-EPI equations: min(x/κ,1)^α × max(x/κ,1)^β.</summary>
internal static class CkdEpi
{
    /// <summary>The creatinine κ in mg/dL: 0.7 for women, 0.9 for men.</summary>
    internal static double CreatinineKappa(Sex sex) => sex == Sex.Female ? 0.7 : 0.9;

    /// <summary>The cystatin C κ in mg/L for every CKD-EPI cystatin equation.</summary>
    internal const double CystatinKappa = 0.8;

    internal static double Spline(double value, double kappa, double alpha, double beta)
    {
        var ratio = value / kappa;
        return Math.Pow(Math.Min(ratio, 1.0), alpha) * Math.Pow(Math.Max(ratio, 1.0), beta);
    }
}
