using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Biopsy;

/// <summary>Stable issue codes for biopsy reports.</summary>
public static class BiopsyIssues
{
    /// <summary>A score outside its range.</summary>
    public const string OutOfRange = "BX001";

    /// <summary>Counts that contradict each other (more sclerosed than total glomeruli).</summary>
    public const string Counts = "BX002";

    /// <summary>A percentage outside 0–100.</summary>
    public const string Percent = "BX003";
}

/// <summary>How C4d was stained: immunofluorescence on frozen tissue (C4d2–3 positive) or immunohistochemistry on paraffin (&gt; 0 positive).</summary>
public enum C4dMethod
{
    /// <summary>Immunofluorescence.</summary>
    Immunofluorescence,

    /// <summary>Immunohistochemistry.</summary>
    Immunohistochemistry,
}

/// <summary>
/// The Banff lesion scores of one biopsy (research/platform.md §5.2; Banff 2019 reference guide), each 0–3. cg 1 is recorded with
/// whether it was seen by electron microscopy only (cg1a) or by light microscopy (cg1b).
/// </summary>
public sealed record BanffScores(
    int I, int T, int V, int G, int Ptc, int Ci, int Ct, int Cv, int Ah, int Mm, int Cg, int IIfta, int Ti, int C4d,
    C4dMethod C4dMethod = C4dMethod.Immunofluorescence, bool CgByElectronMicroscopyOnly = false)
{
    /// <summary>Every score by its Banff name.</summary>
    public ImmutableArray<(string Name, int Value)> All =>
        [("i", I), ("t", T), ("v", V), ("g", G), ("ptc", Ptc), ("ci", Ci), ("ct", Ct), ("cv", Cv), ("ah", Ah), ("mm", Mm), ("cg", Cg), ("i-IFTA", IIfta), ("ti", Ti), ("C4d", C4d)];

    /// <summary>Scores outside 0–3 (one error each).</summary>
    public ImmutableArray<Issue> Validate(string location) =>
        [.. All.Where(s => s.Value is < 0 or > 3).Select(s => Issue.Error(BiopsyIssues.OutOfRange, $"{location} {s.Name}", $"Expected a Banff score 0–3; found {s.Value}."))];

    /// <summary>C4d positive for the method: IF C4d2–3; IHC any staining.</summary>
    public bool C4dPositive => C4dMethod == C4dMethod.Immunofluorescence ? C4d >= 2 : C4d > 0;

    /// <summary>The cg score as Banff writes it ("1a", "1b", "2").</summary>
    public string CgLabel => Cg == 1 ? CgByElectronMicroscopyOnly ? "1a" : "1b" : Cg.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Findings beyond the scores that the categories need.</summary>
/// <param name="Dsa">Donor-specific antibodies: true, false, or null when not tested.</param>
/// <param name="PtcBasementMembraneMultilayering">Severe PTC basement membrane multilayering by EM.</param>
/// <param name="ThromboticMicroangiopathy">Acute thrombotic microangiopathy with no other cause.</param>
/// <param name="AcuteTubularInjury">Acute tubular injury with no other apparent cause.</param>
/// <param name="ChronicAllograftArteriopathy">Arterial intimal fibrosis with mononuclear cells in the fibrosis and a neointima.</param>
/// <param name="Other">Category 6 diagnoses the pathologist gives (recurrent FSGS, BK nephropathy, CNI toxicity …).</param>
public sealed record BanffFindings(
    bool? Dsa = null, bool PtcBasementMembraneMultilayering = false, bool ThromboticMicroangiopathy = false, bool AcuteTubularInjury = false,
    bool ChronicAllograftArteriopathy = false, IReadOnlyList<string>? Other = null)
{
    /// <summary>The category 6 diagnoses.</summary>
    public IReadOnlyList<string> OtherDiagnoses => Other ?? [];
}

/// <summary>One Banff diagnostic category with the rule that gave it.</summary>
/// <param name="Category">1–6.</param>
/// <param name="Diagnosis">The diagnosis ("Acute TCMR grade IB").</param>
/// <param name="Because">The scores and findings that meet the rule.</param>
public sealed record BanffDiagnosis(int Category, string Diagnosis, string Because);

/// <summary>
/// The Banff diagnostic categories, derived by rule from the scores and findings (Banff 2019, with the 2022 additions for microvascular
/// inflammation; research/platform.md §5.2). Deterministic and explained: every diagnosis names what met its rule. The version is
/// stored with every report because Banff changes.
/// </summary>
public static class Banff
{
    /// <summary>The rule set implemented.</summary>
    public const string Version = "Banff 2019 (+2022 MVI categories)";

    /// <summary>Every category that applies; category 1 only when none of 2–6 does.</summary>
    public static ImmutableArray<BanffDiagnosis> Categorise(BanffScores s, BanffFindings f)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(f);
        var found = ImmutableArray.CreateBuilder<BanffDiagnosis>();
        string Inv(FormattableString x) => FormattableString.Invariant(x);

        // Category 4 first: MVI counts towards AMR with g ≥ 1 when TCMR or borderline is present.
        var tcmr = ImmutableArray.CreateBuilder<BanffDiagnosis>();
        if (s.V >= 1)
        {
            tcmr.Add(new BanffDiagnosis(4, s.V switch { 1 => "Acute TCMR grade IIA", 2 => "Acute TCMR grade IIB", _ => "Acute TCMR grade III" }, Inv($"v{s.V}")));
        }
        else if (s.I >= 2 && s.T >= 2)
        {
            tcmr.Add(new BanffDiagnosis(4, s.T == 2 ? "Acute TCMR grade IA" : "Acute TCMR grade IB", Inv($"i{s.I}, t{s.T}, v0")));
        }

        if (s.Ti >= 2 && s.IIfta >= 2 && s.T >= 2)
        {
            tcmr.Add(new BanffDiagnosis(4, s.T == 2 ? "Chronic active TCMR grade IA" : "Chronic active TCMR grade IB", Inv($"ti{s.Ti}, i-IFTA{s.IIfta}, t{s.T}")));
        }

        if (f.ChronicAllograftArteriopathy)
        {
            tcmr.Add(new BanffDiagnosis(4, "Chronic active TCMR grade II", "chronic allograft arteriopathy"));
        }

        var borderline = tcmr.Count == 0 && s.V == 0 && ((s.T >= 1 && s.I == 1) || (s.I >= 2 && s.T == 1));
        var tcmrOrBorderline = tcmr.Count > 0 || borderline;

        // Category 2: antibody-mediated.
        var mvi = s.G + s.Ptc;
        var mviCounts = mvi >= 2 && (!tcmrOrBorderline || s.G >= 1);
        var interaction = s.C4dPositive || mviCounts;
        var dsaOrSubstitute = f.Dsa == true || s.C4dPositive;
        var acuteInjury = s.G > 0 || s.Ptc > 0 || s.V > 0 || f.ThromboticMicroangiopathy || f.AcuteTubularInjury;
        var chronicInjury = s.Cg > 0 || f.PtcBasementMembraneMultilayering;
        var evidence = Inv($"g{s.G}, ptc{s.Ptc}, C4d{s.C4d} ({(s.C4dPositive ? "positive" : "negative")}), DSA {(f.Dsa is { } d ? d ? "positive" : "negative" : "not tested")}");
        if (chronicInjury && interaction && dsaOrSubstitute)
        {
            found.Add(new BanffDiagnosis(2, "Chronic active AMR", Inv($"cg{s.CgLabel}{(f.PtcBasementMembraneMultilayering ? ", PTC basement membrane multilayering" : string.Empty)}; {evidence}")));
        }
        else if (acuteInjury && interaction && dsaOrSubstitute)
        {
            found.Add(new BanffDiagnosis(2, "Active AMR", evidence));
        }
        else if (mviCounts && f.Dsa == false && !s.C4dPositive)
        {
            found.Add(new BanffDiagnosis(2, "Microvascular inflammation, DSA-negative and C4d-negative", evidence));
        }
        else if (f.Dsa == true && !s.C4dPositive && mvi > 0 && mvi < 2)
        {
            found.Add(new BanffDiagnosis(2, "Probable AMR", evidence));
        }
        else if (s.C4dPositive && mvi == 0 && !chronicInjury && s.V == 0 && !f.ThromboticMicroangiopathy && !f.AcuteTubularInjury && !tcmrOrBorderline)
        {
            found.Add(new BanffDiagnosis(2, "C4d staining without evidence of rejection", evidence));
        }

        if (borderline)
        {
            found.Add(new BanffDiagnosis(3, "Borderline (suspicious) for acute TCMR", Inv($"t{s.T}, i{s.I}, v0")));
        }

        found.AddRange(tcmr);
        var ifta = Math.Max(s.Ci, s.Ct);
        if (ifta > 0)
        {
            found.Add(new BanffDiagnosis(5, ifta switch { 1 => "IFTA grade I (mild)", 2 => "IFTA grade II (moderate)", _ => "IFTA grade III (severe)" }, Inv($"ci{s.Ci}, ct{s.Ct}")));
        }

        found.AddRange(f.OtherDiagnoses.Select(o => new BanffDiagnosis(6, o, "pathologist's diagnosis")));
        if (found.Count == 0)
        {
            found.Add(new BanffDiagnosis(1, "Normal biopsy or nonspecific changes", "no rule of categories 2–6 met"));
        }

        return found.ToImmutable();
    }
}
