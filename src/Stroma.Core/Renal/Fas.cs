using System.Collections.Immutable;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// Full Age Spectrum equations: creatinine (Pottel H et al., Nephrol Dial Transplant 2016;31:798–806) and cystatin C and combined
/// (Pottel H et al., Nephrol Dial Transplant 2017;32:497–507).
/// </summary>
/// <remarks>
/// <para>FAS = 107.3 ÷ (X/Q), × 0.988^(age−40) above 40 years. Combined: 107.3 ÷ [0.5 × SCr/Q_cr + 0.5 × CysC/Q_cys].</para>
/// <para>Q_cr (µmol/L, the paper's unit) by completed year of age from 1 to 19, identical for both sexes to 14 years, then
/// 80 (male) and 62 (female) from 20; creatinine in mg/dL is converted with 88.42 µmol/L per mg/dL. Completed years (floor) index
/// the table, as its ages are stated in years; kidney.epi rounds the age instead, which differs only for fractional ages.</para>
/// <para>Q_cys = 0.82 mg/L below 70 years and 0.95 mg/L from 70, the values the 2017 paper fixes (kidney.epi's default instead
/// uses the paper's linear alternative 0.863 + 0.01704 × (age − 70) from 70).</para>
/// <para>Defined from 1 year (the first Q entry); validated 2–100.</para>
/// </remarks>
public static class Fas
{
    private static readonly ImmutableArray<double> QBoys = [23, 26, 27, 30, 34, 36, 39, 41, 43, 45, 47, 50, 52, 54, 64, 69, 72, 75, 78];
    private static readonly ImmutableArray<double> QGirls = [23, 26, 27, 30, 34, 36, 39, 41, 43, 45, 47, 50, 52, 54, 57, 59, 61, 61, 62];

    /// <summary>Q_cr in µmol/L.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The age is under 1 year.</exception>
    public static double CreatinineQMicromolPerL(AgeInYears age, Sex sex)
    {
        var years = age.Years >= 1 ? age.CompletedYears : throw new ArgumentOutOfRangeException(nameof(age), age.Years, "FAS is defined from 1 year.");
        return years >= 20 ? (sex == Sex.Male ? 80.0 : 62.0) : (sex == Sex.Male ? QBoys : QGirls)[years - 1];
    }

    /// <summary>Q_cys in mg/L.</summary>
    public static double CystatinCQMgPerL(AgeInYears age) => age.Years < 70 ? 0.82 : 0.95;

    /// <summary>FAS creatinine (<c>fas_cr_2016</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinine(Creatinine scr, AgeInYears age, Sex sex) =>
        EgfrEquations.FasCreatinine2016.Compute(new EgfrInputs(sex, age, Creatinine: scr));

    /// <summary>FAS cystatin C (<c>fas_cys_2017</c>); <paramref name="sex"/> is recorded but not used.</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCystatinC(CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.FasCystatinC2017.Compute(new EgfrInputs(sex, age, CystatinC: cys));

    /// <summary>FAS combined creatinine–cystatin C with α = 0.5 (<c>fas_crcys_2017</c>).</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public static EgfrResult FromCreatinineAndCystatinC(Creatinine scr, CystatinC cys, AgeInYears age, Sex sex) =>
        EgfrEquations.FasCombined2017.Compute(new EgfrInputs(sex, age, Creatinine: scr, CystatinC: cys));

    internal static double CreatinineFormula(EgfrInputs x) => Shape(CreatinineRatio(x), x.Age);

    internal static double CystatinCFormula(EgfrInputs x) => Shape(CystatinRatio(x), x.Age);

    internal static double CombinedFormula(EgfrInputs x) => Shape((0.5 * CreatinineRatio(x)) + (0.5 * CystatinRatio(x)), x.Age);

    private static double CreatinineRatio(EgfrInputs x) => x.Creatinine!.Value.MicromolPerL / CreatinineQMicromolPerL(x.Age, x.KnownSex);

    private static double CystatinRatio(EgfrInputs x) => x.CystatinC!.Value.MgPerL / CystatinCQMgPerL(x.Age);

    private static double Shape(double ratio, AgeInYears age) => 107.3 / ratio * (age.Years > 40 ? Math.Pow(0.988, age.Years - 40) : 1.0);
}
