namespace Stroma.Fhir;

/// <summary>
/// Stroma's own FHIR vocabulary: one CodeSystem (for what has no standard code: the MSC product, plasma exchange as Stroma records it,
/// Banff lesion scores, eGFR equations by their implementation id, specimen kinds), the extensions and the identifier systems, all
/// under one canonical base. LOINC, UCUM, SNOMED and the HL7 terminology are used wherever they have the code; no LOINC code is made up.
/// </summary>
public static class StromaTerminology
{
    /// <summary>The canonical base every Stroma FHIR URL starts with.</summary>
    public const string Base = "https://stroma.example.org/fhir";

    /// <summary>The Stroma CodeSystem.</summary>
    public const string CodeSystem = Base + "/CodeSystem/stroma";

    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

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
    }

    /// <summary>The extensions.</summary>
    public static class Extensions
    {
        /// <summary>Patient: the primary disease as recorded (string).</summary>
        public static readonly string PrimaryDisease = Extension("primary-disease");

        /// <summary>Patient: a kidney transplant (complex: <c>date</c>, <c>donorType</c>).</summary>
        public static readonly string Transplant = Extension("kidney-transplant");

        /// <summary>Patient: the date the disease recurred in the graft.</summary>
        public static readonly string RecurrenceDate = Extension("recurrence-date");

        /// <summary>Patient: a generated (synthetic) record, never patient data.</summary>
        public static readonly string Synthetic = Extension("synthetic");

        /// <summary>Observation: the value in the canonical unit, when it was reported in another.</summary>
        public static readonly string CanonicalValue = Extension("canonical-value");

        /// <summary>Procedure (plasma exchange): plasma volumes exchanged.</summary>
        public static readonly string PlasmaVolumes = Extension("plasma-volumes");

        /// <summary>Procedure (plasma exchange): volume exchanged (mL).</summary>
        public static readonly string ExchangedVolume = Extension("exchanged-volume");

        /// <summary>MedicationAdministration.dosage (MSC): dose per kilogram of body weight.</summary>
        public static readonly string DosePerKilogram = Extension("dose-per-kilogram");

        /// <summary>MedicationAdministration.dosage (MSC): the body weight the dose was computed for.</summary>
        public static readonly string WeightAtInfusion = Extension("weight-at-infusion");

        /// <summary>AdverseEvent: the CTCAE grade (integer 1–5).</summary>
        public static readonly string CtcaeGrade = Extension("ctcae-grade");

        /// <summary>AdverseEvent: the CTCAE version of the grade.</summary>
        public static readonly string CtcaeVersion = Extension("ctcae-version");

        /// <summary>BiologicallyDerivedProduct: viable cells in the bag.</summary>
        public static readonly string Cells = Extension("cells");

        /// <summary>BiologicallyDerivedProduct: volume of the bag (mL).</summary>
        public static readonly string Volume = Extension("volume");
    }
}
