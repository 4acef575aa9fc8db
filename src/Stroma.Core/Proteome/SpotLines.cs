namespace Stroma.Core.Proteome;

/// <summary>
/// The lines (columns or rows) that spots found on a membrane lie on, along one turned axis: each line's centre in pitch units, its
/// weight (its spots' masses, each up to the median spot's), and each spot's line; and which layout column or row each line is. From
/// the heaviest line, each next line is assigned by the layout's printed positions when it states them (the position within 0.3
/// pitch of the distance from the line before), else by whole pitches (a spacing of d pitches is ⌊d + 0.25⌋ columns: a block gap of
/// up to ¾ pitch is not a column). A faint line (less than a quarter of a median spot's mass in all) counts no line; it is given the
/// layout's line within 0.3 pitch of where it lies from the nearest counted line, or none.
/// </summary>
/// <param name="Centres">Each line's centre (pitch units along the axis).</param>
/// <param name="Weights">Each line's weight.</param>
/// <param name="LineOf">Each spot's line.</param>
internal sealed record SpotLines(double[] Centres, double[] Weights, int[] LineOf)
{
    // A line of spots with less than a quarter of a median spot's mass in all is faint: noise in a block gap can make one.
    private const double Faint = 0.25;

    // The median slope, across a line, of pairs of spots on one line (within 0.6 pitch across) at least 3 pitches apart along it.
    internal static double Lean(double[] across, double[] along)
    {
        var slopes = new List<double>();
        for (var i = 0; i < across.Length; i++)
        {
            for (var j = i + 1; j < across.Length; j++)
            {
                if (Math.Abs(across[j] - across[i]) < 0.6 && Math.Abs(along[j] - along[i]) >= 3)
                {
                    slopes.Add((across[j] - across[i]) / (along[j] - along[i]));
                }
            }
        }

        slopes.Sort();
        return slopes.Count > 0 ? slopes[slopes.Count / 2] : 0;
    }

    // The kernel (Gaussian σ) of the density the lines are found on, and the step it is evaluated at (pitch units).
    private const double Bandwidth = 0.12;
    private const double Step = 0.01;

    // The lines of spots along one axis, as the modes of the spots' weighted density (a Gaussian of 0.12 pitch per spot, evaluated
    // every 0.01 pitch): each spot climbs the density to its peak, and spots that reach the same peak are one line. Chaining spots
    // closer than a gap would let a speck of dust or a faint blob midway between two lines join them into one; a lone speck here
    // stays a line of its own, too light to count. Linear in the spots and the extent, whatever the image.
    internal static SpotLines Group(double[] at, double[] weights)
    {
        var order = Enumerable.Range(0, at.Length).OrderBy(i => at[i]).ToArray();
        var (reach, low) = ((int)Math.Ceiling(3 * Bandwidth / Step), at[order[0]]);
        var bins = (int)Math.Ceiling((at[order[^1]] - low) / Step) + 1;
        var density = new double[bins];
        var kernel = Enumerable.Range(-reach, (2 * reach) + 1).Select(d => Math.Exp(-0.5 * (d * Step / Bandwidth) * (d * Step / Bandwidth))).ToArray();
        foreach (var i in order)
        {
            var centre = (int)Math.Round((at[i] - low) / Step);
            for (var d = Math.Max(-reach, -centre); d <= reach && centre + d < bins; d++)
            {
                density[centre + d] += Math.Max(weights[i], 1e-6) * kernel[d + reach];
            }
        }

        // Hill climbing keeps the spots' order (the basin of each peak is an interval), so a new line starts where the peak changes.
        var lineOf = new int[at.Length];
        var centres = new List<double>();
        var lineWeights = new List<double>();
        var (peak, sum, weight) = (-1, 0.0, 0.0);
        foreach (var i in order)
        {
            var b = (int)Math.Round((at[i] - low) / Step);
            while (true)
            {
                var up = b + 1 < bins && density[b + 1] > density[b] ? b + 1 : b > 0 && density[b - 1] > density[b] ? b - 1 : b;
                if (up == b)
                {
                    break;
                }

                b = up;
            }

            if (peak >= 0 && b != peak)
            {
                centres.Add(sum / weight);
                lineWeights.Add(weight);
                (sum, weight) = (0, 0);
            }

            peak = b;
            lineOf[i] = centres.Count;
            var w = Math.Max(weights[i], 1e-6);
            (sum, weight) = (sum + (at[i] * w), weight + w);
        }

        centres.Add(sum / weight);
        lineWeights.Add(weight);
        return new SpotLines([.. centres], [.. lineWeights], lineOf);
    }

    // Which layout index each line is, when the heaviest line is index k; −1 for a line that falls off the layout.
    internal static int[] Assign(SpotLines lines, int sign, IReadOnlyList<double> positions, bool printed, int k)
    {
        var n = lines.Centres.Length;
        var order = Enumerable.Range(0, n).OrderBy(j => sign * lines.Centres[j]).ToArray();
        var anchor = Array.IndexOf(order, Enumerable.Range(0, n).MaxBy(j => lines.Weights[j]));
        var index = new int[n];
        Array.Fill(index, -1);
        index[order[anchor]] = k;
        foreach (var direction in new[] { 1, -1 })
        {
            var (previous, at) = (k, sign * lines.Centres[order[anchor]]);
            for (var t = anchor + direction; t >= 0 && t < n; t += direction)
            {
                // A faint line does not count lines: it may be noise in a gap.
                if (lines.Weights[order[t]] < Faint)
                {
                    continue;
                }

                var distance = Math.Abs((sign * lines.Centres[order[t]]) - at);
                var next = Next(previous, distance, direction, positions, printed);
                if (next >= 0)
                {
                    (index[order[t]], previous, at) = (next, next, sign * lines.Centres[order[t]]);
                }
            }
        }

        // Each faint line goes where the layout has an index within 0.3 pitch of it, counted from the nearest assigned line.
        for (var j = 0; j < n; j++)
        {
            if (lines.Weights[j] >= Faint || index[j] >= 0)
            {
                continue;
            }

            var nearest = Enumerable.Range(0, n).Where(a => index[a] >= 0 && lines.Weights[a] >= Faint).MinBy(a => Math.Abs(lines.Centres[a] - lines.Centres[j]));
            var offset = sign * (lines.Centres[j] - lines.Centres[nearest]);
            var target = positions[index[nearest]] + offset;
            var candidate = Enumerable.Range(0, positions.Count).MinBy(c => Math.Abs(positions[c] - target));
            if (Math.Abs(positions[candidate] - target) <= 0.3 && !index.Contains(candidate))
            {
                index[j] = candidate;
            }
        }

        return index;
    }

    private static int Next(int previous, double distance, int direction, IReadOnlyList<double> positions, bool printed)
    {
        if (!printed)
        {
            var steps = (int)Math.Floor(distance + 0.25);
            var next = previous + (direction * steps);
            return steps > 0 && next >= 0 && next < positions.Count ? next : -1;
        }

        var (best, error) = (-1, 0.3);
        for (var j = previous + direction; j >= 0 && j < positions.Count && Math.Abs(positions[j] - positions[previous]) <= distance + 0.5; j += direction)
        {
            var e = Math.Abs(Math.Abs(positions[j] - positions[previous]) - distance);
            if (e <= error)
            {
                (best, error) = (j, e);
            }
        }

        return best;
    }
}
