using System.Buffers;
using System.Collections.Immutable;

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
        var half = window / 2;
        // Scratch from the pool: traces are 5,000–15,000 scans, and arrays that size would land on the large-object heap per call.
        var n = raw.Length;
        var minimumArray = ArrayPool<short>.Shared.Rent(n);
        var prefixArray = ArrayPool<short>.Shared.Rent(n);
        var suffixArray = ArrayPool<short>.Shared.Rent(n);
        try
        {
            // Running minimum by van Herk / Gil–Werman: block-wise prefix and suffix minima (blocks of one window), so the minimum
            // over [i − half, i + half] is min(suffix[i − half], prefix[i + half]) — three comparisons a scan and no data-dependent
            // branches (a deque mispredicts on noise). Near the ends, where the window is cut short, it is taken directly.
            var minimum = minimumArray.AsSpan(0, n);
            var prefix = prefixArray.AsSpan(0, n);
            var suffix = suffixArray.AsSpan(0, n);
            var block = (2 * half) + 1;
            for (var start = 0; start < n; start += block)
            {
                var end = Math.Min(start + block, n) - 1;
                prefix[start] = raw[start];
                for (var i = start + 1; i <= end; i++)
                {
                    prefix[i] = Math.Min(prefix[i - 1], raw[i]);
                }

                suffix[end] = raw[end];
                for (var i = end - 1; i >= start; i--)
                {
                    suffix[i] = Math.Min(suffix[i + 1], raw[i]);
                }
            }

            // Interior scans (the whole window inside the trace) branch-free; the cut-short ends directly.
            var (firstFull, lastFull) = (half, n - 1 - half);
            for (var i = Math.Max(firstFull, 0); i <= lastFull; i++)
            {
                minimum[i] = Math.Min(suffix[i - half], prefix[i + half]);
            }

            for (var i = 0; i < n; i++)
            {
                if (i >= firstFull && i <= lastFull)
                {
                    i = lastFull;
                    continue;
                }

                var m = short.MaxValue;
                for (var j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++)
                {
                    m = Math.Min(m, raw[j]);
                }

                minimum[i] = m;
            }

            // Smoothed by a running mean over the same window (cut short at the ends).
            long sum = 0;
            var reciprocal = 1.0 / block;
            for (var i = 0; i <= Math.Min(half, n - 1); i++)
            {
                sum += minimum[i];
            }

            for (var i = 0; i < n; i++)
            {
                if (i > half)
                {
                    sum -= minimum[i - half - 1];
                }

                if (i + half < n && i > 0)
                {
                    sum += minimum[i + half];
                }

                if (i > half && i + half < n)
                {
                    // The interior: a full window, no count to work out.
                    baseline[i] = sum * reciprocal;
                    continue;
                }

                var count = Math.Min(n - 1, i + half) - Math.Max(0, i - half) + 1;
                baseline[i] = count == block ? sum * reciprocal : (double)sum / count;
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(minimumArray);
            ArrayPool<short>.Shared.Return(prefixArray);
            ArrayPool<short>.Shared.Return(suffixArray);
        }
    }

    /// <summary>Finds the peaks of a raw trace.</summary>
    public static ImmutableArray<Peak> FindPeaks(ReadOnlySpan<short> raw, PeakDetectionSettings settings, IReadOnlySet<int>? offScaleScans = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pooled = ArrayPool<double>.Shared.Rent(raw.Length);
        try
        {
            var signal = pooled.AsSpan(0, raw.Length);
            Baseline(raw, settings.BaselineWindow, signal);
            for (var i = 0; i < raw.Length; i++)
            {
                signal[i] = raw[i] - signal[i];
            }

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
            for (var s = begin; s <= end; s++)
            {
                area += Math.Max(0, signal[s]);
                saturated |= raw[s] >= settings.SaturationCap || (offScaleScans?.Contains(s) ?? false);
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
