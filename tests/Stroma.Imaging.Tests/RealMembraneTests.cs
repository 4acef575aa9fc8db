using Stroma.Core.Proteome;

namespace Stroma.Imaging.Tests;

// The other two real membranes of shared proteome/images (PROVENANCE.md): the ARY017 example (WhiteIsZero tag, verified layout)
// and proMAD's 8-bit ARY028 test image with saturated spots. The check on the grid is independent of the quantification: every
// bright local maximum of the image must fall inside the ROI of some layout spot, i.e. the fitted grid leaves no spot uncovered.
public sealed class RealMembraneTests
{
    private static PixelBuffer Image(string name) => Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/{name}"), name).ValueOrThrow());

    // tests/data/proteome/layouts/ARY017_blocks.csv (PROVENANCE.md there): the shared ARY017 layout with the blocks this membrane is
    // printed in (columns 2 | 4 | 4 | 4 | 4 | 2, rows 1 | 5 | 1, half a pitch between).
    private static ArrayLayout Ary017Blocks()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "data", "proteome", "layouts", "ARY017_blocks.csv");
            if (File.Exists(path))
            {
                return ArrayLayouts.Read(File.ReadAllBytes(path), "ARY017_blocks.csv").ValueOrThrow();
            }
        }

        throw new FileNotFoundException("tests/data/proteome/layouts/ARY017_blocks.csv is not in the repository above the test binaries.");
    }

    // Local maxima (3 × 3) above the given fraction of the way from the median to the top.
    private static List<(int X, int Y)> BrightMaxima(PixelBuffer image, double fraction)
    {
        var threshold = image.Quantile(0.5) + (fraction * (image.Pixels.Max() - image.Quantile(0.5)));
        var maxima = new List<(int, int)>();
        for (var y = 1; y < image.Height - 1; y++)
        {
            for (var x = 1; x < image.Width - 1; x++)
            {
                var v = image[x, y];
                var isMax = v >= threshold;
                for (var dy = -1; dy <= 1 && isMax; dy++)
                {
                    for (var dx = -1; dx <= 1 && isMax; dx++)
                    {
                        isMax = image[x + dx, y + dy] <= v;
                    }
                }

                if (isMax)
                {
                    maxima.Add((x, y));
                }
            }
        }

        return maxima;
    }

    private static void AssertEveryMaximumCovered(PixelBuffer image, GridTransform grid, IReadOnlyList<MeasuredSpot> spots, double fraction)
    {
        var maxima = BrightMaxima(image, fraction);
        Assert.NotEmpty(maxima);
        Assert.All(maxima, m => Assert.True(spots.Any(s => Math.Sqrt(((s.X - m.X) * (s.X - m.X)) + ((s.Y - m.Y) * (s.Y - m.Y))) <= 0.4 * grid.Pitch),
            $"The bright maximum at ({m.X}, {m.Y}) lies in no spot's ROI."));
    }

    // ARY017 (R&D chemokine array, 7 × 20, references A1/A2, A19/A20, G1/G2) printed in blocks: the grid is found unrotated at the
    // spacing inside a block (~29 px; a uniform grid stretched over the blocks reads 32.5), covers every spot brighter than a tenth of
    // the top, its reference spots are among the strongest tenth of the membrane's spots (MIP-3α is as strong) and the negatives read
    // nothing. The shared CSV without the blocks is refused on it (ARRAY005): where no spots show, a column could only be guessed.
    [Fact]
    public void Ary017_GridCoversEverySpot_ReferencesStrongest_NegativesNotDetected()
    {
        var image = Image("dotblot_ARY017_example.tif");
        var layout = Ary017Blocks();

        var result = ArrayQuantification.Quantify([image], layout).ValueOrThrow();
        var withoutBlocks = ArrayQuantification.Quantify([image], ArrayLayouts.Read(SharedData.Bytes("proteome/layouts/ARY017.csv"), "ARY017.csv").ValueOrThrow());

        Assert.Equal(SpotIssues.UnstatedBlocks, Assert.Single(withoutBlocks.Issues).Code);
        var grid = result.Grids[0];
        Assert.InRange(grid.Pitch, 28, 30);
        Assert.InRange(grid.RotationDegrees, -2, 2);
        AssertEveryMaximumCovered(image, grid, result.Measured[0], 0.1);
        var spots = result.Measured[0];
        var analyteSignals = spots.Where(s => s.Spot.Role == SpotRole.Analyte).Select(s => s.Signal).Order().ToList();
        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Reference), s => Assert.True(s.Signal > analyteSignals[analyteSignals.Count * 9 / 10], s.Spot.Label));
        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Negative), s => Assert.True(s.Signal < result.DetectionLimit[0], $"{s.Spot.Label}: {s.Signal}"));
        Assert.Contains(result.Analytes, a => a.Detected);
    }

    // ARY028 (R&D Mouse XL, 8-bit, 1224 pixels at 255) with the shipped ARY028 layout (proMAD's kit file, blocks half a pitch apart).
    // Saturated pairs sit all over the membrane, as bright as the reference spots. Every saturated pixel lies in a spot flagged
    // saturated, and the flags say which: an analyte whose own spots clip is "saturated"; the rest, normalised to clipped references,
    // "reference-saturated".
    [Fact]
    public void Ary028_GridCoversEverySpot_SaturationFlaggedWhereThePixelsClip()
    {
        var image = Image("promad_ARY028_array_test.tif");
        var layout = ShippedLayouts.Find("ARY028")!;

        var result = ArrayQuantification.Quantify([image], layout).ValueOrThrow();

        var (grid, spots) = (result.Grids[0], result.Measured[0]);
        Assert.InRange(grid.Pitch, 16.8, 17.8);
        AssertEveryMaximumCovered(image, grid, spots, 0.2);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y] == 255)
                {
                    Assert.Contains(spots, s => s.Saturated && (((s.X - x) * (s.X - x)) + ((s.Y - y) * (s.Y - y))) <= 0.16 * grid.Pitch * grid.Pitch);
                }
            }
        }

        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Reference), s => Assert.True(s.Saturated, s.Spot.Label));
        var clipped = spots.Where(s => s.Saturated && s.Spot.Role == SpotRole.Analyte).Select(s => s.Spot.Analyte).ToHashSet();
        Assert.InRange(clipped.Count, 5, 30);
        Assert.All(result.Analytes, a => Assert.Contains(clipped.Contains(a.Analyte) ? "saturated" : "reference-saturated", a.Flags));
    }

    // A wrong layout is refused, not quantified: no placement of ARY022B's grid lights its reference spots on the ARY017 membrane, nor
    // ARY017's on the ARY022B membrane (ARRAY001, or ARRAY004 when a placement leaves spots off the grid). Noise is not a membrane.
    [Fact]
    public void WrongLayoutOrNoise_IsRefusedWithTheReason()
    {
        var ary017 = Image("dotblot_ARY017_example.tif");
        var ary022b = Image("promad_ARY022B_prepared_00010.tif");
        ArrayLayout Layout(string name) => ArrayLayouts.Read(SharedData.Bytes($"proteome/layouts/{name}"), name).ValueOrThrow();
        var random = new Random(1);
        var noise = new PixelBuffer(300, 200, [.. Enumerable.Range(0, 60000).Select(_ => (ushort)(1000 + random.Next(100)))], 16, false, null, "noise.png");

        var swapped = ArrayQuantification.Quantify([ary017], ShippedLayouts.Find("ARY022B")!);
        var other = ArrayQuantification.Quantify([ary022b], Ary017Blocks());
        var random022b = ArrayQuantification.Quantify([noise], Layout("ARY022B.csv"));

        Assert.Contains("Is this the layout of this membrane?", Assert.Single(swapped.Issues, i => i.Code is "ARRAY001" or "ARRAY004").Message, StringComparison.Ordinal);
        Assert.Contains(other.Issues, i => i.Code is "ARRAY001" or "ARRAY004");
        Assert.Contains(random022b.Issues, i => i.Code is "ARRAY001" or "ARRAY004");
        Assert.All(new[] { swapped, other, random022b }, r => Assert.Null(r.Value));
    }
}
