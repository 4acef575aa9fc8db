using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>CKD-EPI 2012 cystatin C and creatinine–cystatin C equations (Inker LA et al., N Engl J Med 2012;367:20–29).</summary>
/// <remarks>
/// <para>Cystatin C: 133 × min(CysC/0.8,1)^−0.499 × max(CysC/0.8,1)^−1.328 × 0.996^age × 0.932 if female.</para>
/// <para>Creatinine–cystatin C: 135 × min(SCr/κ,1)^α × max(SCr/κ,1)^−0.601 × min(CysC/0.8,1)^−0.375 × max(CysC/0.8,1)^−0.711 ×
/// 0.995^age × 0.969 if female; α −0.248/−0.207 for female/male; the race coefficient (× 1.08) is not applied. Adults.</para>
/// </remarks>
public static class CkdEpi2012
{
    /// <summary>CKD-EPI 2012 cystatin C (<c>ckd_epi_cys_2012</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCystatinC(CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.CkdEpiCystatinC2012.Compute(new EgfrInputs(sex, age, CystatinC: cys));

    /// <summary>CKD-EPI 2012 creatinine–cystatin C (<c>ckd_epi_crcys_2012</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinineAndCystatinC(Creatinine scr, CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.CkdEpiCombined2012.Compute(new EgfrInputs(sex, age, Creatinine: scr, CystatinC: cys));

    internal static double CystatinCFormula(EgfrInputs x) =>
        133.0 * CkdEpi.Spline(x.CystatinC!.Value.MgPerL, CkdEpi.CystatinKappa, -0.499, -1.328) * Math.Pow(0.996, x.Age.Years)
        * (x.Sex == Sex.Female ? 0.932 : 1.0);

    internal static double CombinedFormula(EgfrInputs x)
    {
        var alpha = x.Sex == Sex.Female ? -0.248 : -0.207;
        return 135.0
            * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.KnownSex), alpha, -0.601)
            * CkdEpi.Spline(x.CystatinC!.Value.MgPerL, CkdEpi.CystatinKappa, -0.375, -0.711)
            * Math.Pow(0.995, x.Age.Years)
            * (x.Sex == Sex.Female ? 0.969 : 1.0);
    }
}
