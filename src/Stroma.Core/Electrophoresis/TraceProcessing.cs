using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;

namespace Stroma.Core.Electrophoresis;

/// <summary>Settings for baseline correction and peak detection.</summary>
/// <param name="BaselineWindow">Window (scans) of the running minimum and of its smoothing; GeneMapper's baseline window is 51.</param>
/// <param name="MinHeight">Analytical threshold in RFU: lower peaks are ignored.</param>
/// <param name="SaturationCap">Raw value at or above which the signal is saturated (32767 on 3500; old 3100/3130 CCDs saturate near 8000).</param>
/// <param name="StartScan">First scan analysed (after the primer front); earlier scans are ignored.</param>
public sealed record PeakDetectionSettings(int BaselineWindow = 51, double MinHeight = 50, int SaturationCap = 32767, int StartScan = 0);

/// <summary>
/// Baseline correction and peak detection on a raw trace (research/str.md §3.2). The baseline is the running minimum over the
/// window, smoothed by a running mean of the same window; peaks are local maxima of the corrected signal at or above the threshold,
/// bounded by the valleys (or the return to baseline) on each side, their apex refined by a parabola.
/// </summary>
public static class TraceProcessing
{
    /// <summary>The baseline of a raw trace.</summary>
    public static double[] Baseline(ReadOnlySpan<short> raw, int window)
    {
        var baseline = new double[raw.Length];
        Baseline(raw, window, baseline);
        return baseline;
    }

