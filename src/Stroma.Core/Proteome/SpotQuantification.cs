using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>
/// Where the layout's grid lies on an image: an affine map from pitch units to pixels (rotation, flips, scale, shift) and where each
/// column and row sits in pitch units (the layout's printed blocks, as measured on this image).
/// </summary>
/// <param name="OriginX">x of the point (0, 0) in pitch units.</param>
/// <param name="OriginY">y of the point (0, 0) in pitch units.</param>
/// <param name="ColumnX">x step per pitch unit along the columns.</param>
/// <param name="ColumnY">y step per pitch unit along the columns.</param>
/// <param name="RowX">x step per pitch unit along the rows.</param>
/// <param name="RowY">y step per pitch unit along the rows.</param>
public sealed record GridTransform(double OriginX, double OriginY, double ColumnX, double ColumnY, double RowX, double RowY)
{
    /// <summary>Each column's position in pitch units (by index); empty: the column index itself.</summary>
    public ImmutableArray<double> ColumnPositions { get; init; } = [];

    /// <summary>Each row's position in pitch units (by index); empty: the row index itself.</summary>
    public ImmutableArray<double> RowPositions { get; init; } = [];

    /// <summary>The pixel position of a spot.</summary>
    public (double X, double Y) At(int row, int column) => AtPitchUnits(
        ColumnPositions.IsDefaultOrEmpty ? column : ColumnPositions[column], RowPositions.IsDefaultOrEmpty ? row : RowPositions[row]);

    /// <summary>The pixel position of a point given in pitch units (x along the columns, y along the rows).</summary>
    public (double X, double Y) AtPitchUnits(double x, double y) => (OriginX + (x * ColumnX) + (y * RowX), OriginY + (x * ColumnY) + (y * RowY));

    /// <summary>The point in pitch units at a pixel position (the inverse map).</summary>
    public (double X, double Y) PitchUnitsAt(double x, double y)
    {
        var det = (ColumnX * RowY) - (RowX * ColumnY);
        var (dx, dy) = (x - OriginX, y - OriginY);
        return (((dx * RowY) - (dy * RowX)) / det, ((dy * ColumnX) - (dx * ColumnY)) / det);
    }

    /// <summary>Spot pitch along columns (pixels).</summary>
    public double Pitch => Math.Sqrt((ColumnX * ColumnX) + (ColumnY * ColumnY));

    /// <summary>Rotation of the column axis (degrees).</summary>
    public double RotationDegrees => Math.Atan2(ColumnY, ColumnX) * 180 / Math.PI;
}

/// <summary>One spot measured.</summary>
/// <param name="Spot">The layout spot.</param>
/// <param name="X">Refined centre x.</param>
/// <param name="Y">Refined centre y.</param>
/// <param name="Signal">Integrated density above the local background: Σ(pixel − background) over the circular ROI.</param>
/// <param name="Background">The background level per pixel subtracted (see <see cref="BackgroundMethod"/>).</param>
/// <param name="Saturated">A pixel of the ROI at the detector's maximum.</param>
/// <param name="NoiseSd">Pixel noise of the annulus (1.4826 × its median absolute deviation).</param>
/// <param name="RoiPixels">Pixels in the ROI.</param>
public sealed record MeasuredSpot(LayoutSpot Spot, double X, double Y, double Signal, double Background, bool Saturated, double NoiseSd = 0, int RoiPixels = 0);

/// <summary>Stable issue codes for spot quantification.</summary>
public static class SpotIssues
{
    /// <summary>No lattice of spots, or no placement of the layout that lights its reference spots at their positions (error).</summary>
    public const string GridNotFound = "ARRAY001";

    /// <summary>The negative-control background was asked of a layout without negative controls (error).</summary>
    public const string NoNegativeControls = "ARRAY002";

    /// <summary>The slope across exposures was asked without an exposure time on every image, or with one image (error).</summary>
    public const string NoExposureSeries = "ARRAY003";

    /// <summary>The spots found do not sit on the layout's grid, two placements fit equally well, or its reference spots show no signal: a wrong layout or not a membrane (error).</summary>
    public const string OffGrid = "ARRAY004";

