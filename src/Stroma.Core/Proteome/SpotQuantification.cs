using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>Where the layout's grid lies on an image: an affine map from (row, column) to pixels (rotation, flips, scale, shift).</summary>
/// <param name="OriginX">x of spot (0, 0).</param>
/// <param name="OriginY">y of spot (0, 0).</param>
/// <param name="ColumnX">x step per column.</param>
/// <param name="ColumnY">y step per column.</param>
/// <param name="RowX">x step per row.</param>
/// <param name="RowY">y step per row.</param>
public sealed record GridTransform(double OriginX, double OriginY, double ColumnX, double ColumnY, double RowX, double RowY)
{
    /// <summary>The pixel position of a spot.</summary>
    public (double X, double Y) At(int row, int column) => (OriginX + (column * ColumnX) + (row * RowX), OriginY + (column * ColumnY) + (row * RowY));

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
    /// <summary>The reference spots could not be found (error).</summary>
    public const string GridNotFound = "ARRAY001";

    /// <summary>The negative-control background was asked of a layout without negative controls (error).</summary>
    public const string NoNegativeControls = "ARRAY002";

    /// <summary>The slope across exposures was asked without an exposure time on every image, or with one image (error).</summary>
    public const string NoExposureSeries = "ARRAY003";

    /// <summary>The bright spots do not sit on the layout's grid, or its reference spots show no signal: a wrong layout or not a membrane (error).</summary>
    public const string OffGrid = "ARRAY004";
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
/// Grid alignment from the reference spots and spot measurement (research/proteome.md §2). Alignment: the brightest blobs above the
/// background are candidates; every choice of three of them as the three most spread reference spots gives an affine map (so any
/// rotation, flip, scale and shift); the map whose predicted reference spots carry the most signal and that leaves no bright blob
/// outside the layout's rows and columns, with near-square, near-orthogonal axes, wins. Each spot is then re-centred on its own
/// signal within a third of a pitch, integrated over a circular ROI (0.4 pitch) above the chosen background (by default the median
/// of its annulus, 0.42–0.5 pitch), and flagged when saturated.
/// </summary>
public static class SpotQuantification
{
    /// <summary>Finds the grid.</summary>
    public static ReadResult<GridTransform> Align(PixelBuffer image, ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layout);
        var references = layout.Spots.Where(s => s.Role == SpotRole.Reference).ToList();
        if (references.Count < 3)
        {
            return ReadResult.Failed<GridTransform>([Issue.Error(SpotIssues.GridNotFound, image.Source, $"Expected at least 3 reference spots in layout {layout.Kit}; found {references.Count}.")]);
        }

        // The three reference spots spanning the largest triangle anchor the map.
        var anchors = (from a in references from b in references from c in references
                       let area = Math.Abs(((b.Column - a.Column) * (c.Row - a.Row)) - ((c.Column - a.Column) * (b.Row - a.Row)))
                       orderby area descending select (a, b, c)).First();
        var background = (double)image.Quantile(0.5);
        var blobs = Blobs(image, background).OrderByDescending(b => b.Mass).Take(15).ToList();
        GridTransform? best = null;
        var bestScore = double.MinValue;
        foreach (var p in blobs)
        {
            foreach (var q in blobs.Where(q => q != p))
            {
                foreach (var r in blobs.Where(r => r != p && r != q))
                {
                    if (Solve(anchors, (p.X, p.Y), (q.X, q.Y), (r.X, r.Y)) is not { } t || !Plausible(t, image))
                    {
                        continue;
                    }

                    // Signal on the predicted reference spots, less the signal of bright blobs the grid leaves outside the membrane's
                    // spots: with saturated spots every bright blob samples alike, and only the blobs off the grid tell two maps apart.
                    var score = references.Sum(s => t.At(s.Row, s.Column) is var (x, y) ? Sample(image, x, y) - background : 0)
                        - blobs.Where(b => OffGrid(t, layout, b.X, b.Y)).Sum(b => Sample(image, b.X, b.Y) - background);
                    if (score > bestScore)
                    {
                        (best, bestScore) = (t, score);
                    }
                }
            }
        }

        if (best is null)
        {
            return ReadResult.Failed<GridTransform>([Issue.Error(SpotIssues.GridNotFound, image.Source, $"Expected the {references.Count} reference spots of {layout.Kit} among the brightest blobs; no consistent grid was found among {blobs.Count}.")]);
        }

