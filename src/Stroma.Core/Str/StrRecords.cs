using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Str;

/// <summary>
/// An STR sample as kept against a patient: which raw file, analysed how (kit, size standard, the ladder's raw file, method
/// version), and the genotype and flags found. The same patient, file, ladder, kit, settings and method give the same id: analysing it
/// again changes nothing, and the same raw file kept for another patient is that patient's own sample.
/// </summary>
/// <param name="Id">"STR-" and the first 12 hex digits of SHA-256(patient | file | ladder | kit | settings | method).</param>
/// <param name="Role">recipient, kidney-donor, msc-donor, post-treatment …</param>
/// <param name="Material">peripheral blood, graft biopsy, buccal swab, MSC lot retain …</param>
/// <param name="SampledAt">When the sample was taken, if known.</param>
/// <param name="FileName">The raw file's name.</param>
/// <param name="FileSha256">The raw file's SHA-256 (the bytes are kept).</param>
/// <param name="Kit">Kit name.</param>
/// <param name="SizeStandard">Size standard id.</param>
/// <param name="LadderSha256">SHA-256 of the ladder injection whose bins were used.</param>
/// <param name="Method">Method and version.</param>
/// <param name="Genotype">Locus → called alleles.</param>
/// <param name="Flags">Sample flags.</param>
public sealed record StrSampleRecord(
    string Id, string Role, string Material, DateTimeOffset? SampledAt, string FileName, string FileSha256, string Kit, string SizeStandard, string LadderSha256,
    string Method, ImmutableSortedDictionary<string, ImmutableArray<string>> Genotype, ImmutableArray<string> Flags)
{
    /// <summary>The settings the sample was analysed with, or null for a sample kept before they were recorded (then the defaults).</summary>
    public StrRunSettings? Settings { get; init; }
}

/// <summary>One contributor's chimerism in a stored sample.</summary>
/// <param name="Id">"CHI-" and 12 hex digits of SHA-256(sample | contributor | references | method): the same analysis, the same id.</param>
/// <param name="SampleId">The analysed sample.</param>
/// <param name="Contributor">The contributor's role.</param>
/// <param name="ReferenceSampleId">The contributor's reference sample.</param>
/// <param name="Percent">The share in percent, or null when not detected or not estimable.</param>
/// <param name="StandardDeviation">SD over loci (percentage points).</param>
/// <param name="Detected">Whether it was detected above the limit of detection.</param>
/// <param name="LimitOfDetectionPercent">The limit of detection used.</param>
/// <param name="InformativeLoci">Loci informative for this contributor.</param>
/// <param name="LociUsed">Loci in the estimate (outliers dropped).</param>
/// <param name="Text">The result as it reads ("not detected (&lt; 1 %)").</param>
/// <param name="Method">Method, version and settings.</param>
public sealed record ChimerismRecord(
    string Id, string SampleId, string Contributor, string ReferenceSampleId, double? Percent, double? StandardDeviation, bool Detected,
    double LimitOfDetectionPercent, int InformativeLoci, int LociUsed, string Text, string Method);

/// <summary>What the user said about a sample: its role, material and sampling time, each null when not given.</summary>
/// <param name="Role">recipient, kidney-donor, post-treatment …, or null.</param>
/// <param name="Material">peripheral blood, buccal swab …, or null.</param>
/// <param name="SampledAt">When it was taken, or null.</param>
public sealed record SampleDetails(string? Role, string? Material, DateTimeOffset? SampledAt);

/// <summary>Turns analyses into the records kept against a patient.</summary>
public static class StrRecords
{
    /// <summary>
    /// The analysis method and its version, recorded with every result (2: flat peak tops, amelogenin X/Y, the size standard from
    /// the kit or the file, chimerism corrected for each contributor's reference allele balance).
    /// </summary>
    public const string Method = "stroma-str/2: baseline 51 scans, Local Southern sizing, OSIRIS default calling thresholds";

    /// <summary>A sample's details given for a raw file already kept against the patient differ from the kept ones (error).</summary>
    public const string StoredDetailsDiffer = "STR012";

