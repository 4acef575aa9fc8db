using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;

namespace Stroma.Imaging;

/// <summary>Stable issue codes for images.</summary>
public static class ImageIssues
{
    /// <summary>Not an image format Stroma reads, or corrupt.</summary>
    public const string Unreadable = "IMG001";

    /// <summary>A lossy format (JPEG): quantification is approximate (warning).</summary>
    public const string Lossy = "IMG002";

    /// <summary>Not grayscale: the luminance is used (warning).</summary>
    public const string Colour = "IMG003";

    /// <summary>The values were inverted because the spots are darker than the background (information).</summary>
    public const string Inverted = "IMG004";

    /// <summary>The file declares more pixels or frames than Stroma decodes (an image bomb, or not a membrane image): refused before decoding.</summary>
    public const string TooLarge = "IMG005";

    /// <summary>A TIFF whose directories cannot be walked (past the end, a loop, no size, RowsPerStrip 0): refused before decoding.</summary>
    public const string BadTiffDirectory = "IMG006";
}

/// <summary>
/// Reads membrane images (TIFF 8- or 16-bit, multi-page; PNG; JPEG with a warning) into Core's <see cref="PixelBuffer"/> with
/// SixLabors.ImageSharp — the only place an image library is used. The polarity is decided from the data (most pixels are
/// background: when the background sits at the bright end, the spots are dark and the values are inverted), never from the
/// photometric tag, which files get wrong. The exposure is read from a TIFF ImageDescription holding JSON with
/// <c>exposure_time</c> (the proMAD / ChemiDoc convention) where present. Hostile files are refused before anything is decoded: the
/// size each frame declares (ImageSharp's Identify; a TIFF's own directories, which Identify does not list) must stay within
/// <see cref="MaxPixels"/> in all and <see cref="MaxFrames"/> frames; whatever the decoder still fails on is IMG001, never an exception.
/// </summary>
public static class ImageReader
{
    /// <summary>The most pixels decoded from one file, all frames together (50 Mpx: a membrane scanned at 1200 dpi is under 20).</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>The most frames decoded from one file (an exposure series as one multi-page TIFF).</summary>
    public const int MaxFrames = 100;

    /// <summary>Reads every page of an image file.</summary>
    public static ReadResult<ImmutableArray<PixelBuffer>> Read(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        IImageFormat? format;
        try
        {
            format = Image.DetectFormat(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            format = null;
        }

        if (format is null || format.Name is not ("TIFF" or "PNG" or "JPEG"))
        {
            return Failed(fileName, $"Expected a TIFF, PNG or JPEG image; found {(format is null ? "no known image format" : format.Name)} ({bytes.Length} bytes).");
        }

        var issues = new List<Issue>();
        if (format.Name == "JPEG")
        {
            issues.Add(Issue.Warning(ImageIssues.Lossy, fileName, $"Expected a lossless image (TIFF or PNG); JPEG compression alters spot intensities, so quantification is approximate."));
        }

        // A TIFF's own directories first: ImageSharp's Identify lists only the first frame and trips on some malformed directories.
        var (frames, problem) = format.Name == "TIFF" ? TiffDirectories.Read(bytes, MaxFrames) : ([], null);
        if (problem is not null)
        {
            return ReadResult.Failed<ImmutableArray<PixelBuffer>>([Issue.Error(ImageIssues.BadTiffDirectory, fileName, $"Expected TIFF image directories that can be read; {problem}.")]);
        }

        IImageInfo? info;
        try
        {
            info = Image.Identify(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(fileName, $"Expected a readable {format.Name} image; its header could not be read: {e.Message}");
        }

        if (info is null)
        {
            return Failed(fileName, $"Expected a readable {format.Name} image; its header could not be read.");
        }

        if (format.Name != "TIFF")
        {
            frames.Add((info.Width, info.Height));
        }

        var declared = frames.Sum(f => f.Width * f.Height);
        if (frames.Count > MaxFrames || declared > MaxPixels || frames.Any(f => f.Width * f.Height > MaxPixels))
        {
            return ReadResult.Failed<ImmutableArray<PixelBuffer>>([Issue.Error(ImageIssues.TooLarge, fileName,
                $"Expected at most {MaxPixels / 1_000_000} million pixels in at most {MaxFrames} frames; the file declares {(frames.Count > MaxFrames ? $"more than {MaxFrames} frames" : $"{frames.Count} frame(s) of {string.Join(", ", frames.Take(3).Select(f => $"{f.Width} × {f.Height}"))}{(frames.Count > 3 ? " …" : string.Empty)}, {declared:N0} pixels")}. Nothing was decoded.")]);
        }

        try
        {
            var bits = info.PixelType.BitsPerPixel;
            var sixteen = bits is 16 or 48 or 64;
            if (bits is not (8 or 16))
            {
                issues.Add(Issue.Warning(ImageIssues.Colour, fileName, $"Expected a grayscale image; found {bits} bits per pixel, read as luminance."));
            }

            using var image = Image.Load<L16>(bytes);
            var pages = ImmutableArray.CreateBuilder<PixelBuffer>();
            for (var f = 0; f < image.Frames.Count; f++)
            {
                var frame = image.Frames[f];
                var values = new ushort[frame.Width * frame.Height];
                frame.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < rows.Height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < row.Length; x++)
                        {
                            // 8-bit sources are widened by ImageSharp to 16 bits (v × 257); give back their own scale.
                            values[(y * frame.Width) + x] = sixteen ? row[x].PackedValue : (ushort)(row[x].PackedValue / 257);
                        }
                    }
                });
                var max = sixteen ? ushort.MaxValue : (ushort)255;
                var inverted = BackgroundIsBright(values, max);
                if (inverted)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = (ushort)(max - values[i]);
                    }

