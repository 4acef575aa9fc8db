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
public sealed record PixelBuffer(int Width, int Height, ImmutableArray<ushort> Pixels, int BitDepth, bool Inverted, double? ExposureSeconds, string Source)
{
    /// <summary>The largest value the source could hold (255 or 65535): pixels there are saturated.</summary>
    public int MaxValue => BitDepth == 8 ? 255 : 65535;

    /// <summary>The value at a pixel.</summary>
    public ushort this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>Pixels at the detector's maximum (after polarity, the maximum signal).</summary>
    public int SaturatedPixels => Pixels.Count(p => p >= MaxValue);
}
