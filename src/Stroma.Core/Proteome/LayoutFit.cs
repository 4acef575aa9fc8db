using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>
/// Fits a whole layout to all the spots found on a membrane (issue 16), instead of assuming that its reference spots are the brightest
/// blobs. The spots found (<see cref="SpotDetection"/>) are turned by the lattice's angle, corrected for the image's shear, and
/// grouped into the lines of columns and rows they lie on (<see cref="SpotLines"/>). Each placement of the layout — one of the eight
/// quarter turns and mirrors, and which layout column and row the heaviest line of each is — assigns every line to a layout column
/// or row. A placement must light two thirds of the reference spots at their known positions; among those, the one whose spots fall
/// on the layout's spots (each weighted by its mass, up to the median's) with the fewest left over (× 3), the most reference spots
/// lit and the fewest negative controls lit (× 2 each) wins, unless another is as good (then it is refused as ambiguous). The
/// winner's columns and rows are measured where spots show them and placed by the layout's spacing from the nearest measured one
/// where none do, and an affine map is fitted by least squares (twice, re-measuring in between). It is refused when more than a
/// quarter of the spots' weight falls off the layout, when the fit leaves spots more than a quarter pitch from their positions
/// (root mean square), when the map is not near-square and near-orthogonal (6 %, 5°), or — for a layout without printed geometry —
/// when the membrane shows block gaps and some column or row has no spots to place it.
/// </summary>
internal static class LayoutFit
{
    private readonly record struct Placement(double Score, bool Swap, int ColumnSign, int RowSign, int ColumnAnchor, int RowAnchor);

    public static ReadResult<GridTransform> Align(PixelBuffer image, ArrayLayout layout)
    {
        var references = layout.Spots.Where(s => s.Role == SpotRole.Reference).ToList();
        if (references.Count < 3)
        {
            return Refuse(SpotIssues.GridNotFound, image, $"Expected at least 3 reference spots in layout {layout.Kit}; found {references.Count}.");
        }

        var lattice = SpotDetection.Find(image);
        if (lattice is null || lattice.Coherence < 0.5)
        {
            return Refuse(SpotIssues.GridNotFound, image, $"Expected the spots of a membrane on a square lattice; found {lattice?.Spots.Count ?? 0} spot(s){(lattice is null ? string.Empty : FormattableString.Invariant($" whose neighbours agree on no axes (coherence {lattice.Coherence:0.00})"))}. Is this a membrane image?");
        }

        var spots = lattice.Spots;
        var masses = spots.Select(s => s.Mass).Order().ToList();
        var weights = spots.Select(s => Math.Min(1, s.Mass / Math.Max(masses[masses.Count / 2], 1e-9))).ToArray();
        var (cos, sin) = (Math.Cos(lattice.Angle), Math.Sin(lattice.Angle));
        var (x, y) = (spots.Select(s => ((s.X * cos) + (s.Y * sin)) / lattice.Pitch).ToArray(), spots.Select(s => ((s.Y * cos) - (s.X * sin)) / lattice.Pitch).ToArray());
        // A membrane imaged with a little shear has lines that lean against the turned axes: spots of one line far apart measure it.
        var (leanX, leanY) = (SpotLines.Lean(x, y), SpotLines.Lean(y, x));
        var u = SpotLines.Group([.. x.Select((a, i) => a - (leanX * y[i]))], weights);
        var v = SpotLines.Group([.. y.Select((b, i) => b - (leanY * x[i]))], weights);
        var roles = new int[layout.Rows * layout.Columns];
        Array.Fill(roles, -1);
        foreach (var spot in layout.Spots)
        {
            roles[(spot.Row * layout.Columns) + spot.Column] = (int)spot.Role;
        }

        var (best, second) = (default(Placement?), default(Placement?));
        var lit = new int[roles.Length];
        var stamp = 0;
        foreach (var swap in new[] { false, true })
        {
            foreach (var columnSign in new[] { 1, -1 })
            {
                foreach (var rowSign in new[] { 1, -1 })
                {
                    var (columnLines, rowLines) = swap ? (v, u) : (u, v);
                    var columnMaps = Enumerable.Range(0, layout.Columns).Select(k => SpotLines.Assign(columnLines, columnSign, layout.ColumnPositions, layout.HasPrintedGeometry, k)).ToArray();
                    var rowMaps = Enumerable.Range(0, layout.Rows).Select(k => SpotLines.Assign(rowLines, rowSign, layout.RowPositions, layout.HasPrintedGeometry, k)).ToArray();
                    for (var kc = 0; kc < layout.Columns; kc++)
                    {
                        for (var kr = 0; kr < layout.Rows; kr++)
                        {
                            stamp++;
                            double on = 0, off = 0;
                            int referencesLit = 0, negativesLit = 0;
                            for (var i = 0; i < spots.Count; i++)
                            {
                                var (c, r) = (columnMaps[kc][columnLines.LineOf[i]], rowMaps[kr][rowLines.LineOf[i]]);
                                var role = c >= 0 && r >= 0 ? roles[(r * layout.Columns) + c] : -1;
                                if (role < 0)
                                {
                                    off += weights[i];
                                    continue;
                                }

                                on += weights[i];
                                if (lit[(r * layout.Columns) + c] != stamp)
                                {
                                    lit[(r * layout.Columns) + c] = stamp;
                                    referencesLit += role == (int)SpotRole.Reference ? 1 : 0;
                                    negativesLit += role == (int)SpotRole.Negative ? 1 : 0;
                                }
                            }

                            if (referencesLit * 3 < references.Count * 2)
                            {
                                continue;
                            }

                            var placement = new Placement(on - (3 * off) + (2 * referencesLit) - (2 * negativesLit), swap, columnSign, rowSign, kc, kr);
                            if (best is null || placement.Score > best.Value.Score)
                            {
                                (best, second) = (placement, best);
                            }
                            else if (second is null || placement.Score > second.Value.Score)
                            {
                                second = placement;
                            }
                        }
                    }
                }
            }
        }

        if (best is not { } b)
        {
            return Refuse(SpotIssues.GridNotFound, image, $"Expected the reference spots of {layout.Kit} at their positions; no placement of its {layout.Rows} × {layout.Columns} grid on the {spots.Count} spots found lights two thirds of them. Is this the layout of this membrane?");
        }

        if (second is { } s2 && b.Score - s2.Score < 0.5)
        {
            return Refuse(SpotIssues.OffGrid, image, $"Expected one placement of {layout.Kit} to fit the {spots.Count} spots found; two fit equally well (a turned or shifted grid). Is this the layout of this membrane, with enough spots showing?");
        }

        return Fit(image, layout, lattice, weights, b, b.Swap ? (v, u) : (u, v));
    }

