using System.Collections.Immutable;
using MathNet.Numerics.Statistics;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>One spot across the images of an exposure series.</summary>
/// <param name="Spot">The layout spot.</param>
/// <param name="Signals">Background-corrected integrated signal per image, in the order given.</param>
/// <param name="Saturated">Saturated in each image.</param>
public sealed record SpotSeries(LayoutSpot Spot, ImmutableArray<double> Signals, ImmutableArray<bool> Saturated);

/// <summary>An analyte's result.</summary>
/// <param name="Analyte">Analyte.</param>
/// <param name="Signal">Mean signal of its duplicates in the chosen image (per second of exposure in slope mode), or null when not detected.</param>
/// <param name="NormalizedSignal">Signal ÷ mean reference-spot signal of the same image (of the same slope in slope mode).</param>
/// <param name="DuplicateCv">CV of the duplicates (0–1).</param>
/// <param name="Detected">Above the detection limit (negative controls + 3 noise SD over the ROI).</param>
/// <param name="ImageIndex">Which image (in exposure order) the value, or in slope mode the detection call, comes from: the longest exposure in the linear range (reference response per second within 15 % of the shortest exposure's) with no saturated spot of the analyte or the references.</param>
/// <param name="Flags">single-exposure (slope mode with fewer than two usable images: the one image's value), saturated (its own spots in every image), reference-saturated (the reference spots in every image where its own are not:
/// the normalised signal is overstated), non-linear (no unsaturated image in the linear range), duplicate-cv (&gt; 20 %).</param>
public sealed record AnalyteSignal(string Analyte, double? Signal, double? NormalizedSignal, double DuplicateCv, bool Detected, int ImageIndex, ImmutableArray<string> Flags);

/// <summary>How an exposure series becomes one value per analyte (research/proteome.md §2).</summary>
public enum ExposureMode
{
    /// <summary>The longest exposure in the linear range with no saturated spot of the analyte or the references.</summary>
    LongestLinear,

    /// <summary>The slope of signal against exposure time (least squares through the origin) over the unsaturated images of the linear range.</summary>
    Slope,
}

/// <summary>Quantification choices, kept with the result.</summary>
/// <param name="Background">What spot signals are measured above.</param>
/// <param name="Exposure">How an exposure series is used.</param>
public sealed record QuantificationOptions(BackgroundMethod Background = BackgroundMethod.LocalAnnulus, ExposureMode Exposure = ExposureMode.LongestLinear)
{
    /// <summary>Local annulus background, longest linear exposure.</summary>
    public static QuantificationOptions Default { get; } = new();

    /// <summary>The method as one line for a result's provenance, "background local-annulus; exposure longest-linear".</summary>
    public string Describe() => $"background {KebabCase(Background.ToString())}; exposure {KebabCase(Exposure.ToString())}";

