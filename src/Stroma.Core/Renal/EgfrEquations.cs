using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Renal;

/// <summary>Every eGFR equation Stroma implements, by id.</summary>
public static class EgfrEquations
{
    private const double Oldest = Quantities.AgeInYears.MaximumYears;

    /// <summary><c>bedside_schwartz_2009</c>: children 1–18; no age term, so defined at any age.</summary>
    public static readonly EgfrEquation BedsideSchwartz2009 = new(
        "bedside_schwartz_2009", "schwartz", EgfrMarker.Creatinine, needsHeight: true, (0, Oldest), (1, 18),
        "Schwartz GJ et al. J Am Soc Nephrol 2009;20:629-637", "50384-7", Renal.BedsideSchwartz2009.Formula, usesSex: false);

    /// <summary><c>ckid_u25_cr_2021</c>.</summary>
    public static readonly EgfrEquation CkidU25Creatinine = new(
        "ckid_u25_cr_2021", "ckid_u25", EgfrMarker.Creatinine, needsHeight: true, (1, 25), (1, 25),
        "Pierce CB et al. Kidney Int 2021;99:948-956", null, CkidU25.CreatinineFormula, CkidU25.InputChecks);

    /// <summary><c>ckid_u25_cys_2021</c>.</summary>
    public static readonly EgfrEquation CkidU25CystatinC = new(
        "ckid_u25_cys_2021", "ckid_u25", EgfrMarker.CystatinC, needsHeight: false, (1, 25), (1, 25),
        "Pierce CB et al. Kidney Int 2021;99:948-956", null, CkidU25.CystatinCFormula, CkidU25.InputChecks);

    /// <summary><c>ckid_u25_crcys_avg_2021</c>.</summary>
    public static readonly EgfrEquation CkidU25Average = new(
        "ckid_u25_crcys_avg_2021", "ckid_u25", EgfrMarker.CreatinineAndCystatinC, needsHeight: true, (1, 25), (1, 25),
        "Pierce CB et al. Kidney Int 2021;99:948-956", null, CkidU25.AverageFormula, CkidU25.InputChecks);

    /// <summary><c>ckd_epi_cr_2009</c> (race coefficient not applied).</summary>
    public static readonly EgfrEquation CkdEpiCreatinine2009 = new(
        "ckd_epi_cr_2009", "ckd_epi", EgfrMarker.Creatinine, needsHeight: false, (18, Oldest), (18, Oldest),
        "Levey AS et al. Ann Intern Med 2009;150:604-612", "62238-1", CkdEpi2009.CreatinineFormula);

    /// <summary><c>ckd_epi_cr_2021</c>.</summary>
    public static readonly EgfrEquation CkdEpiCreatinine2021 = new(
        "ckd_epi_cr_2021", "ckd_epi", EgfrMarker.Creatinine, needsHeight: false, (18, Oldest), (18, Oldest),
        "Inker LA et al. N Engl J Med 2021;385:1737-1749", "98979-8", CkdEpi2021.CreatinineFormula);

    /// <summary><c>ckd_epi_cys_2012</c>.</summary>
    public static readonly EgfrEquation CkdEpiCystatinC2012 = new(
        "ckd_epi_cys_2012", "ckd_epi", EgfrMarker.CystatinC, needsHeight: false, (18, Oldest), (18, Oldest),
        "Inker LA et al. N Engl J Med 2012;367:20-29", "50210-4", CkdEpi2012.CystatinCFormula);

    /// <summary><c>ckd_epi_crcys_2012</c> (race coefficient not applied).</summary>
    public static readonly EgfrEquation CkdEpiCombined2012 = new(
        "ckd_epi_crcys_2012", "ckd_epi", EgfrMarker.CreatinineAndCystatinC, needsHeight: false, (18, Oldest), (18, Oldest),
        "Inker LA et al. N Engl J Med 2012;367:20-29", null, CkdEpi2012.CombinedFormula);

