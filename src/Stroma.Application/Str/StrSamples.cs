using System.Globalization;
using System.Text.RegularExpressions;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;
using Stroma.Reports.Str;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.Str;

/// <summary>A kept STR sample as its review page shows it: the record, the analysis redone from its raw files, and the electropherogram.</summary>
/// <param name="Sample">The kept sample.</param>
/// <param name="Analysis">Its analysis, redone from the kept raw file against the kept ladder (same kit, the settings kept with it).</param>
/// <param name="LadderFile">The ladder's file name.</param>
/// <param name="LadderAlleles">Ladder alleles found and expected.</param>
/// <param name="LadderCheck">The ladder's verdict.</param>
/// <param name="Loci">The kit's loci (each a zoom).</param>
/// <param name="Locus">The locus zoomed to, or null.</param>
/// <param name="Svg">The electropherogram (SVG document).</param>
/// <param name="Chimerism">The kept chimerism results of this sample (post-treatment samples), one per contributor.</param>
/// <param name="Recomputed">The chimerism recomputed from the kept raw files with the kept settings (per-locus table), or null.</param>
public sealed record StrSampleReview(
    StrSampleRecord Sample, SampleAnalysis Analysis, string LadderFile, (int Found, int Expected) LadderAlleles, ControlCheck LadderCheck,
    IReadOnlyList<string> Loci, string? Locus, string Svg, IReadOnlyList<ChimerismRecord> Chimerism, ChimerismRun? Recomputed)
{
    /// <summary>The run's ladder bins (what a relabel or an added allele may name).</summary>
    public IReadOnlyList<LocusBins> Bins { get; init; } = [];

    /// <summary>The sample's reviews, in their order (new versions among them).</summary>
    public IReadOnlyList<StrCallReview> Reviews { get; init; } = [];

    /// <summary>The reviewed calls: the automatic calls (<see cref="StrSampleReview.Analysis"/>) with the reviews applied.</summary>
    public SampleAnalysis Calls { get; init; } = null!;

    /// <summary>The chimerism recomputed from the reviewed calls (the sample's and its references'), or null (no chimerism, or none recomputed).</summary>
    public ChimerismRun? Reviewed { get; init; }

    /// <summary>The result's version: 1, and one more for every new version started.</summary>
    public int Version => CallReviews.Version(Reviews);

    /// <summary>The samples (this one, or results it is a reference of) whose result is signed as it stands: a review is refused while any is.</summary>
    public IReadOnlyList<string> SignedResults { get; init; } = [];
}

/// <summary>
/// Reading a kept STR sample back for review: the raw file and its ladder loaded by their SHA-256, the kit resolved by its kept name
/// among the lab's kits, the sample analysed again (the same file, ladder, kit and method give the same calls), its electropherogram
/// drawn, and a post-treatment sample's chimerism recomputed against its kept references. Reads only.
/// </summary>
public static partial class StrSamples
{
    /// <summary>
    /// The review of <paramref name="sampleId"/>, zoomed to <paramref name="locus"/> when given; null when the patient has no such
    /// sample; issues (KIT004, STR017, a raw file missing) when it cannot be shown.
    /// </summary>
    public static async Task<ReadResult<StrSampleReview>?> ReviewAsync(StromaStore store, PatientId patientId, string sampleId, string? locus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var samples = await store.LoadStrSamplesAsync(patientId, ct);
        if (samples.FirstOrDefault(s => s.Id == sampleId) is not { } sample)
        {
            return null;
        }

        var kit = KitResolver.Available().Contains(sample.Kit, StringComparer.OrdinalIgnoreCase)
            ? KitResolver.Resolve(sample.Kit, null, "kit")
            : ReadResult.Failed<Kit>([Issue.Error(KitResolver.UnknownKit, "kit",
                $"Expected the kit {sample.Kit} the sample was called with among the lab's kits ({string.Join(", ", KitResolver.Available())}); it is not there any more.")]);
        if (kit.Value is null)
        {
            return ReadResult.Failed<StrSampleReview>(kit.Issues);
        }

        var zoom = locus is null ? null : kit.Value.Loci.FirstOrDefault(l => string.Equals(l.Name, locus, StringComparison.OrdinalIgnoreCase));
        if (locus is not null && zoom is null)
        {
            return ReadResult.Failed<StrSampleReview>([Issue.Error(StrIssues.UnknownLocus, "locus",
                $"Expected a locus of {kit.Value.Name} ({string.Join(", ", kit.Value.Loci.Select(l => l.Name))}); found {Core.Text.OneLine.Shown(locus)}.")]);
        }

        var issues = new List<Issue>();
        var ladder = await LadderAsync(store, sample, kit.Value, issues, ct);
        var analysed = ladder is null ? null : await AnalyseAsync(store, sample, ladder.Value.Run, issues, ct);
        if (ladder is not { } l || analysed is not { } a)
        {
            return ReadResult.Failed<StrSampleReview>(issues);
        }

        var check = StrAnalysis.Check(l.Run);
        var reviews = await store.LoadStrCallReviewsAsync(patientId, ct);
        var calls = CallReviews.Apply(a.Analysis, l.Run.Bins, reviews.Where(r => r.SampleId == sample.Id));
        var svg = ElectropherogramSvg.Render(a.File, calls, l.Run, check, AnalysisOf(sample), zoom?.Name);
        var chimerism = (await store.LoadChimerismAsync(patientId, ct)).Where(c => c.SampleId == sample.Id).ToList();
        var recomputed = chimerism.Count == 0 ? null : await RecomputeAsync(store, samples, chimerism, l.Run, a.Analysis, issues, null, ct);
        var reviewed = chimerism.Count == 0 ? null : await RecomputeAsync(store, samples, chimerism, l.Run, calls, issues, reviews, ct);
        return ReadResult.Of(new StrSampleReview(sample, a.Analysis, l.Run.File, (l.Run.Found, l.Run.Expected), check, [.. kit.Value.Loci.Select(x => x.Name)], zoom?.Name, svg, chimerism, recomputed)
        {
            Bins = l.Run.Bins, Reviews = [.. reviews.Where(r => r.SampleId == sample.Id)], Calls = calls, Reviewed = reviewed,
            SignedResults = await store.StrResultsSignedAsItStandsAsync(patientId, sample.Id, ct),
        }, issues);
    }

