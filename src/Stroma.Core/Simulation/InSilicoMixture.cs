using System.Collections.Immutable;
using System.Buffers.Binary;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Simulation;

/// <summary>
/// In-silico mixtures of two real single-source injections of the same run (research/str.md §7): the minor trace is warped onto
/// the major's scan axis through both lanes' sizing curves (bp is the common axis; capillaries run at slightly different speeds),
/// then every sample channel is mixed as (1 − w) × major + w × minor; the size-standard channel stays the major's. The true share
/// of each allele's signal is therefore known exactly.
/// </summary>
public static class InSilicoMixture
{
    /// <summary>Mixes <paramref name="minor"/> into <paramref name="major"/> with weight <paramref name="minorWeight"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is not in [0, 1].</exception>
    public static AbifFile Mix(AbifFile major, SizingCurve majorCurve, AbifFile minor, SizingCurve minorCurve, double minorWeight, int standardChannel)
    {
        ArgumentNullException.ThrowIfNull(major);
        ArgumentNullException.ThrowIfNull(majorCurve);
        ArgumentNullException.ThrowIfNull(minor);
        ArgumentNullException.ThrowIfNull(minorCurve);
        ArgumentOutOfRangeException.ThrowIfLessThan(minorWeight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorWeight, 1);
        var minorScans = minor.ScanCount ?? minor.RawTrace(1)!.Value.Length;
        var minorSizes = Enumerable.Range(0, minorScans).Select(s => minorCurve.SizeAt(s).Bp).ToArray();
        var tags = new List<AbifTag>();
        foreach (var tag in major.Tags)
        {
            var channel = tag.Name == "DATA" ? (tag.Number is >= 1 and <= 4 ? tag.Number : tag.Number is >= 105 and <= 199 ? tag.Number - 100 : 0) : 0;
            if (channel == 0 || channel == standardChannel || minor.RawTrace(channel) is not { } minorTrace)
            {
                tags.Add(tag);
                continue;
            }

            var majorTrace = tag.AsInt16s();
            var mixed = new byte[majorTrace.Length * 2];
            for (var s = 0; s < majorTrace.Length; s++)
            {
                var m = ScanAt(minorSizes, majorCurve.SizeAt(s).Bp);
                var value = ((1 - minorWeight) * majorTrace[s]) + (minorWeight * Interpolate(minorTrace, m));
                BinaryPrimitives.WriteInt16BigEndian(mixed.AsSpan(2 * s), (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue));
            }

            tags.Add(tag with { Data = [.. mixed] });
        }

        return new AbifFile(major.Version, tags);
    }

    // The fractional scan at which a monotone size array reaches bp (clamped to the trace).
    private static double ScanAt(double[] sizes, double bp)
    {
        int lo = 0, hi = sizes.Length - 1;
        if (bp <= sizes[lo])
        {
            return lo;
        }

        if (bp >= sizes[hi])
        {
            return hi;
        }

        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (sizes[mid] <= bp)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo + ((bp - sizes[lo]) / (sizes[hi] - sizes[lo]));
    }

    private static double Interpolate(ImmutableArray<short> trace, double scan)
    {
        var i = (int)Math.Floor(scan);
        if (i >= trace.Length - 1)
        {
            return trace[^1];
        }

        var t = scan - i;
        return ((1 - t) * trace[i]) + (t * trace[i + 1]);
    }
}
