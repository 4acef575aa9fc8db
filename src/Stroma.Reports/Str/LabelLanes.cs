namespace Stroma.Reports.Str;

/// <summary>A label to place above a panel: its text, the peak's x pixel and its width in pixels.</summary>
/// <param name="X">The peak's x pixel (the label is centred on it).</param>
/// <param name="Width">The label's width in pixels, padding included.</param>
/// <param name="IsRequired">True for a called allele (always placed); false for an artefact label (left out when no lane is free).</param>
/// <param name="Priority">Among the labels that may be left out, lower goes first.</param>
internal readonly record struct LaneLabel(double X, double Width, bool IsRequired, int Priority = 0);

/// <summary>
/// Places labels in lanes stacked above a panel so that none overlaps another and no leader line (from a label down to its peak)
/// crosses a label of a lower lane. Required labels (called alleles) are placed first and always get a lane, opening a new one
/// when needed; the others (artefacts) get a lane only among those the required ones opened (at least <see cref="MinimumLanes"/>),
/// else they are thinned: their peak keeps its mark and hover text but no label.
/// </summary>
internal static class LabelLanes
{
    /// <summary>Lanes artefact labels may use even when the alleles need fewer.</summary>
    public const int MinimumLanes = 2;

    // Space kept between two labels in one lane (pixels).
    private const double Gap = 3;

    // The leader's geometry in lanes (one lane is 17 pixels): it leaves the data area's top 0.6 lane under lane 0's bottom and ends
    // at the bottom of its label; a label's box fills 14/17 of its lane from the bottom.
    private const double LeaderStart = -0.6;
    private const double BoxHeight = 14.0 / 17;

    /// <summary>
    /// True when the straight leader from a peak at <paramref name="x"/> (the data area's top) to its label centred at
    /// <paramref name="centre"/> in lane <paramref name="lane"/> passes through a box spanning <paramref name="left"/> to
    /// <paramref name="right"/> in the lower lane <paramref name="boxLane"/>.
    /// </summary>
    internal static bool Crosses(double x, double centre, int lane, int boxLane, double left, double right)
    {
        if (boxLane >= lane)
        {
            return false;
        }

        double At(double level) => x + ((centre - x) * (level - LeaderStart) / (lane - LeaderStart));
        var (a, b) = (At(boxLane), At(boxLane + BoxHeight));
        return Math.Max(a, b) >= left && Math.Min(a, b) <= right;
    }

    // How far a label may move sideways from its peak (pixels), in steps of half its width, before it tries the next lane.
    private const double MaxShift = 60;

    // Lanes a required label tries with every rule kept; past them it takes a lane of its own above the others.
    private const int MaxLanes = 12;

    /// <summary>
    /// Each label's lane (0 nearest the panel) and centre, or null for a thinned label; and the number of lanes used. A label may sit
    /// beside its peak (its leader then runs slanted); no label overlaps another in its lane, and no leader crosses a label.
    /// </summary>
    public static ((int Lane, double Centre)?[] Places, int Count) Place(IReadOnlyList<LaneLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var places = new (int Lane, double Centre)?[labels.Count];
        var placed = new List<(int Lane, double Left, double Right, double X, double Centre)>();
        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => labels[i].IsRequired).ThenBy(i => labels[i].Priority).ThenBy(i => labels[i].X).ToList();
        var required = 0;
        var pending = order.Where(i => labels[i].IsRequired).ToHashSet();
        foreach (var i in order)
        {
            var label = labels[i];
            var half = (label.Width / 2) + Gap;
            var limit = label.IsRequired ? MaxLanes : Math.Max(required, MinimumLanes);
            var shifts = Enumerable.Range(0, (int)(MaxShift / (half / 2)) + 1).SelectMany(k => k == 0 ? [0.0] : new[] { -k * half / 2, k * half / 2 }).ToList();
            // First keep clear of the peaks still waiting for a label (a box over one would block its leader in every lane).
            pending.Remove(i);
            var found = Find(label, half, limit, shifts, pending.Select(j => labels[j].X)) ?? Find(label, half, limit, shifts, []);
            if (found is null && label.IsRequired)
            {
                found = (placed.Count == 0 ? 0 : placed.Max(p => p.Lane) + 1, label.X);
            }

            if (found is { } place)
            {
                places[i] = place;
                placed.Add((place.Lane, place.Centre - half, place.Centre + half, label.X, place.Centre));
                if (label.IsRequired)
                {
                    required = Math.Max(required, place.Lane + 1);
                }
            }
        }

        return (places, placed.Count == 0 ? 0 : placed.Max(p => p.Lane) + 1);

        (int Lane, double Centre)? Find(LaneLabel label, double half, int limit, List<double> shifts, IEnumerable<double> reserved)
        {
            for (var lane = 0; lane < limit; lane++)
            {
                foreach (var shift in shifts)
                {
                    var centre = label.X + shift;
                    var (left, right) = (centre - half, centre + half);
                    var free = placed.All(p =>
                        (p.Lane != lane || p.Right < left || p.Left > right)
                        && !Crosses(label.X, centre, lane, p.Lane, p.Left, p.Right)
                        && !Crosses(p.X, p.Centre, p.Lane, lane, left, right))
                        && reserved.All(x => x <= left || x >= right);
                    if (free)
                    {
                        return (lane, centre);
                    }
                }
            }

            return null;
        }
    }
}