        // A wrong layout can still put its three reference corners on three bright spots; then the other bright spots fall between
        // its grid positions. On the right layout they sit on them (a third of a pitch at most, as the per-spot re-centring allows).
        var onGrid = blobs.Count(b => OnLattice(best, layout, b.X, b.Y));
        return onGrid * 4 >= blobs.Count * 3
            ? ReadResult.Of(best)
            : ReadResult.Failed<GridTransform>([Issue.Error(SpotIssues.OffGrid, image.Source,
                $"Expected the bright spots on the grid of {layout.Kit} ({layout.Rows} × {layout.Columns}) once its reference spots are placed; {blobs.Count - onGrid} of the {blobs.Count} brightest fall between its positions. Is this the layout of this membrane?")]);
    }

    // Within a third of a pitch of a position of the layout's grid.
    private static bool OnLattice(GridTransform t, ArrayLayout layout, double x, double y)
    {
        var (column, row) = GridCoordinates(t, x, y);
        var (c, r) = (Math.Round(column), Math.Round(row));
        return c >= 0 && r >= 0 && c < layout.Columns && r < layout.Rows && Math.Sqrt(((column - c) * (column - c)) + ((row - r) * (row - r))) <= 1.0 / 3;
    }

    private static (double Column, double Row) GridCoordinates(GridTransform t, double x, double y)
    {
        var det = (t.ColumnX * t.RowY) - (t.RowX * t.ColumnY);
        var (dx, dy) = (x - t.OriginX, y - t.OriginY);
        return (((dx * t.RowY) - (dy * t.RowX)) / det, ((dy * t.ColumnX) - (dx * t.ColumnY)) / det);
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
            var n = Ring(image, x0, y0, inner, outer, ring);
            var background = n > 0 ? MedianInPlace(ring.AsSpan(0, n)) : 0;
            var (x, y) = Recentre(image, x0, y0, pitch / 3, background);
            n = Ring(image, x, y, inner, outer, ring);
            background = n > 0 ? MedianInPlace(ring.AsSpan(0, n)) : background;
            double noise = 0;
            if (n > 0)
            {
                // 1.4826 × the median absolute deviation of the annulus.
                for (var i = 0; i < n; i++)
                {
                    ring[i] = (ushort)Math.Min(ushort.MaxValue, Math.Abs(ring[i] - background));
                }

                noise = 1.4826 * MedianInPlace(ring.AsSpan(0, n));
            }

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
        for (var row = 0; row < layout.Rows - 1; row++)
        {
            for (var column = 0; column < layout.Columns - 1; column++)
            {
                var (x, y) = (grid.OriginX + ((column + 0.5) * grid.ColumnX) + ((row + 0.5) * grid.RowX), grid.OriginY + ((column + 0.5) * grid.ColumnY) + ((row + 0.5) * grid.RowY));
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

    private static (double X, double Y) Recentre(PixelBuffer image, double x0, double y0, double reach, double background)
    {
        var values = image.Pixels.AsSpan();
        double sw = 0, sx = 0, sy = 0;
        var (x1, x2) = (Math.Max(0, (int)(x0 - reach)), Math.Min(image.Width - 1, (int)(x0 + reach)));
        for (var py = Math.Max(0, (int)(y0 - reach)); py <= Math.Min(image.Height - 1, (int)(y0 + reach)); py++)
        {
            var row = values.Slice(py * image.Width, image.Width);
            double rw = 0, rx = 0;
            for (var px = x1; px <= x2; px++)
            {
                var w = Math.Max(0, row[px] - background);
                (rw, rx) = (rw + w, rx + (w * px));
            }

            (sw, sx, sy) = (sw + rw, sx + rx, sy + (rw * py));
        }

        // Only a spot with real signal moves its centre, and never beyond a quarter pitch.
        if (sw <= 0)
        {
            return (x0, y0);
        }

        var (x, y) = (sx / sw, sy / sw);
        return Math.Sqrt(((x - x0) * (x - x0)) + ((y - y0) * (y - y0))) <= reach * 0.75 ? (x, y) : (x0, y0);
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

    // A point more than half a pitch outside the layout's rows and columns.
    private static bool OffGrid(GridTransform t, ArrayLayout layout, double x, double y)
    {
        var (column, row) = GridCoordinates(t, x, y);
        return column < -0.5 || row < -0.5 || column > layout.Columns - 0.5 || row > layout.Rows - 0.5;
    }

    private static GridTransform? Solve((LayoutSpot A, LayoutSpot B, LayoutSpot C) g, (double X, double Y) p, (double X, double Y) q, (double X, double Y) r)
    {
        // Grid (col, row) of A, B, C → pixels p, q, r: origin + col·u + row·v. Differences from A remove the origin.
        var (c1, r1, c2, r2) = (g.B.Column - g.A.Column, g.B.Row - g.A.Row, g.C.Column - g.A.Column, g.C.Row - g.A.Row);
        var det = (c1 * r2) - (c2 * r1);
        if (det == 0)
        {
            return null;
        }

        var (dx1, dy1, dx2, dy2) = (q.X - p.X, q.Y - p.Y, r.X - p.X, r.Y - p.Y);
        var (ux, vx) = (((dx1 * r2) - (dx2 * r1)) / det, ((c1 * dx2) - (c2 * dx1)) / det);
        var (uy, vy) = (((dy1 * r2) - (dy2 * r1)) / det, ((c1 * dy2) - (c2 * dy1)) / det);
        return new GridTransform(p.X - (g.A.Column * ux) - (g.A.Row * vx), p.Y - (g.A.Column * uy) - (g.A.Row * vy), ux, uy, vx, vy);
    }

    // Square spots (equal steps within 6 %), orthogonal axes (within 5°), a pitch of at least 4 pixels: a map skewed onto a
    // neighbouring row of bright analytes fails these (seen on the real ARY022B frames).
    private static bool Plausible(GridTransform t, PixelBuffer image)
    {
        var (u, v) = (t.Pitch, Math.Sqrt((t.RowX * t.RowX) + (t.RowY * t.RowY)));
        var cos = ((t.ColumnX * t.RowX) + (t.ColumnY * t.RowY)) / (u * v);
        return u >= 4 && v >= 4 && Math.Abs(u - v) <= 0.06 * Math.Max(u, v) && Math.Abs(cos) <= Math.Sin(5 * Math.PI / 180) && u < image.Width;
    }

    private static double Sample(PixelBuffer image, double x, double y)
    {
        var (px, py) = ((int)Math.Round(x), (int)Math.Round(y));
        double best = 0;
        for (var dy = -1; dy <= 1; dy++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                if (px + dx >= 0 && py + dy >= 0 && px + dx < image.Width && py + dy < image.Height)
                {
                    best = Math.Max(best, image[px + dx, py + dy]);
                }
            }
        }

        return best == 0 ? -1e9 : best;
    }

    // Connected regions (4-neighbour) above the background by a third of the way to the image's top, with their mass and centroid.
    private static List<(double X, double Y, double Mass)> Blobs(PixelBuffer image, double background)
    {
        var pixels = image.Pixels.AsSpan();
        var top = 0;
        foreach (var p in pixels)
        {
            top = Math.Max(top, p);
        }

        var threshold = background + ((top - background) / 3);
        var (width, height) = (image.Width, image.Height);
        var seen = new bool[pixels.Length];
        var blobs = new List<(double, double, double)>();
        var stack = new int[64];
        for (var start = 0; start < pixels.Length; start++)
        {
            if (seen[start] || pixels[start] < threshold)
            {
                continue;
            }

            double m = 0, sx = 0, sy = 0;
            var count = 0;
            var depth = 0;
            stack[depth++] = start;
            seen[start] = true;
            while (depth > 0)
            {
                var i = stack[--depth];
                var (x, y) = (i % width, i / width);
                var w = pixels[i] - background;
                (m, sx, sy, count) = (m + w, sx + (w * x), sy + (w * y), count + 1);
                if (depth + 4 > stack.Length)
                {
                    Array.Resize(ref stack, stack.Length * 2);
                }

                if (x > 0 && !seen[i - 1] && pixels[i - 1] >= threshold)
                {
                    seen[i - 1] = true;
                    stack[depth++] = i - 1;
                }

                if (x < width - 1 && !seen[i + 1] && pixels[i + 1] >= threshold)
                {
                    seen[i + 1] = true;
                    stack[depth++] = i + 1;
                }

                if (y > 0 && !seen[i - width] && pixels[i - width] >= threshold)
                {
                    seen[i - width] = true;
                    stack[depth++] = i - width;
                }

                if (y < height - 1 && !seen[i + width] && pixels[i + width] >= threshold)
                {
                    seen[i + width] = true;
                    stack[depth++] = i + width;
                }
            }

            if (count >= 3)
            {
                blobs.Add((sx / m, sy / m, m));
            }
        }

        return blobs;
    }
}
