using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Storage;

namespace Stroma.Application.Proteome;

/// <summary>A quantified membrane kept against a patient: the analytes' normalised signals as an array series ({ratio}), the run's
/// measured CVa, the images as raw files, and a manifest naming them by hash with the layout and method, so that the values can be
/// recomputed from the kept images.</summary>
public static class ArrayRuns
{
    /// <summary>Keeps the run; returns how many analytes, or the issues that refused it (nothing written).</summary>
    public static Task<ReadResult<int>> KeepAsync(
        StromaStore store, string patientId, ArrayLayout layout, int studyDay, ArrayResult result, IReadOnlyList<Core.RawInput> images, CancellationToken ct)
    {
        var manifest = System.Text.Encoding.UTF8.GetBytes($"# layout {layout.Kit}; {result.Options.Describe()}\n" + string.Join("\n", images.Select(f => $"{f.Name}\t{f.Sha256}")) + "\n");
        var cva = result.AnalyticalCv.Percent;
        return store.SaveAnalyteResultsAsync(patientId, $"{layout.Kit}-day{studyDay}-images.tsv", manifest,
            [.. result.Analytes.Select(a => new AnalyteResult(a.Analyte, studyDay, a.NormalizedSignal, StromaStore.Ratio, cva))], images, ct);
    }
}
