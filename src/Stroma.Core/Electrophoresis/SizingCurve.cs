using System.Collections.Immutable;
using MathNet.Numerics;

namespace Stroma.Core.Electrophoresis;

/// <summary>One matched size-standard fragment: where it appeared (scan, sub-scan allowed) and its length in base pairs.</summary>
/// <param name="Scan">Apex position in scans.</param>
/// <param name="Bp">Fragment length in base pairs.</param>
public readonly record struct SizeStandardPoint(double Scan, double Bp);

/// <summary>A size in base pairs with a flag for sizes extrapolated beyond the size standard.</summary>
/// <param name="Bp">The size.</param>
/// <param name="IsExtrapolated">True outside the first and last standard fragments (a straight line from the two nearest).</param>
public readonly record struct FragmentSize(double Bp, bool IsExtrapolated);

/// <summary>The sizing methods (research/str.md §3.4).</summary>
public enum SizingMethod
{
    /// <summary>Local Southern: the mean of the hyperbolas through the neighbouring triples (GeneMapper and Peak Scanner's default).</summary>
    LocalSouthern,

    /// <summary>Least-squares polynomial of order 2 over all standard points.</summary>
    LeastSquaresQuadratic,

    /// <summary>Least-squares polynomial of order 3 over all standard points.</summary>
    LeastSquaresCubic,
}

/// <summary>
/// Scan → base pairs from the matched size-standard points. Local Southern (Southern 1979; Elder and Southern 1983): for a scan m
/// with m_i ≤ m &lt; m_(i+1), fit L = c/(m − m0) + L0 through points (i−1, i, i+1) and through (i, i+1, i+2) and average the two
/// sizes; at the ends only one triple exists. Each triple solves [L_j, m_j, 1]·[m0, L0, k]ᵀ = L_j·m_j, giving
/// L(m) = (k + L0·m0)/(m − m0) + L0; collinear triples (common on 3500 data) make that system singular, and their straight line is
/// used instead. Outside the standard, sizes are extrapolated linearly from the two nearest points and flagged.
/// </summary>
public sealed class SizingCurve
{
    private readonly ImmutableArray<SizeStandardPoint> _points;
    private readonly double[]? _polynomial;

    private SizingCurve(SizingMethod method, ImmutableArray<SizeStandardPoint> points, double[]? polynomial)
    {
        Method = method;
        _points = points;
        _polynomial = polynomial;
    }

    /// <summary>The method.</summary>
    public SizingMethod Method { get; }

    /// <summary>The standard points the curve was built from, by scan.</summary>
    public ImmutableArray<SizeStandardPoint> Points => _points;

