namespace Stroma.Fhir;

/// <summary>The stable codes of FHIR input problems; every location is a FHIRPath into the input (<c>Bundle.entry[3].resource.valueQuantity.code</c>).</summary>
public static class FhirIssues
{
    /// <summary>The input is not FHIR JSON of R4 (not JSON, no resourceType, an element R4 does not have, a value of the wrong type).</summary>
    public const string NotFhir = "FHIR001";

    /// <summary>A Bundle of a type other than collection, transaction or batch.</summary>
    public const string BundleType = "FHIR002";

    /// <summary>A resource of a type Stroma does not import.</summary>
    public const string UnsupportedType = "FHIR003";

    /// <summary>A required element is missing (the subject, the value, the time).</summary>
    public const string Missing = "FHIR004";

    /// <summary>A reference that does not resolve to the bundle's patient.</summary>
    public const string BadReference = "FHIR005";

    /// <summary>A code Stroma cannot map (an Observation without a LOINC code it knows, a gender it cannot compute with).</summary>
    public const string UnmappedCode = "FHIR006";

    /// <summary>A quantity whose unit is not a UCUM code Stroma accepts for the analyte.</summary>
    public const string NotUcum = "FHIR007";

    /// <summary>A value Stroma refuses (an impossible quantity, a malformed id, a date without a day).</summary>
    public const string BadValue = "FHIR008";

    /// <summary>The input holds no Patient, or more than one.</summary>
    public const string Patient = "FHIR009";

    /// <summary>A resource Stroma writes in its exports but derives or keeps elsewhere, so it is not imported (warning).</summary>
    public const string NotImported = "FHIR010";

    /// <summary>A dateTime without a time of day: read as midnight UTC (warning).</summary>
    public const string DateOnly = "FHIR011";

    /// <summary>A quantity with a UCUM system and unit but no code: the unit is read as the code (warning).</summary>
    public const string UnitWithoutCode = "FHIR012";

    /// <summary>A search parameter, modifier or <c>_include</c> the FHIR endpoint does not support (handling is strict).</summary>
    public const string UnsupportedParameter = "FHIR013";

    /// <summary>No resource of that type and id is visible to the reader.</summary>
    public const string NoSuchResource = "FHIR014";

    /// <summary>The FHIR endpoint was asked without signing in (401).</summary>
    public const string NotSignedIn = "FHIR015";

    /// <summary>The signed-in user's role may not read records (403).</summary>
    public const string Forbidden = "FHIR016";

    /// <summary>A bulk export job failed (its status answers 500 with this).</summary>
    public const string ExportFailed = "FHIR017";

    /// <summary>A bulk export was accepted (information, in the kick-off's 202).</summary>
    public const string Accepted = "FHIR018";

    /// <summary>The canonical base setting (<c>fhir.canonical-base</c>) is not an https address.</summary>
    public const string BadCanonical = "FHIR019";

    /// <summary>A bulk export job was interrupted (the instance running it stopped): it is marked failed by whichever instance sees it (500).</summary>
    public const string ExportInterrupted = "FHIR020";

    /// <summary>A bulk export job and its files have expired and were deleted (410 Gone).</summary>
    public const string ExportExpired = "FHIR021";

    /// <summary>
    /// A lot or bag (BiologicallyDerivedProduct) is not imported: its release — the QC results against the specification and the qualified
    /// person's signature — does not travel in FHIR, and an unreleased lot would open the infusion gate to nothing (warning).
    /// </summary>
    public const string LotNotImported = "FHIR022";

    /// <summary>An adverse event or biopsy that Stroma's rules refuse (an unknown CTCAE term, a grade the term does not have, a Banff score out of range).</summary>
    public const string RefusedRecord = "FHIR023";

    /// <summary>A Group that does not exist or the reader may not export (404).</summary>
    public const string NoSuchGroup = "FHIR024";

    /// <summary>An input larger than one patient's course can be (<see cref="Import.FhirCourseReader.MaxBytes"/>): refused before it is read.</summary>
    public const string TooLarge = "FHIR025";

    /// <summary>An interaction the read-only FHIR endpoint does not have: a resource type it does not serve (404), or a write (405).</summary>
    public const string UnsupportedInteraction = "FHIR026";
}
