using Stroma.Core.Proteome;

namespace Stroma.Imaging.Tests;

public sealed class ImageReaderTests
{
    private static PixelBuffer Read(string name, out IReadOnlyList<Core.Diagnostics.Issue> issues)
    {
        var result = ImageReader.Read(SharedData.Bytes($"proteome/images/{name}"), name);
        issues = result.Issues;
        return Assert.Single(result.ValueOrThrow());
    }

    // shared PROVENANCE.md: ARY022B frames are 233 × 490, 16-bit BlackIsZero, pixel range 500–733 at 10.0 s cumulative exposure,
    // with the exposure in the ImageDescription JSON; the maxima grow with exposure (4906 at 372.424 s, 26656 at 2999.998 s).
    [Theory]
    [InlineData("promad_ARY022B_prepared_00001.tif", 10.0, 500, 733)]
    [InlineData("promad_ARY022B_prepared_00005.tif", 372.424, null, 4906)]
    [InlineData("promad_ARY022B_prepared_00033.tif", 2999.998, null, 26656)]
    public void Read_Ary022bSeries_SizeDepthExposureAndRange(string name, double exposure, int? min, int max)
    {
        var image = Read(name, out var issues);

        Assert.Equal((233, 490, 16), (image.Width, image.Height, image.BitDepth));
        Assert.Equal(exposure, image.ExposureSeconds);
        Assert.False(image.Inverted);
        Assert.Equal(max, image.Pixels.Max(p => (int)p));
        if (min is { } m)
        {
            Assert.Equal(m, image.Pixels.Min(p => (int)p));
        }

        Assert.DoesNotContain(issues, i => i.Severity != Core.Diagnostics.Severity.Information);
    }

    // ARY028: 8-bit with 1224 pixels at 255 — saturated spots.
    [Fact]
    public void Read_Ary028_EightBitWithSaturatedSpots()
    {
        var image = Read("promad_ARY028_array_test.tif", out _);

        Assert.Equal(8, image.BitDepth);
        Assert.Equal(1224, image.SaturatedPixels);
        Assert.Null(image.ExposureSeconds);
    }

    // ARY017 is tagged WhiteIsZero although higher codes mean more signal (spots 9965, background ≈ 18): the polarity comes from
    // the data, so after reading the spots are high and the background low, whatever the tag made of the stored values.
    [Fact]
    public void Read_Ary017WhiteIsZeroTag_SpotsReadHigh()
    {
        var image = Read("dotblot_ARY017_example.tif", out _);

        var sorted = image.Pixels.Order().ToArray();
        var (median, top) = (sorted[sorted.Length / 2], sorted[^1]);
        Assert.Equal((700, 300), (image.Width, image.Height));
        Assert.True(top - median > 5000, $"median {median}, top {top}");
        Assert.True(median < 2000, $"median {median}");
    }

    [Theory]
    [InlineData("not an image at all")]
    [InlineData("II*\0garbage-after-a-tiff-magic")]
    public void Read_NotAnImageOrCorrupt_IsAClearError(string text)
    {
        var result = ImageReader.Read(System.Text.Encoding.ASCII.GetBytes(text), "bad.tif");

        Assert.True(result.HasErrors);
        // A TIFF header over garbage is refused at its directories (IMG006), anything else as unreadable.
        Assert.Equal(text.StartsWith("II*", StringComparison.Ordinal) ? ImageIssues.BadTiffDirectory : ImageIssues.Unreadable, Assert.Single(result.Issues).Code);
        Assert.Equal("bad.tif", result.Issues[0].Location);
    }

    // A truncated real TIFF never throws: an error or a readable remainder.
    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    [InlineData(200000)]
    public void Read_TruncatedTiff_NeverThrows(int keep)
    {
        var bytes = SharedData.Bytes("proteome/images/promad_ARY022B_prepared_00001.tif").AsSpan(0, keep).ToArray();

        var result = ImageReader.Read(bytes, "cut.tif");

        Assert.True(result.HasErrors || !result.Value.IsDefaultOrEmpty);
    }

    // The rest of what a file says about itself is kept as text: the ARY022B frames' description JSON (imager "A2,0", acquisition
    // date), the writing software and resolution tags; ImageJ's plain-text description of the ARY017 example as it is.
    [Fact]
    public void Read_MetadataKeptAsText()
    {
        var ary022b = Read("promad_ARY022B_prepared_00010.tif", out _);
        var ary017 = Read("dotblot_ARY017_example.tif", out _);

        Assert.Equal("A2,0", ary022b.Metadata!["description.system_name"]);
        Assert.Equal("2018-12-05T18:26:32", ary022b.Metadata["description.image_date"]);
        Assert.Equal("825.454", ary022b.Metadata["description.exposure_time"]);
        Assert.Equal("tifffile.py", ary022b.Metadata["software"]);
        Assert.StartsWith("ImageJ=1.53t", ary017.Metadata!["description"], StringComparison.Ordinal);
        Assert.Equal("143.47 per cm", ary017.Metadata["resolution"]);
    }

    // PNG written by Stroma (the demo's membranes) reads back value for value, 16-bit and 8-bit.
    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void Png_RoundTrip_KeepsEveryValue(int bits)
    {
        var random = new Random(bits);
        var max = bits == 8 ? 255 : 65535;
        // A dark background with a few bright values, so the polarity check keeps the values as they are.
        var values = Enumerable.Range(0, 64 * 48).Select(i => (ushort)(i % 97 == 0 ? max - random.Next(max / 10) : random.Next(max / 20))).ToArray();
        var image = new PixelBuffer(64, 48, [.. values], bits, false, null, "round.png");

        var back = Assert.Single(ImageReader.Read(ImageWriter.Png(image), "round.png").ValueOrThrow());

        Assert.Equal((64, 48, bits, false), (back.Width, back.Height, back.BitDepth, back.Inverted));
        Assert.Equal(values, back.Pixels.ToArray());
    }
}
