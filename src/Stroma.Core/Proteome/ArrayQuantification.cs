using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>One spot across the images of an exposure series.</summary>
/// <param name="Spot">The layout spot.</param>
/// <param name="Signals">Background-corrected integrated signal per image, in the order given.</param>
/// <param name="Saturated">Saturated in each image.</param>
public sealed record SpotSeries(LayoutSpot Spot, ImmutableArray<double> Signals, ImmutableArray<bool> Saturated);

/// <summary>An analyte's result.</summary>
/// <param name="Analyte">Analyte.</param>
/// <param name="Signal">Mean signal of its duplicates in the chosen image, or null when not detected.</param>
/// <param name="NormalizedSignal">Signal ÷ mean reference-spot signal of the same image.</param>
/// <param name="DuplicateCv">CV of the duplicates (0–1).</param>
/// <param name="Detected">Above the detection limit (negative controls + 3 noise SD over the ROI).</param>
/// <param name="ImageIndex">Which image (in exposure order) the value comes from: the longest exposure in the linear range (reference response per second within 15 % of the shortest exposure's) with no saturated spot of the analyte or the references.</param>
/// <param name="Flags">saturated (its own spots in every image), reference-saturated (the reference spots in every image where its own are not:
/// the normalised signal is overstated), non-linear (no unsaturated image in the linear range), duplicate-cv (&gt; 20 %).</param>
public sealed record AnalyteSignal(string Analyte, double? Signal, double? NormalizedSignal, double DuplicateCv, bool Detected, int ImageIndex, ImmutableArray<string> Flags);

/// <summary>A membrane quantified.</summary>
/// <param name="Grids">The grid found on each image.</param>
/// <param name="Spots">Every spot across the images.</param>
/// <param name="Analytes">Every analyte.</param>
/// <param name="DetectionLimit">Per image: the limit of detection (signal units).</param>
/// <param name="Measured">Per image (in exposure order): every spot as measured, with its refined centre.</param>
public sealed record ArrayResult(
    ImmutableArray<GridTransform> Grids, ImmutableArray<SpotSeries> Spots, ImmutableArray<AnalyteSignal> Analytes, ImmutableArray<double> DetectionLimit,
    ImmutableArray<ImmutableArray<MeasuredSpot>> Measured);

/// <summary>
/// Quantifies a membrane from one image or an exposure series (research/proteome.md §2): each image aligned and measured; per
/// analyte the longest exposure where neither its spots nor the reference spots saturate (the linear range's top), the
/// duplicates averaged with their CV, normalised to the reference spots of that image; "not detected" below the negative
/// controls + 3 noise SD summed over the ROI, never a ratio.
/// </summary>
public static class ArrayQuantification
{
    /// <summary>Quantifies; images should be ordered by exposure (they are sorted here when every image states one).</summary>
    public static ReadResult<ArrayResult> Quantify(IReadOnlyList<PixelBuffer> images, ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layout);
        var ordered = images.All(i => i.ExposureSeconds is not null) ? [.. images.OrderBy(i => i.ExposureSeconds)] : images.ToList();
        var issues = new List<Issue>();
        var grids = new List<GridTransform>();
        var measured = new List<ImmutableArray<MeasuredSpot>>();
        foreach (var image in ordered)
        {
            var grid = SpotQuantification.Align(image, layout);
            issues.AddRange(grid.Issues);
            if (grid.Value is { } g)
            {
                grids.Add(g);
                measured.Add(SpotQuantification.Measure(image, layout, g));
            }
        }

        if (measured.Count < ordered.Count)
        {
            return ReadResult.Failed<ArrayResult>(issues);
        }

        var spots = layout.Spots.Select((spot, k) => new SpotSeries(spot, [.. measured.Select(m => m[k].Signal)], [.. measured.Select(m => m[k].Saturated)])).ToImmutableArray();
        var limits = measured.Select(m =>
        {
            var negatives = m.Where(s => s.Spot.Role == SpotRole.Negative).ToList();
            var noise = m.Select(s => s.NoiseSd).Order().ElementAt(m.Length / 2);
            var roi = m.Max(s => s.RoiPixels);
            return (negatives.Count > 0 ? negatives.Average(s => s.Signal) : 0) + (3 * noise * Math.Sqrt(roi));
        }).ToImmutableArray();
        var referenceSignal = measured.Select(m => m.Where(s => s.Spot.Role == SpotRole.Reference).Select(s => s.Signal).DefaultIfEmpty(0).Average()).ToList();
        var referenceSaturated = measured.Select(m => m.Any(s => s.Spot.Role == SpotRole.Reference && s.Saturated)).ToList();
        var perSecond = ordered.Select((img, i) => img.ExposureSeconds is > 0 ? referenceSignal[i] / img.ExposureSeconds.Value : (double?)null).ToList();
        var byAnalyte = spots.Where(s => s.Spot.Role == SpotRole.Analyte).ToLookup(s => s.Spot.Analyte, StringComparer.Ordinal);
        var analytes = byAnalyte.Select(group =>
        {
            var (analyte, own) = (group.Key, group.ToList());
            var ownUnsaturated = Enumerable.Range(0, measured.Count).Where(i => own.All(s => !s.Saturated[i])).ToList();
            var unsaturated = ownUnsaturated.Where(i => !referenceSaturated[i]).ToList();
            // The linear range: the reference response per second within 15 % of the shortest exposure's.
            var linear = unsaturated.Where(i => perSecond[0] is not { } first || perSecond[i] is not { } here || Math.Abs((here / first) - 1) <= 0.15).ToList();
            var flags = ImmutableArray.CreateBuilder<string>();
            var index = linear.Count > 0 ? linear[^1] : unsaturated.Count > 0 ? unsaturated[0] : ownUnsaturated.Count > 0 ? ownUnsaturated[0] : measured.Count - 1;
            if (ownUnsaturated.Count == 0)
            {
                flags.Add("saturated");
            }
            else if (unsaturated.Count == 0)
            {
                // Its own spots are measurable, but the reference spots it would be normalised to are clipped.
                flags.Add("reference-saturated");
            }
            else if (linear.Count == 0)
            {
                flags.Add("non-linear");
            }

            var values = own.Select(s => s.Signals[index]).ToList();
            var mean = values.Average();
            var cv = values.Count > 1 && mean != 0 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) / Math.Abs(mean) : 0;
            if (cv > 0.2)
            {
                flags.Add("duplicate-cv");
            }

            var detected = mean > limits[index];
            return new AnalyteSignal(analyte, detected ? mean : null, detected && referenceSignal[index] > 0 ? mean / referenceSignal[index] : null, cv, detected, index, flags.ToImmutable());
        }).ToImmutableArray();
        return ReadResult.Of(new ArrayResult([.. grids], spots, analytes, limits, [.. measured]), issues);
    }
}
