using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Str;
using Stroma.Storage;

namespace Stroma.Fhir.Export;

/// <summary>
/// Everything one patient's FHIR export holds, read by <see cref="FhirExports"/> (shifted, with opaque ids and without identity when
/// pseudonymised).
/// </summary>
/// <param name="Course">The course as exported (dates shifted and free text withheld when pseudonymised).</param>
/// <param name="Identity">The identity, or null (pseudonymised, or none stored).</param>
/// <param name="Egfr">The derived eGFR values of the assessment (empty before the first infusion).</param>
/// <param name="Safety">Adverse events and biopsies (shifted when pseudonymised).</param>
/// <param name="Lots">The lots of the patient's infusions held here (dates shifted when pseudonymised).</param>
/// <param name="InfusedBags">Which bag each infusion came from (infusion id → bag id), from the custody log.</param>
/// <param name="Protocol">The protocol the patient is followed under.</param>
/// <param name="BirthYear">The birth year shown instead of the birth date when pseudonymised, else null.</param>
/// <param name="ExportedAt">When the export was made (the Provenance's recorded time).</param>
public sealed record CourseExport(
    PatientCourse Course, PatientIdentity? Identity, IReadOnlyList<CourseEgfr> Egfr, StoredCellTherapyRecord Safety, IReadOnlyList<MscLot> Lots,
    IReadOnlyDictionary<string, string> InfusedBags, TreatmentProtocol Protocol, int? BirthYear, DateTimeOffset ExportedAt)
{
    /// <summary>The STR samples kept against the patient (ids opaque, file names withheld and times shifted when pseudonymised).</summary>
    public IReadOnlyList<StrSampleRecord> StrSamples { get; init; } = [];

    /// <summary>The chimerism results, one per sample and contributor (ids opaque when pseudonymised).</summary>
    public IReadOnlyList<ChimerismRecord> Chimerism { get; init; } = [];

    /// <summary>The biomarker series (cytokine concentrations, array signals) by study day, or null when none is kept (source names withheld when pseudonymised).</summary>
    public StoredAnalyteSeries? Biomarkers { get; init; }

    /// <summary>Whether the export is pseudonymised.</summary>
    public bool IsPseudonymised => BirthYear is not null;
}
