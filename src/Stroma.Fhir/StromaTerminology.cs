namespace Stroma.Fhir;

/// <summary>
/// Stroma's own FHIR vocabulary: one CodeSystem (for what has no standard code: the MSC product, plasma exchange as Stroma records it,
/// Banff lesion scores, eGFR equations by their implementation id, specimen kinds), the extensions and the identifier systems, all
/// under one canonical base. LOINC, UCUM, SNOMED and the HL7 terminology are used wherever they have the code; no LOINC code is made up.
/// </summary>
/// <remarks>
/// The canonical base is a deployment's: the setting <see cref="Setting"/> (<c>fhir.canonical-base</c>) names the address its
/// <c>/fhir</c> endpoint is reached at, so that <c>{base}/CodeSystem/stroma</c> resolves to the CodeSystem that endpoint serves. Unset,
/// it is <see cref="DefaultBase"/>. The base in force is scoped (<see cref="Use"/>) to the export, import or request that read the
/// setting, so two stores with two bases never mix in one process. What was written under the default base is still recognised as
/// Stroma's on import (<see cref="IsStroma"/>).
/// </remarks>
public static class StromaTerminology
{
    /// <summary>The setting that holds a deployment's canonical base.</summary>
    public const string Setting = "fhir.canonical-base";

    /// <summary>The canonical base when <see cref="Setting"/> is not set (documented in the README; a placeholder under example.org).</summary>
    public const string DefaultBase = "https://stroma.example.org/fhir";

    /// <summary>The id of the Stroma CodeSystem resource (served at <c>/fhir/CodeSystem/stroma</c>).</summary>
    public const string CodeSystemId = "stroma";

    /// <summary>
    /// The canonical URL of the CodeSystem of Stroma's issue codes (<c>FHIR007</c>, <c>QTY002</c>…), the system of every
    /// <c>OperationOutcome.issue.details.coding</c> Stroma writes. Unlike <see cref="CodeSystem"/> it is one constant, the same in every
    /// deployment: the codes are the software's, not a site's. The project owns no web address to put it under, and an https URL on a
    /// domain it does not own would be a placeholder, so it is a UUID URN (RFC 9562 §4.4, unique without registration; FHIR R4 §2.24
    /// allows a URN as a canonical). The CodeSystem itself is served at <c>/fhir/CodeSystem/stroma-issue</c> and written by
    /// <c>stroma fhir codesystem</c>.
    /// </summary>
    public const string IssueCodeSystem = "urn:uuid:af9329af-ee8c-4cb5-b279-2a659ae9bdee";

    /// <summary>The id of the issue-code CodeSystem resource (<see cref="IssueCodeSystem"/>), served at <c>/fhir/CodeSystem/stroma-issue</c>.</summary>
    public const string IssueCodeSystemId = "stroma-issue";

    private static readonly AsyncLocal<string?> Scoped = new();

    /// <summary>The canonical base every Stroma FHIR URL starts with: the one in force (<see cref="Use"/>), else <see cref="DefaultBase"/>.</summary>
    public static string Base => Scoped.Value ?? DefaultBase;

    /// <summary>The Stroma CodeSystem.</summary>
    public static string CodeSystem => Base + "/CodeSystem/" + CodeSystemId;

    /// <summary>
    /// Puts <paramref name="canonicalBase"/> (a setting's value, checked by <see cref="CheckBase"/>; null or empty: the default) in force
    /// for the current flow of work until the result is disposed.
    /// </summary>
    public static IDisposable Use(string? canonicalBase)
    {
        var before = Scoped.Value;
        Scoped.Value = string.IsNullOrWhiteSpace(canonicalBase) ? null : canonicalBase.Trim().TrimEnd('/');
        return new Restore(before);
    }

    /// <summary>
    /// The store's canonical base (<see cref="Setting"/>), or null when unset; put it in force with <c>using var _ = Use(await BaseOfAsync(store, ct));</c>
    /// (an async method cannot do it for its caller: what it puts in an async-local is undone when it returns).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored setting is not an https address (it was not set through <c>stroma setting set</c>).</exception>
    public static async Task<string?> BaseOfAsync(Storage.StromaStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var value = await store.LoadSettingAsync(Setting, ct);
        if (value is not null && CheckBase(value, Setting) is { } bad)
        {
            throw new InvalidOperationException($"{bad.Code}: the setting {Setting} of {store.Location} is not usable: {bad.Message}");
        }

        return value;
    }

    /// <summary>
    /// The canonical base an input's own Stroma codes were written under: the base of every coding system ending in
    /// <c>/CodeSystem/stroma</c>, when they all share one; else null (none, or several: only the bases in force and the default count).
    /// </summary>
    public static string? DeclaredBase(IEnumerable<string?> codingSystems)
    {
        ArgumentNullException.ThrowIfNull(codingSystems);
        const string Suffix = "/CodeSystem/" + CodeSystemId;
        var bases = codingSystems.Where(s => s is not null && s.EndsWith(Suffix, StringComparison.Ordinal) && CheckBase(s[..^Suffix.Length], "system") is null)
            .Select(s => s![..^Suffix.Length]).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return bases.Count == 1 ? bases[0] : null;
    }

