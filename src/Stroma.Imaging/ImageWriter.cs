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
        if (image.BitDepth == 8)
        {
            using var eight = new Image<L8>(image.Width, image.Height);
            eight.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new L8((byte)image[x, y]);
                    }
                }
            });
            eight.SaveAsPng(stream);
        }
        else
        {
            using var sixteen = new Image<L16>(image.Width, image.Height);
            sixteen.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new L16(image[x, y]);
                    }
                }
            });
            sixteen.SaveAsPng(stream);
        }

        return stream.ToArray();
    }
}
