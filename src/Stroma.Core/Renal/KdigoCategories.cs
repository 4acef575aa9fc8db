using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>KDIGO GFR categories.</summary>
public enum GfrCategory
{
    /// <summary>Normal or high (≥ 90).</summary>
    G1,

    /// <summary>Mildly decreased (60–89).</summary>
    G2,

    /// <summary>Mildly to moderately decreased (45–59).</summary>
    G3a,

    /// <summary>Moderately to severely decreased (30–44).</summary>
    G3b,

    /// <summary>Severely decreased (15–29).</summary>
    G4,

    /// <summary>Kidney failure (&lt; 15).</summary>
    G5,
}

/// <summary>KDIGO albuminuria categories.</summary>
public enum AlbuminuriaCategory
{
    /// <summary>Normal to mildly increased.</summary>
    A1,

    /// <summary>Moderately increased.</summary>
    A2,

    /// <summary>Severely increased.</summary>
    A3,
}

/// <summary>
/// The KDIGO CKD classification thresholds as a named rule set (KDIGO 2012 CKD guideline, unchanged in 2024; research/renal.md §3.6).
/// GFR lower bounds in mL/min/1.73 m²; albuminuria A2 starts at the A2 threshold (inclusive) and A3 lies strictly above the A3
/// threshold, so ACR 30 mg/g is A2 and 300 mg/g is still A2. KDIGO states its mg/mmol cut-points (3 and 30 for ACR, 15 and 50 for
/// PCR) as rounded equivalents rather than exact conversions (30 mg/mmol is 265 mg/g, not 300), so a ratio reported in mg/mmol is
/// staged on the mg/mmol cut-points and any other on the mg/g ones: each lab gets the answer the guideline's table gives it.
/// </summary>
/// <param name="Id">Rule-set id.</param>
/// <param name="G1From">Lowest eGFR of G1.</param>
/// <param name="G2From">Lowest eGFR of G2.</param>
/// <param name="G3aFrom">Lowest eGFR of G3a.</param>
/// <param name="G3bFrom">Lowest eGFR of G3b.</param>
/// <param name="G4From">Lowest eGFR of G4; below it, G5.</param>
/// <param name="AcrA2FromMgPerG">ACR (mg/g) from which A2 starts.</param>
/// <param name="AcrA3AboveMgPerG">ACR (mg/g) above which A3 starts.</param>
/// <param name="PcrA2FromMgPerG">PCR (mg/g) from which the A2 equivalent starts.</param>
/// <param name="PcrA3AboveMgPerG">PCR (mg/g) above which the A3 equivalent starts.</param>
/// <param name="AcrA2FromMgPerMmol">ACR (mg/mmol) from which A2 starts.</param>
/// <param name="AcrA3AboveMgPerMmol">ACR (mg/mmol) above which A3 starts.</param>
/// <param name="PcrA2FromMgPerMmol">PCR (mg/mmol) from which the A2 equivalent starts.</param>
/// <param name="PcrA3AboveMgPerMmol">PCR (mg/mmol) above which the A3 equivalent starts.</param>
public sealed record KdigoCategories(
    string Id,
    double G1From,
    double G2From,
    double G3aFrom,
    double G3bFrom,
    double G4From,
    double AcrA2FromMgPerG,
    double AcrA3AboveMgPerG,
    double PcrA2FromMgPerG,
    double PcrA3AboveMgPerG,
    double AcrA2FromMgPerMmol,
    double AcrA3AboveMgPerMmol,
    double PcrA2FromMgPerMmol,
    double PcrA3AboveMgPerMmol)
{
    /// <summary>KDIGO 2012 (and 2024) thresholds.</summary>
    public static KdigoCategories Kdigo2012 { get; } = new("kdigo_2012", 90, 60, 45, 30, 15, 30, 300, 150, 500, 3, 30, 15, 50);

    /// <summary>The GFR category of an eGFR.</summary>
    public GfrCategory GfrCategoryOf(Egfr egfr)
    {
        var v = egfr.MlPerMinPer173M2;
        return v >= G1From ? GfrCategory.G1
            : v >= G2From ? GfrCategory.G2
            : v >= G3aFrom ? GfrCategory.G3a
            : v >= G3bFrom ? GfrCategory.G3b
            : v >= G4From ? GfrCategory.G4
            : GfrCategory.G5;
    }

    /// <summary>The albuminuria category of a urine albumin/creatinine ratio.</summary>
    public AlbuminuriaCategory AlbuminuriaCategoryOf(Uacr acr) =>
        IsMolar(acr.Reported) ? Category(acr.MgPerMmol, AcrA2FromMgPerMmol, AcrA3AboveMgPerMmol) : Category(acr.MgPerG, AcrA2FromMgPerG, AcrA3AboveMgPerG);

    /// <summary>The albuminuria category equivalent of a urine protein/creatinine ratio.</summary>
    public AlbuminuriaCategory AlbuminuriaCategoryOf(Upcr pcr) =>
        IsMolar(pcr.Reported) ? Category(pcr.MgPerMmol, PcrA2FromMgPerMmol, PcrA3AboveMgPerMmol) : Category(pcr.MgPerG, PcrA2FromMgPerG, PcrA3AboveMgPerG);

    /// <summary>The stage label, with KDOQI/KDIGO's <c>T</c> suffix for a kidney transplant recipient (for example <c>G2T</c>).</summary>
    public static string Label(GfrCategory category, bool transplant = false) => transplant ? category + "T" : category.ToString();

    private static bool IsMolar(ReportedValue reported) => reported.Unit.EndsWith("/mmol", StringComparison.Ordinal);

    private static AlbuminuriaCategory Category(double mgPerG, double a2From, double a3Above) =>
        mgPerG > a3Above ? AlbuminuriaCategory.A3 : mgPerG >= a2From ? AlbuminuriaCategory.A2 : AlbuminuriaCategory.A1;
}
