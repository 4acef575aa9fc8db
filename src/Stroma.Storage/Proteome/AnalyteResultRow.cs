using Stroma.Storage.Course;

namespace Stroma.Storage.Proteome;

/// <summary>One analyte result of a patient on a study day (a cytokine panel, an array's normalised signal), with its source file.</summary>
public sealed class AnalyteResultRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string Analyte { get; set; }

    public int Day { get; set; }

    public double? Value { get; set; }

    public required string Unit { get; set; }

    public double AnalyticalCvPercent { get; set; }

    public required string SourceSha256 { get; set; }

    public required string SourceName { get; set; }

    /// <summary>The within-subject CV (%) the series was judged with when it was kept, or null when it was kept unjudged.</summary>
    public double? CviPercent { get; set; }

    /// <summary>The citation of that CVi (the table's source column, or the built-in table's).</summary>
    public string? CviSource { get; set; }
}
