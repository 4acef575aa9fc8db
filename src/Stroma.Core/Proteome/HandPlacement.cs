using MathNet.Numerics.LinearAlgebra;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>A pixel position on an image (x to the right, y down, from the top-left pixel's centre).</summary>
/// <param name="X">x (pixels).</param>
/// <param name="Y">y (pixels).</param>
public readonly record struct PixelPoint(double X, double Y);

/// <summary>
/// The three corner reference spots of a layout as a user placed them by hand on an image (proMAD's and ImageJ's manual grid): where
/// the layout's top-left, top-right and bottom-left reference spots (<see cref="HandPlacement.CornersOf"/>) lie on the image, whatever
/// way the membrane was turned or mirrored when it was imaged.
/// </summary>
/// <param name="TopLeft">The top-left reference spot's centre.</param>
/// <param name="TopRight">The top-right reference spot's centre.</param>
/// <param name="BottomLeft">The bottom-left reference spot's centre.</param>
public sealed record PlacedCorners(PixelPoint TopLeft, PixelPoint TopRight, PixelPoint BottomLeft)
{
    /// <summary>The three points in the order top-left, top-right, bottom-left.</summary>
    public IReadOnlyList<PixelPoint> Points => [TopLeft, TopRight, BottomLeft];

    /// <summary>"x,y; x,y; x,y" (pixels, invariant), the form kept with a run and read back by <see cref="HandPlacement.ParseCorners"/>.</summary>
    public override string ToString() => string.Join("; ", Points.Select(p => FormattableString.Invariant($"{p.X:0.##},{p.Y:0.##}")));
}

/// <summary>
/// The grid placed by hand instead of searched for (issue 14): the affine map from the layout's printed positions (pitch units) to
/// pixels solved exactly from the three placed corner reference spots, then refitted by least squares to the centres of the spots that
/// show (each re-centred on its own signal, as <see cref="SpotQuantification.Measure"/> does). A placement is refused, never quantified,
/// when a corner lies off the image, when the three points make no near-square, near-orthogonal grid (10 %, 6°: the corners are
/// another layout's, or clicked in the wrong order), when fewer than two thirds of the reference spots show at their placed positions
/// (the layout's detection limit: negative controls + 3 noise SD over the ROI), or when the spots that show lie on average more than a
/// quarter pitch from their placed positions.
/// </summary>
public static class HandPlacement
{
    /// <summary>
    /// A layout's three corner reference spots by their printed positions (x along the columns, y along the rows): top-left the least
    /// x + y, top-right the greatest x − y, bottom-left the greatest y − x; null when the layout has no three distinct, non-collinear ones.
    /// </summary>
    public static (LayoutSpot TopLeft, LayoutSpot TopRight, LayoutSpot BottomLeft)? CornersOf(ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var references = layout.Spots.Where(s => s.Role == SpotRole.Reference).ToList();
        if (references.Count < 3)
        {
            return null;
        }

        double X(LayoutSpot s) => layout.PositionOf(s).X;
        double Y(LayoutSpot s) => layout.PositionOf(s).Y;
        var topLeft = references.OrderBy(s => X(s) + Y(s)).ThenBy(s => Y(s)).First();
        var topRight = references.OrderByDescending(s => X(s) - Y(s)).ThenBy(s => Y(s)).First();
        var bottomLeft = references.OrderByDescending(s => Y(s) - X(s)).ThenBy(s => X(s)).First();
        var area = ((X(topRight) - X(topLeft)) * (Y(bottomLeft) - Y(topLeft))) - ((Y(topRight) - Y(topLeft)) * (X(bottomLeft) - X(topLeft)));
        return Math.Abs(area) < 1 ? null : (topLeft, topRight, bottomLeft);
    }

    /// <summary>Reads "x,y; x,y; x,y" (top-left, top-right, bottom-left; pixels, a dot as the decimal separator); null when it is not that.</summary>
    public static PlacedCorners? ParseCorners(string? text)
    {
        var parts = (text ?? string.Empty).Split(';', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
        {
            return null;
        }

        var points = new List<PixelPoint>();
        foreach (var part in parts)
        {
            var xy = part.Split(',', StringSplitOptions.TrimEntries);
            if (xy.Length != 2 || !TryPixel(xy[0], out var x) || !TryPixel(xy[1], out var y))
            {
                return null;
            }

            points.Add(new PixelPoint(x, y));
        }

        return new PlacedCorners(points[0], points[1], points[2]);
    }

    /// <summary>A pixel coordinate typed or posted: a finite number with a dot as the decimal separator.</summary>
    public static bool TryPixel(string? text, out double value) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The grid placed by the three corner reference spots, or the issues that refuse it (ARRAY006, ARRAY004).</summary>
    public static ReadResult<GridTransform> Place(PixelBuffer image, ArrayLayout layout, PlacedCorners corners)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(corners);
        if (CornersOf(layout) is not { } spots)
        {
            return Refuse(SpotIssues.BadPlacement, image.Source, $"Expected a layout with three reference spots at its corners to place by hand; {layout.Kit} has none.");
        }

        var named = new[] { ("top-left", spots.TopLeft, corners.TopLeft), ("top-right", spots.TopRight, corners.TopRight), ("bottom-left", spots.BottomLeft, corners.BottomLeft) };
        var outside = named.Where(n => n.Item3.X < 0 || n.Item3.Y < 0 || n.Item3.X > image.Width - 1 || n.Item3.Y > image.Height - 1).ToList();
        if (outside.Count > 0)
        {
            return ReadResult.Failed<GridTransform>([.. outside.Select(n => Issue.Error(SpotIssues.BadPlacement, n.Item1,
                $"Expected the {n.Item1} reference spot {n.Item2.Label} on the image (0–{image.Width - 1}, 0–{image.Height - 1}); found ({n.Item3.X:0.#}, {n.Item3.Y:0.#})."))]);
        }

        var grid = Solve([.. named.Select(n => (n.Item3.X, n.Item3.Y, layout.PositionOf(n.Item2).X, layout.PositionOf(n.Item2).Y))], layout);
        if (grid is null || !Square(grid))
        {
            var (u, v) = grid is null ? (0, 0) : (grid.Pitch, Math.Sqrt((grid.RowX * grid.RowX) + (grid.RowY * grid.RowY)));
            return Refuse(SpotIssues.BadPlacement, image.Source,
                $"Expected {spots.TopLeft.Label}, {spots.TopRight.Label} and {spots.BottomLeft.Label} of {layout.Kit} to make a square grid (equal steps within 10 %, axes at right angles within 6°); the points placed give steps of {u:0.0} and {v:0.0} px. Were they clicked in that order, on those spots?");
        }

        // Refit once to the spots that show, each re-centred on its own signal.
        var measured = SpotQuantification.Measure(image, layout, grid).Value;
        var shown = measured.Where(s => s.Signal > 3 * s.NoiseSd * Math.Sqrt(Math.Max(1, s.RoiPixels)) && s.Spot.Role != SpotRole.Negative).ToList();
        if (shown.Count >= 6 && Solve([.. shown.Select(s => (s.X, s.Y, layout.PositionOf(s.Spot).X, layout.PositionOf(s.Spot).Y))], layout) is { } refit && Square(refit))
        {
            grid = refit;
            measured = SpotQuantification.Measure(image, layout, grid).Value;
        }

        var negatives = measured.Where(s => s.Spot.Role == SpotRole.Negative).ToList();
        var noise = measured.Select(s => s.NoiseSd).Order().ElementAt(measured.Length / 2);
        var limit = (negatives.Count > 0 ? negatives.Average(s => s.Signal) : 0) + (3 * noise * Math.Sqrt(measured.Max(s => s.RoiPixels)));
        var references = measured.Where(s => s.Spot.Role == SpotRole.Reference).ToList();
        var lit = references.Count(s => s.Signal > limit && limit > 0);
        if (lit * 3 < references.Count * 2)
        {
            return Refuse(SpotIssues.OffGrid, image.Source,
                $"Expected the reference spots of {layout.Kit} to show at the placed positions; {lit} of {references.Count} are above the detection limit ({limit:G4}). Place {spots.TopLeft.Label}, {spots.TopRight.Label} and {spots.BottomLeft.Label} on their spots.");
        }

        var showing = measured.Where(s => s.Signal > limit && s.Spot.Role != SpotRole.Negative).ToList();
        var rms = Math.Sqrt(showing.Average(s => grid.At(s.Spot.Row, s.Spot.Column) is var (x, y) ? ((x - s.X) * (x - s.X)) + ((y - s.Y) * (y - s.Y)) : 0)) / grid.Pitch;
        if (rms > 0.25)
        {
            return Refuse(SpotIssues.OffGrid, image.Source,
                $"Expected the spots that show to lie on the placed grid of {layout.Kit}; they lie {rms:0.00} pitch from their positions (root mean square). Place the corners again.");
        }

        return ReadResult.Of(grid);
    }

    // Least squares (exact for three points): pixel = origin + x × column step + y × row step.
    private static GridTransform? Solve(IReadOnlyList<(double Px, double Py, double X, double Y)> pairs, ArrayLayout layout)
    {
        var a = Matrix<double>.Build.Dense(pairs.Count, 3, (i, j) => j == 0 ? 1 : j == 1 ? pairs[i].X : pairs[i].Y);
        var normal = a.TransposeThisAndMultiply(a);
        if (Math.Abs(normal.Determinant()) < 1e-9)
        {
            return null;
        }

        var sx = normal.Solve(a.TransposeThisAndMultiply(Vector<double>.Build.DenseOfEnumerable(pairs.Select(p => p.Px))));
        var sy = normal.Solve(a.TransposeThisAndMultiply(Vector<double>.Build.DenseOfEnumerable(pairs.Select(p => p.Py))));
        return new GridTransform(sx[0], sy[0], sx[1], sy[1], sx[2], sy[2]) { ColumnPositions = layout.ColumnPositions, RowPositions = layout.RowPositions };
    }

    // Equal steps within 10 %, axes at right angles within 6°, a pitch of at least 4 pixels.
    private static bool Square(GridTransform t)
    {
        var (u, v) = (t.Pitch, Math.Sqrt((t.RowX * t.RowX) + (t.RowY * t.RowY)));
        var cos = ((t.ColumnX * t.RowX) + (t.ColumnY * t.RowY)) / (u * v);
        return u >= 4 && v >= 4 && Math.Abs(u - v) <= 0.1 * Math.Max(u, v) && Math.Abs(cos) <= Math.Sin(6 * Math.PI / 180);
    }

    private static ReadResult<GridTransform> Refuse(string code, string location, FormattableString message) =>
        ReadResult.Failed<GridTransform>([Issue.Error(code, location, message)]);
}
