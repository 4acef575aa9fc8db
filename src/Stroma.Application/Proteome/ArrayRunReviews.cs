using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Imaging;
using Stroma.Storage;
using Stroma.Storage.Proteome;
using Stroma.Core.Course;

namespace Stroma.Application.Proteome;

/// <summary>A kept run in a list: what it is, how its grid was found, who uploaded and who placed it.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Layout">The layout's kit.</param>
/// <param name="Day">Study day of the sample.</param>
/// <param name="Sample">The sample's material and time, or null.</param>
/// <param name="Status"><c>quantified</c> (grid searched), <c>refused</c> (search refused, nothing quantified), <c>placed</c> (grid placed by hand).</param>
/// <param name="Method">The quantification method.</param>
/// <param name="AnalyticalCvPercent">The run's CVa (%), or null.</param>
/// <param name="UploadedBy">Who uploaded it.</param>
/// <param name="UploadedAt">When (UTC).</param>
/// <param name="PlacedCorners">The corners placed by hand (pixels), or null.</param>
/// <param name="PlacedBy">Who placed them, or null.</param>
/// <param name="PlacedAt">When (UTC), or null.</param>
/// <param name="SearchRefusal">The search's refusal, one issue a line (kept after a placement).</param>
public sealed record ArrayRunSummary(
    string Id, string Layout, int Day, string? Sample, string Status, string Method, double? AnalyticalCvPercent, string UploadedBy, DateTimeOffset UploadedAt,
    string? PlacedCorners, string? PlacedBy, DateTimeOffset? PlacedAt, IReadOnlyList<string> SearchRefusal)
{
    internal static ArrayRunSummary Of(ArrayRunRow r) => new(
        r.Id, r.Layout, r.Day, r.Sample, r.Status, r.Method, r.AnalyticalCvPercent, r.UploadedBy, r.UploadedAtUtc, r.PlacedCorners, r.PlacedBy, r.PlacedAtUtc,
        r.SearchRefusal is null ? [] : r.SearchRefusal.Split('\n'));
}

/// <summary>One spot on the shown image: its place, analyte, role, where the grid puts it (pixels) and whether it saturates there.</summary>
/// <param name="Label">Row letter and column ("C5").</param>
/// <param name="Analyte">Analyte (or the control's name).</param>
/// <param name="Role"><c>reference</c>, <c>negative</c> or <c>analyte</c>.</param>
/// <param name="X">Centre x as measured (pixels).</param>
/// <param name="Y">Centre y (pixels).</param>
/// <param name="Saturated">A pixel of its ROI at the detector's maximum on this image.</param>
/// <param name="Number">The analyte's number in the table (1 …), 0 for a control spot.</param>
public sealed record ArraySpotMark(string Label, string Analyte, string Role, double X, double Y, bool Saturated, int Number);

/// <summary>The review of a run: the run, the image shown with every spot of the fitted grid, the analytes, and the corners to place by hand.</summary>
/// <param name="Run">The run.</param>
/// <param name="Images">The images in exposure order (file, exposure in seconds or null).</param>
/// <param name="Shown">Which image is shown (in exposure order).</param>
/// <param name="Width">Its width (pixels).</param>
/// <param name="Height">Its height (pixels).</param>
/// <param name="Radius">The spots' ROI radius (pixels).</param>
/// <param name="Spots">Every spot on the shown image (empty when nothing is quantified).</param>
/// <param name="Analytes">Every analyte, numbered as the spots are (empty when nothing is quantified).</param>
/// <param name="Corners">The labels of the layout's top-left, top-right and bottom-left reference spots, the ones to place by hand.</param>
/// <param name="Issues">What recomputing the run from its kept files found (a refused search: nothing more).</param>
public sealed record ArrayRunReview(
    ArrayRunSummary Run, IReadOnlyList<(string File, double? ExposureSeconds)> Images, int Shown, int Width, int Height, double Radius, IReadOnlyList<ArraySpotMark> Spots,
    IReadOnlyList<ArrayAnalyteView> Analytes, IReadOnlyList<string> Corners, IReadOnlyList<Issue> Issues)
{
    /// <summary>The shown image's spots of the top-left, top-right and bottom-left reference spots, where the grid put them (none when not quantified).</summary>
    public IReadOnlyList<ArraySpotMark> CornerSpots => [.. Corners.Select(c => Spots.FirstOrDefault(s => s.Label == c)).OfType<ArraySpotMark>()];
}

