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
        return 141.0 * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.Sex), alpha, -1.209) * Math.Pow(0.993, x.Age.Years) * female;
    }
}

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
            * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.Sex), alpha, -0.601)
            * CkdEpi.Spline(x.CystatinC!.Value.MgPerL, CkdEpi.CystatinKappa, -0.375, -0.711)
            * Math.Pow(0.995, x.Age.Years)
            * (x.Sex == Sex.Female ? 0.969 : 1.0);
    }
}

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
        return 142.0 * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.Sex), alpha, -1.200)
            * Math.Pow(0.9938, x.Age.Years) * (x.Sex == Sex.Female ? 1.012 : 1.0);
    }

    internal static double CombinedFormula(EgfrInputs x)
    {
        var alpha = x.Sex == Sex.Female ? -0.219 : -0.144;
        return 135.0
            * CkdEpi.Spline(x.Creatinine!.Value.MgPerDl, CkdEpi.CreatinineKappa(x.Sex), alpha, -0.544)
            * CkdEpi.Spline(x.CystatinC!.Value.MgPerL, CkdEpi.CystatinKappa, -0.323, -0.778)
            * Math.Pow(0.9961, x.Age.Years)
            * (x.Sex == Sex.Female ? 0.963 : 1.0);
    }
}
