using System.Buffers;

namespace Stroma.Core.Proteome;

/// <summary>A spot found on the image before any layout is applied: its centre, its mass above the background, and its size.</summary>
/// <param name="X">Centre x (pixels).</param>
/// <param name="Y">Centre y (pixels).</param>
/// <param name="Mass">Σ(pixel − background) over its pixels.</param>
/// <param name="Pixels">Pixels above the threshold.</param>
internal readonly record struct SpotCandidate(double X, double Y, double Mass, int Pixels);

/// <summary>The spots found on an image and the lattice they lie on: the pitch (pixels) and the angle of the lattice's axes
/// (radians, −45° to 45°: the lattice is found up to quarter turns and mirrors, which the layout fit decides).</summary>
internal sealed record SpotLattice(List<SpotCandidate> Spots, double Pitch, double Angle, double Background, double Coherence);

/// <summary>
/// Finds the spots of a membrane image without a layout, robust to what real membranes show (issue 16): saturated spots that run
/// into their duplicate (an elongated region is split along its long axis into as many spots as it is long), ring-shaped spots with
/// a bright edge and a dimmer centre (each centre is re-found as the centroid of everything within 0.4 pitch, which a ring shares
/// with its middle), and analytes as bright as the reference spots (nothing here assumes which spots are brightest). The lattice's
/// pitch is the median distance from a spot to its nearest neighbour (inside a printed block, neighbours sit one pitch apart); its
/// angle the circular mean of 4 × the angles of the neighbour vectors near one pitch long.
/// </summary>
internal static class SpotDetection
{
    /// <summary>The spots and their lattice, or null when fewer than four spots or no common lattice can be seen.</summary>
    public static SpotLattice? Find(PixelBuffer image)
    {
        // A first look, on the image smoothed over 3 × 3 pixels (noise would break faint spots into fragments) above one level for the
        // whole image, gives the pitch; the spots are then found above the local background (the lower quartile in blocks of two
        // pitches, interpolated), which follows a membrane brighter in one part than another.
        // The image-sized buffers come from the shared pool: a fresh one per image would be a large-object allocation each time.
        var n = image.Pixels.Length;
        var (smooth, residual, background) = (ArrayPool<ushort>.Shared.Rent(n), ArrayPool<ushort>.Shared.Rent(n), ArrayPool<float>.Shared.Rent(n));
        try
        {
            MembraneBackground.Smooth(image, smooth);
            var (level, threshold) = MembraneBackground.Threshold(smooth.AsSpan(0, n));
            var members = new List<int>();
            var regions = Largest(Regions(smooth, image.Width, image.Height, threshold, members));
            var first = regions.Select(r => Whole(r, image, members, null, level)).ToList();
            var pitch = first.Count >= 4 ? NearestNeighbourPitch(Merge(first, regions.Select(r => Math.Sqrt(r.Count / Math.PI)).ToList())) : 0;
            if (pitch < 4)
            {
                return null;
            }

            MembraneBackground.LocalBackground(smooth, image.Width, image.Height, Math.Max(8, (int)Math.Round(2 * pitch)), background);
            for (var i = 0; i < n; i++)
            {
                residual[i] = (ushort)Math.Clamp((int)(smooth[i] - background[i]) + MembraneBackground.Offset, 0, ushort.MaxValue);
            }

            (_, threshold) = MembraneBackground.Threshold(residual.AsSpan(0, n));
            members.Clear();
            regions = Largest(Regions(residual, image.Width, image.Height, threshold, members));
            var whole = regions.Select(r => Whole(r, image, members, background, 0)).ToList();
            var sizes = regions.Select(r => Math.Sqrt(r.Count / Math.PI)).ToList();
            var round = Merge(whole.Where((_, k) => !regions[k].IsElongated).ToList(), sizes.Where((_, k) => !regions[k].IsElongated).ToList());
            pitch = round.Count >= 4 ? NearestNeighbourPitch(round) : pitch;
            var spots = new List<SpotCandidate>();
            for (var k = 0; k < regions.Count; k++)
            {
                Split(regions[k], pitch, image, members, background, spots);
            }

            spots = Recentre(image, Merge(spots, 0.4 * pitch), background, 0.4 * pitch);
            if (spots.Count < 4)
            {
                return null;
            }

            pitch = NearestNeighbourPitch(spots);
            var (angle, coherence) = LatticeAngle(spots, pitch);
            return pitch >= 4 ? new SpotLattice(spots, pitch, angle, level, coherence) : null;
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(smooth);
            ArrayPool<ushort>.Shared.Return(residual);
            ArrayPool<float>.Shared.Return(background);
        }
    }

    // The largest regions, at most MaxSpots (the steps after this compare every spot with every other; no membrane prints more spots).
    private const int MaxSpots = 3000;

    private static List<Region> Largest(List<Region> regions) =>
        regions.Count <= MaxSpots ? regions : [.. regions.OrderByDescending(r => r.Count).Take(MaxSpots).OrderBy(r => r.Start)];

