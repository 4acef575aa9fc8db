using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Stroma.Core.Proteome;

namespace Stroma.Imaging;

/// <summary>Writes a pixel buffer as a lossless grayscale PNG (16-bit, or 8-bit for an 8-bit source), values as they are.</summary>
public static class ImageWriter
{
    /// <summary>The PNG bytes.</summary>
    public static byte[] Png(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream();
        using var png = image.BitDepth == 8
            ? Image.LoadPixelData<L8>([.. image.Pixels.Select(v => new L8((byte)v))], image.Width, image.Height)
            : (Image)Image.LoadPixelData(MemoryMarshal.Cast<ushort, L16>(image.Pixels.AsSpan()), image.Width, image.Height);
        png.SaveAsPng(stream);
        return stream.ToArray();
    }
}

/// <summary>A membrane image to look at: contrast stretched, shown as on film (spots dark on light), at most a given size.</summary>
public static class Preview
{
    /// <summary>
    /// An 8-bit grayscale PNG: the image's 1st to 99.9th percentiles stretched over the grey scale and reversed (signal dark, as a film
    /// or a chemiluminescence imager shows it), scaled down to at most <paramref name="maxSide"/> pixels along its longer side (never up).
    /// </summary>
    public static byte[] Png(PixelBuffer image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 16);
        var q = PixelStatistics.Quantiles(image.Pixels.AsSpan(), [0.01, 0.999]);
        var (low, high) = ((double)q[0], (double)q[1]);
        var grey = image.Pixels.Select(v => new L8((byte)(255 - Math.Clamp((v - low) / Math.Max(1, high - low) * 255, 0, 255)))).ToArray();
        using var png = Image.LoadPixelData<L8>(grey, image.Width, image.Height);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        if (scale < 1)
        {
            png.Mutate(c => c.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))));
        }

        using var stream = new MemoryStream();
        png.SaveAsPng(stream);
        return stream.ToArray();
    }
}
