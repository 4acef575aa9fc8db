using System.Collections.Immutable;
using System.Text.Json;
using Stroma.Core.Str;
using Stroma.Storage.Course;

namespace Stroma.Storage.Str;


/// <summary>What one STR save wrote (rows already present, from the same analysis, are counted as kept).</summary>
/// <param name="RawFilesAdded">Raw files added.</param>
/// <param name="SamplesAdded">Sample rows added.</param>
/// <param name="ChimerismAdded">Chimerism rows added.</param>
public sealed record StrSave(int RawFilesAdded, int SamplesAdded, int ChimerismAdded);

/// <summary>Row mapping for STR results.</summary>
internal static class StrRowMapping
{
    public static StrSampleRow ToRow(string patientId, StrSampleRecord r)
    {
        var split = r.SampledAt is { } at ? CourseRows.Split(at) : ((DateTimeOffset Utc, int OffsetMinutes)?)null;
        return new StrSampleRow
        {
            Id = r.Id, PatientId = patientId, Role = r.Role, Material = r.Material, SampledAtUtc = split?.Utc, SampledAtOffsetMinutes = split?.OffsetMinutes, FileName = r.FileName, FileSha256 = r.FileSha256,
            Kit = r.Kit, SizeStandard = r.SizeStandard, LadderSha256 = r.LadderSha256, Method = r.Method,
            GenotypeJson = JsonSerializer.Serialize(r.Genotype.ToDictionary(g => g.Key, g => g.Value.ToArray())), FlagsJson = JsonSerializer.Serialize(r.Flags.ToArray()),
            SettingsJson = r.Settings?.ToJson(),
        };
    }

    public static StrSampleRecord ToRecord(StrSampleRow r) => new(
        r.Id, r.Role, r.Material, r.SampledAtUtc is { } utc ? CourseRows.Join(utc, r.SampledAtOffsetMinutes ?? 0) : null, r.FileName, r.FileSha256, r.Kit, r.SizeStandard,
        r.LadderSha256, r.Method,
        (JsonSerializer.Deserialize<Dictionary<string, string[]>>(r.GenotypeJson) ?? []).ToImmutableSortedDictionary(g => g.Key, g => g.Value.ToImmutableArray(), StringComparer.Ordinal),
        [.. JsonSerializer.Deserialize<string[]>(r.FlagsJson) ?? []])
    {
        Settings = r.SettingsJson is { } settings ? StrRunSettings.FromJson(settings) : null,
    };

    public static ChimerismRow ToRow(string patientId, ChimerismRecord r) => new()
    {
        Id = r.Id, PatientId = patientId, SampleId = r.SampleId, Contributor = r.Contributor, ReferenceSampleId = r.ReferenceSampleId, Percent = r.Percent,
        StandardDeviation = r.StandardDeviation, Detected = r.Detected, LimitOfDetectionPercent = r.LimitOfDetectionPercent, InformativeLoci = r.InformativeLoci,
        LociUsed = r.LociUsed, Text = r.Text, Method = r.Method,
    };

    public static ChimerismRecord ToRecord(ChimerismRow r) => new(
        r.Id, r.SampleId, r.Contributor, r.ReferenceSampleId, r.Percent, r.StandardDeviation, r.Detected, r.LimitOfDetectionPercent, r.InformativeLoci, r.LociUsed, r.Text, r.Method);

}