    /// <summary>The problem with a canonical base (FHIR019), or null: an absolute https address without query or fragment (http only on loopback).</summary>
    public static Core.Diagnostics.Issue? CheckBase(string value, string location)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim().TrimEnd('/');
        return trimmed.Length == 0
            || (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
                && string.IsNullOrEmpty(uri.UserInfo) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            ? null
            : Core.Diagnostics.Issue.Error(FhirIssues.BadCanonical, location,
                $"Expected the https address of this deployment's FHIR endpoint, such as https://stroma.hospital.example/fhir (empty: {DefaultBase}); found '{value}'.");
    }

    /// <summary>
    /// Whether <paramref name="url"/> is the Stroma URL <paramref name="path"/> (<c>/CodeSystem/stroma</c>, <c>/identifier/lab-result</c>)
    /// under the base in force or under the default one (what another deployment, or this one before its base was set, wrote).
    /// </summary>
    public static bool IsStroma(string? url, string path) => SameUrl(url, Base + path);

    /// <summary>Whether <paramref name="actual"/> is the Stroma URL <paramref name="expected"/> (made under the base in force), or the same under the default base.</summary>
    public static bool SameUrl(string? actual, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return actual is not null && (actual == expected
            || (expected.StartsWith(Base + "/", StringComparison.Ordinal) && actual == DefaultBase + expected[Base.Length..]));
    }

    /// <summary>Whether <paramref name="system"/> is the Stroma CodeSystem (<see cref="IsStroma"/>).</summary>
    public static bool IsStromaCodeSystem(string? system) => IsStroma(system, "/CodeSystem/" + CodeSystemId);

    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>SNOMED CT.</summary>
    public const string Snomed = "http://snomed.info/sct";

    /// <summary>
    /// SNOMED CT 127788007 |Apheresis (procedure)|, the plasma exchange Procedure's standard coding beside the Stroma code. Checked against
    /// public sources: HL7 Germany's GECCO implementation guide (github.com/hl7germany/forschungsnetz-covid19,
    /// input/fsh/valuesets/ApheresisProcedures.fsh: "is-a 127788007"; its examples code an apheresis Procedure
    /// <c>$sct#127788007 "Apheresis (procedure)"</c> with category <c>$sct#277132007 "Therapeutic procedure (procedure)"</c>), and
    /// ehrbase's fhir-bridge, which maps the same code and display. A more specific descendant (therapeutic plasmapheresis / plasma
    /// exchange) could not be confirmed from a public source, so none is claimed: the broader concept is true of every session, and the
    /// Stroma code <see cref="Codes.PlasmaExchange"/> stays the exact one. Before this, the export carried no SNOMED code at all.
    /// </summary>
    public const string SnomedApheresis = "127788007";

    /// <summary>SNOMED CT 277132007 |Therapeutic procedure (procedure)| (the same sources as <see cref="SnomedApheresis"/>): the category of a plasma exchange.</summary>
    public const string SnomedTherapeuticProcedure = "277132007";

    /// <summary>UCUM.</summary>
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>MedDRA (CTCAE terms are MedDRA lowest level terms), as HL7 terminology names it.</summary>
    public const string Meddra = "http://terminology.hl7.org/CodeSystem/mdr";

    /// <summary>ISBT 128 Donation Identification Number (ICCBBA OID arc 2.16.840.1.113883.6.18, as HL7 Orders and Observations' MPHO examples use it).</summary>
    public const string IsbtDin = "urn:oid:2.16.840.1.113883.6.18.2.1";

    /// <summary>ISBT 128 product codes (the same arc).</summary>
    public const string IsbtProductCode = "urn:oid:2.16.840.1.113883.6.18.2.6";

    /// <summary>HL7 v2 table 0203 (identifier types: MR is the medical record number).</summary>
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    /// <summary>Observation categories.</summary>
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>The identifier system of one kind of Stroma record (<c>patient</c>, <c>lab-result</c>, <c>plasma-exchange</c> …).</summary>
    public static string IdentifierSystem(string kind) => $"{Base}/identifier/{kind}";

