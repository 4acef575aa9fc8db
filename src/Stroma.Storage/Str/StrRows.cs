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

    /// <summary>What the sample was analysed with (<see cref="Core.Str.StrRunSettings.ToJson"/>); null for samples kept before settings were recorded.</summary>
    public string? SettingsJson { get; set; }
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

/// <summary>
/// A reviewer's review of a kept STR sample's calls (see <see cref="Core.Str.StrCallReview"/>), beside the automatic call: append-only
/// (triggers on SQLite, no UPDATE or DELETE for the application role on PostgreSQL) and audited like every row. A new version of a
/// signed result is a row of its own (<c>new-version</c>, no locus).
/// </summary>
public sealed class StrCallReviewRow : IPatientRow
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public required string SampleId { get; set; }

    /// <summary>The review's place among the sample's reviews (1, 2, …; unique per sample).</summary>
    public int Ordinal { get; set; }

    /// <summary><c>accept</c>, <c>reject</c>, <c>relabel</c>, <c>add</c> or <c>new-version</c>.</summary>
    public required string Action { get; set; }

    public string? Locus { get; set; }

    public string? Allele { get; set; }

    public string? NewAllele { get; set; }

    public required string Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public int AtOffsetMinutes { get; set; }
}
