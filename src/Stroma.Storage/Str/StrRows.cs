using Stroma.Storage.Course;

namespace Stroma.Storage.Str;

/// <summary>An STR sample analysed and kept against a patient (see <see cref="Core.Str.StrSampleRecord"/>).</summary>
public sealed class StrSampleRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string Role { get; set; }

    public required string Material { get; set; }

    public DateTimeOffset? SampledAtUtc { get; set; }

    public int? SampledAtOffsetMinutes { get; set; }

    public required string FileName { get; set; }

    public required string FileSha256 { get; set; }

    public required string Kit { get; set; }

    public required string SizeStandard { get; set; }

    public required string LadderSha256 { get; set; }

    public required string Method { get; set; }

    public required string GenotypeJson { get; set; }

    public required string FlagsJson { get; set; }
}

/// <summary>A contributor's chimerism in a stored STR sample (see <see cref="Core.Str.ChimerismRecord"/>).</summary>
public sealed class ChimerismRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string SampleId { get; set; }

    public required string Contributor { get; set; }

    public required string ReferenceSampleId { get; set; }

    public double? Percent { get; set; }

    public double? StandardDeviation { get; set; }

    public bool Detected { get; set; }

    public double LimitOfDetectionPercent { get; set; }

    public int InformativeLoci { get; set; }

    public int LociUsed { get; set; }

    public required string Text { get; set; }

    public required string Method { get; set; }
}
