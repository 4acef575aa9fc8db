using Stroma.Storage.Course;

namespace Stroma.Storage.CellTherapy;

// Rows for the cell product, safety and biopsy records. Key fields are columns (queried, joined, constrained); the rest of a
// record that is only ever read whole (an AE's coding, a biopsy's scores, a specification's tests) is kept as its JSON beside them.
// Ids are scoped: a lot number is global; a bag's id within its lot, a custody event's within its bag; an AE's, a vital-sign set's and
// a biopsy's within the patient. The keys are composite ((LotId, Id), (PatientId, Id)), so the audit trail's entity key reads
// "LOT-1|B1" or "P-77|ae-1". DINs stay globally unique (ISBT 128 makes them so).

/// <summary>
/// A held release specification version: QA-approved master data imported with <c>stroma spec import</c>, a built-in one (seeded), or
/// a legacy one (a lot's own, kept by the migration). Never changed once held: a correction is a new version.
/// </summary>
public sealed class SpecificationRow
{
    public required string Id { get; set; }

    public required string Version { get; set; }

    public required string Product { get; set; }

    /// <summary>BuiltIn, Approved or Legacy (<see cref="Core.CellProducts.SpecificationStatus"/>).</summary>
    public required string Status { get; set; }

    /// <summary>The tests, as JSON (code, category, comparator, limits, unit, mandatory, alternatives).</summary>
    public required string TestsJson { get; set; }

    public required string ImportedBy { get; set; }

    public DateTimeOffset ImportedAtUtc { get; set; }

    /// <summary>The SHA-256 of the imported file, kept in raw_files; null for built-in and legacy rows.</summary>
    public string? SourceSha256 { get; set; }
}

/// <summary>An MSC lot with the specification version it is judged against.</summary>
public sealed class MscLotRow
{
    public required string Id { get; set; }

    public required string DonorId { get; set; }

    public required string DonorKind { get; set; }

    public string? DonorHla { get; set; }

    public required string SourceTissue { get; set; }

    public int Passage { get; set; }

    public required string Preservation { get; set; }

    public DateTimeOffset ManufacturedAtUtc { get; set; }

    public int ManufacturedAtOffsetMinutes { get; set; }

    public DateTimeOffset ExpiresAtUtc { get; set; }

    public int ExpiresAtOffsetMinutes { get; set; }

    public required string Site { get; set; }

    public required string SpecificationId { get; set; }

    public required string SpecificationVersion { get; set; }
}

/// <summary>A bag (division) of a lot; its id is unique within the lot.</summary>
public sealed class BagRow
{
    public required string Id { get; set; }

    public required string LotId { get; set; }

    public required string Din { get; set; }

    public required string ProductCode { get; set; }

    public required string Division { get; set; }

    public double Cells { get; set; }

    public double VolumeMl { get; set; }

    public string? AllocatedToPatientId { get; set; }
}

/// <summary>A release result of a lot.</summary>
public sealed class ReleaseResultRow
{
    public required string Id { get; set; }

    public required string LotId { get; set; }

    public required string Code { get; set; }

    public double? Value { get; set; }

    public string? Text { get; set; }

    public string? Unit { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }
}

/// <summary>A custody event of a bag; its id is unique within the bag.</summary>
public sealed class CustodyEventRow
{
    public required string Id { get; set; }

    public required string LotId { get; set; }

    public required string BagId { get; set; }

    public required string ScannedItemId { get; set; }

    public required string Kind { get; set; }

    public required string FromCustodian { get; set; }

    public required string ToCustodian { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }

    public required string Location { get; set; }

    public double? TemperatureC { get; set; }

    public bool SealIntact { get; set; }

    public string? Witness { get; set; }
}

/// <summary>An adverse event; an amendment changes the row (the audit trail keeps the row before and after) and says who, when and why.</summary>
public sealed class AdverseEventRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string Term { get; set; }

    public int Grade { get; set; }

    public bool Serious { get; set; }

    public DateTimeOffset OnsetUtc { get; set; }

    public int OnsetOffsetMinutes { get; set; }

    public required string RecordJson { get; set; }

    /// <summary>1 as recorded; each amendment adds one.</summary>
    public int Version { get; set; } = 1;

    public string? AmendedBy { get; set; }

    public DateTimeOffset? AmendedAtUtc { get; set; }

    public string? AmendmentReason { get; set; }
}

/// <summary>One set of vital signs around an infusion.</summary>
public sealed class VitalSignsRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string InfusionId { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }

    public required string Phase { get; set; }

    public double? TemperatureC { get; set; }

    public double? HeartRate { get; set; }

    public double? SystolicMmHg { get; set; }

    public double? DiastolicMmHg { get; set; }

    public double? RespiratoryRate { get; set; }

    public double? SpO2Percent { get; set; }
}

/// <summary>A structured biopsy report.</summary>
public sealed class BiopsyRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public DateTimeOffset TakenAtUtc { get; set; }

    public int TakenAtOffsetMinutes { get; set; }

    public required string BanffVersion { get; set; }

    public string? StrSampleId { get; set; }

    public required string ReportJson { get; set; }
}
