using Stroma.Core.Proteome;

namespace Stroma.Imaging.Tests;

// The real proMAD ARY022B exposure series (shared proteome/images; PROVENANCE.md: stored rotated by 90°) with the shipped ARY022B
// layout (proMAD's kit file: blocks of 4 columns half a pitch apart): the grid is found on every frame at the same place, the
// reference spots grow in proportion to exposure in the early frames (linear range), and the strongest analytes are the same in
// every frame.
public sealed class MembraneTests
{
    private static readonly string[] Frames = ["00005", "00010", "00016"];

    // Out of exposure order on purpose: the quantification sorts by the exposure in each file.
    private static readonly string[] Series = ["00033", "00005", "00016", "00010"];

    private static readonly Lazy<ArrayLayout> Layout = new(() => ShippedLayouts.Find("ARY022B")!);

    private static (PixelBuffer Image, GridTransform Grid, IReadOnlyList<MeasuredSpot> Spots) Frame(string number)
    {
        var image = Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{number}.tif"), number).ValueOrThrow());
        var grid = SpotQuantification.Align(image, Layout.Value).ValueOrThrow();
        return (image, grid, SpotQuantification.Measure(image, Layout.Value, grid).ValueOrThrow());
    }

    // The command's core: over the series, each analyte comes from the longest exposure in the linear range — the reference response
    // per second within 15 % of the shortest exposure's. Measured on the blocks' true positions it falls by 7 % at 825 s, 15 % at
    // 1369 s (just inside) and 33 % at 3000 s (outside), so Serpin E1, unsaturated throughout, comes from the 1369 s frame.
    [Fact]
    public void Quantify_Ary022bSeries_UsesTheLinearRangeAndNormalises()
    {
        var images = Series.Select(n => Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{n}.tif"), n).ValueOrThrow())).ToList();

        var result = ArrayQuantification.Quantify(images, Layout.Value).ValueOrThrow();

        var perSecond = result.Measured.Select((m, i) => m.Where(s => s.Spot.Role == SpotRole.Reference).Average(s => s.Signal) / images.OrderBy(x => x.ExposureSeconds).ElementAt(i).ExposureSeconds!.Value).ToList();
        var linear = Enumerable.Range(0, perSecond.Count).Where(i => Math.Abs((perSecond[i] / perSecond[0]) - 1) <= 0.15).ToList();
        var serpin = result.Analytes.Single(a => a.Analyte == "Serpin E1");
        Assert.True(serpin.Detected);
        Assert.Equal([0, 1, 2], linear);
        Assert.Equal(linear[^1], serpin.ImageIndex);
        Assert.InRange(serpin.NormalizedSignal!.Value, 1.0, 1.6);
        Assert.Equal(4, result.Spots[0].Signals.Length);
        Assert.All(result.Analytes.Where(a => !a.Detected), a => Assert.Null(a.NormalizedSignal));
    }

    // The first frame (10 s) shows little more than the reference spots, 165 counts above a 570 pedestal with noise of about 18: the
    // layout is still placed by them, each corner within a fifth of a pitch of where the later frames put it (J24, a dark negative
    // control, is the farthest from the spots that show).
    [Fact]
    public void Align_FaintFirstFrame_SamePlaceAsTheBrightFrames()
    {
        var faint = Frame("00001");
        var bright = Frame("00010");

        Assert.All(new[] { (0, 0), (0, 23), (9, 0), (9, 23) }, p =>
        {
            var (a, b) = (faint.Grid.At(p.Item1, p.Item2), bright.Grid.At(p.Item1, p.Item2));
            Assert.True(Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))) < 0.2 * bright.Grid.Pitch, FormattableString.Invariant($"{p}: ({a.X:0.0}, {a.Y:0.0}) vs ({b.X:0.0}, {b.Y:0.0})"));
        });
    }

    // The shared CSV states no printed geometry: on these block-printed frames a column without spots could only be guessed, so it is
    // refused (ARRAY005, or ARRAY004 when only the corners show), never quantified on a wrong grid.
    [Theory]
    [InlineData("00001")]
    [InlineData("00033")]
    public void Align_CsvWithoutGeometry_IsRefusedNotGuessed(string number)
    {
        var image = Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{number}.tif"), number).ValueOrThrow());
        var csv = ArrayLayouts.Read(SharedData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow();

        var result = SpotQuantification.Align(image, csv);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code is SpotIssues.UnstatedBlocks or SpotIssues.OffGrid);
    }

    [Fact]
    public void Ary022bSeries_GridFoundReferencesLinearTopAnalytesConsistent()
    {
        var frames = Frames.Select(Frame).ToList();

        Assert.All(frames, f =>
        {
            // The spacing inside a block (15.5 px); a uniform grid stretched over the blocks would read 17.2.
            Assert.InRange(f.Grid.Pitch, 15, 16);
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
