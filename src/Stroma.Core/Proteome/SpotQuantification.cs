using System.Collections.Immutable;
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
/// <param name="Background">Local background (median of the annulus around the ROI).</param>
/// <param name="Saturated">A pixel of the ROI at the detector's maximum.</param>
/// <param name="NoiseSd">Pixel noise of the annulus (1.4826 × its median absolute deviation).</param>
/// <param name="RoiPixels">Pixels in the ROI.</param>
public sealed record MeasuredSpot(LayoutSpot Spot, double X, double Y, double Signal, double Background, bool Saturated, double NoiseSd = 0, int RoiPixels = 0);

/// <summary>Stable issue codes for spot quantification.</summary>
public static class SpotIssues
{
    /// <summary>The reference spots could not be found (error).</summary>
    public const string GridNotFound = "ARRAY001";
}

/// <summary>
/// Grid alignment from the reference spots and spot measurement (research/proteome.md §2). Alignment: the brightest blobs above the
/// background are candidates; every choice of three of them as the three most spread reference spots gives an affine map (so any
/// rotation, flip, scale and shift); the map whose predicted reference spots carry the most signal, with near-square, near-orthogonal
/// axes, wins. Each spot is then re-centred on its own signal within a third of a pitch, measured in a circular ROI (0.4 pitch)
/// against the median of an annulus (0.42–0.5 pitch), and flagged when saturated.
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
        var background = Median(image.Pixels);
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

                    var score = references.Sum(s => t.At(s.Row, s.Column) is var (x, y) ? Sample(image, x, y) - background : 0);
                    if (score > bestScore)
                    {
                        (best, bestScore) = (t, score);
                    }
                }
            }
        }

        return best is null
            ? ReadResult.Failed<GridTransform>([Issue.Error(SpotIssues.GridNotFound, image.Source, $"Expected the {references.Count} reference spots of {layout.Kit} among the brightest blobs; no consistent grid was found among {blobs.Count}.")])
            : ReadResult.Of(best);
    }

    /// <summary>Measures every spot of the layout on an aligned image.</summary>
    public static ImmutableArray<MeasuredSpot> Measure(PixelBuffer image, ArrayLayout layout, GridTransform grid)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(grid);
        var pitch = grid.Pitch;
        return [.. layout.Spots.Select(spot =>
        {
            var (x0, y0) = grid.At(spot.Row, spot.Column);
            var ring = Ring(image, x0, y0, 0.42 * pitch, 0.5 * pitch);
            var background = ring.Count > 0 ? Median(ring) : 0;
            var (x, y) = Recentre(image, x0, y0, pitch / 3, background);
            var ringHere = Ring(image, x, y, 0.42 * pitch, 0.5 * pitch);
            background = ringHere.Count > 0 ? Median(ringHere) : background;
            double signal = 0;
            var saturated = false;
            var pixels = 0;
            var noise = ringHere.Count > 0 ? 1.4826 * Median(ringHere.Select(v => (ushort)Math.Min(ushort.MaxValue, Math.Abs(v - background))).ToList()) : 0;
            var radius = 0.4 * pitch;
            for (var py = (int)Math.Floor(y - radius); py <= (int)Math.Ceiling(y + radius); py++)
            {
                for (var px = (int)Math.Floor(x - radius); px <= (int)Math.Ceiling(x + radius); px++)
                {
                    if (px < 0 || py < 0 || px >= image.Width || py >= image.Height || ((px - x) * (px - x)) + ((py - y) * (py - y)) > radius * radius)
                    {
                        continue;
                    }

                    signal += image[px, py] - background;
                    saturated |= image[px, py] >= image.MaxValue;
                    pixels++;
                }
            }

            return new MeasuredSpot(spot, x, y, signal, background, saturated, noise, pixels);
        })];
    }

    private static (double X, double Y) Recentre(PixelBuffer image, double x0, double y0, double reach, double background)
    {
        double sw = 0, sx = 0, sy = 0;
        for (var py = (int)(y0 - reach); py <= (int)(y0 + reach); py++)
        {
            for (var px = (int)(x0 - reach); px <= (int)(x0 + reach); px++)
            {
                if (px < 0 || py < 0 || px >= image.Width || py >= image.Height)
                {
                    continue;
                }

                var w = Math.Max(0, image[px, py] - background);
                (sw, sx, sy) = (sw + w, sx + (w * px), sy + (w * py));
            }
        }

        // Only a spot with real signal moves its centre, and never beyond a quarter pitch.
        if (sw <= 0)
        {
            return (x0, y0);
        }

        var (x, y) = (sx / sw, sy / sw);
        return Math.Sqrt(((x - x0) * (x - x0)) + ((y - y0) * (y - y0))) <= reach * 0.75 ? (x, y) : (x0, y0);
    }

    private static List<ushort> Ring(PixelBuffer image, double x, double y, double inner, double outer)
    {
        var values = new List<ushort>();
        for (var py = (int)Math.Floor(y - outer); py <= (int)Math.Ceiling(y + outer); py++)
        {
            for (var px = (int)Math.Floor(x - outer); px <= (int)Math.Ceiling(x + outer); px++)
            {
                var d2 = ((px - x) * (px - x)) + ((py - y) * (py - y));
                if (px >= 0 && py >= 0 && px < image.Width && py < image.Height && d2 >= inner * inner && d2 <= outer * outer)
                {
                    values.Add(image[px, py]);
                }
            }
        }

        return values;
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
        var top = image.Pixels.Max(p => (double)p);
        var threshold = background + ((top - background) / 3);
        var seen = new bool[image.Width * image.Height];
        var blobs = new List<(double, double, double)>();
        var stack = new Stack<int>();
        for (var start = 0; start < seen.Length; start++)
        {
            if (seen[start] || image.Pixels[start] < threshold)
            {
                continue;
            }

            double m = 0, sx = 0, sy = 0;
            var count = 0;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                var (x, y) = (i % image.Width, i / image.Width);
                var w = image.Pixels[i] - background;
                (m, sx, sy, count) = (m + w, sx + (w * x), sy + (w * y), count + 1);
                foreach (var n in new[] { (x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1) })
                {
                    var j = (n.Item2 * image.Width) + n.Item1;
                    if (n.Item1 >= 0 && n.Item2 >= 0 && n.Item1 < image.Width && n.Item2 < image.Height && !seen[j] && image.Pixels[j] >= threshold)
                    {
                        seen[j] = true;
                        stack.Push(j);
                    }
                }
            }

            if (count >= 3)
            {
                blobs.Add((sx / m, sy / m, m));
            }
        }

        return blobs;
    }

    private static double Median(IReadOnlyCollection<ushort> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