    private static ReadResult<GridTransform> Fit(PixelBuffer image, ArrayLayout layout, SpotLattice lattice, double[] weights, Placement p, (SpotLines Columns, SpotLines Rows) lines)
    {
        var spots = lattice.Spots;
        var columnMap = SpotLines.Assign(lines.Columns, p.ColumnSign, layout.ColumnPositions, layout.HasPrintedGeometry, p.ColumnAnchor);
        var rowMap = SpotLines.Assign(lines.Rows, p.RowSign, layout.RowPositions, layout.HasPrintedGeometry, p.RowAnchor);
        var pairs = new List<(double X, double Y, int Column, int Row)>();
        double on = 0, off = 0;
        for (var i = 0; i < spots.Count; i++)
        {
            var (c, r) = (columnMap[lines.Columns.LineOf[i]], rowMap[lines.Rows.LineOf[i]]);
            if (c >= 0 && r >= 0 && layout.Spots.Any(s => s.Column == c && s.Row == r))
            {
                pairs.Add((spots[i].X, spots[i].Y, c, r));
                on += weights[i];
            }
            else
            {
                off += weights[i];
            }
        }

        // Positions first from the lines' centres, then measured in the fitted map; refitted once.
        var (measuredColumns, measuredRows) = (Measured(lines.Columns, columnMap, p.ColumnSign, layout.Columns), Measured(lines.Rows, rowMap, p.RowSign, layout.Rows));
        if (!layout.HasPrintedGeometry && (Unstated(measuredColumns) is { } gap || Unstated(measuredRows) is { } gap2 && (gap = gap2) is not null))
        {
            return Refuse(SpotIssues.UnstatedBlocks, image,
                $"Expected the spots of {layout.Kit} one pitch apart, as its layout states no printed geometry; the membrane is printed in blocks ({gap}), and where no spots show, a column or row cannot be placed from whole pitches. Give the layout's printed positions (a CSV with x and y, or a proMAD kit file; shipped: {string.Join(", ", ShippedLayouts.Names)}).");
        }

        var columns = Fill(measuredColumns, layout.ColumnPositions);
        var rows = Fill(measuredRows, layout.RowPositions);
        var grid = Affine(pairs, columns, rows);
        for (var iteration = 0; iteration < 2 && grid is not null; iteration++)
        {
            var columnSums = new (double Sum, int N)[layout.Columns];
            var rowSums = new (double Sum, int N)[layout.Rows];
            foreach (var (x, y, c, r) in pairs)
            {
                var (a, b) = grid.PitchUnitsAt(x, y);
                columnSums[c] = (columnSums[c].Sum + a, columnSums[c].N + 1);
                rowSums[r] = (rowSums[r].Sum + b, rowSums[r].N + 1);
            }

            columns = Fill([.. columnSums.Select(t => t.N > 0 ? t.Sum / t.N : (double?)null)], layout.ColumnPositions);
            rows = Fill([.. rowSums.Select(t => t.N > 0 ? t.Sum / t.N : (double?)null)], layout.RowPositions);
            grid = Affine(pairs, columns, rows);
        }

        if (grid is null || !Plausible(grid, image))
        {
            return Refuse(SpotIssues.OffGrid, image, $"Expected a square grid for {layout.Kit}; the spots found fit none (pitch {lattice.Pitch:0.0} px). Is this the layout of this membrane?");
        }

        var rms = Math.Sqrt(pairs.Average(q => grid.At(q.Row, q.Column) is var (x, y) ? ((x - q.X) * (x - q.X)) + ((y - q.Y) * (y - q.Y)) : 0)) / grid.Pitch;
        if (off > 0.25 * (on + off) || rms > 0.25)
        {
            var between = spots.Count - pairs.Count;
            return Refuse(SpotIssues.OffGrid, image,
                $"Expected the spots found on the grid of {layout.Kit} ({layout.Rows} × {layout.Columns}) once its reference spots are placed; {between} of the {spots.Count} fall between or outside its positions ({100 * off / (on + off):0} % of their weight), and those on it lie {rms:0.00} pitch from their positions (root mean square). Is this the layout of this membrane?");
        }

        return ReadResult.Of(grid);
    }