/// <summary>Reading kept runs back for review: the list of a patient's runs, one run's review (recomputed from its kept files), its images.</summary>
public static class ArrayRunReviews
{
    /// <summary>A patient's runs, by study day.</summary>
    public static async Task<IReadOnlyList<ArrayRunSummary>> ListAsync(StromaStore store, PatientId patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. (await store.LoadArrayRunsAsync(patientId, ct)).Select(ArrayRunSummary.Of)];
    }

    /// <summary>
    /// One run's review, recomputed from its kept layout and images (with its placement, when placed by hand), on the image asked for
    /// (in exposure order) or by default the one most analytes came from; null when no such run is stored.
    /// </summary>
    public static async Task<ArrayRunReview?> ReviewAsync(StromaStore store, PatientId patientId, string runId, int? image, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await ArrayRunFiles.LoadAsync(store, patientId, runId, ct) is not { } kept || kept.Images.Count == 0)
        {
            return null;
        }

        var corners = HandPlacement.CornersOf(kept.Layout) is { } c ? new[] { c.TopLeft.Label, c.TopRight.Label, c.BottomLeft.Label } : [];
        var images = kept.Images.Select(i => (i.Source, i.ExposureSeconds)).ToList();
        var run = ArrayRunSummary.Of(kept.Run);
        var result = kept.Run.Status == "refused" ? null : ArrayQuantification.Quantify(kept.Images, kept.Layout, kept.Options, kept.Placed);
        if (result?.Value is not { } r)
        {
            var last = Math.Clamp(image ?? kept.Images.Count - 1, 0, kept.Images.Count - 1);
            return new ArrayRunReview(run, images, last, kept.Images[last].Width, kept.Images[last].Height, 0, [], [], corners, [.. kept.Issues, .. result?.Issues ?? []]);
        }

        var shown = Math.Clamp(image ?? r.Analytes.GroupBy(a => a.ImageIndex).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => g.Key).FirstOrDefault(kept.Images.Count - 1), 0, kept.Images.Count - 1);
        var numbers = kept.Layout.Analytes.Select((a, i) => (a, i + 1)).ToDictionary(p => p.a, p => p.Item2, StringComparer.Ordinal);
        var spots = r.Measured[shown].Select(m => new ArraySpotMark(m.Spot.Label, m.Spot.Analyte, m.Spot.Role.ToString().ToLowerInvariant(), m.X, m.Y, m.Saturated,
            m.Spot.Role == SpotRole.Analyte ? numbers.GetValueOrDefault(m.Spot.Analyte) : 0)).ToList();
        var analytes = r.Analytes.OrderBy(a => numbers.GetValueOrDefault(a.Analyte))
            .Select(a => new ArrayAnalyteView(a.Analyte, a.Signal, a.NormalizedSignal, a.DuplicateCv, a.Detected, a.ImageIndex, [.. a.Flags, .. a.Detected ? Array.Empty<string>() : ["below-detection"]]))
            .ToList();
        return new ArrayRunReview(run, images, shown, kept.Images[shown].Width, kept.Images[shown].Height, 0.4 * r.Grids[shown].Pitch, spots, analytes, corners, [.. kept.Issues, .. result.Issues]);
    }

    /// <summary>One kept image of a run as a PNG to look at (<see cref="Preview.Png"/>, at most <paramref name="maxSide"/> pixels), or null.</summary>
    public static async Task<byte[]?> ImageAsync(StromaStore store, PatientId patientId, string runId, int image, int maxSide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await ArrayRunFiles.LoadAsync(store, patientId, runId, ct) is { } kept && image >= 0 && image < kept.Images.Count
            ? Preview.Png(kept.Images[image], maxSide)
            : null;
    }
}
