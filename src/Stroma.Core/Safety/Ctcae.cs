using System.Collections.Immutable;

namespace Stroma.Core.Safety;

/// <summary>
/// A CTCAE term with its grade definitions; a null grade text is CTCAE's "–": that grade does not exist for the term.
/// </summary>
/// <param name="Term">CTCAE term (a MedDRA lowest-level term).</param>
/// <param name="Soc">System organ class.</param>
/// <param name="MeddraCode">MedDRA code, where recorded.</param>
/// <param name="Grades">Grade 1–5 definitions (index 0 = grade 1).</param>
public sealed record CtcaeTerm(string Term, string Soc, string? MeddraCode, ImmutableArray<string?> Grades)
{
    /// <summary>Whether the term has this grade.</summary>
    public bool HasGrade(int grade) => grade is >= 1 and <= 5 && Grades[grade - 1] is not null;
}

/// <summary>
/// The CTCAE v5.0 term list: every term of NCI's Common Terminology Criteria for Adverse Events v5.0 (27 November 2017; 837 terms in
/// 26 system organ classes) with its MedDRA code and the grades it defines, read from the embedded <c>Safety/CtcaeV5Terms.csv</c>
/// (source and checksum: shared data <c>ctcae/PROVENANCE.md</c>). The terms that matter around cell infusions (research/platform.md
/// §4.1) also carry their grade definitions, typed from the CTCAE v5.0 text; the others carry which grades exist (an empty text),
/// not the definitions. Held as data: a protocol can add terms.
/// </summary>
public static class Ctcae
{
    /// <summary>The version every grade here is from; stored with each adverse event.</summary>
    public const string Version = "5.0";

    /// <summary>Infusion related reaction.</summary>
    public static CtcaeTerm InfusionRelatedReaction { get; } = new("Infusion related reaction", "Injury, poisoning and procedural complications", "10051792", [
        "Mild transient reaction; infusion interruption not indicated; intervention not indicated",
        "Therapy or infusion interruption indicated but responds promptly to symptomatic treatment (e.g., antihistamines, NSAIDS, narcotics, IV fluids); prophylactic medications indicated for <=24 hrs",
        "Prolonged (e.g., not rapidly responsive to symptomatic medication and/or brief interruption of infusion); recurrence of symptoms following initial improvement; hospitalization indicated for clinical sequelae",
        "Life-threatening consequences; urgent intervention indicated",
        "Death"]);

    /// <summary>Fever (graded from the temperature: <see cref="GradeFever"/>).</summary>
    public static CtcaeTerm Fever { get; } = new("Fever", "General disorders and administration site conditions", "10016558", [
        "38.0 - 39.0 degrees C (100.4 - 102.2 degrees F)", ">39.0 - 40.0 degrees C (102.3 - 104.0 degrees F)", ">40.0 degrees C (>104.0 degrees F) for <=24 hrs",
        ">40.0 degrees C (>104.0 degrees F) for >24 hrs", "Death"]);

    /// <summary>Allergic reaction.</summary>
    public static CtcaeTerm AllergicReaction { get; } = new("Allergic reaction", "Immune system disorders", "10001718", [
        "Systemic intervention not indicated", "Oral intervention indicated",
        "Bronchospasm; hospitalization indicated for clinical sequelae; intravenous intervention indicated",
        "Life-threatening consequences; urgent intervention indicated", "Death"]);

    /// <summary>Anaphylaxis (no grade 1 or 2).</summary>
    public static CtcaeTerm Anaphylaxis { get; } = new("Anaphylaxis", "Immune system disorders", "10002218", [
        null, null,
        "Symptomatic bronchospasm, with or without urticaria; parenteral intervention indicated; allergy-related edema/angioedema; hypotension",
        "Life-threatening consequences; urgent intervention indicated", "Death"]);

    /// <summary>Thromboembolic event.</summary>
    public static CtcaeTerm ThromboembolicEvent { get; } = new("Thromboembolic event", "Vascular disorders", "10043565", [
        "Medical intervention not indicated (e.g., superficial thrombosis)", "Medical intervention indicated",
        "Urgent medical intervention indicated (e.g., pulmonary embolism or intracardiac thrombus)",
        "Life-threatening consequences with hemodynamic or neurologic instability", "Death"]);

    /// <summary>Cytokine release syndrome.</summary>
    public static CtcaeTerm CytokineReleaseSyndrome { get; } = new("Cytokine release syndrome", "Immune system disorders", "10052015", [
        "Fever with or without constitutional symptoms", "Hypotension responding to fluids; hypoxia responding to <40% O2",
        "Hypotension managed with one pressor; hypoxia requiring >=40% O2", "Life-threatening consequences; urgent intervention indicated", "Death"]);

    /// <summary>Upper respiratory infection (no grade 1: CTCAE grades infections from the intervention they need).</summary>
    public static CtcaeTerm UpperRespiratoryInfection { get; } = new("Upper respiratory infection", "Infections and infestations", "10046300", [
        null, "Moderate symptoms; oral intervention indicated (e.g., antibiotic, antifungal, antiviral)",
        "IV antibiotic, antifungal, or antiviral intervention indicated; invasive intervention indicated", "Life-threatening consequences; urgent intervention indicated", "Death"]);

    /// <summary>The terms typed with their grade definitions (a subset of <see cref="Terms"/>).</summary>
    public static ImmutableArray<CtcaeTerm> Defined { get; } =
        [InfusionRelatedReaction, Fever, AllergicReaction, Anaphylaxis, ThromboembolicEvent, CytokineReleaseSyndrome, UpperRespiratoryInfection];

    /// <summary>Every CTCAE v5.0 term in the order of the CTCAE document (by system organ class, then term).</summary>
    public static ImmutableArray<CtcaeTerm> All { get; } = CtcaeCatalogue.ReadEmbedded(Defined);

    /// <summary>Every term, by name (case-insensitive).</summary>
    public static ImmutableDictionary<string, CtcaeTerm> Terms { get; } = All.ToImmutableDictionary(t => t.Term, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The fever grade of a temperature (°C) and how long it lasted: 38.0–39.0 → 1, &gt;39.0–40.0 → 2, &gt;40.0 for ≤ 24 h → 3,
    /// &gt;40.0 for &gt; 24 h → 4; below 38.0, no fever (null).
    /// </summary>
    public static int? GradeFever(double celsius, TimeSpan duration) => celsius switch
    {
        < 38.0 => null,
        <= 39.0 => 1,
        <= 40.0 => 2,
        _ => duration > TimeSpan.FromHours(24) ? 4 : 3,
    };
}