    /// <summary>
    /// The record of a sample analysed for <paramref name="patientId"/> with <paramref name="settings"/>; the same patient, file,
    /// ladder, settings and method give the same id (the patient is part of it, so one raw file kept for two patients is two samples).
    /// </summary>
    public static StrSampleRecord Sample(
        SampleAnalysis analysis, string patientId, string role, string material, DateTimeOffset? sampledAt, string fileSha256, string ladderSha256, StrRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        ArgumentNullException.ThrowIfNull(settings);
        return new StrSampleRecord(
            "STR-" + Hash($"{patientId}|{fileSha256}|{ladderSha256}|{settings.Kit}|{settings.Fingerprint()}|{Method}"), role, material, sampledAt, analysis.File, fileSha256, settings.Kit,
            analysis.Lane.Standard.Standard.Id, ladderSha256, Method, analysis.Loci.ToImmutableSortedDictionary(l => l.Locus, l => l.Genotype, StringComparer.Ordinal), analysis.Flags)
        {
            Settings = settings,
        };
    }

    /// <summary>
    /// A sample's role, material and time are facts of the tube, kept with its raw file the first time it is kept; analysing the file
    /// again (another ladder, kit or method version) never changes them. For a file the patient already has (same SHA-256), what was
    /// not given is taken from the kept record; what was given and differs is refused (STR012, naming the kept sample and each
    /// difference), so nothing is silently ignored and nothing stored silently changes. A file not kept yet takes what was given, else
    /// <paramref name="defaults"/>.
    /// </summary>
    public static ReadResult<StrSampleRecord> WithDetails(StrSampleRecord record, SampleDetails given, SampleDetails defaults, IEnumerable<StrSampleRecord> kept, string location)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(kept);
        var same = kept.Where(k => k.FileSha256 == record.FileSha256).ToList();
        if (same.Count == 0)
        {
            return ReadResult.Of(record with
            {
                Role = given.Role ?? defaults.Role ?? record.Role,
                Material = given.Material ?? defaults.Material ?? record.Material,
                SampledAt = given.SampledAt ?? defaults.SampledAt,
            });
        }

        var differences = same.SelectMany(k => Differences(k, given).Select(d => $"{k.Id} {d}")).Distinct().ToList();
        if (differences.Count > 0)
        {
            return ReadResult.Failed<StrSampleRecord>([Issue.Error(StoredDetailsDiffer, location,
                $"Expected the details of the kept sample for this file; {string.Join("; ", differences)}. A kept sample's role, material and time are not changed by analysing it again; leave the option out to use the kept one.")]);
        }

        var first = same[0];
        return ReadResult.Of(record with { Role = first.Role, Material = first.Material, SampledAt = first.SampledAt });
    }

    private static IEnumerable<string> Differences(StrSampleRecord kept, SampleDetails given)
    {
        if (given.Role is { } role && !string.Equals(role, kept.Role, StringComparison.Ordinal))
        {
            yield return $"is kept as role '{kept.Role}', given '{role}'";
        }

        if (given.Material is { } material && !string.Equals(material, kept.Material, StringComparison.Ordinal))
        {
            yield return $"is kept as material '{kept.Material}', given '{material}'";
        }

        if (given.SampledAt is { } at && kept.SampledAt != at)
        {
            yield return FormattableString.Invariant($"is kept as sampled at {(kept.SampledAt is { } k ? Text.IsoTime.Shown(k) : "an unknown time")}, given {Text.IsoTime.Shown(at)}");
        }
    }

    /// <summary>The records of a chimerism run, one per contributor.</summary>
    public static ImmutableArray<ChimerismRecord> Chimerism(ChimerismRun run, string sampleId, IReadOnlyDictionary<string, string> referenceIds, ChimerismSettings settings)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(referenceIds);
        ArgumentNullException.ThrowIfNull(settings);
        var method = FormattableString.Invariant($"{Method}; chimerism by unique alleles corrected for each contributor's reference allele balance, less each dye's noise floor (quantile {StrChimerism.NoiseFloorQuantile} of free ladder positions), {run.Signal.ToString().ToLowerInvariant()}, stutter {settings.Stutter.ToString().ToLowerInvariant()} (ratio {settings.StutterRatio}), LOD {settings.LimitOfDetectionPercent} %");
        var references = string.Join(",", referenceIds.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"));
        return [.. run.Contributors.Select(c => new ChimerismRecord(
            "CHI-" + Hash($"{sampleId}|{c.Contributor}|{references}|{method}"), sampleId, c.Contributor, referenceIds[c.Contributor], c.Percent, c.StandardDeviation, c.IsDetected,
            settings.LimitOfDetectionPercent, c.Loci.Length, c.LociUsed, c.Text, method))];
    }

    /// <summary>The SHA-256 of raw bytes, lower-case hex.</summary>
    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
