using Stroma.Core.Diagnostics;
using Stroma.Core.Str;
using Stroma.Storage;

namespace Stroma.Application.Str;

public static partial class StrSamples
{
    /// <summary>
    /// Each kept chimerism result's share without the allele-balance correction (percent; null where that reading gives none), recomputed
    /// from the kept raw files as the review page recomputes it (the kept record holds the corrected share only). A sample whose kit or
    /// raw files are not here any more is left out, with a warning (<paramref name="warning"/>) at its result saying why. Reads only.
    /// </summary>
    internal static async Task<Dictionary<string, double?>> UncorrectedAsync(
        StromaStore store, IReadOnlyList<StrSampleRecord> samples, IReadOnlyList<ChimerismRecord> results, Func<ChimerismRecord, string, Issue> warning, List<Issue> issues, CancellationToken ct)
    {
        var shares = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var kept in results.GroupBy(r => r.SampleId, StringComparer.Ordinal).Select(g => g.ToList()))
        {
            var why = new List<Issue>();
            var run = await RecomputeSampleAsync(store, samples, kept, why, ct);
            if (run is null)
            {
                var reason = why.FirstOrDefault(i => i.Severity == Severity.Error)?.Message ?? "the analysis gave no result";
                issues.Add(warning(kept[0], reason));
                continue;
            }

            foreach (var result in kept)
            {
                shares[result.Id] = run.Contributors.FirstOrDefault(c => c.Contributor == result.Contributor)?.UncorrectedPercent;
            }
        }

        return shares;
    }

    private static async Task<ChimerismRun?> RecomputeSampleAsync(StromaStore store, IReadOnlyList<StrSampleRecord> samples, List<ChimerismRecord> kept, List<Issue> why, CancellationToken ct)
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
        return ladder is { } l && analysed is { } a ? await RecomputeAsync(store, samples, kept, l.Run, a.Analysis, why, null, ct) : null;
    }
}