    // A connected region: its pixels (members[Start..Start+Count]), centroid, long axis, extent along it and width across it.
    private readonly record struct Region(int Start, int Count, double X, double Y, double AxisX, double AxisY, double From, double To, double Width)
    {
        // Longer than 1.6 times its width: more than one spot.
        public bool IsElongated => Count >= 12 && To - From + 1 > 1.6 * Width;
    }

    // Connected regions (4-neighbour) at or above the threshold, with their shape.
    private static List<Region> Regions(ushort[] pixels, int width, int height, double level, List<int> members)
    {
        var threshold = (int)Math.Min(Math.Ceiling(level), ushort.MaxValue + 1);
        var count = width * height;
        var seen = ArrayPool<bool>.Shared.Rent(count);
        Array.Clear(seen, 0, count);
        var found = new List<Region>();
        var stack = new int[64];
        var depth = 0;
        for (var start = 0; start < count; start++)
        {
            if (seen[start] || pixels[start] < threshold)
            {
                continue;
            }

            var first = members.Count;
            seen[start] = true;
            stack[depth++] = start;
            while (depth > 0)
            {
                var i = stack[--depth];
                if (depth + 4 > stack.Length)
                {
                    Array.Resize(ref stack, stack.Length * 2);
                }

                members.Add(i);
                var (x, y) = (i % width, i / width);
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

            var size = members.Count - first;
            if (size < 3)
            {
                members.RemoveRange(first, size);
                continue;
            }

            found.Add(Shape(first, size, width, members));
        }

        ArrayPool<bool>.Shared.Return(seen);
        return found;
    }

    private static Region Shape(int first, int count, int width, List<int> members)
    {
        double sx = 0, sy = 0;
        for (var k = first; k < first + count; k++)
        {
            (sx, sy) = (sx + (members[k] % width), sy + (members[k] / width));
        }

        var (mx, my) = (sx / count, sy / count);
        double xx = 0, yy = 0, xy = 0;
        for (var k = first; k < first + count; k++)
        {
            var (dx, dy) = ((members[k] % width) - mx, (members[k] / width) - my);
            (xx, yy, xy) = (xx + (dx * dx), yy + (dy * dy), xy + (dx * dy));
        }

        var angle = 0.5 * Math.Atan2(2 * xy, xx - yy);
        var (ax, ay) = (Math.Cos(angle), Math.Sin(angle));
        double from = double.MaxValue, to = double.MinValue, across = 0;
        for (var k = first; k < first + count; k++)
        {
            var (dx, dy) = ((members[k] % width) - mx, (members[k] / width) - my);
            var along = (dx * ax) + (dy * ay);
            (from, to, across) = (Math.Min(from, along), Math.Max(to, along), across + (((dx * ay) - (dy * ax)) * ((dx * ay) - (dy * ax))));
        }

        // A disc of diameter D has a variance of D²/16 across any axis.
        return new Region(first, count, mx, my, ax, ay, from, to, 4 * Math.Sqrt(across / count));
    }

    private static SpotCandidate Whole(Region region, PixelBuffer image, List<int> members, float[]? background, double level)
    {
        double m = 0, sx = 0, sy = 0;
        for (var k = region.Start; k < region.Start + region.Count; k++)
        {
            var i = members[k];
            var w = Math.Max(0, image.Pixels[i] - (background is null ? level : background[i]));
            (m, sx, sy) = (m + w, sx + (w * (i % image.Width)), sy + (w * (i / image.Width)));
        }

        return m > 0 ? new SpotCandidate(sx / m, sy / m, m, region.Count) : new SpotCandidate(region.X, region.Y, 0, region.Count);
    }

    // A round region is one spot; an elongated one is (length − width) / pitch + 1 spots along its axis, each pixel going to the nearest.
    private static void Split(Region region, double pitch, PixelBuffer image, List<int> members, float[] background, List<SpotCandidate> found)
    {
        var parts = region.IsElongated ? Math.Clamp((int)Math.Round((region.To - region.From + 1 - region.Width) / pitch) + 1, 1, 8) : 1;
        if (parts == 1)
        {
            found.Add(Whole(region, image, members, background, 0));
            return;
        }

        var first = region.From + (region.Width / 2);
        var step = parts > 1 ? Math.Max(1, (region.To - region.From - region.Width) / (parts - 1)) : 0;
        var mass = new double[parts];
        var cx = new double[parts];
        var cy = new double[parts];
        var count = new int[parts];
        for (var k = region.Start; k < region.Start + region.Count; k++)
        {
            var i = members[k];
            var (x, y) = (i % image.Width, i / image.Width);
            var along = ((x - region.X) * region.AxisX) + ((y - region.Y) * region.AxisY);
            var part = Math.Clamp((int)Math.Round((along - first) / step), 0, parts - 1);
            var w = Math.Max(0, image.Pixels[i] - background[i]);
            (mass[part], cx[part], cy[part], count[part]) = (mass[part] + w, cx[part] + (w * x), cy[part] + (w * y), count[part] + 1);
        }

        for (var p = 0; p < parts; p++)
        {
            if (mass[p] > 0)
            {
                found.Add(new SpotCandidate(cx[p] / mass[p], cy[p] / mass[p], mass[p], count[p]));
            }
        }
    }

    // Fragments of one spot (a ring broken into arcs, a faint spot broken by noise) closer than the distance, or than their radii and
    // a pixel and a half, become one, mass-weighted.
    private static List<SpotCandidate> Merge(List<SpotCandidate> spots, double distance) => Merge(spots, [.. spots.Select(_ => distance / 2)], 0);

    private static List<SpotCandidate> Merge(List<SpotCandidate> spots, List<double> radii, double slack = 1.5)
    {
        var merged = new List<(SpotCandidate Spot, double Radius)>();
        foreach (var (s, r) in spots.Zip(radii).OrderByDescending(p => p.First.Mass))
        {
            var k = merged.FindIndex(m => Math.Sqrt(((m.Spot.X - s.X) * (m.Spot.X - s.X)) + ((m.Spot.Y - s.Y) * (m.Spot.Y - s.Y))) < m.Radius + r + slack);
            if (k < 0)
            {
                merged.Add((s, r));
                continue;
            }

            var (m, mr) = merged[k];
            var total = m.Mass + s.Mass;
            merged[k] = (total > 0 ? new SpotCandidate(((m.X * m.Mass) + (s.X * s.Mass)) / total, ((m.Y * m.Mass) + (s.Y * s.Mass)) / total, total, m.Pixels + s.Pixels) : m, Math.Max(mr, r));
        }

        return [.. merged.Select(m => m.Spot)];
    }

    // Each centre becomes the centroid of the signal above the background within the radius, twice: the centre of a ring as of a disc.
    private static List<SpotCandidate> Recentre(PixelBuffer image, List<SpotCandidate> spots, float[] background, double radius)
    {
        var pixels = image.Pixels.AsSpan();
        var result = new List<SpotCandidate>(spots.Count);
        foreach (var spot in spots)
        {
            var (x0, y0) = (spot.X, spot.Y);
            for (var iteration = 0; iteration < 2; iteration++)
            {
                double sw = 0, sx = 0, sy = 0;
                var (y1, y2) = (Math.Max(0, (int)Math.Ceiling(y0 - radius)), Math.Min(image.Height - 1, (int)Math.Floor(y0 + radius)));
                for (var py = y1; py <= y2; py++)
                {
                    var half = Math.Sqrt(Math.Max(0, (radius * radius) - ((py - y0) * (py - y0))));
                    var (x1, x2) = (Math.Max(0, (int)Math.Ceiling(x0 - half)), Math.Min(image.Width - 1, (int)Math.Floor(x0 + half)));
                    var row = pixels.Slice(py * image.Width, image.Width);
                    for (var px = x1; px <= x2; px++)
                    {
                        var w = row[px] - background[(py * image.Width) + px];
                        if (w > 0)
                        {
                            (sw, sx, sy) = (sw + w, sx + (w * px), sy + (w * py));
                        }
                    }
                }

                if (sw <= 0)
                {
                    break;
                }

                (x0, y0) = (sx / sw, sy / sw);
            }

            result.Add(spot with { X = x0, Y = y0 });
        }

        return result;
    }

    // The median distance to the nearest other spot.
    private static double NearestNeighbourPitch(List<SpotCandidate> spots)
    {
        var nearest = new double[spots.Count];
        for (var i = 0; i < spots.Count; i++)
        {
            var best = double.MaxValue;
            for (var j = 0; j < spots.Count; j++)
            {
                if (i != j)
                {
                    best = Math.Min(best, ((spots[i].X - spots[j].X) * (spots[i].X - spots[j].X)) + ((spots[i].Y - spots[j].Y) * (spots[i].Y - spots[j].Y)));
                }
            }

            nearest[i] = Math.Sqrt(best);
        }

        Array.Sort(nearest);
        var median = nearest[nearest.Length / 2];
        var near = nearest.Where(d => d >= 0.8 * median && d <= 1.25 * median).ToList();
        return near.Count > 0 ? near.Average() : median;
    }

    // The angle of the lattice's axes modulo a quarter turn, from every pair of spots about one pitch apart, and how well they agree
    // (1: every pair on the same axes).
    private static (double Angle, double Coherence) LatticeAngle(List<SpotCandidate> spots, double pitch)
    {
        double c = 0, s = 0, n = 0;
        for (var i = 0; i < spots.Count; i++)
        {
            for (var j = i + 1; j < spots.Count; j++)
            {
                var (dx, dy) = (spots[j].X - spots[i].X, spots[j].Y - spots[i].Y);
                var d = Math.Sqrt((dx * dx) + (dy * dy));
                if (d >= 0.85 * pitch && d <= 1.15 * pitch)
                {
                    var phi = 4 * Math.Atan2(dy, dx);
                    (c, s, n) = (c + Math.Cos(phi), s + Math.Sin(phi), n + 1);
                }
            }
        }

        return n == 0 ? (0, 0) : (Math.Atan2(s, c) / 4, Math.Sqrt((c * c) + (s * s)) / n);
    }
}
