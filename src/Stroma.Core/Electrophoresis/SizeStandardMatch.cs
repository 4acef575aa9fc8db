using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Electrophoresis;

/// <summary>Stable issue codes for size-standard matching and sizing.</summary>
public static class SizingIssues
{
    /// <summary>Too few size-standard peaks could be matched: the lane cannot be sized.</summary>
    public const string StandardNotFound = "SIZE001";

    /// <summary>The matched peaks do not fit the standard well enough (correlation or residuals out of bounds).</summary>
    public const string PoorFit = "SIZE002";

    /// <summary>Some fragments of the standard were not found (warning; sizing uses the others).</summary>
    public const string MissingFragments = "SIZE003";

    /// <summary>The standard's peaks are too weak to trust (too few reach the minimum standard-peak height).</summary>
    public const string StandardTooWeak = "SIZE004";

    /// <summary>The file does not say which dye channel carries the size standard, and none was given.</summary>
    public const string UnknownStandardChannel = "SIZE006";

    /// <summary>The file's StdF names another size standard than the kit runs with; the kit's is used (warning).</summary>
    public const string StandardNotTheKits = "SIZE007";

    /// <summary>Fragments are missing between matched ones: the peaks found are not this standard's ladder (a wrong channel or standard).</summary>
    public const string GapInStandard = "SIZE008";
}

/// <summary>The size-standard fragments matched to peaks, with the quality of the match.</summary>
/// <param name="Standard">The standard.</param>
/// <param name="Matched">Fragment → peak, ascending.</param>
/// <param name="Missing">Fragments not found.</param>
/// <param name="Correlation">Pearson correlation of matched scans and sizes (OSIRIS accepts ≥ 0.993).</param>
/// <param name="MaxResidualBp">Largest leave-one-out residual (bp): each interior fitted fragment sized by Local Southern from the others.</param>
public sealed record SizeStandardMatch(SizeStandard Standard, ImmutableArray<(double Bp, Peak Peak)> Matched, ImmutableArray<double> Missing, double Correlation, double MaxResidualBp)
{
    /// <summary>A sizing-quality score in [0, 1]: the fraction of fragments matched times how close the correlation is to 1.</summary>
    public double Quality => (double)Matched.Length / Standard.Fragments.Length * Math.Max(0, 1 - ((1 - Correlation) * 50));

    /// <summary>
    /// The points to size with (excluded fragments left out), at each standard peak's data point — its highest scan, as GeneMapper and
    /// Peak Scanner place them, so that sizes agree with theirs (within 0.05 bp on the shared Peak Scanner table); sample peaks are
    /// then sized at their refined apex.
    /// </summary>
    public ImmutableArray<SizeStandardPoint> FitPoints =>
        [.. Matched.Where(m => !Standard.ExcludedFromFit.Contains(m.Bp)).Select(m => new SizeStandardPoint(m.Peak.ApexScan, m.Bp))];
}

/// <summary>
/// Matches size-standard fragments to the peaks of the standard's channel, robust to extra and artefact peaks and to missing end fragments
/// (research/str.md §3.3): candidates are the peaks at least a fifth as high as the typical standard peak, merged when closer than
/// a few scans; starting from the end of the run (the large fragments are clean; the start has primer and dye artefacts), a
/// monotone alignment of fragments to peaks is refined around scans interpolated from the fragments already matched until it no
/// longer changes, trying a few starting
/// offsets, and the alignment with the most fragments and the smallest residuals wins. Too few matches, a poor fit, or fragments
/// missing between matched ones (only the ends may be lost) are errors, never a silently wrong sizing.
/// </summary>
public static class SizeStandardMatcher
{
    /// <summary>The minimum fraction of fragments that must be matched.</summary>
    public const double MinMatchedFraction = 0.75;

    /// <summary>The minimum correlation of scan and size.</summary>
    public const double MinCorrelation = 0.993;

    /// <summary>
    /// The largest leave-one-out residual accepted, as a fraction of the gap between the left-out fragment's neighbours: interpolating
    /// 300 bp from 200 and 340 (GS500 without 250) legitimately misses by ~3 bp, while a wrong assignment misses by tens.
    /// </summary>
    public const double MaxRelativeResidual = 0.05;

    /// <summary>The default minimum height (RFU) a matched standard peak must reach to count as strong enough.</summary>
    public const double DefaultMinStandardHeight = 300;