    // For a layout without printed geometry: a block gap between two measured neighbours (a spacing a quarter pitch or more from whole
    // pitches) while some index has no measured position, described; else null.
    private static string? Unstated(double?[] measured)
    {
        if (measured.All(m => m is not null))
        {
            return null;
        }

        var known = Enumerable.Range(0, measured.Length).Where(i => measured[i] is not null).ToList();
        for (var k = 1; k < known.Count; k++)
        {
            var (a, b) = (known[k - 1], known[k]);
            var spacing = measured[b]!.Value - measured[a]!.Value;
            if (Math.Abs(spacing - (b - a)) > 0.25)
            {
                return FormattableString.Invariant($"lines {a + 1} and {b + 1} lie {spacing:0.00} pitches apart");
            }
        }

        return null;
    }

    // Each layout index's position from the lines assigned to it (pitch units along the turned axis), or null.
    private static double?[] Measured(SpotLines lines, int[] map, int sign, int count)
    {
        var measured = new double?[count];
        for (var j = 0; j < map.Length; j++)
        {
            if (map[j] >= 0)
            {
                measured[map[j]] = sign * lines.Centres[j];
            }
        }

        return measured;
    }

    // Indices without a measured position sit at the layout's spacing from the nearest measured index.
    private static double[] Fill(double?[] measured, IReadOnlyList<double> layout)
    {
        var filled = new double[measured.Length];
        for (var i = 0; i < measured.Length; i++)
        {
            var nearest = Enumerable.Range(0, measured.Length).Where(j => measured[j] is not null).OrderBy(j => Math.Abs(j - i)).ThenBy(j => j).Select(j => (int?)j).FirstOrDefault();
            filled[i] = measured[i] ?? (nearest is { } j ? measured[j]!.Value + layout[i] - layout[j] : layout[i]);
        }

        return filled;
    }

    // Least squares: pixel = origin + column position × U + row position × V.
    private static GridTransform? Affine(List<(double X, double Y, int Column, int Row)> pairs, double[] columns, double[] rows)
    {
        var m = new double[3, 3];
        var (bx, by) = (new double[3], new double[3]);
        foreach (var (x, y, c, r) in pairs)
        {
            double[] f = [1, columns[c], rows[r]];
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    m[i, j] += f[i] * f[j];
                }

                (bx[i], by[i]) = (bx[i] + (f[i] * x), by[i] + (f[i] * y));
            }
        }

        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(m);
        if (pairs.Count < 3 || Math.Abs(matrix.Determinant()) < 1e-9)
        {
            return null;
        }

        var sx = matrix.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(bx));
        var sy = matrix.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(by));
        return new GridTransform(sx[0], sy[0], sx[1], sy[1], sx[2], sy[2]) { ColumnPositions = [.. columns], RowPositions = [.. rows] };
    }

    // Square spots (equal steps within 6 %), orthogonal axes (within 5°), a pitch of at least 4 pixels.
    private static bool Plausible(GridTransform t, PixelBuffer image)
    {
        var (u, v) = (t.Pitch, Math.Sqrt((t.RowX * t.RowX) + (t.RowY * t.RowY)));
        var cos = ((t.ColumnX * t.RowX) + (t.ColumnY * t.RowY)) / (u * v);
        return u >= 4 && v >= 4 && Math.Abs(u - v) <= 0.06 * Math.Max(u, v) && Math.Abs(cos) <= Math.Sin(5 * Math.PI / 180) && u < Math.Max(image.Width, image.Height);
    }

    private static ReadResult<GridTransform> Refuse(string code, PixelBuffer image, FormattableString message) =>
        ReadResult.Failed<GridTransform>([Issue.Error(code, image.Source, message)]);
}