    private static async Task<(LadderRun Run, AbifFile File)?> LadderAsync(StromaStore store, StrSampleRecord sample, Kit kit, List<Issue> issues, CancellationToken ct)
    {
        if (await ReadAsync(store, sample.LadderSha256, "ladder of " + sample.FileName, issues, ct) is not { } file)
        {
            return null;
        }

        var run = StrAnalysis.Ladder(file, $"ladder {sample.LadderSha256[..12]}", kit, sample.SizeStandard, AnalysisOf(sample));
        issues.AddRange(run.Issues);
        return run.Value is { } value ? (value, file) : null;
    }

    private static async Task<(SampleAnalysis Analysis, AbifFile File)?> AnalyseAsync(StromaStore store, StrSampleRecord sample, LadderRun ladder, List<Issue> issues, CancellationToken ct)
    {
        if (await ReadAsync(store, sample.FileSha256, sample.FileName, issues, ct) is not { } file)
        {
            return null;
        }

        var analysis = StrAnalysis.Sample(file, sample.FileName, ladder, sample.SizeStandard, AnalysisOf(sample), SampleRole.Sample);
        issues.AddRange(analysis.Issues);
        return analysis.Value is { } value ? (value, file) : null;
    }

    private static async Task<AbifFile?> ReadAsync(StromaStore store, string sha256, string name, List<Issue> issues, CancellationToken ct)
    {
        if (await store.LoadRawFileAsync(sha256, ct) is not { } bytes)
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, name, $"Expected the kept raw file {sha256[..12]}…; the store does not have it."));
            return null;
        }

        var read = AbifReader.Read(bytes, name);
        issues.AddRange(read.Issues.Where(i => i.Severity == Severity.Error));
        return read.HasErrors ? null : read.Value;
    }

    // The per-locus table of a kept result, recomputed from the references' kept raw files with the settings its method names; with
    // reviews, from the reviewed calls of the references (the sample's are given reviewed).
    private static async Task<ChimerismRun?> RecomputeAsync(
        StromaStore store, IReadOnlyList<StrSampleRecord> samples, List<ChimerismRecord> kept, LadderRun ladder, SampleAnalysis sample, List<Issue> issues,
        IReadOnlyList<StrCallReview>? reviews, CancellationToken ct)
    {
        var references = new List<ChimerismReference>();
        foreach (var result in kept)
        {
            if (samples.FirstOrDefault(s => s.Id == result.ReferenceSampleId) is not { } reference || await AnalyseAsync(store, reference, ladder, issues, ct) is not { } analysed)
            {
                return null;
            }

            references.Add(new ChimerismReference(result.Contributor,
                reviews is null ? analysed.Analysis : CallReviews.Apply(analysed.Analysis, ladder.Bins, reviews.Where(r => r.SampleId == reference.Id))));
        }

        var settings = samples.FirstOrDefault(s => s.Id == kept[0].SampleId)?.Settings;
        var chimerism = SettingsOf(kept[0]) with { MinInformativeLoci = settings?.Chimerism.MinInformativeLoci ?? new ChimerismSettings().MinInformativeLoci };
        return StrChimerism.Analyze(ladder, references, sample.Lane, chimerism, SignalOf(kept[0]), sample);
    }

    /// <summary>The detection, sizing and calling settings a kept sample was analysed with (the defaults for one kept before they were recorded).</summary>
    internal static StrSettings AnalysisOf(StrSampleRecord sample) => sample.Settings?.Analysis ?? StrSettings.Default;

    /// <summary>The chimerism settings a kept result's method names (stutter handling and ratio; the LOD kept with it).</summary>
    internal static ChimerismSettings SettingsOf(ChimerismRecord record)
    {
        var stutter = StutterPattern().Match(record.Method);
        return new ChimerismSettings(
            stutter.Success && stutter.Groups[1].Value == "correct" ? StutterHandling.Correct : StutterHandling.Exclude,
            stutter.Success ? double.Parse(stutter.Groups[2].Value, CultureInfo.InvariantCulture) : 0.1,
            record.LimitOfDetectionPercent);
    }

    /// <summary>The signal a kept result's method names (height unless it says area).</summary>
    internal static PeakSignal SignalOf(ChimerismRecord record) =>
        record.Method.Contains(", area, stutter", StringComparison.Ordinal) ? PeakSignal.Area : PeakSignal.Height;

    [GeneratedRegex(@"stutter (exclude|correct) \(ratio ([0-9.]+)\)")]
    private static partial Regex StutterPattern();
}
