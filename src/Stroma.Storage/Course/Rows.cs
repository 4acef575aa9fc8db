namespace Stroma.Storage.Course;

// Data-access rows: mutable by design (EF Core materialises them); the Core records are the immutable view.
// Every time is stored as a UTC instant plus the offset it was recorded in, so study days keep their local calendar date
// on both SQLite and PostgreSQL (whose timestamptz keeps no offset).

/// <summary>A row that belongs to one patient.</summary>
public interface IPatientRow
{
    /// <summary>The record's id, its patient's own.</summary>
    string Id { get; }

    string PatientId { get; }
}

/// <summary>The pseudonymous patient record.</summary>
public sealed class PatientRow
{
    public required string Id { get; set; }

    public DateOnly BirthDate { get; set; }

    public required string Sex { get; set; }

    public required string PrimaryDisease { get; set; }

    public DateOnly? RecurrenceDate { get; set; }

    public bool IsSynthetic { get; set; }
}

/// <summary>A kidney transplant.</summary>
public sealed class TransplantRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public DateOnly Date { get; set; }

    public required string DonorType { get; set; }
}

/// <summary>A lab result or body measurement, as reported and canonical.</summary>
public sealed class LabResultRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string Analyte { get; set; }

    public DateTimeOffset SampledAtUtc { get; set; }

    public int SampledAtOffsetMinutes { get; set; }

    public double ReportedValue { get; set; }

    public required string ReportedUnit { get; set; }

    public double Value { get; set; }

    public required string Unit { get; set; }

    public string? Loinc { get; set; }

    public required string Specimen { get; set; }

    public string? SourceSha256 { get; set; }
}

/// <summary>A plasma exchange session.</summary>
public sealed class PlasmaExchangeRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }

    public double? PlasmaVolumes { get; set; }

    public double? VolumeMl { get; set; }

    public required string ReplacementFluid { get; set; }

    public string? Notes { get; set; }
}

/// <summary>An MSC infusion.</summary>
public sealed class InfusionRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }

    public required string LotId { get; set; }

    public double CellsPerKilogram { get; set; }

    public double TotalCells { get; set; }

    public double WeightKilograms { get; set; }

    public required string Route { get; set; }

    public string? Premedication { get; set; }
}

/// <summary>A concomitant drug.</summary>
public sealed class DrugRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string Name { get; set; }

    public double? Dose { get; set; }

    public string? DoseUnit { get; set; }

    public DateOnly Start { get; set; }

    public DateOnly? Stop { get; set; }
}

/// <summary>A dated clinical event.</summary>
public sealed class ClinicalEventRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }

    public required string Kind { get; set; }

    public required string Description { get; set; }
}

/// <summary>A derived eGFR with the equation, version and inputs that produced it.</summary>
public sealed class DerivedEgfrRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string CreatinineLabId { get; set; }

    public string? HeightLabId { get; set; }

    public required string Equation { get; set; }

    public required string Version { get; set; }

    public double Value { get; set; }

    public required string Unit { get; set; }

    public required string InputsJson { get; set; }
}