    /// <summary>Builds a curve.</summary>
    /// <exception cref="ArgumentException">Fewer than 4 points, or scans or sizes not strictly increasing together.</exception>
    public static SizingCurve Create(IEnumerable<SizeStandardPoint> points, SizingMethod method = SizingMethod.LocalSouthern)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.Scan).ToImmutableArray();
        if (sorted.Length < 4)
        {
            throw new ArgumentException("A sizing curve needs at least 4 size-standard points.", nameof(points));
        }

        if (FirstNotIncreasing(sorted.AsSpan()) is var i and >= 0)
        {
            throw new ArgumentException(FormattableString.Invariant($"Size-standard points must increase in both scan and size; point {i} ({sorted[i].Scan}, {sorted[i].Bp}) does not."), nameof(points));
        }

        double[]? polynomial = method switch
        {
            SizingMethod.LeastSquaresQuadratic => Fit.Polynomial([.. sorted.Select(p => p.Scan)], [.. sorted.Select(p => p.Bp)], 2),
            SizingMethod.LeastSquaresCubic => Fit.Polynomial([.. sorted.Select(p => p.Scan)], [.. sorted.Select(p => p.Bp)], 3),
            _ => null,
        };
        return new SizingCurve(method, sorted, polynomial);
    }

    /// <summary>The index of the first point that does not increase in both scan and size over the one before it, or −1: the rule a curve's points must meet.</summary>
    internal static int FirstNotIncreasing(ReadOnlySpan<SizeStandardPoint> points)
    {
        for (var i = 1; i < points.Length; i++)
        {
            if (points[i].Scan <= points[i - 1].Scan || points[i].Bp <= points[i - 1].Bp)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The size at a scan.</summary>
    public FragmentSize SizeAt(double scan) => SizeAt(_points.AsSpan(), _polynomial, scan);

    /// <summary>
    /// The size at a scan on the curve through <paramref name="points"/> (at least 4, increasing in scan and size, as
    /// <see cref="Create"/> checks them) — the least-squares <paramref name="polynomial"/> if given, else Local Southern — without
    /// building a curve: the size-standard matcher's leave-one-out check sizes each fragment from the others this way.
    /// </summary>
    internal static FragmentSize SizeAt(ReadOnlySpan<SizeStandardPoint> points, double[]? polynomial, double scan)
    {
        var first = points[0];
        var last = points[^1];
        if (scan < first.Scan || scan > last.Scan)
        {
            var (a, b) = scan < first.Scan ? (first, points[1]) : (points[^2], last);
            return new FragmentSize(a.Bp + ((scan - a.Scan) * (b.Bp - a.Bp) / (b.Scan - a.Scan)), IsExtrapolated: true);
        }

        if (polynomial is not null)
        {
            return new FragmentSize(Polynomial.Evaluate(scan, polynomial), false);
        }

        var i = Interval(points, scan);
        var before = i >= 1 ? Hyperbola(points[i - 1], points[i], points[i + 1], scan) : (double?)null;
        var after = i + 2 < points.Length ? Hyperbola(points[i], points[i + 1], points[i + 2], scan) : (double?)null;
        var size = (before, after) switch
        {
            ({ } x, { } y) => (x + y) / 2,
            ({ } x, null) => x,
            (null, { } y) => y,
            _ => Line(points[i], points[i + 1], scan),
        };
        return new FragmentSize(size, false);
    }

    // The index i with m_i <= scan < m_(i+1); the last interval includes its right end.
    private static int Interval(ReadOnlySpan<SizeStandardPoint> points, double scan)
    {
        int lo = 0, hi = points.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (points[mid].Scan <= scan)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static double Hyperbola(SizeStandardPoint p1, SizeStandardPoint p2, SizeStandardPoint p3, double scan)
    {
        // Solve [L, m, 1]·[m0, L0, k] = L·m by Cramer's rule.
        double a1 = p1.Bp, b1 = p1.Scan, r1 = p1.Bp * p1.Scan;
        double a2 = p2.Bp, b2 = p2.Scan, r2 = p2.Bp * p2.Scan;
        double a3 = p3.Bp, b3 = p3.Scan, r3 = p3.Bp * p3.Scan;
        var det = (a1 * (b2 - b3)) - (b1 * (a2 - a3)) + ((a2 * b3) - (a3 * b2));
        var scale = Math.Abs(a1 * b1) + Math.Abs(a3 * b3);
        if (Math.Abs(det) <= 1e-12 * scale)
        {
            return Line(p1, p3, scan); // collinear: the hyperbola degenerates to their line
        }

        var m0 = ((r1 * (b2 - b3)) - (b1 * (r2 - r3)) + ((r2 * b3) - (r3 * b2))) / det;
        var l0 = ((a1 * (r2 - r3)) - (r1 * (a2 - a3)) + ((a2 * r3) - (a3 * r2))) / det;
        var k = ((a1 * ((b2 * r3) - (b3 * r2))) - (b1 * ((a2 * r3) - (a3 * r2))) + (r1 * ((a2 * b3) - (a3 * b2)))) / det;
        return ((k + (l0 * m0)) / (scan - m0)) + l0;
    }

    private static double Line(SizeStandardPoint a, SizeStandardPoint b, double scan) => a.Bp + ((scan - a.Scan) * (b.Bp - a.Bp) / (b.Scan - a.Scan));
}