    /// <summary>
    /// Matches a standard to a channel's peaks. At least <see cref="MinMatchedFraction"/> of the fragments must be matched, and as
    /// many must reach <paramref name="minStandardHeight"/> RFU (OSIRIS rejects weak standards the same way; the shared
    /// <c>artifact_ILS_too_low</c> file has only three LIZ peaks above 300 RFU).
    /// </summary>
    public static ReadResult<SizeStandardMatch> Match(IReadOnlyList<Peak> peaks, SizeStandard standard, string location, double minStandardHeight = DefaultMinStandardHeight)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentNullException.ThrowIfNull(standard);
        var fragments = standard.Fragments;
        var candidates = Candidates(peaks, fragments.Length);
        var needed = (int)Math.Ceiling(MinMatchedFraction * fragments.Length);
        if (candidates.Count < needed)
        {
            return ReadResult.Failed<SizeStandardMatch>([Issue.Error(SizingIssues.StandardNotFound, location,
                $"Expected at least {needed} of the {fragments.Length} {standard.Id} fragments; found only {candidates.Count} candidate peaks.")]);
        }

        // Every starting hypothesis (which of the last peaks are the two largest fragments present) is walked down to the smallest
        // fragment; a walk whose fit passes the quality checks beats one that does not, then more fragments, then smaller residuals.
        (int[] Assignment, int Count, double Rms, bool Valid)? best = null;
        // Different hypotheses often walk to the same assignment: its fit and its quality (pure functions of the assignment, and
        // the costly part) are worked out once.
        var fits = new Dictionary<string, double>(StringComparer.Ordinal);
        var qualities = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var skipped = 0; skipped <= 2; skipped++)
        {
            for (var last = candidates.Count - 1; last >= Math.Max(1, candidates.Count - 4); last--)
            {
                for (var previous = last - 1; previous >= Math.Max(0, last - 3); previous--)
                {
                    // No walk, or one that cannot beat a valid best even with a perfect fit: skip before fitting.
                    if (Walk(candidates, fragments, skipped, last, previous) is not { } walk || (best is { Valid: true } v0 && walk.Count <= Score(v0.Count, v0.Rms)))
                    {
                        continue;
                    }

                    var key = string.Join(',', walk.Assignment);
                    if (!fits.TryGetValue(key, out var rms))
                    {
                        fits[key] = rms = Rms(candidates, fragments, walk.Assignment);
                    }

                    var r = (walk.Assignment, walk.Count, Rms: rms);
                    if (best is { Valid: true } v && Score(r.Count, r.Rms) <= Score(v.Count, v.Rms))
                    {
                        // One that cannot beat a valid best whatever its quality (the quality check is the costly part).
                        continue;
                    }

                    if (!qualities.TryGetValue(key, out var valid))
                    {
                        qualities[key] = valid = Quality(standard, candidates, r.Assignment) is { } q && q.Correlation >= MinCorrelation && q.Relative <= MaxRelativeResidual;
                    }

                    if (best is not { } b || (valid && !b.Valid) || (valid == b.Valid && Score(r.Count, r.Rms) > Score(b.Count, b.Rms)))
                    {
                        best = (r.Assignment, r.Count, r.Rms, valid);
                    }
                }
            }
        }

        if (best is not { Count: var count } chosen || count < needed)
        {
            return ReadResult.Failed<SizeStandardMatch>([Issue.Error(SizingIssues.StandardNotFound, location,
                $"Expected at least {needed} of the {fragments.Length} {standard.Id} fragments to align with peaks; at most {best?.Count ?? 0} did.")]);
        }

        var matched = Enumerable.Range(0, fragments.Length).Where(k => chosen.Assignment[k] >= 0).Select(k => (fragments[k], candidates[chosen.Assignment[k]])).ToImmutableArray();
        var missing = Enumerable.Range(0, fragments.Length).Where(k => chosen.Assignment[k] < 0).Select(k => fragments[k]).ToImmutableArray();
        var fit = matched.Where(m => !standard.ExcludedFromFit.Contains(m.Item1)).ToList();
        var scans = fit.Select(m => m.Item2.Apex).ToArray();
        var sizes = fit.Select(m => m.Item1).ToArray();
        var correlation = MathNet.Numerics.Statistics.Correlation.Pearson(scans, sizes);
        var (maxResidual, maxRelative) = LeaveOneOutResidual(fit.Select(m => new SizeStandardPoint(m.Item2.Apex, m.Item1)).ToList());
        var match = new SizeStandardMatch(standard, matched, missing, correlation, maxResidual);
        var issues = new List<Issue>();
        if (correlation < MinCorrelation || maxRelative > MaxRelativeResidual)
        {
            issues.Add(Issue.Error(SizingIssues.PoorFit, location,
                $"Expected a size-standard fit with correlation >= {MinCorrelation} and leave-one-out residuals <= {MaxRelativeResidual:P0} of the local fragment gap; found {correlation:0.0000} and {maxRelative:P1} ({maxResidual:0.00} bp)."));
            return ReadResult.Failed<SizeStandardMatch>(issues);
        }

        // Fragments may be missing at the ends (the primer front hides the first, a short run ends before the last), never between
        // matched ones: a peak missing there means the peaks found are not this standard's ladder (the GlobalFiler ladder sized on
        // its sixth dye, SID, matched 30 of 34 GS600 fragments with 160, 180 and 280 missing). Fragments left out of the fit may be absent.
        var gaps = missing.Where(f => f > matched[0].Item1 && f < matched[^1].Item1 && !standard.ExcludedFromFit.Contains(f)).ToList();
        if (gaps.Count > 0)
        {
            issues.Add(Issue.Error(SizingIssues.GapInStandard, location,
                $"Expected every {standard.Id} fragment between {matched[0].Item1} and {matched[^1].Item1} bp; not found: {string.Join(", ", gaps)} bp (a wrong dye channel or size standard?). The lane is not sized."));
            return ReadResult.Failed<SizeStandardMatch>(issues);
        }

        var strong = matched.Count(m => m.Item2.Height >= minStandardHeight);
        if (strong < needed)
        {
            issues.Add(Issue.Error(SizingIssues.StandardTooWeak, location,
                $"Expected at least {needed} {standard.Id} peaks of {minStandardHeight} RFU or more; found {strong} (the standard is too weak to size this lane)."));
            return ReadResult.Failed<SizeStandardMatch>(issues);
        }

        if (!missing.IsEmpty)
        {
            issues.Add(Issue.Warning(SizingIssues.MissingFragments, location, $"{standard.Id} fragments not found: {string.Join(", ", missing)} bp."));
        }

        return ReadResult.Of(match, issues);
    }

    // A hypothesis scores its matched fragments less twice its cubic-fit RMS (bp): a true alignment fits to a few tenths of a bp, one
    // shifted onto primer or noise peaks to bp, so one more fragment does not buy a fit ten times worse (shared PP16 ILS600 runs:
    // the true 21 fragments fit to 0.2 bp, a 22-fragment alignment shifted onto the primer peak to 2.3 bp).
    private static double Score(int count, double rms) => count - (2 * rms);

    private static (double Correlation, double Relative)? Quality(SizeStandard standard, List<Peak> candidates, int[] assignment)
    {
        var fit = Enumerable.Range(0, assignment.Length).Where(k => assignment[k] >= 0 && !standard.ExcludedFromFit.Contains(standard.Fragments[k]))
            .Select(k => new SizeStandardPoint(candidates[assignment[k]].Apex, standard.Fragments[k])).ToList();
        if (fit.Count < 5 || fit.Zip(fit.Skip(1)).Any(p => p.Second.Scan <= p.First.Scan))
        {
            return null;
        }

        var correlation = MathNet.Numerics.Statistics.Correlation.Pearson([.. fit.Select(p => p.Scan)], [.. fit.Select(p => p.Bp)]);
        return (correlation, LeaveOneOutResidual(fit).Relative);
    }

    private static (double Bp, double Relative) LeaveOneOutResidual(List<SizeStandardPoint> points)
    {
        var (worst, relative) = (0.0, 0.0);
        // The others are sized on directly (the curve Create would build from them, without sorting and copying them once per
        // point); points that are not increasing go through Create, which refuses them.
        var increasing = SizingCurve.FirstNotIncreasing(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points)) < 0;

        var others = new SizeStandardPoint[Math.Max(0, points.Count - 1)];
        for (var i = 1; i < points.Count - 1 && points.Count > 4; i++)
        {
            for (var j = 0; j < points.Count; j++)
            {
                if (j != i)
                {
                    others[j < i ? j : j - 1] = points[j];
                }
            }

            var size = increasing ? SizingCurve.SizeAt(others, null, points[i].Scan) : SizingCurve.Create(others).SizeAt(points[i].Scan);
            var residual = Math.Abs(size.Bp - points[i].Bp);
            worst = Math.Max(worst, residual);
            relative = Math.Max(relative, residual / (points[i + 1].Bp - points[i - 1].Bp));
        }

        return (worst, relative);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static List<Peak> Candidates(IReadOnlyList<Peak> peaks, int fragments)
    {
        // Merge peaks closer than 4 scans (split tops), keeping the higher.
        var merged = new List<Peak>();
        foreach (var peak in peaks.OrderBy(p => p.ApexScan))
        {
            if (merged.Count > 0 && peak.ApexScan - merged[^1].ApexScan < 4)
            {
                if (peak.Height > merged[^1].Height)
                {
                    merged[^1] = peak;
                }

                continue;
            }

            merged.Add(peak);
        }

        if (merged.Count == 0)
        {
            return merged;
        }

        // Spikes are far narrower than standard peaks; drop peaks under a third of the typical width first.
        var typicalWidth = Median(merged.OrderByDescending(p => p.Height).Take(Math.Max(fragments, 3)).Select(p => p.HalfWidth));
        var wide = merged.Where(p => p.HalfWidth >= typicalWidth / 3).ToList();
        if (wide.Count == 0)
        {
            return wide;
        }

        // The typical standard peak: the median of the 2n tallest peaks (n fragments), which a few huge primer or dye peaks cannot move
        // far; then everything under a fifth of it is noise.
        var typical = Median(wide.Select(p => p.Height).OrderDescending().Take(2 * fragments));
        return [.. wide.Where(p => p.Height >= typical / 5)];
    }

    // From the end of the run: fragment n−1−skipped sits on peak `last`, the next smaller one on `previous`; each smaller fragment
    // is then expected at the scan the local migration rate (scans per bp of the two nearest matches) predicts, and takes the
    // candidate nearest that scan if it lies within 40% of the gap to the fragment above; otherwise it is missing.
    private static (int[] Assignment, int Count)? Walk(List<Peak> candidates, ImmutableArray<double> fragments, int skipped, int last, int previous)
    {
        var top = fragments.Length - 1 - skipped;
        if (top < 1)
        {
            return null;
        }

        var assignment = Enumerable.Repeat(-1, fragments.Length).ToArray();
        assignment[top] = last;
        assignment[top - 1] = previous;
        var (upperBp, upperScan) = (fragments[top], candidates[last].Apex);
        var (lowerBp, lowerScan) = (fragments[top - 1], candidates[previous].Apex);
        var floor = previous;
        for (var k = top - 2; k >= 0; k--)
        {
            var rate = (upperScan - lowerScan) / (upperBp - lowerBp);
            if (rate <= 0)
            {
                return null;
            }

            var expected = lowerScan - ((lowerBp - fragments[k]) * rate);
            var tolerance = 0.4 * (lowerBp - fragments[k]) * rate;
            var (bestIndex, bestDistance) = (-1, double.MaxValue);
            for (var i = floor - 1; i >= 0 && candidates[i].Apex >= expected - tolerance; i--)
            {
                var distance = Math.Abs(candidates[i].Apex - expected);
                if (distance <= tolerance && distance < bestDistance)
                {
                    (bestIndex, bestDistance) = (i, distance);
                }
            }

            if (bestIndex < 0)
            {
                continue;
            }

            assignment[k] = bestIndex;
            floor = bestIndex;
            (upperBp, upperScan) = (lowerBp, lowerScan);
            (lowerBp, lowerScan) = (fragments[k], candidates[bestIndex].Apex);
        }

        var matched = Enumerable.Range(0, fragments.Length).Where(k => assignment[k] >= 0).ToList();
        if (matched.Count < 4)
        {
            return null;
        }

        return (assignment, matched.Count);
    }

    // The RMS (bp) of a cubic (quadratic under six points) least-squares fit of size on scan over the matched fragments.
    private static double Rms(List<Peak> candidates, ImmutableArray<double> fragments, int[] assignment)
    {
        Span<double> scans = stackalloc double[fragments.Length];
        Span<double> sizes = stackalloc double[fragments.Length];
        var count = 0;
        for (var k = 0; k < fragments.Length; k++)
        {
            if (assignment[k] >= 0)
            {
                (scans[count], sizes[count]) = (candidates[assignment[k]].Apex, fragments[k]);
                count++;
            }
        }

        return PolynomialFit.RmsResidual(scans[..count], sizes[..count], count >= 6 ? 3 : 2);
    }
}
