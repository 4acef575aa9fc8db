using Stroma.Core.Proteome;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Proteome;

// Issue 16 §1's acceptance, on simulated membranes with known truth: the shipped kits printed in blocks (2/3 or 1/2 pitch between
// groups of columns, reference rows set apart), every fifth analyte as bright as the reference spots, every seventh saturating
// (8 × a reference spot), and strong spots as rings (a dip of 0.8 at the centre), at any rotation and mirrored. Every analyte that
// is not saturated is recovered within 5 % of its true signal relative to the reference spots (the simulator's integrals); the
// saturating ones are flagged, never reported as a value that looks right.
public sealed class BlockMembraneTests
{
    public static TheoryData<string, double, bool> Cases()
    {
        var cases = new TheoryData<string, double, bool>();
        foreach (var kit in ShippedLayouts.Names)
        {
            foreach (var degrees in new[] { 0.0, 7, -10, 45, 90, 183, 268 })
            {
                cases.Add(kit, degrees, false);
            }

            cases.Add(kit, 13, true);
            cases.Add(kit, 200, true);
        }

        return cases;
    }

    private static (SimulatedMembrane Membrane, Dictionary<string, double> Relative) Render(ArrayLayout layout, double degrees, int seed = 3)
    {
        var random = new Random(seed);
        var relative = layout.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        foreach (var a in layout.Analytes.Where((_, i) => i % 5 == 0))
        {
            relative[a] = 1.0 + (0.2 * random.NextDouble());
        }

        foreach (var a in layout.Analytes.Where((_, i) => i % 7 == 3))
        {
            relative[a] = 8;
        }

        return (MembraneSimulator.Render(layout, relative, new MembraneSettings(RotationDegrees: degrees, PeakAtUnit: 30000, RingDip: 0.8, RingAbove: 0.8)), relative);
    }

    private static PixelBuffer Mirror(PixelBuffer image) =>
        image with { Pixels = [.. Enumerable.Range(0, image.Pixels.Length).Select(i => image[image.Width - 1 - (i % image.Width), i / image.Width])] };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quantify_BlocksSaturatedPairsAndRings_EveryAnalyteWithin5Percent(string kit, double degrees, bool mirrored)
    {
        var layout = ShippedLayouts.Find(kit)!;
        var (membrane, relative) = Render(layout, degrees);
        var image = mirrored ? Mirror(membrane.Image) : membrane.Image;
        var reference = layout.Spots.Where(s => s.Role == SpotRole.Reference).Average(s => membrane.Signals[s.Label]);

        var result = ArrayQuantification.Quantify([image], layout).ValueOrThrow();

        Assert.Equal(mirrored, (result.Grids[0].ColumnX * result.Grids[0].RowY) - (result.Grids[0].ColumnY * result.Grids[0].RowX) < 0);
        Assert.All(result.Analytes, a =>
        {
            if (relative[a.Analyte] >= 8)
            {
                Assert.Contains("saturated", a.Flags);
                return;
            }

            var truth = layout.Spots.Where(s => s.Analyte == a.Analyte).Average(s => membrane.Signals[s.Label]) / reference;
            Assert.True(a.NormalizedSignal is { } v && Math.Abs(v - truth) <= 0.05 * truth, FormattableString.Invariant($"{a.Analyte}: {a.NormalizedSignal:0.000} vs {truth:0.000}"));
        });
    }

    // A blank sample shows only the reference spots: the layout is still placed by them (the asymmetric corners decide the turn), and
    // no analyte reads more than 1 % of a reference spot (noise alone may cross the 3-SD detection limit now and then).
    [Theory]
    [InlineData("ARY007", 90)]
    [InlineData("ARY022B", -10)]
    public void Quantify_OnlyReferenceSpotsShow_GridFoundNothingDetected(string kit, double degrees)
    {
        var layout = ShippedLayouts.Find(kit)!;
        var membrane = MembraneSimulator.Render(layout, new Dictionary<string, double>(), new MembraneSettings(RotationDegrees: degrees));

        var result = ArrayQuantification.Quantify([membrane.Image], layout).ValueOrThrow();

        var (x, y) = result.Grids[0].At(0, 0);
        var truth = membrane.Centres["A1"];
        Assert.True(Math.Abs(x - truth.X) < 1 && Math.Abs(y - truth.Y) < 1, FormattableString.Invariant($"A1 at ({x:0.0}, {y:0.0}), truly ({truth.X:0.0}, {truth.Y:0.0})"));
        Assert.All(result.Analytes, a => Assert.True(a.NormalizedSignal is null or < 0.01, a.Analyte));
    }

    // Wrong layouts are still refused: another kit's layout on a simulated membrane (ARY015's on ARY007's, ARY007's on ARY022B's), and a
    // layout that states no printed geometry (the shared ARY022B CSV) on a block-printed ARY022B showing only some columns, where a
    // column without spots could only be guessed (ARRAY005).
    [Theory]
    [InlineData("ARY007", "ARY015")]
    [InlineData("ARY022B", "ARY007")]
    [InlineData("ARY015", "ARY022B")]
    public void Quantify_AnotherKitsLayout_IsRefused(string printed, string layoutKit)
    {
        var (membrane, _) = Render(ShippedLayouts.Find(printed)!, 4);

        var result = ArrayQuantification.Quantify([membrane.Image], ShippedLayouts.Find(layoutKit)!);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code is SpotIssues.GridNotFound or SpotIssues.OffGrid or SpotIssues.UnstatedBlocks);
    }

    [Fact]
    public void Quantify_LayoutWithoutGeometryOnBlocksWithDarkColumns_IsArray005()
    {
        var layout = ShippedLayouts.Find("ARY022B")!;
        var csv = ArrayLayouts.Read(TestData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow();
        // Only the analytes of rows B–D show: whole columns of the blocks stay dark.
        var relative = layout.Spots.Where(s => s.Role == SpotRole.Analyte && s.Row is >= 1 and <= 3 && s.Column % 4 < 2).Select(s => s.Analyte).Distinct().ToDictionary(a => a, _ => 0.6);
        var membrane = MembraneSimulator.Render(layout, relative, new MembraneSettings(RotationDegrees: 2));

        var result = ArrayQuantification.Quantify([membrane.Image], csv);

        Assert.Null(result.Value);
        Assert.Equal(SpotIssues.UnstatedBlocks, Assert.Single(result.Issues).Code);
    }
}