    /// <summary>The baseline of a raw trace, written into <paramref name="baseline"/> (at least as long as the trace).</summary>
    public static void Baseline(ReadOnlySpan<short> raw, int window, Span<double> baseline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseline.Length, raw.Length);
        BaselineOrSignal(raw, window, baseline, corrected: false);
    }

    // The baseline, or with `corrected` the signal above it (raw − baseline, the same subtraction done in one pass with the mean).
    private static void BaselineOrSignal(ReadOnlySpan<short> raw, int window, Span<double> output, bool corrected)
    {
        var half = window / 2;
        // Scratch from the pool: traces are 5,000–15,000 scans, and arrays that size would land on the large-object heap per call.
        var n = raw.Length;
        var minimumArray = ArrayPool<short>.Shared.Rent(n);
        var scratchArray = ArrayPool<short>.Shared.Rent(n);
        var sumsArray = ArrayPool<long>.Shared.Rent(n);
        try
        {
            var minimum = minimumArray.AsSpan(0, n);
            RunningMinimum(raw, half, minimum, scratchArray.AsSpan(0, n));

            // Smoothed by a running mean over the same window (cut short at the ends). The sum is of integers, so it is exact
            // whatever the order of its additions.
            var block = (2 * half) + 1;
            var reciprocal = 1.0 / block;
            long sum = 0;
            for (var i = 0; i <= Math.Min(half, n - 1); i++)
            {
                sum += minimum[i];
            }

            var scan = 0;
            for (; scan <= half && scan < n; scan++)
            {
                var mean = EdgeMean(minimum, half, scan, ref sum, reciprocal);
                output[scan] = corrected ? raw[scan] - mean : mean;
            }

            // The interior: a full window, no count to work out. The window sums first (a chain of integer additions), then the
            // means from them (no chain: each scan on its own), rather than one loop that waits on the sum for every mean.
            var lastFull = n - 1 - half;
            var sums = sumsArray.AsSpan(0, n);
            for (var i = scan; i <= lastFull; i++)
            {
                sum += minimum[i + half] - minimum[i - half - 1];
                sums[i] = sum;
            }

            scan = InteriorMeans(raw, sums, reciprocal, scan, lastFull, output, corrected);
            if (corrected)
            {
                for (; scan <= lastFull; scan++)
                {
                    output[scan] = raw[scan] - (sums[scan] * reciprocal);
                }
            }
            else
            {
                for (; scan <= lastFull; scan++)
                {
                    output[scan] = sums[scan] * reciprocal;
                }
            }

            for (; scan < n; scan++)
            {
                var mean = EdgeMean(minimum, half, scan, ref sum, reciprocal);
                output[scan] = corrected ? raw[scan] - mean : mean;
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(minimumArray);
            ArrayPool<short>.Shared.Return(scratchArray);
            ArrayPool<long>.Shared.Return(sumsArray);
        }
    }

    // output[i] = sums[i] × reciprocal (less from raw[i] when corrected) for i from `from`, whole vectors at a time while they fit
    // before `last`; returns the first scan not done. The same conversions, product and difference as one scan at a time, so the
    // same doubles: the sums and raw values are integers, which convert exactly.
    private static int InteriorMeans(ReadOnlySpan<short> raw, ReadOnlySpan<long> sums, double reciprocal, int from, int last, Span<double> output, bool corrected)
    {
        var i = from;
        if (!Vector.IsHardwareAccelerated)
        {
            return i;
        }

        var (shorts, longs) = (Vector<short>.Count, Vector<long>.Count);
        var factor = new Vector<double>(reciprocal);
        for (; i + shorts - 1 <= last; i += shorts)
        {
            Vector.Widen(new Vector<short>(raw.Slice(i, shorts)), out var low, out var high);
            Vector.Widen(low, out var r0, out var r1);
            Vector.Widen(high, out var r2, out var r3);
            WriteMeans(sums, factor, i, r0, output, corrected);
            WriteMeans(sums, factor, i + longs, r1, output, corrected);
            WriteMeans(sums, factor, i + (2 * longs), r2, output, corrected);
            WriteMeans(sums, factor, i + (3 * longs), r3, output, corrected);
        }

        return i;
    }

    private static void WriteMeans(ReadOnlySpan<long> sums, Vector<double> factor, int at, Vector<long> raw, Span<double> output, bool corrected)
    {
        var mean = Vector.ConvertToDouble(new Vector<long>(sums.Slice(at, Vector<long>.Count))) * factor;
        (corrected ? Vector.ConvertToDouble(raw) - mean : mean).CopyTo(output.Slice(at, Vector<long>.Count));
    }

    // The running mean at a scan whose window the trace cuts short (or the first full one), moving the sum on to it.
    private static double EdgeMean(ReadOnlySpan<short> minimum, int half, int i, ref long sum, double reciprocal)
    {
        var n = minimum.Length;
        if (i > half)
        {
            sum -= minimum[i - half - 1];
        }

        if (i + half < n && i > 0)
        {
            sum += minimum[i + half];
        }

        var count = Math.Min(n - 1, i + half) - Math.Max(0, i - half) + 1;
        return count == (2 * half) + 1 ? sum * reciprocal : (double)sum / count;
    }

    /// <summary>
    /// The minimum of <paramref name="raw"/> over [i − half, i + half] (cut short at the ends) for every scan i. In the interior it is
    /// built by doubling: after k steps <paramref name="scratch"/>[j] is the minimum over [j, j + 2^k), and the window's length is put
    /// together from those powers of two — a few passes of whole-vector minima (<see cref="Vector.Min{T}"/>) in place of a serial
    /// chain per scan; a minimum is exact, so the result is the same however it is grouped.
    /// </summary>
    private static void RunningMinimum(ReadOnlySpan<short> raw, int half, Span<short> minimum, Span<short> scratch)
    {
        var n = raw.Length;
        var window = (2 * half) + 1;
        if (n <= window)
        {
            // A trace no longer than the window: every scan's window is cut short; directly.
            for (var i = 0; i < n; i++)
            {
                var m = short.MaxValue;
                for (var j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++)
                {
                    m = Math.Min(m, raw[j]);
                }

                minimum[i] = m;
            }

            return;
        }

        // minimum[j] gathers min(raw[j .. j + covered − 1]) for j ≤ n − covered, until covered is the window.
        raw.CopyTo(scratch);
        var (width, covered, remaining) = (1, 0, window);
        while (true)
        {
            if ((remaining & 1) != 0)
            {
                var length = n - covered - width + 1;
                if (covered == 0)
                {
                    scratch[..length].CopyTo(minimum);
                }
                else
                {
                    MinimumOf(minimum[..length], scratch.Slice(covered, length), minimum);
                }

                covered += width;
            }

            remaining >>= 1;
            if (remaining == 0)
            {
                break;
            }

            // Writing scratch[j] only after reading scratch[j] and scratch[j + width] (further on) is safe in place.
            var next = n - (2 * width) + 1;
            MinimumOf(scratch[..next], scratch.Slice(width, next), scratch);
            width *= 2;
        }

        // The window starting at j is centred on j + half.
        var interior = n - window + 1;
        minimum[..interior].CopyTo(minimum.Slice(half, interior));

        // The first and last half windows, cut short by the trace's ends: a minimum over raw[0 .. i + half] grows by one scan per
        // scan from the start, and one over raw[i − half .. n − 1] by one scan per scan from the end.
        var fromStart = short.MaxValue;
        for (var j = 0; j < half; j++)
        {
            fromStart = Math.Min(fromStart, raw[j]);
        }

        for (var i = 0; i < half; i++)
        {
            fromStart = Math.Min(fromStart, raw[i + half]);
            minimum[i] = fromStart;
        }

        var fromEnd = short.MaxValue;
        for (var j = n - half; j < n; j++)
        {
            fromEnd = Math.Min(fromEnd, raw[j]);
        }

        for (var i = n - 1; i > n - 1 - half; i--)
        {
            fromEnd = Math.Min(fromEnd, raw[i - half]);
            minimum[i] = fromEnd;
        }
    }

    // into[i] = min(a[i], b[i]) for i < a.Length, a whole vector at a time; into may be a (or b's span read ahead of it).
    private static void MinimumOf(ReadOnlySpan<short> a, ReadOnlySpan<short> b, Span<short> into)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (var width = Vector<short>.Count; i <= a.Length - width; i += width)
            {
                Vector.Min(new Vector<short>(a.Slice(i, width)), new Vector<short>(b.Slice(i, width))).CopyTo(into.Slice(i, width));
            }
        }

        for (; i < a.Length; i++)
        {
            into[i] = Math.Min(a[i], b[i]);
        }
    }

    /// <summary>Finds the peaks of a raw trace.</summary>
    public static ImmutableArray<Peak> FindPeaks(ReadOnlySpan<short> raw, PeakDetectionSettings settings, IReadOnlySet<int>? offScaleScans = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BaselineWindow, 3);
        var pooled = ArrayPool<double>.Shared.Rent(raw.Length);
        try
        {
            var signal = pooled.AsSpan(0, raw.Length);
            BaselineOrSignal(raw, settings.BaselineWindow, signal, corrected: true);
            return FindPeaks(raw, signal, settings, offScaleScans);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(pooled);
        }
    }

    private static ImmutableArray<Peak> FindPeaks(ReadOnlySpan<short> raw, ReadOnlySpan<double> signal, PeakDetectionSettings settings, IReadOnlySet<int>? offScaleScans)
    {
        var peaks = ImmutableArray.CreateBuilder<Peak>();
        // The off-scale scans as a mask over the trace, made at the first peak (empty when none is flagged).
        bool[]? offScale = null;
        var i0 = Math.Max(1, settings.StartScan);
        for (var i = i0; i < signal.Length - 1; i++)
        {
            // A maximum is where the signal rises to a sample (or to the first of equal samples, a flat top) and falls after it (after
            // the last of them). A flat step on a falling flank is no maximum: it belongs to the peak above it.
            if (signal[i] < settings.MinHeight || signal[i] <= signal[i - 1] || signal[i] < signal[i + 1])
            {
                continue;
            }

            var (apexScan, next) = PlateauCentre(signal, i);
            if (next < signal.Length - 1 && signal[next + 1] > signal[i])
            {
                continue; // a flat step on a rising flank
            }

            var height = signal[apexScan];
            // The flanks are followed down while the signal does not rise again, equal samples included: a flat top (equal raw
            // values) or a flat step belongs to the peak, so it neither ends the peak at its apex (zero width, the area of one scan)
            // nor leaves a gap between the two halves of a split top.
            var begin = apexScan;
            while (begin > 0 && signal[begin - 1] <= signal[begin] && signal[begin] > 0)
            {
                begin--;
            }

            var end = apexScan;
            while (end < signal.Length - 1 && signal[end + 1] <= signal[end] && signal[end] > 0)
            {
                end++;
            }

            double area = 0;
            var saturated = false;
            offScale ??= OffScaleMask(offScaleScans, signal.Length);
            for (var s = begin; s <= end; s++)
            {
                area += Math.Max(0, signal[s]);
                saturated |= raw[s] >= settings.SaturationCap || (offScale.Length > 0 && offScale[s]);
            }

            var peak = new Peak(apexScan, Refine(signal, apexScan), height, area, begin, end, HalfWidth(signal, apexScan, begin, end), saturated);
            if (peaks.Count > 0 && IsSplitTop(signal, peaks[^1], peak))
            {
                peak = Merge(signal, peaks[^1], peak);
                peaks.RemoveAt(peaks.Count - 1);
            }

            peaks.Add(peak);
            i = Math.Max(i, next);
        }

        return peaks.ToImmutable();
    }

    // Which scans of a trace of `length` the instrument flagged off-scale: a lookup per scan of every peak, as an array.
    private static bool[] OffScaleMask(IReadOnlySet<int>? offScaleScans, int length)
    {
        if (offScaleScans is null || offScaleScans.Count == 0)
        {
            return [];
        }

        var mask = new bool[length];
        foreach (var scan in offScaleScans)
        {
            if (scan >= 0 && scan < length)
            {
                mask[scan] = true;
            }
        }

        return mask;
    }

    /// <summary>
    /// Two maxima are one peak with a noisy top when they touch, lie closer than the taller one's width at half maximum (no two
    /// fragments are resolved that close), and the valley between them keeps at least <see cref="SplitTopValley"/> of the lower
    /// one's height. A −A shoulder dips further; a bump on a tall peak's tail lies further out (Peak Scanner reports both).
    /// </summary>
    public const double SplitTopValley = 0.9;

    private static bool IsSplitTop(ReadOnlySpan<double> signal, Peak left, Peak right)
    {
        if (right.Begin > left.End || right.Apex - left.Apex >= Math.Max(left.HalfWidth, right.HalfWidth))
        {
            return false;
        }

        var valley = double.MaxValue;
        for (var s = left.ApexScan; s <= right.ApexScan; s++)
        {
            valley = Math.Min(valley, signal[s]);
        }

        return valley >= SplitTopValley * Math.Min(left.Height, right.Height);
    }

    private static Peak Merge(ReadOnlySpan<double> signal, Peak left, Peak right)
    {
        var top = right.Height > left.Height ? right : left;
        var (begin, end) = (left.Begin, right.End);
        double area = 0;
        for (var s = begin; s <= end; s++)
        {
            area += Math.Max(0, signal[s]);
        }

        return top with { Begin = begin, End = end, Area = area, HalfWidth = HalfWidth(signal, top.ApexScan, begin, end), IsSaturated = left.IsSaturated || right.IsSaturated };
    }

    private static (int Centre, int End) PlateauCentre(ReadOnlySpan<double> s, int i)
    {
        var j = i;
        while (j < s.Length - 1 && s[j + 1] == s[i])
        {
            j++;
        }

        return ((i + j) / 2, j);
    }

    private static double Refine(ReadOnlySpan<double> s, int i)
    {
        if (i <= 0 || i >= s.Length - 1)
        {
            return i;
        }

        var denominator = s[i - 1] - (2 * s[i]) + s[i + 1];
        return denominator < 0 ? i + (0.5 * (s[i - 1] - s[i + 1]) / denominator) : i;
    }

    private static double HalfWidth(ReadOnlySpan<double> s, int apex, int begin, int end)
    {
        var half = s[apex] / 2;
        double left = begin, right = end;
        for (var j = apex; j > begin; j--)
        {
            if (s[j - 1] <= half)
            {
                left = j - 1 + ((half - s[j - 1]) / (s[j] - s[j - 1]));
                break;
            }
        }

        for (var j = apex; j < end; j++)
        {
            if (s[j + 1] <= half)
            {
                right = j + ((s[j] - half) / (s[j] - s[j + 1]));
                break;
            }
        }

        return right - left;
    }
}
