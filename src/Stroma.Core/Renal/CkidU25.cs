using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// CKiD under-25 equations (Pierce CB et al., Kidney Int 2021;99:948–956), implemented from the paper and checked line by line
/// against the CKiD study group's own code (github.com/ckidstudy/CKiD_U25, R/SAS/Stata).
/// </summary>
/// <remarks>
/// <para>Creatinine: eGFR = K × height (m) ÷ SCr (mg/dL), with K for males 39.0 × 1.008^(age−12) below 12, 39.0 × 1.045^(age−12)
/// from 12 to below 18, 50.8 from 18; for females 36.1 × 1.008^(age−12), 36.1 × 1.023^(age−12), 41.4.</para>
/// <para>Cystatin C: eGFR = K ÷ CysC (mg/L), with K for males 87.2 × 1.011^(age−15) below 15, 87.2 × 0.960^(age−15) from 15 to
/// below 18, 77.1 from 18; for females 79.9 × 1.004^(age−12) below 12, 79.9 × 0.974^(age−12) from 12 to below 18, 68.3 from 18.</para>
/// <para>Combined: the arithmetic mean of the two. Defined for ages 1–25 in decimal years; the official code accepts height
/// 0.6–2.0 m, SCr 0.1–10 mg/dL and CysC 0.2–8 mg/L. Two public R implementations are wrong at some ages (kidney.epi 1.3–1.4 uses
/// constant K 41.8/37.6 from 15 to 18 and K 41.4 for cystatin in women from 18; transplantr-CKiDu25 swaps the sexes' adult
/// cystatin K); this implementation follows the study group's code.</para>
/// </remarks>
public static class CkidU25
{
    /// <summary>The creatinine K (mL/min/1.73 m² per m ÷ mg/dL) at a given age and sex.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The age is outside 1–25 years.</exception>
    public static double CreatinineK(AgeInYears age, Sex sex)
    {
        var a = CheckAge(age);
        return (sex, a) switch
        {
            (Sex.Male, < 12) => 39.0 * Math.Pow(1.008, a - 12),
            (Sex.Male, < 18) => 39.0 * Math.Pow(1.045, a - 12),
            (Sex.Male, _) => 50.8,
            (_, < 12) => 36.1 * Math.Pow(1.008, a - 12),
            (_, < 18) => 36.1 * Math.Pow(1.023, a - 12),
            _ => 41.4,
        };
    }

    /// <summary>The cystatin C K (mL/min/1.73 m² × mg/L) at a given age and sex.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The age is outside 1–25 years.</exception>
    public static double CystatinCK(AgeInYears age, Sex sex)
    {
        var a = CheckAge(age);
        return (sex, a) switch
        {
            (Sex.Male, < 15) => 87.2 * Math.Pow(1.011, a - 15),
            (Sex.Male, < 18) => 87.2 * Math.Pow(0.960, a - 15),
            (Sex.Male, _) => 77.1,
            (_, < 12) => 79.9 * Math.Pow(1.004, a - 12),
            (_, < 18) => 79.9 * Math.Pow(0.974, a - 12),
            _ => 68.3,
        };
    }

    /// <summary>CKiD U25 creatinine (<c>ckid_u25_cr_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, Height height, AgeInYears age, Sex sex) =>
        EgfrEquations.CkidU25Creatinine.Compute(new EgfrInputs(sex, age, height, scr));

    /// <summary>CKiD U25 cystatin C (<c>ckid_u25_cys_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCystatinC(CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.CkidU25CystatinC.Compute(new EgfrInputs(sex, age, CystatinC: cys));

    /// <summary>CKiD U25 average of the creatinine and cystatin C estimates (<c>ckid_u25_crcys_avg_2021</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult Average(Creatinine scr, CystatinC cys, Height height, AgeInYears age, Sex sex) =>
        EgfrEquations.CkidU25Average.Compute(new EgfrInputs(sex, age, height, scr, cys));

    internal static double CreatinineFormula(EgfrInputs x) => CreatinineK(x.Age, x.KnownSex) * x.Height!.Value.Metres / x.Creatinine!.Value.MgPerDl;

    internal static double CystatinCFormula(EgfrInputs x) => CystatinCK(x.Age, x.KnownSex) / x.CystatinC!.Value.MgPerL;

    internal static double AverageFormula(EgfrInputs x) => (CreatinineFormula(x) + CystatinCFormula(x)) / 2.0;

    /// <summary>The input ranges the study group's code accepts, reported as warnings.</summary>
    internal static IEnumerable<Issue> InputChecks(EgfrInputs x)
    {
        if (x.Height is { } h && (h.Metres < 0.6 || h.Metres > 2.0))
        {
            yield return Issue.Warning(EgfrIssues.InputOutsideValidatedRange, "height", $"CKiD U25 accepts height 0.6-2.0 m; found {h.Metres:0.###} m.");
        }

        if (x.Creatinine is { } c && (c.MgPerDl < 0.1 || c.MgPerDl > 10))
        {
            yield return Issue.Warning(EgfrIssues.InputOutsideValidatedRange, "creatinine", $"CKiD U25 accepts creatinine 0.1-10 mg/dL; found {c.MgPerDl:G4} mg/dL.");
        }

        if (x.CystatinC is { } y && (y.MgPerL < 0.2 || y.MgPerL > 8))
        {
            yield return Issue.Warning(EgfrIssues.InputOutsideValidatedRange, "cystatin", $"CKiD U25 accepts cystatin C 0.2-8 mg/L; found {y.MgPerL:G4} mg/L.");
        }
    }

    private static double CheckAge(AgeInYears age) =>
        age.Years is >= 1 and <= 25
            ? age.Years
            : throw new ArgumentOutOfRangeException(nameof(age), age.Years, "CKiD U25 is defined for ages 1-25 years.");
}