    /// <summary><c>ckd_epi_crcys_2021</c>.</summary>
    public static readonly EgfrEquation CkdEpiCombined2021 = new(
        "ckd_epi_crcys_2021", "ckd_epi", EgfrMarker.CreatinineAndCystatinC, needsHeight: false, (18, Oldest), (18, Oldest),
        "Inker LA et al. N Engl J Med 2021;385:1737-1749", "98980-6", CkdEpi2021.CombinedFormula);

    /// <summary><c>ekfc_cr_2021</c>.</summary>
    public static readonly EgfrEquation EkfcCreatinine2021 = new(
        "ekfc_cr_2021", "ekfc", EgfrMarker.Creatinine, needsHeight: false, (2, Oldest), (2, 100),
        "Pottel H et al. Ann Intern Med 2021;174:183-191", null, Ekfc.CreatinineFormula);

    /// <summary><c>ekfc_cys_2023</c>.</summary>
    public static readonly EgfrEquation EkfcCystatinC2023 = new(
        "ekfc_cys_2023", "ekfc", EgfrMarker.CystatinC, needsHeight: false, (2, Oldest), (2, 100),
        "Pottel H et al. N Engl J Med 2023;388:333-343", "50210-4", Ekfc.CystatinCFormula, usesSex: false);

    /// <summary><c>fas_cr_2016</c>.</summary>
    public static readonly EgfrEquation FasCreatinine2016 = new(
        "fas_cr_2016", "fas", EgfrMarker.Creatinine, needsHeight: false, (1, Oldest), (2, 100),
        "Pottel H et al. Nephrol Dial Transplant 2016;31:798-806", null, Fas.CreatinineFormula);

    /// <summary><c>fas_cys_2017</c>.</summary>
    public static readonly EgfrEquation FasCystatinC2017 = new(
        "fas_cys_2017", "fas", EgfrMarker.CystatinC, needsHeight: false, (1, Oldest), (2, 100),
        "Pottel H et al. Nephrol Dial Transplant 2017;32:497-507", "50210-4", Fas.CystatinCFormula, usesSex: false);

    /// <summary><c>fas_crcys_2017</c>.</summary>
    public static readonly EgfrEquation FasCombined2017 = new(
        "fas_crcys_2017", "fas", EgfrMarker.CreatinineAndCystatinC, needsHeight: false, (1, Oldest), (2, 100),
        "Pottel H et al. Nephrol Dial Transplant 2017;32:497-507", null, Fas.CombinedFormula);

    /// <summary>All equations, in the order the CLI lists them.</summary>
    public static ImmutableArray<EgfrEquation> All { get; } =
    [
        BedsideSchwartz2009, CkidU25Creatinine, CkidU25CystatinC, CkidU25Average,
        CkdEpiCreatinine2009, CkdEpiCreatinine2021, CkdEpiCystatinC2012, CkdEpiCombined2012, CkdEpiCombined2021,
        EkfcCreatinine2021, EkfcCystatinC2023, FasCreatinine2016, FasCystatinC2017, FasCombined2017,
    ];

    // A plain dictionary: a frozen one costs a few milliseconds to build, a tenth of `stroma egfr`'s whole run, for 14 entries.
    private static readonly Dictionary<string, string> Families = All.ToDictionary(e => e.Id, e => e.Family, StringComparer.Ordinal);

    /// <summary>The family of an equation id (as produced by an <see cref="EgfrResult"/>).</summary>
    /// <exception cref="KeyNotFoundException">No equation has this id.</exception>
    public static string FamilyOf(string id) => Families[id];

    /// <summary>Finds an equation by id (exact, case-insensitive).</summary>
    public static ReadResult<EgfrEquation> Find(string id, string location = "equation")
    {
        var equation = All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
        return equation is not null
            ? ReadResult.Of<EgfrEquation>(equation)
            : ReadResult.Failed<EgfrEquation>([Issue.Error(EgfrIssues.UnknownEquation, location,
                $"Expected one of {string.Join(", ", All.Select(e => e.Id))} or recommended; found '{id}'.")]);
    }
}
