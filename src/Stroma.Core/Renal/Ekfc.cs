using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// The European Kidney Function Consortium equations: creatinine (Pottel H et al., Ann Intern Med 2021;174:183–191) and cystatin C
/// (Pottel H et al., N Engl J Med 2023;388:333–343), full-age-spectrum equations of one shape.
/// </summary>
/// <remarks>
/// <para>eGFR = 107.3 × (X/Q)^−0.322 if X/Q &lt; 1, else 107.3 × (X/Q)^−1.132; × 0.990^(age−40) above 40 years.</para>
/// <para>Creatinine Q (µmol/L), ages 2–25: ln Q = 3.200 + 0.259·age − 0.543·ln(age) − 0.00763·age² + 0.0000790·age³ (male),
/// 3.080 + 0.177·age − 0.223·ln(age) − 0.00596·age² + 0.0000686·age³ (female); above 25: 80 (male), 62 (female). The polynomial
/// gives 80.9/62.4 at 25, a ~1% step the paper accepts. Creatinine in mg/dL is converted with 88.42 µmol/L per mg/dL.</para>
/// <para>Cystatin C Q (mg/L), sex-free: 0.83 up to 50 years, then 0.83 + 0.005 × (age − 50).</para>
/// <para>Defined from 2 years; validated 2–100 (kidney.epi applies the same limits). The 2023 Q values for Black Africans
/// are not implemented.</para>
/// </remarks>
public static class Ekfc
{
    /// <summary>The creatinine Q (median creatinine of healthy people of this age and sex) in µmol/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The age is under 2 years.</exception>
    public static double CreatinineQMicromolPerL(AgeInYears age, Sex sex)
    {
        var a = age.Years >= 2 ? age.Years : throw new ArgumentOutOfRangeException(nameof(age), age.Years, "EKFC is defined from 2 years.");
        if (a > 25)
        {
            return sex == Sex.Male ? 80.0 : 62.0;
        }

        var lnQ = sex == Sex.Male
            ? 3.200 + (0.259 * a) - (0.543 * Math.Log(a)) - (0.00763 * a * a) + (0.0000790 * a * a * a)
            : 3.080 + (0.177 * a) - (0.223 * Math.Log(a)) - (0.00596 * a * a) + (0.0000686 * a * a * a);
        return Math.Exp(lnQ);
    }

    /// <summary>The cystatin C Q in mg/L.</summary>
    public static double CystatinCQMgPerL(AgeInYears age) => age.Years <= 50 ? 0.83 : 0.83 + (0.005 * (age.Years - 50));

    /// <summary>EKFC creatinine (<c>ekfc_cr_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, AgeInYears age, Sex sex) =>
        EgfrEquations.EkfcCreatinine2021.Compute(new EgfrInputs(sex, age, Creatinine: scr));

    /// <summary>EKFC cystatin C (<c>ekfc_cys_2023</c>); <paramref name="sex"/> is recorded but not used.</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCystatinC(CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.EkfcCystatinC2023.Compute(new EgfrInputs(sex, age, CystatinC: cys));

    internal static double CreatinineFormula(EgfrInputs x) =>
        Shape(x.Creatinine!.Value.MicromolPerL / CreatinineQMicromolPerL(x.Age, x.KnownSex), x.Age);

    internal static double CystatinCFormula(EgfrInputs x) => Shape(x.CystatinC!.Value.MgPerL / CystatinCQMgPerL(x.Age), x.Age);

    private static double Shape(double ratio, AgeInYears age) =>
        107.3 * Math.Pow(ratio, ratio < 1 ? -0.322 : -1.132) * (age.Years > 40 ? Math.Pow(0.990, age.Years - 40) : 1.0);
}
