using System.Collections.Immutable;

namespace Stroma.Core.Proteome;

/// <summary>
/// A grayscale image as Core sees it, whatever file it came from: values where higher always means more signal (polarity decided
/// from the data), the bit depth of the source, the detector's maximum (for saturation), and what the file said about itself.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">Row-major values, length Width × Height.</param>
/// <param name="BitDepth">8 or 16.</param>
/// <param name="Inverted">True when the stored values were inverted (dark spots on a light background) to make signal high.</param>
/// <param name="ExposureSeconds">Exposure (cumulative, for a series) from the file's metadata, or null.</param>
/// <param name="Source">File name.</param>
/// <param name="Metadata">What else the file said about itself (instrument, software, date, resolution, description fields), as text; empty when nothing.</param>
public sealed record PixelBuffer(int Width, int Height, ImmutableArray<ushort> Pixels, int BitDepth, bool Inverted, double? ExposureSeconds, string Source, ImmutableSortedDictionary<string, string>? Metadata = null)
{
    /// <summary>The largest value the source could hold (255 or 65535): pixels there are saturated.</summary>
    public int MaxValue => BitDepth == 8 ? 255 : 65535;

    /// <summary>The value at a pixel.</summary>
    public ushort this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>Pixels at the detector's maximum (after polarity, the maximum signal).</summary>
    public int SaturatedPixels => Pixels.Count(p => p >= MaxValue);

    /// <summary>The value below which the given fraction of the pixels lie (0.5: the median), by a histogram in linear time.</summary>
    public ushort Quantile(double fraction) => PixelStatistics.Quantile(Pixels.AsSpan(), fraction);
}

/// <summary>Order statistics of pixel values in linear time (a 65,536-bin histogram instead of a sort).</summary>
public static class PixelStatistics
{
    /// <summary>The value at rank ⌊fraction × n⌋ of the sorted values (0 for no values).</summary>
    public static ushort Quantile(ReadOnlySpan<ushort> values, double fraction) => Quantiles(values, [fraction])[0];

    /// <summary>Several quantiles from one histogram, in the order of <paramref name="fractions"/>.</summary>
    public static ushort[] Quantiles(ReadOnlySpan<ushort> values, ReadOnlySpan<double> fractions)
    {
        var result = new ushort[fractions.Length];
        if (values.IsEmpty)
        {
            return result;
        }

        // A 256 KB histogram from the shared pool, not a large-object allocation per call.
        var counts = System.Buffers.ArrayPool<int>.Shared.Rent(ushort.MaxValue + 1);
        Array.Clear(counts, 0, ushort.MaxValue + 1);
        foreach (var v in values)
        {
            counts[v]++;
        }

        var cumulative = 0L;
        var ranks = new long[fractions.Length];
        for (var i = 0; i < fractions.Length; i++)
        {
            ranks[i] = Math.Clamp((long)(fractions[i] * values.Length), 0, values.Length - 1);
            result[i] = ushort.MaxValue;
        }

        var found = new bool[fractions.Length];
        var left = fractions.Length;
        for (var v = 0; v <= ushort.MaxValue && left > 0; v++)
        {
            if (counts[v] == 0)
            {
                continue;
            }

            cumulative += counts[v];
            for (var i = 0; i < ranks.Length; i++)
            {
                if (!found[i] && cumulative > ranks[i])
                {
                    (result[i], found[i], left) = ((ushort)v, true, left - 1);
                }
            }
        }

        System.Buffers.ArrayPool<int>.Shared.Return(counts);
        return result;
    }
}
