using Stroma.Storage.Course;

namespace Stroma.Storage.Proteome;

/// <summary>
/// One membrane array run of a patient (<c>array_runs</c>): the sample, its study day, the layout and quantification method, the
/// manifest naming its kept images (and layout) by hash; how its grid was found (searched, or placed by hand after the search was
/// refused or was wrong) with the search's refusal kept for good; its analyte results are the <c>analyte_results</c> rows whose
/// source is the manifest.
/// </summary>
public sealed class ArrayRunRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    /// <summary>The layout's kit name.</summary>
    public required string Layout { get; set; }

    /// <summary>Study day of the sample (day 0 = first infusion).</summary>
    public int Day { get; set; }

    /// <summary>The sample's material and time as entered (serum, urine, MSC supernatant …), or null when none was given (the command line).</summary>
    public string? Sample { get; set; }

    /// <summary>The quantification method in one line (background and exposure choices).</summary>
    public required string Method { get; set; }

    /// <summary>The manifest's SHA-256 (a raw file listing the layout and the images by name and hash).</summary>
    public required string ManifestSha256 { get; set; }

    public required string ManifestName { get; set; }

    /// <summary><c>quantified</c> (grid searched), <c>refused</c> (search refused, nothing quantified), <c>placed</c> (grid placed by hand).</summary>
    public required string Status { get; set; }

    /// <summary>The search's refusal, one issue a line (<c>location: CODE message</c>), or null when the search found the grid.</summary>
    public string? SearchRefusal { get; set; }

    /// <summary>The run's analytical CV (%), or null while nothing is quantified.</summary>
    public double? AnalyticalCvPercent { get; set; }

    /// <summary>The three corner reference spots as placed by hand (<c>x,y; x,y; x,y</c>, pixels), or null.</summary>
    public string? PlacedCorners { get; set; }

    public string? PlacedBy { get; set; }

    public DateTimeOffset? PlacedAtUtc { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAtUtc { get; set; }
}
