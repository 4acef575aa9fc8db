using Stroma.Core.Proteome;

namespace Stroma.Imaging.Tests;

// The other two real membranes of shared proteome/images (PROVENANCE.md): the ARY017 example (WhiteIsZero tag, verified layout)
// and proMAD's 8-bit ARY028 test image with saturated spots. The check on the grid is independent of the quantification: every
// bright local maximum of the image must fall inside the ROI of some layout spot, i.e. the fitted grid leaves no spot uncovered.
public sealed class RealMembraneTests
{
    private static PixelBuffer Image(string name) => Assert.Single(ImageReader.Read(SharedData.Bytes($"proteome/images/{name}"), name).ValueOrThrow());

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

    // ARY017 (R&D chemokine array, 7 × 20, references A1/A2, A19/A20, G1/G2): the grid is found unrotated at ~32.5 px, covers every
    // spot brighter than a tenth of the top, its reference spots are among the strongest tenth of the membrane's spots (MIP-3α is as
    // strong) and the negatives read nothing.
    [Fact]
    public void Ary017_GridCoversEverySpot_ReferencesStrongest_NegativesNotDetected()
    {
        var image = Image("dotblot_ARY017_example.tif");
        var layout = ArrayLayouts.Read(SharedData.Bytes("proteome/layouts/ARY017.csv"), "ARY017.csv").ValueOrThrow();

        var result = ArrayQuantification.Quantify([image], layout).ValueOrThrow();

        var grid = result.Grids[0];
        Assert.InRange(grid.Pitch, 30, 35);
        Assert.InRange(grid.RotationDegrees, -2, 2);
        AssertEveryMaximumCovered(image, grid, result.Measured[0], 0.1);
        var spots = result.Measured[0];
        var analyteSignals = spots.Where(s => s.Spot.Role == SpotRole.Analyte).Select(s => s.Signal).Order().ToList();
        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Reference), s => Assert.True(s.Signal > analyteSignals[analyteSignals.Count * 9 / 10], s.Spot.Label));
        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Negative), s => Assert.True(s.Signal < result.DetectionLimit[0], $"{s.Spot.Label}: {s.Signal}"));
        Assert.Contains(result.Analytes, a => a.Detected);
    }

    // ARY028 (R&D Mouse XL, 8-bit, 1224 pixels at 255). Its analyte map (proMAD's ARY028.json) is not among the shared layouts, so
    // the test lays the 10 × 24 grid with the reference pairs where R&D's XL membranes print them (A1/A2, A23/A24, J1/J2, as on
    // ARY022B) and every other position as an unnamed duplicate pair. Four bright pairs share row A at the right, so only the rule
    // "no bright blob off the grid" picks the true pitch there. Every saturated pixel lies in a spot flagged saturated, and the
    // flags say which: an analyte whose own spots clip is "saturated"; the rest, normalised to clipped references,
    // "reference-saturated".
    [Fact]
    public void Ary028_GridCoversEverySpot_SaturationFlaggedWhereThePixelsClip()
    {
        var image = Image("promad_ARY028_array_test.tif");
        string[] references = ["A1", "A2", "A23", "A24", "J1", "J2"];
        var positions = from row in Enumerable.Range(0, 10) from column in Enumerable.Range(0, 24) select (row, column);
        var layout = new ArrayLayout("ARY028 grid", 10, 24, [.. positions.Select(p =>
        {
            var label = FormattableString.Invariant($"{(char)('A' + p.row)}{p.column + 1}");
            return references.Contains(label)
                ? new LayoutSpot("Reference Spots", p.row, p.column, SpotRole.Reference, Array.IndexOf(references, label) + 1)
                : new LayoutSpot(FormattableString.Invariant($"{(char)('A' + p.row)}{(p.column / 2 * 2) + 1}"), p.row, p.column, SpotRole.Analyte, (p.column % 2) + 1);
        })]);

        var result = ArrayQuantification.Quantify([image], layout).ValueOrThrow();

        var (grid, spots) = (result.Grids[0], result.Measured[0]);
        Assert.InRange(grid.Pitch, 18.5, 20.5);
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

    // A wrong layout is refused, not quantified: ARY022B's reference corners can be laid on three bright ARY017 spots (at a pitch of
    // 24 px instead of 32.6), but then half the bright spots fall between its grid positions (ARRAY004); ARY017's layout finds no
    // consistent grid on the ARY022B membrane at all (ARRAY001). Noise is not a membrane.
    [Fact]
    public void WrongLayoutOrNoise_IsRefusedWithTheReason()
    {
        var ary017 = Image("dotblot_ARY017_example.tif");
        var ary022b = Image("promad_ARY022B_prepared_00010.tif");
        ArrayLayout Layout(string name) => ArrayLayouts.Read(SharedData.Bytes($"proteome/layouts/{name}"), name).ValueOrThrow();
        var random = new Random(1);
        var noise = new PixelBuffer(300, 200, [.. Enumerable.Range(0, 60000).Select(_ => (ushort)(1000 + random.Next(100)))], 16, false, null, "noise.png");

        var swapped = ArrayQuantification.Quantify([ary017], Layout("ARY022B.csv"));
        var other = ArrayQuantification.Quantify([ary022b], Layout("ARY017.csv"));
        var random022b = ArrayQuantification.Quantify([noise], Layout("ARY022B.csv"));

        Assert.Contains("Is this the layout of this membrane?", Assert.Single(swapped.Issues, i => i.Code == "ARRAY004").Message, StringComparison.Ordinal);
        Assert.Contains(other.Issues, i => i.Code == "ARRAY001");
        Assert.Contains(random022b.Issues, i => i.Code is "ARRAY001" or "ARRAY004");
        Assert.All(new[] { swapped, other, random022b }, r => Assert.Null(r.Value));
    }
}
