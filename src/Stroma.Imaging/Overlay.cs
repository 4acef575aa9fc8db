using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Stroma.Core.Proteome;

namespace Stroma.Imaging;

/// <summary>The fitted grid drawn over the image, for the user to check: reference spots red, negatives blue, analytes green.</summary>
public static class Overlay
{
    /// <summary>A PNG of the image (contrast stretched between its 1st and 99.9th percentiles) with every ROI outlined.</summary>
    public static byte[] Render(PixelBuffer image, IEnumerable<MeasuredSpot> spots, double radius)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(spots);
        var q = PixelStatistics.Quantiles(image.Pixels.AsSpan(), [0.01, 0.999]);
        var (low, high) = ((double)q[0], (double)q[1]);
        using var rgb = new Image<Rgb24>(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var v = (byte)Math.Clamp((image[x, y] - low) / Math.Max(1, high - low) * 255, 0, 255);
                rgb[x, y] = new Rgb24(v, v, v);
            }
        }

        foreach (var spot in spots)
        {
            var colour = spot.Spot.Role switch { SpotRole.Reference => new Rgb24(255, 40, 40), SpotRole.Negative => new Rgb24(60, 120, 255), _ => new Rgb24(40, 220, 40) };
            for (var a = 0; a < 360; a += 3)
            {
                var (px, py) = ((int)Math.Round(spot.X + (radius * Math.Cos(a * Math.PI / 180))), (int)Math.Round(spot.Y + (radius * Math.Sin(a * Math.PI / 180))));
                if (px >= 0 && py >= 0 && px < image.Width && py < image.Height)
                {
                    rgb[px, py] = colour;
                }
            }
        }

        using var stream = new MemoryStream();
        rgb.SaveAsPng(stream);
        return stream.ToArray();
    }
}
