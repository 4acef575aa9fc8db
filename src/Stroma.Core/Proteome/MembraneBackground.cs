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
    internal static (double Level, double Threshold) Threshold(ushort[] values)
    {
        var q = PixelStatistics.Quantiles(values, [0.25, 0.5, 0.9995]);
        var (level, noise, top) = (q[1], (q[1] - q[0]) / 0.6745, (double)q[2]);
        return (level, level + Math.Max(Math.Max(5 * noise, 0.1 * (top - level)), 1));
    }

    // The mean of each pixel's 3 × 3 neighbourhood (the edge pixels repeated).
    internal static ushort[] Smooth(PixelBuffer image)
    {
        var (w, h) = (image.Width, image.Height);
        var p = image.Pixels.AsSpan();
        var rows = new int[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                rows[i] = p[i] + (x > 0 ? p[i - 1] : p[i]) + (x < w - 1 ? p[i + 1] : p[i]);
            }
        }

        var smooth = new ushort[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                smooth[i] = (ushort)((rows[i] + (y > 0 ? rows[i - w] : rows[i]) + (y < h - 1 ? rows[i + w] : rows[i]) + 4) / 9);
            }
        }

        return smooth;
    }

    // The lower quartile of each block, bilinearly interpolated between block centres, for every pixel.
    internal static float[] LocalBackground(ushort[] values, int width, int height, int block)
    {
        var (bw, bh) = ((width + block - 1) / block, (height + block - 1) / block);
        var quartiles = new double[bw * bh];
        var scratch = new ushort[block * block];
        for (var by = 0; by < bh; by++)
        {
            for (var bx = 0; bx < bw; bx++)
            {
                var n = 0;
                for (var y = by * block; y < Math.Min(height, (by + 1) * block); y++)
                {
                    for (var x = bx * block; x < Math.Min(width, (bx + 1) * block); x++)
                    {
                        scratch[n++] = values[(y * width) + x];
                    }
                }

                quartiles[(by * bw) + bx] = SelectInPlace(scratch.AsSpan(0, n), n / 4);
            }
        }

        var background = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var fy = ((y + 0.5) / block) - 0.5;
            var y0 = Math.Clamp((int)Math.Floor(fy), 0, bh - 1);
            var (y1, ty) = (Math.Min(y0 + 1, bh - 1), Math.Clamp(fy - y0, 0, 1));
            for (var x = 0; x < width; x++)
            {
                var fx = ((x + 0.5) / block) - 0.5;
                var x0 = Math.Clamp((int)Math.Floor(fx), 0, bw - 1);
                var (x1, tx) = (Math.Min(x0 + 1, bw - 1), Math.Clamp(fx - x0, 0, 1));
                var top = (quartiles[(y0 * bw) + x0] * (1 - tx)) + (quartiles[(y0 * bw) + x1] * tx);
                var bottom = (quartiles[(y1 * bw) + x0] * (1 - tx)) + (quartiles[(y1 * bw) + x1] * tx);
                background[(y * width) + x] = (float)((top * (1 - ty)) + (bottom * ty));
            }
        }

        return background;
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
