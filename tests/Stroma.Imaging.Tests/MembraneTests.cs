using Stroma.Core.Proteome;

namespace Stroma.Imaging.Tests;

// The real proMAD ARY022B exposure series (shared proteome/images; PROVENANCE.md: stored rotated by 90°): the grid is found on
// every frame at the same place, the reference spots grow in proportion to exposure in the early frames (linear range), and the
// strongest analytes are the same in every frame.
public sealed class MembraneTests
{
    private static readonly string[] Frames = ["00005", "00010", "00016"];

    // Out of exposure order on purpose: the quantification sorts by the exposure in each file.
    private static readonly string[] Series = ["00033", "00005", "00016", "00010"];

    private static readonly Lazy<ArrayLayout> Layout = new(() => ArrayLayouts.Read(SharedData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow());

    private static (PixelBuffer Image, GridTransform Grid, IReadOnlyList<MeasuredSpot> Spots) Frame(string number)
    {
        var image = Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{number}.tif"), number).ValueOrThrow());
        var grid = SpotQuantification.Align(image, Layout.Value).ValueOrThrow();
        return (image, grid, SpotQuantification.Measure(image, Layout.Value, grid).ValueOrThrow());
    }

    // The command's core: over the series, each analyte comes from the longest exposure in the linear range (825 s here: at 1369 s
    // the reference response per second has already fallen by more than 15 %).
    [Fact]
    public void Quantify_Ary022bSeries_UsesTheLinearRangeAndNormalises()
    {
        var images = Series.Select(n => Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{n}.tif"), n).ValueOrThrow())).ToList();

        var result = ArrayQuantification.Quantify(images, Layout.Value).ValueOrThrow();

        var serpin = result.Analytes.Single(a => a.Analyte == "Serpin E1");
        Assert.True(serpin.Detected);
        Assert.Equal(1, serpin.ImageIndex);
        Assert.InRange(serpin.NormalizedSignal!.Value, 1.0, 1.6);
        Assert.Equal(4, result.Spots[0].Signals.Length);
        Assert.All(result.Analytes.Where(a => !a.Detected), a => Assert.Null(a.NormalizedSignal));
    }

    [Fact]
    public void Ary022bSeries_GridFoundReferencesLinearTopAnalytesConsistent()
    {
        var frames = Frames.Select(Frame).ToList();

        Assert.All(frames, f =>
        {
            Assert.InRange(f.Grid.Pitch, 16, 18.5);
            Assert.InRange(Math.Abs(f.Grid.RotationDegrees), 80, 100);
            Assert.Equal(frames[0].Grid.OriginX, f.Grid.OriginX, 2.0);
        });
        double PerSecond((PixelBuffer Image, GridTransform Grid, IReadOnlyList<MeasuredSpot> Spots) f) =>
            f.Spots.Where(s => s.Spot.Role == SpotRole.Reference).Average(s => s.Signal) / f.Image.ExposureSeconds!.Value;
        Assert.InRange(PerSecond(frames[1]) / PerSecond(frames[0]), 0.85, 1.15);
        var top = frames.Select(f => f.Spots.Where(s => s.Spot.Role == SpotRole.Analyte).GroupBy(s => s.Spot.Analyte)
            .OrderByDescending(g => g.Average(s => s.Signal)).Take(3).Select(g => g.Key).Order(StringComparer.Ordinal).ToArray()).ToList();
        Assert.All(top, t => Assert.Equal(top[0], t));
        // Serpin E1 (I1/I2, the pair proMAD's own test names) is the strongest analyte: the grid sits on the right spots.
        Assert.Contains("Serpin E1", top[0]);
        Assert.All(frames, f => Assert.True(f.Spots.Where(s => s.Spot.Role == SpotRole.Reference).Min(s => s.Signal) > 10 * f.Spots.Where(s => s.Spot.Role == SpotRole.Negative).Max(s => Math.Abs(s.Signal))));
    }
}
