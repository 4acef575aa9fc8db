using Stroma.Core.Diagnostics;
using Stroma.Core.Str;
using Stroma.Storage;

namespace Stroma.Application.Str;

/// <summary>
/// A kept chimerism result's shares as an export carries them: the automatic result (from the calls as kept, the kept record's
/// corrected share and its uncorrected twin), and the reviewed one (from the calls with every review applied, as the review page shows
/// it) with the result's version, how many reviews there are, and whether the result is signed as it stands.
/// </summary>
/// <param name="AutomaticUncorrected">The uncorrected share from the automatic calls (percent), or null.</param>
/// <param name="Reviewed">The share from the reviewed calls (percent; the automatic one when nothing was reviewed), or null.</param>
/// <param name="ReviewedUncorrected">Its uncorrected twin, or null.</param>
/// <param name="ReviewedText">The reviewed result as it reads ("not detected (&lt; 1 %)").</param>
/// <param name="Version">The result's version (1, and one more for every new version started).</param>
/// <param name="Reviews">How many reviews the sample's calls and its references' calls have.</param>
/// <param name="IsSigned">Whether the result is signed as it stands now (a valid signature of its current content).</param>
public sealed record ChimerismShares(double? AutomaticUncorrected, double? Reviewed, double? ReviewedUncorrected, string? ReviewedText, int Version, int Reviews, bool IsSigned);

public static partial class StrSamples
{
    /// <summary>
    /// Each kept chimerism result's automatic and reviewed shares, recomputed from the kept raw files as the review page recomputes
    /// them (the kept record holds the automatic corrected share only). A sample whose kit or raw files are not here any more is left
    /// out, with a warning (<paramref name="warning"/>) at its result saying why. Reads only.
    /// </summary>
    internal static async Task<Dictionary<string, ChimerismShares>> SharesAsync(
        StromaStore store, string patientId, IReadOnlyList<StrSampleRecord> samples, IReadOnlyList<ChimerismRecord> results, Func<ChimerismRecord, string, Issue> warning,
        List<Issue> issues, CancellationToken ct)
    {
        var shares = new Dictionary<string, ChimerismShares>(StringComparer.Ordinal);
        var reviews = await store.LoadStrCallReviewsAsync(patientId, ct);
        foreach (var kept in results.GroupBy(r => r.SampleId, StringComparer.Ordinal).Select(g => g.ToList()))
        {
            var why = new List<Issue>();
            var runs = await RecomputeSampleAsync(store, samples, kept, reviews, why, ct);
            if (runs is not var (automatic, reviewed))
            {
                var reason = why.FirstOrDefault(i => i.Severity == Severity.Error)?.Message ?? "the analysis gave no result";
                issues.Add(warning(kept[0], reason));
                continue;
            }

            var involved = kept.Select(k => k.ReferenceSampleId).Append(kept[0].SampleId).ToHashSet(StringComparer.Ordinal);
            var version = CallReviews.Version(reviews.Where(r => r.SampleId == kept[0].SampleId));
            var count = reviews.Count(r => involved.Contains(r.SampleId) && r.Action != CallReviewAction.NewVersion);
            var signed = (await store.StrResultsSignedAsItStandsAsync(patientId, kept[0].SampleId, ct)).Contains(kept[0].SampleId, StringComparer.Ordinal);
            foreach (var result in kept)
            {
                var a = automatic.Contributors.FirstOrDefault(c => c.Contributor == result.Contributor);
                var r = reviewed.Contributors.FirstOrDefault(c => c.Contributor == result.Contributor);
                shares[result.Id] = new ChimerismShares(a?.UncorrectedPercent, r?.Percent, r?.UncorrectedPercent, r?.Text, version, count, signed);
            }
        }

        return shares;
    }

    private static async Task<(ChimerismRun Automatic, ChimerismRun Reviewed)?> RecomputeSampleAsync(
        StromaStore store, IReadOnlyList<StrSampleRecord> samples, List<ChimerismRecord> kept, IReadOnlyList<StrCallReview> reviews, List<Issue> why, CancellationToken ct)
    {
        if (samples.FirstOrDefault(s => s.Id == kept[0].SampleId) is not { } sample)
        {
            why.Add(Issue.Error(StrIssues.RunComposition, kept[0].SampleId, $"Expected the kept sample {kept[0].SampleId}; the store does not have it."));
            return null;
        }

        if (!KitResolver.Available().Contains(sample.Kit, StringComparer.OrdinalIgnoreCase))
        {
            why.Add(Issue.Error(KitResolver.UnknownKit, "kit", $"Expected the kit {sample.Kit} the sample was called with among the lab's kits; it is not there any more."));
            return null;
        }

        var kit = KitResolver.Resolve(sample.Kit, null, "kit");
        why.AddRange(kit.Issues);
        var ladder = kit.Value is null ? null : await LadderAsync(store, sample, kit.Value, why, ct);
        var analysed = ladder is null ? null : await AnalyseAsync(store, sample, ladder.Value.Run, why, ct);
        if (ladder is not { } l || analysed is not { } a)
        {
            return null;
        }

        var calls = CallReviews.Apply(a.Analysis, l.Run.Bins, reviews.Where(r => r.SampleId == sample.Id));
        var automatic = await RecomputeAsync(store, samples, kept, l.Run, a.Analysis, why, null, ct);
        var reviewed = await RecomputeAsync(store, samples, kept, l.Run, calls, why, reviews, ct);
        return automatic is not null && reviewed is not null ? (automatic, reviewed) : null;
    }
}
