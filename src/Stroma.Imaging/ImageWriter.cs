using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
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