                    issues.Add(Issue.Information(ImageIssues.Inverted, image.Frames.Count > 1 ? $"{fileName} page {f + 1}" : fileName,
                        $"The background is brighter than the spots; values were inverted so that more signal reads higher."));
                }

                var metadata = Metadata(image.Metadata, frame.Metadata.ExifProfile);
                pages.Add(new PixelBuffer(frame.Width, frame.Height, ImmutableCollectionsMarshal.AsImmutableArray(values), sixteen ? 16 : 8, inverted, Exposure(metadata), fileName, metadata));
            }

            return ReadResult.Of(pages.ToImmutable(), issues);
        }
        // The decoder is third-party code reading hostile bytes: whatever it throws is this file's fault, reported as such.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(fileName, $"Expected a readable {format.Name} image; the decoder failed: {e.Message}");
        }
    }

    // Most of a membrane is background. When the median lies nearer the top of the value range in use than its bottom, the
    // background is bright and the spots dark.
    private static bool BackgroundIsBright(ushort[] values, ushort max)
    {
        // The ranks n/1000, n/2 and n − 1 − n/1000 of the sorted values.
        var q = PixelStatistics.Quantiles(values, [0.001, 0.5, 1 - 0.001 - (1.0 / values.Length)]);
        var (low, median, high) = (q[0], q[1], q[2]);
        return high > low && median - low > high - median && max > 0;
    }

    // Instrument, software, date and resolution tags, the description's JSON fields (the proMAD / ChemiDoc convention) or its text,
    // and PNG text chunks: kept as text with the page, shown with the result, never interpreted beyond the exposure.
    private static ImmutableSortedDictionary<string, string> Metadata(ImageMetadata image, ExifProfile? exif)
    {
        var found = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, tag) in new (string, ExifTag<string>)[] { ("make", ExifTag.Make), ("model", ExifTag.Model), ("software", ExifTag.Software), ("dateTime", ExifTag.DateTime), ("artist", ExifTag.Artist) })
        {
            if (exif?.GetValue(tag)?.Value is { Length: > 0 } value)
            {
                found[name] = value.Trim();
            }
        }

        if (image.HorizontalResolution > 1 && image.ResolutionUnits != PixelResolutionUnit.AspectRatio)
        {
            found["resolution"] = string.Create(CultureInfo.InvariantCulture, $"{image.HorizontalResolution:0.##} per {(image.ResolutionUnits == PixelResolutionUnit.PixelsPerCentimeter ? "cm" : image.ResolutionUnits == PixelResolutionUnit.PixelsPerMeter ? "m" : "inch")}");
        }

        if (exif?.GetValue(ExifTag.ImageDescription)?.Value is { Length: > 0 } description)
        {
            try
            {
                using var json = JsonDocument.Parse(description);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    found["description"] = description.Trim();
                }
                else
                {
                    foreach (var property in json.RootElement.EnumerateObject())
                    {
                        found["description." + property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                    }
                }
            }
            catch (JsonException)
            {
                found["description"] = description.Trim();
            }
        }

        foreach (var text in image.GetPngMetadata().TextData)
        {
            found["png." + text.Keyword] = text.Value;
        }

        return found.ToImmutable();
    }

    // The description's exposure_time field (a JSON number or a numeric string), as the metadata already holds it.
    private static double? Exposure(ImmutableSortedDictionary<string, string> metadata) =>
        metadata.TryGetValue("description.exposure_time", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static ReadResult<ImmutableArray<PixelBuffer>> Failed(string fileName, FormattableString message) =>
        ReadResult.Failed<ImmutableArray<PixelBuffer>>([Issue.Error(ImageIssues.Unreadable, fileName, message)]);
}