    /// <summary>A layout without printed geometry on a membrane printed in blocks, where some column or row shows no spots to place it (error).</summary>
    public const string UnstatedBlocks = "ARRAY005";

    /// <summary>A grid placed by hand that is no grid: a corner off the image, three points that make no square grid, or a layout without corner reference spots (error).</summary>
    public const string BadPlacement = "ARRAY006";

    /// <summary>The layout's kit is printed on the same grid as another shipped kit, which the image cannot tell apart (warning).</summary>
    public const string SameGrid = "ARRAY007";
}

/// <summary>What a spot's signal is measured above (proMAD and ImageJ practice, research/proteome.md §2); kept with the result.</summary>
public enum BackgroundMethod
{
    /// <summary>The median of an annulus around each spot (0.42–0.5 pitch): follows gradients and smears.</summary>
    LocalAnnulus,

    /// <summary>The mean pixel of the layout's negative-control spots: the membrane's own non-specific binding.</summary>
    NegativeControls,

    /// <summary>One level for the whole image: the median of the pixels midway between spots (the grid cells' interior corners).</summary>
    Global,
}

/// <summary>
/// Grid alignment and spot measurement (research/proteome.md §2). Alignment fits the whole layout to every spot found on the image
/// (<see cref="LayoutFit"/>: any rotation or mirror, block gaps, saturated analytes, rings, missing spots) and then checks the
/// reference spots at their known positions. Each spot whose own signal shows is then re-centred on it (the centroid of its pixels
/// 3 noise SD above the background within 0.3 pitch, until it settles, at most a quarter pitch from the grid; a spot that does not
/// show keeps the grid's position), integrated over
/// a circular ROI (0.4 pitch) above the chosen background (by default the median of its annulus, 0.42–0.5 pitch), and flagged when
/// saturated.
/// </summary>
public static class SpotQuantification
{
    /// <summary>Finds the grid: the layout fitted to the spots found, refused (ARRAY001, ARRAY004) when the fit is not convincing.</summary>
    public static ReadResult<GridTransform> Align(PixelBuffer image, ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layout);
        return LayoutFit.Align(image, layout);
    }

    /// <summary>Measures every spot of the layout on an aligned image against the chosen background.</summary>
    public static ReadResult<ImmutableArray<MeasuredSpot>> Measure(PixelBuffer image, ArrayLayout layout, GridTransform grid, BackgroundMethod method = BackgroundMethod.LocalAnnulus)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(grid);
        if (method == BackgroundMethod.NegativeControls && !layout.Spots.Any(s => s.Role == SpotRole.Negative))
        {
            return ReadResult.Failed<ImmutableArray<MeasuredSpot>>([Issue.Error(SpotIssues.NoNegativeControls, layout.Kit, $"Expected negative-control spots for the negative-control background; layout {layout.Kit} has none (use the local or global background).")]);
        }

        var pitch = grid.Pitch;
        var (inner, outer, radius) = (0.42 * pitch, 0.5 * pitch, 0.4 * pitch);
        var ring = new ushort[RingCapacity(outer)];
        var raw = new (double X, double Y, long Sum, bool Saturated, int Pixels, double Local, double Noise)[layout.Spots.Length];
        for (var k = 0; k < layout.Spots.Length; k++)
        {
            var spot = layout.Spots[k];
            var (x0, y0) = grid.At(spot.Row, spot.Column);
            var (background, noise) = Annulus(image, x0, y0, inner, outer, ring);
            var (x, y) = Recentre(image, x0, y0, pitch, background, noise);
            (background, noise) = (x, y) == (x0, y0) ? (background, noise) : Annulus(image, x, y, inner, outer, ring);
            var (sum, saturated, pixels) = Integrate(image, x, y, radius);
            raw[k] = (x, y, sum, saturated, pixels, background, noise);
        }

        // One level for every spot: the median between the spots (global), or the mean pixel of the negative-control spots.
        double? common = method switch
        {
            BackgroundMethod.Global => Interstitial(image, layout, grid),
            BackgroundMethod.NegativeControls => Enumerable.Range(0, raw.Length).Where(k => layout.Spots[k].Role == SpotRole.Negative && raw[k].Pixels > 0)
                .Select(k => (double)raw[k].Sum / raw[k].Pixels).DefaultIfEmpty(0).Average(),
            _ => null,
        };
        return ReadResult.Of(ImmutableArray.CreateRange(raw.Select((r, k) =>
        {
            var background = common ?? r.Local;
            return new MeasuredSpot(layout.Spots[k], r.X, r.Y, r.Sum - (r.Pixels * background), background, r.Saturated, r.Noise, r.Pixels);
        })));
    }

    // The median of the pixels midway between four spots (every interior corner of the grid's cells, a disc of 0.1 pitch): the
    // points farthest from every spot, where no spot's tail reaches (an annulus at half a pitch still holds the spot's own tail).
    private static double Interstitial(PixelBuffer image, ArrayLayout layout, GridTransform grid)
    {
        var values = new List<ushort>();
        var radius = Math.Max(1, 0.1 * grid.Pitch);
        var pixels = image.Pixels.AsSpan();
        double Column(int c) => grid.ColumnPositions.IsDefaultOrEmpty ? c : grid.ColumnPositions[c];
        double Row(int r) => grid.RowPositions.IsDefaultOrEmpty ? r : grid.RowPositions[r];
        for (var row = 0; row < layout.Rows - 1; row++)
        {
            for (var column = 0; column < layout.Columns - 1; column++)
            {
                var (x, y) = grid.AtPitchUnits((Column(column) + Column(column + 1)) / 2, (Row(row) + Row(row + 1)) / 2);
                for (var py = (int)Math.Ceiling(y - radius); py <= (int)Math.Floor(y + radius); py++)
                {
                    for (var px = (int)Math.Ceiling(x - radius); px <= (int)Math.Floor(x + radius); px++)
                    {
                        if (px >= 0 && py >= 0 && px < image.Width && py < image.Height && ((px - x) * (px - x)) + ((py - y) * (py - y)) <= radius * radius)
                        {
                            values.Add(pixels[(py * image.Width) + px]);
                        }
                    }
                }
            }
        }

        return PixelStatistics.Quantile(CollectionsMarshal.AsSpan(values), 0.5);
    }

    // Σ pixel over the disc, whether a pixel sits at the detector's maximum, and how many pixels.
    private static (long Sum, bool Saturated, int Pixels) Integrate(PixelBuffer image, double x, double y, double radius)
    {
        var values = image.Pixels.AsSpan();
        var (sum, saturated, pixels) = (0L, false, 0);
        var (y1, y2) = (Math.Max(0, (int)Math.Floor(y - radius)), Math.Min(image.Height - 1, (int)Math.Ceiling(y + radius)));
        for (var py = y1; py <= y2; py++)
        {
            var dy2 = (py - y) * (py - y);
            if (dy2 > radius * radius)
            {
                continue;
            }

            var half = Math.Sqrt((radius * radius) - dy2);
            var (x1, x2) = (Math.Max(0, (int)Math.Ceiling(x - half)), Math.Min(image.Width - 1, (int)Math.Floor(x + half)));
            var row = values.Slice(py * image.Width, image.Width);
            for (var px = x1; px <= x2; px++)
            {
                sum += row[px];
                saturated |= row[px] >= image.MaxValue;
            }

            pixels += Math.Max(0, x2 - x1 + 1);
        }

        return (sum, saturated, pixels);
    }

    // The spot's centre refined on its own signal: the centroid of the pixels more than 3 noise SD above the background within 0.3
    // pitch, repeated until it settles (the disc cuts a spot off the side it has left, so one step goes only part of the way; the
    // disc centred on the spot is its fixed point), never more than a quarter pitch from the grid. A spot whose own signal does not
    // show (fewer than 5 such pixels) keeps the grid's position: recentring on noise, or on the tail of a saturated neighbour a pitch
    // away, would pull the ROI of an absent analyte onto signal that is not its own.
    private static (double X, double Y) Recentre(PixelBuffer image, double x0, double y0, double pitch, double background, double noise)
    {
        var values = image.Pixels.AsSpan();
        var (reach, level) = (0.3 * pitch, background + (3 * Math.Max(noise, 1)));
        var (x, y) = (x0, y0);
        for (var iteration = 0; iteration < 20; iteration++)
        {
            double sw = 0, sx = 0, sy = 0;
            var count = 0;
            var (y1, y2) = (Math.Max(0, (int)Math.Ceiling(y - reach)), Math.Min(image.Height - 1, (int)Math.Floor(y + reach)));
            for (var py = y1; py <= y2; py++)
            {
                var half = Math.Sqrt(Math.Max(0, (reach * reach) - ((py - y) * (py - y))));
                var (x1, x2) = (Math.Max(0, (int)Math.Ceiling(x - half)), Math.Min(image.Width - 1, (int)Math.Floor(x + half)));
                var row = values.Slice(py * image.Width, image.Width);
                for (var px = x1; px <= x2; px++)
                {
                    if (row[px] > level)
                    {
                        var w = row[px] - background;
                        (sw, sx, sy, count) = (sw + w, sx + (w * px), sy + (w * py), count + 1);
                    }
                }
            }

            if (count < 5)
            {
                return (x, y);
            }

            var (nx, ny) = (sx / sw, sy / sw);
            if (Math.Sqrt(((nx - x0) * (nx - x0)) + ((ny - y0) * (ny - y0))) > pitch / 4)
            {
                return (x, y);
            }

            var moved = Math.Sqrt(((nx - x) * (nx - x)) + ((ny - y) * (ny - y)));
            (x, y) = (nx, ny);
            if (moved < 0.01)
            {
                break;
            }
        }

        return (x, y);
    }

    // The annulus inner ≤ d ≤ outer around (x, y): its median (the local background) and its noise (1.4826 × the median absolute
    // deviation); zeros when the annulus lies off the image.
    private static (double Background, double Noise) Annulus(PixelBuffer image, double x, double y, double inner, double outer, ushort[] ring)
    {
        var n = Ring(image, x, y, inner, outer, ring);
        if (n == 0)
        {
            return (0, 0);
        }

        var background = MedianInPlace(ring.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            ring[i] = (ushort)Math.Min(ushort.MaxValue, Math.Abs(ring[i] - background));
        }

        return (background, 1.4826 * MedianInPlace(ring.AsSpan(0, n)));
    }

    private static int RingCapacity(double outer) => (((int)Math.Ceiling(outer) * 2) + 3) * (((int)Math.Ceiling(outer) * 2) + 3);

    // The annulus inner ≤ d ≤ outer around (x, y), copied into buffer; returns how many.
    private static int Ring(PixelBuffer image, double x, double y, double inner, double outer, ushort[] buffer)
    {
        var values = image.Pixels.AsSpan();
        var n = 0;
        var (y1, y2) = (Math.Max(0, (int)Math.Floor(y - outer)), Math.Min(image.Height - 1, (int)Math.Ceiling(y + outer)));
        var (x1, x2) = (Math.Max(0, (int)Math.Floor(x - outer)), Math.Min(image.Width - 1, (int)Math.Ceiling(x + outer)));
        for (var py = y1; py <= y2; py++)
        {
            var dy2 = (py - y) * (py - y);
            var row = values.Slice(py * image.Width, image.Width);
            for (var px = x1; px <= x2; px++)
            {
                var d2 = ((px - x) * (px - x)) + dy2;
                if (d2 >= inner * inner && d2 <= outer * outer)
                {
                    buffer[n++] = row[px];
                }
            }
        }

        return n;
    }

    // The upper median (element n/2 of the sorted values), as a sort would give, by selection in linear time; reorders the span.
    private static double MedianInPlace(Span<ushort> values)
    {
        var (k, lo, hi) = (values.Length / 2, 0, values.Length - 1);
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    (i, j) = (i + 1, j - 1);
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }
}
