using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>CKD-EPI 2009 creatinine equation (Levey AS et al., Ann Intern Med 2009;150:604–612), without its deprecated race coefficient.</summary>
/// <remarks>
/// eGFR = 141 × min(SCr/κ,1)^α × max(SCr/κ,1)^−1.209 × 0.993^age × 1.018 if female; κ 0.7/0.9 and α −0.329/−0.411 for
/// female/male. Adults (18 and over). Kept to recompute historical values; the race coefficient (× 1.159) is not applied.
/// The paper's table form rounds the female constant to 144 (141 × 1.018 = 143.538); this uses the single-formula form.
/// </remarks>
public static class CkdEpi2009
{
    /// <summary>CKD-EPI 2009 creatinine (<c>ckd_epi_cr_2009</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation (for example age under 18).</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, AgeInYears age, Sex sex) =>
        EgfrEquations.CkdEpiCreatinine2009.Compute(new EgfrInputs(sex, age, Creatinine: scr));

    internal static double CreatinineFormula(EgfrInputs x)
    {
        var alpha = x.Sex == Sex.Female ? -0.329 : -0.411;
        var female = x.Sex == Sex.Female ? 1.018 : 1.0;
        return 141.0 * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.KnownSex), alpha, -1.209) * Math.Pow(0.993, x.Age.Years) * female;
    }
}