    /// <summary>The URL of a Stroma extension.</summary>
    public static string Extension(string name) => $"{Base}/StructureDefinition/{name}";

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => Scoped.Value = before;
    }

    /// <summary>The codes of the Stroma CodeSystem the export uses.</summary>
    public static class Codes
    {
        /// <summary>Mesenchymal stromal cells (the cell product infused).</summary>
        public const string MscProduct = "msc-product";

        /// <summary>A therapeutic plasma exchange session.</summary>
        public const string PlasmaExchange = "plasma-exchange";

        /// <summary>A kidney biopsy report.</summary>
        public const string KidneyBiopsy = "kidney-biopsy";

        /// <summary>Prefix of the Banff lesion score codes (<c>banff-i</c>, <c>banff-cg</c> …).</summary>
        public const string BanffPrefix = "banff-";

        /// <summary>Prefix of the eGFR codes by equation id (<c>egfr-ckd_epi_cr_2021</c>).</summary>
        public const string EgfrPrefix = "egfr-";

        /// <summary>Prefix of the clinical event codes (<c>event-biopsy</c>).</summary>
        public const string EventPrefix = "event-";

        /// <summary>Prefix of the specimen kind codes (<c>specimen-spot-urine</c>).</summary>
        public const string SpecimenPrefix = "specimen-";

        /// <summary>Prefix of the relatedness codes (<c>relatedness-possible</c>).</summary>
        public const string RelatednessPrefix = "relatedness-";

        /// <summary>Prefix of the chimerism codes by contributor (<c>chimerism-msc-donor</c>, <c>chimerism-kidney-donor</c>).</summary>
        public const string ChimerismPrefix = "chimerism-";

        /// <summary>Prefix of the biomarker codes by analyte (<c>biomarker-IL-6</c>).</summary>
        public const string BiomarkerPrefix = "biomarker-";
    }

    /// <summary>The extensions.</summary>
    public static class Extensions
    {
        /// <summary>Patient: the primary disease as recorded (string).</summary>
        public static string PrimaryDisease => Extension("primary-disease");

        /// <summary>Patient: a kidney transplant (complex: <c>date</c>, <c>donorType</c>).</summary>
        public static string Transplant => Extension("kidney-transplant");

        /// <summary>Patient: the date the disease recurred in the graft.</summary>
        public static string RecurrenceDate => Extension("recurrence-date");

        /// <summary>Patient: a generated (synthetic) record, never patient data.</summary>
        public static string Synthetic => Extension("synthetic");

        /// <summary>Observation: the value in the canonical unit, when it was reported in another.</summary>
        public static string CanonicalValue => Extension("canonical-value");

        /// <summary>Procedure (plasma exchange): plasma volumes exchanged.</summary>
        public static string PlasmaVolumes => Extension("plasma-volumes");

        /// <summary>Procedure (plasma exchange): volume exchanged (mL).</summary>
        public static string ExchangedVolume => Extension("exchanged-volume");

        /// <summary>MedicationAdministration.dosage (MSC): dose per kilogram of body weight.</summary>
        public static string DosePerKilogram => Extension("dose-per-kilogram");

        /// <summary>MedicationAdministration.dosage (MSC): the body weight the dose was computed for.</summary>
        public static string WeightAtInfusion => Extension("weight-at-infusion");

        /// <summary>AdverseEvent: the CTCAE grade (integer 1–5).</summary>
        public static string CtcaeGrade => Extension("ctcae-grade");

        /// <summary>AdverseEvent: the reporter's words (string; withheld when pseudonymised).</summary>
        public static string Verbatim => Extension("verbatim");

        /// <summary>AdverseEvent: when it resolved (dateTime; absent while ongoing).</summary>
        public static string Resolved => Extension("resolved");

        /// <summary>AdverseEvent: one SAE criterion met (code: Death, LifeThreatening, Hospitalisation …; repeated; none: not serious).</summary>
        public static string SeriousnessCriterion => Extension("seriousness-criterion");

        /// <summary>AdverseEvent: causality to the MSC product (code: Unrelated, Unlikely, Possible, Probable, Definite).</summary>
        public static string RelatednessToProduct => Extension("relatedness-to-product");

        /// <summary>AdverseEvent: the action taken with the product (code).</summary>
        public static string ProductAction => Extension("product-action");

        /// <summary>DiagnosticReport (biopsy): protocol or for cause, and the clinical question (string; withheld when pseudonymised).</summary>
        public static string Indication => Extension("indication");

        /// <summary>DiagnosticReport (biopsy): how C4d was stained (code: Immunofluorescence, Immunohistochemistry).</summary>
        public static string C4dMethod => Extension("c4d-method");

        /// <summary>DiagnosticReport (biopsy): a Banff category 6 diagnosis the pathologist gave (string, repeated).</summary>
        public static string OtherDiagnosis => Extension("other-diagnosis");

        /// <summary>AdverseEvent: the CTCAE version of the grade.</summary>
        public static string CtcaeVersion => Extension("ctcae-version");

        /// <summary>BiologicallyDerivedProduct: viable cells in the bag.</summary>
        public static string Cells => Extension("cells");

        /// <summary>Observation (chimerism): the limit of detection used (%).</summary>
        public static string LimitOfDetection => Extension("limit-of-detection");

        /// <summary>Observation (chimerism): the standard deviation of the share over the loci used (percentage points, %).</summary>
        public static string StandardDeviation => Extension("standard-deviation");

        /// <summary>Observation (chimerism): the loci informative for the contributor (integer).</summary>
        public static string InformativeLoci => Extension("informative-loci");

        /// <summary>Observation (chimerism): the loci in the estimate, outliers dropped (integer).</summary>
        public static string LociUsed => Extension("loci-used");

        /// <summary>Observation (biomarker): the study day (day 0 = the first MSC infusion).</summary>
        public static string StudyDay => Extension("study-day");

        /// <summary>BiologicallyDerivedProduct: volume of the bag (mL).</summary>
        public static string Volume => Extension("volume");
    }
}
