using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>CKD-EPI 2021 race-free equations (Inker LA et al., N Engl J Med 2021;385:1737–1749).</summary>
/// <remarks>
/// <para>Creatinine: 142 × min(SCr/κ,1)^α × max(SCr/κ,1)^−1.200 × 0.9938^age × 1.012 if female; κ 0.7/0.9, α −0.241/−0.302 for
/// female/male. LOINC 98979-8.</para>
/// <para>Creatinine–cystatin C: 135 × min(SCr/κ,1)^α × max(SCr/κ,1)^−0.544 × min(CysC/0.8,1)^−0.323 × max(CysC/0.8,1)^−0.778 ×
/// 0.9961^age × 0.963 if female; α −0.219/−0.144 for female/male. LOINC 98980-6. Adults (18 and over).</para>
/// </remarks>
public static class CkdEpi2021
{
    /// <summary>CKD-EPI 2021 creatinine (<c>ckd_epi_cr_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation (for example age under 18).</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, AgeInYears age, Sex sex) =>
        EgfrEquations.CkdEpiCreatinine2021.Compute(new EgfrInputs(sex, age, Creatinine: scr));

    /// <summary>CKD-EPI 2021 creatinine–cystatin C (<c>ckd_epi_crcys_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinineAndCystatinC(Creatinine scr, CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.CkdEpiCombined2021.Compute(new EgfrInputs(sex, age, Creatinine: scr, CystatinC: cys));

    internal static double CreatinineFormula(EgfrInputs x)
    {
        var alpha = x.Sex == Sex.Female ? -0.241 : -0.302;
        return 142.0 * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.KnownSex), alpha, -1.200)
            * Math.Pow(0.9938, x.Age.Years) * (x.Sex == Sex.Female ? 1.012 : 1.0);
    }

    internal static double CombinedFormula(EgfrInputs x)
    {
        var alpha = x.Sex == Sex.Female ? -0.219 : -0.144;
        return 135.0
            * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.KnownSex), alpha, -0.544)
            * CkdEpi.Spline(x.CystatinC!.Value.MgPerL, CkdEpi.CystatinKappa, -0.323, -0.778)
            * Math.Pow(0.9961, x.Age.Years)
            * (x.Sex == Sex.Female ? 0.963 : 1.0);
    }
}
