using System.Buffers;

namespace Stroma.Core.Proteome;

/// <summary>
/// The levels spot finding works against: a 3 × 3 smoothing (noise would break faint spots into fragments), a threshold from the
/// image's own noise, and the local background of a membrane brighter in one part than another (the lower quartile in blocks,
/// interpolated).
/// </summary>
internal static class MembraneBackground
{
    // Residuals are stored shifted up, so that a pixel below its local background keeps its value for the noise estimate.
    internal const int Offset = 4096;

    // The median level and a threshold above it: 5 noise SDs (from the lower quartile: most of a membrane is background) or a tenth of
    // the way to the top (the 99.95th percentile), whichever is higher.
    internal static (double Level, double Threshold) Threshold(ReadOnlySpan<ushort> values)
    {
        var q = PixelStatistics.Quantiles(values, [0.25, 0.5, 0.9995]);
        var (level, noise, top) = (q[1], (q[1] - q[0]) / 0.6745, (double)q[2]);
        return (level, level + Math.Max(Math.Max(5 * noise, 0.1 * (top - level)), 1));
    }

    // The mean of each pixel's 3 × 3 neighbourhood (the edge pixels repeated).
    internal static void Smooth(PixelBuffer image, ushort[] smooth)
    {
        var (w, h) = (image.Width, image.Height);
        var p = image.Pixels.AsSpan();
        var rows = ArrayPool<int>.Shared.Rent(w * h);
        for (var y = 0; y < h; y++)
        {
            var source = p.Slice(y * w, w);
            var sum = rows.AsSpan(y * w, w);
            sum[0] = source[0] + source[0] + (w > 1 ? source[1] : source[0]);
            for (var x = 1; x < w - 1; x++)
            {
                sum[x] = source[x - 1] + source[x] + source[x + 1];
            }

            if (w > 1)
            {
                sum[w - 1] = source[w - 2] + source[w - 1] + source[w - 1];
            }
        }

        for (var y = 0; y < h; y++)
        {
            var above = rows.AsSpan(Math.Max(y - 1, 0) * w, w);
            var here = rows.AsSpan(y * w, w);
            var below = rows.AsSpan(Math.Min(y + 1, h - 1) * w, w);
            var target = smooth.AsSpan(y * w, w);
            for (var x = 0; x < w; x++)
            {
                target[x] = (ushort)((above[x] + here[x] + below[x] + 4) / 9);
            }
        }

        ArrayPool<int>.Shared.Return(rows);
    }

    // The lower quartile of each block, bilinearly interpolated between block centres, for every pixel.
    internal static void LocalBackground(ushort[] values, int width, int height, int block, float[] background)
    {
        var (bw, bh) = ((width + block - 1) / block, (height + block - 1) / block);
        var quartiles = new double[bw * bh];
        var scratch = new ushort[block * block];
        for (var by = 0; by < bh; by++)
        {
            for (var bx = 0; bx < bw; bx++)
            {
                var n = 0;
                // Every other pixel each way: a quarter of the work, the same quartile to within noise.
                for (var y = by * block; y < Math.Min(height, (by + 1) * block); y += 2)
                {
                    for (var x = bx * block; x < Math.Min(width, (bx + 1) * block); x += 2)
                    {
                        scratch[n++] = values[(y * width) + x];
                    }
                }

                quartiles[(by * bw) + bx] = SelectInPlace(scratch.AsSpan(0, n), n / 4);
            }
        }

        // Each column's two block columns and weight, computed once.
        var (columnFrom, columnTo, columnWeight) = (new int[width], new int[width], new float[width]);
        for (var x = 0; x < width; x++)
        {
            var fx = ((x + 0.5) / block) - 0.5;
            columnFrom[x] = Math.Clamp((int)Math.Floor(fx), 0, bw - 1);
            (columnTo[x], columnWeight[x]) = (Math.Min(columnFrom[x] + 1, bw - 1), (float)Math.Clamp(fx - columnFrom[x], 0, 1));
        }

        var top = new float[bw];
        for (var y = 0; y < height; y++)
        {
            var fy = ((y + 0.5) / block) - 0.5;
            var y0 = Math.Clamp((int)Math.Floor(fy), 0, bh - 1);
            var (y1, ty) = (Math.Min(y0 + 1, bh - 1), Math.Clamp(fy - y0, 0, 1));
            for (var bx = 0; bx < bw; bx++)
            {
                top[bx] = (float)((quartiles[(y0 * bw) + bx] * (1 - ty)) + (quartiles[(y1 * bw) + bx] * ty));
            }

            var row = background.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                row[x] = top[columnFrom[x]] + ((top[columnTo[x]] - top[columnFrom[x]]) * columnWeight[x]);
            }
        }

    }

    // The k-th smallest value (reorders the span), by selection in linear time.
    private static ushort SelectInPlace(Span<ushort> values, int k)
    {
        var (lo, hi) = (0, values.Length - 1);
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    (i, j) = (i + 1, j - 1);
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }
}