    /// <summary>"LocalAnnulus" → "local-annulus".</summary>
    public static string KebabCase(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>A membrane quantified.</summary>
/// <param name="Grids">The grid found on each image.</param>
/// <param name="Spots">Every spot across the images.</param>
/// <param name="Analytes">Every analyte.</param>
/// <param name="DetectionLimit">Per image: the limit of detection (signal units).</param>
/// <param name="Measured">Per image (in exposure order): every spot as measured, with its refined centre.</param>
/// <param name="Options">The background and exposure choices the values were made with.</param>
public sealed record ArrayResult(
    ImmutableArray<GridTransform> Grids, ImmutableArray<SpotSeries> Spots, ImmutableArray<AnalyteSignal> Analytes, ImmutableArray<double> DetectionLimit,
    ImmutableArray<ImmutableArray<MeasuredSpot>> Measured, QuantificationOptions Options)
{
    /// <summary>
    /// The run's analytical CV (%) measured from itself: the larger of the median duplicate CV of the detected analytes and the CV
    /// of the reference (positive-control) spots in the image most analytes came from — the controls catch spot-to-spot variation
    /// even when few analytes are detected.
    /// </summary>
    public (double Percent, double DuplicatesPercent, double ReferenceSpotsPercent) AnalyticalCv
    {
        get
        {
            var cvs = Analytes.Where(a => a.Detected).Select(a => a.DuplicateCv * 100).Order().ToList();
            var duplicates = cvs.Count > 0 ? cvs[cvs.Count / 2] : 0;
            var image = Analytes.Length > 0 ? Analytes.GroupBy(a => a.ImageIndex).MaxBy(g => g.Count())!.Key : Measured.Length - 1;
            var references = Measured[image].Where(s => s.Spot.Role == SpotRole.Reference).Select(s => s.Signal).ToList();
            var mean = references.Count > 0 ? references.Average() : 0;
            var referenceCv = references.Count > 1 && mean > 0 ? 100 * references.StandardDeviation() / mean : 0;
            return (Math.Max(duplicates, referenceCv), duplicates, referenceCv);
        }
    }
}

/// <summary>
/// Quantifies a membrane from one image or an exposure series (research/proteome.md §2): each image aligned and measured; per
/// analyte the longest exposure where neither its spots nor the reference spots saturate (the linear range's top), the
/// duplicates averaged with their CV, normalised to the reference spots of that image; "not detected" below the negative
/// controls + 3 noise SD summed over the ROI, never a ratio.
/// </summary>
public static class ArrayQuantification
{
    /// <summary>The images in the order a result lists them: by exposure when every image states one, else as given.</summary>
    public static List<PixelBuffer> InExposureOrder(IReadOnlyList<PixelBuffer> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.All(i => i.ExposureSeconds is not null) ? [.. images.OrderBy(i => i.ExposureSeconds)] : [.. images];
    }

    /// <summary>Quantifies; images should be ordered by exposure (they are sorted here when every image states one).</summary>
    public static ReadResult<ArrayResult> Quantify(IReadOnlyList<PixelBuffer> images, ArrayLayout layout, QuantificationOptions? options = null) =>
        Quantify(images, layout, options, null);

    /// <summary>
    /// Quantifies with the grid placed by hand on every image (<see cref="HandPlacement.Place"/>: the three corner reference spots, the same
    /// on each image of a series, which is imaged without moving the membrane) instead of searched for; refused as the search is.
    /// </summary>
    public static ReadResult<ArrayResult> Quantify(IReadOnlyList<PixelBuffer> images, ArrayLayout layout, QuantificationOptions? options, PlacedCorners? placed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layout);
        options ??= QuantificationOptions.Default;
        var ordered = InExposureOrder(images);
        if (options.Exposure == ExposureMode.Slope && (ordered.Count < 2 || ordered.Any(i => i.ExposureSeconds is not > 0)))
        {
            return ReadResult.Failed<ArrayResult>([Issue.Error(SpotIssues.NoExposureSeries, string.Join(", ", ordered.Select(i => i.Source)),
                $"Expected at least two images, each stating its exposure time, for the slope across exposures; found {ordered.Count} image(s), {ordered.Count(i => i.ExposureSeconds is > 0)} with an exposure time.")]);
        }

        var issues = new List<Issue>();
        var grids = new List<GridTransform>();
        var measured = new List<ImmutableArray<MeasuredSpot>>();
        foreach (var image in ordered)
        {
            var grid = placed is null ? SpotQuantification.Align(image, layout) : HandPlacement.Place(image, layout, placed);
            issues.AddRange(grid.Issues);
            if (grid.Value is { } g)
            {
                var spotsHere = SpotQuantification.Measure(image, layout, g, options.Background);
                issues.AddRange(spotsHere.Issues);
                if (spotsHere.HasErrors)
                {
                    return ReadResult.Failed<ArrayResult>(issues);
                }

                grids.Add(g);
                measured.Add(spotsHere.Value);
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
        // The reference spots must show: at least two thirds of them above the detection limit on every image.
        for (var i = 0; i < measured.Count; i++)
        {
            var references = measured[i].Where(s => s.Spot.Role == SpotRole.Reference).ToList();
            var seen = references.Count(s => s.Signal > limits[i] && limits[i] > 0);
            if (seen * 3 < references.Count * 2)
            {
                issues.Add(Issue.Error(SpotIssues.OffGrid, ordered[i].Source,
                    $"Expected the reference spots of {layout.Kit} above the detection limit ({limits[i]:G4}); {seen} of {references.Count} are. Wrong layout, not a membrane, or a blank exposure?"));
            }
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<ArrayResult>(issues);
        }

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

            // Slope mode: each spot's signal per second over the images usable for this analyte (two at least), else its one image's.
            var used = options.Exposure == ExposureMode.Slope && linear.Count >= 2 ? linear : null;
            if (options.Exposure == ExposureMode.Slope && used is null)
            {
                flags.Add("single-exposure");
            }

            double PerSecondOf(SpotSeries spot) => used!.Sum(i => spot.Signals[i] * ordered[i].ExposureSeconds!.Value) / used!.Sum(i => ordered[i].ExposureSeconds!.Value * ordered[i].ExposureSeconds!.Value);
            var values = used is null ? own.Select(s => s.Signals[index]).ToList() : own.Select(PerSecondOf).ToList();
            var mean = values.Average();
            var cv = values.Count > 1 && mean != 0 ? values.StandardDeviation() / Math.Abs(mean) : 0;
            if (cv > 0.2)
            {
                flags.Add("duplicate-cv");
            }

            var detected = own.Select(s => s.Signals[index]).Average() > limits[index];
            var reference = used is null ? referenceSignal[index] : spots.Where(s => s.Spot.Role == SpotRole.Reference).Select(PerSecondOf).DefaultIfEmpty(0).Average();
            return new AnalyteSignal(analyte, detected ? mean : null, detected && reference > 0 ? mean / reference : null, cv, detected, index, flags.ToImmutable());
        }).ToImmutableArray();
        if (ShippedLayouts.OnTheSameGrid(layout) is { Length: > 0 } twins)
        {
            issues.Add(Issue.Warning(SpotIssues.SameGrid, layout.Kit,
                $"{layout.Kit} is printed on the same grid as {string.Join(" and ", twins)} (the same rows, columns and reference spots), so the image cannot tell them apart: check the kit on the membrane's box or lot before using these values."));
        }

        return ReadResult.Of(new ArrayResult([.. grids], spots, analytes, limits, [.. measured], options), issues);
    }
}
