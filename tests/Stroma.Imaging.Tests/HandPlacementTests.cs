using Stroma.Core.Proteome;
using Stroma.Core.Simulation;

namespace Stroma.Imaging.Tests;

// The grid placed by hand (issue 14): the three corner reference spots clicked on the image instead of searched for. Ground truth from
// the membrane simulator (its true spot centres and signals); the shipped ARY022B layout (proMAD's kit file, printed blocks).
public sealed class HandPlacementTests
{
    private static readonly Lazy<ArrayLayout> Layout = new(() => ShippedLayouts.Find("ARY022B")!);

    private static SimulatedMembrane Membrane(double degrees, MembraneSettings? settings = null, int seed = 3)
    {
        var random = new Random(seed);
        var truth = Layout.Value.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        return MembraneSimulator.Render(Layout.Value, truth, (settings ?? new MembraneSettings()) with { RotationDegrees = degrees });
    }

    // The corners as a user clicks them: on the true centres, each a few pixels off (a click is not exact).
    private static PlacedCorners Clicked(SimulatedMembrane m, double offBy = 2.5)
    {
        var (tl, tr, bl) = HandPlacement.CornersOf(Layout.Value)!.Value;
        PixelPoint At(LayoutSpot s, double dx, double dy) => new(m.Centres[s.Label].X + dx, m.Centres[s.Label].Y + dy);
        return new PlacedCorners(At(tl, offBy, -offBy), At(tr, -offBy, offBy), At(bl, offBy, offBy));
    }

    private static Dictionary<string, double> Truth(SimulatedMembrane m)
    {
        var reference = Layout.Value.Spots.Where(s => s.Role == SpotRole.Reference).Average(s => m.Signals[s.Label]);
        return Layout.Value.Spots.Where(s => s.Role == SpotRole.Analyte).GroupBy(s => s.Analyte)
            .ToDictionary(g => g.Key, g => g.Average(s => m.Signals[s.Label]) / reference, StringComparer.Ordinal);
    }

    [Fact]
    public void CornersOf_Ary022b_AreA1A24AndJ1()
    {
        var (tl, tr, bl) = HandPlacement.CornersOf(Layout.Value)!.Value;

        Assert.Equal(("A1", "A24", "J1"), (tl.Label, tr.Label, bl.Label));
    }

    // Placing the right corners, a few pixels off, recovers every analyte's signal relative to the reference spots within 5 %, on a
    // straight, a turned and a quarter-turned membrane.
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(90)]
    public void Quantify_RightCornersPlaced_EveryAnalyteWithin5Percent(double degrees)
    {
        var membrane = Membrane(degrees);
        var truth = Truth(membrane);

        var result = ArrayQuantification.Quantify([membrane.Image], Layout.Value, null, Clicked(membrane)).ValueOrThrow();

        Assert.Equal(truth.Count, result.Analytes.Length);
        Assert.All(result.Analytes, a => Assert.True(a.Detected && Math.Abs(a.NormalizedSignal!.Value - truth[a.Analyte]) <= 0.05 * truth[a.Analyte],
            FormattableString.Invariant($"{a.Analyte}: {a.NormalizedSignal:0.000} vs {truth[a.Analyte]:0.000}")));
    }

    // A membrane the search refuses (dust specks outweigh the faint spots: most of the weight found falls off the layout) is still
    // quantified from the corners placed by hand, every analyte within 5 %.
    [Fact]
    public void Quantify_MembraneTheSearchRefuses_PlacedByHandWithin5Percent()
    {
        var membrane = Membrane(5, new MembraneSettings(Specks: 400, SpeckPeak: 30000));
        var truth = Truth(membrane);

        var searched = ArrayQuantification.Quantify([membrane.Image], Layout.Value);
        var placed = ArrayQuantification.Quantify([membrane.Image], Layout.Value, null, Clicked(membrane)).ValueOrThrow();

        Assert.Null(searched.Value);
        Assert.Contains(searched.Issues, i => i.Code is SpotIssues.GridNotFound or SpotIssues.OffGrid);
        Assert.All(placed.Analytes, a => Assert.True(Math.Abs(a.NormalizedSignal!.Value - truth[a.Analyte]) <= 0.05 * truth[a.Analyte], a.Analyte));
    }

    // Corners clicked in the wrong order (top-right and bottom-left swapped: a 24 × 10 grid squeezed into 10 × 24) make no square grid.
    [Fact]
    public void Place_CornersSwapped_IsRefusedAsNoGrid()
    {
        var membrane = Membrane(0);
        var right = Clicked(membrane);

        var result = HandPlacement.Place(membrane.Image, Layout.Value, right with { TopRight = right.BottomLeft, BottomLeft = right.TopRight });

        Assert.Null(result.Value);
        Assert.Equal(SpotIssues.BadPlacement, Assert.Single(result.Issues).Code);
    }

    // The right shape placed where the membrane is not (moved by two and a half pitches along both axes, between the spot lines): the
    // reference spots do not show there, so nothing is quantified.
    [Fact]
    public void Place_RightShapeInTheWrongPlace_IsRefusedAsOffGrid()
    {
        var membrane = Membrane(0, new MembraneSettings(MarginPx: 80));
        var right = Clicked(membrane, 0);
        var shift = 2.5 * 18;
        PixelPoint Moved(PixelPoint p) => new(p.X - shift, p.Y - shift);

        var result = ArrayQuantification.Quantify([membrane.Image], Layout.Value, null, new PlacedCorners(Moved(right.TopLeft), Moved(right.TopRight), Moved(right.BottomLeft)));

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == SpotIssues.OffGrid);
    }

    [Fact]
    public void Place_CornerOffTheImage_IsRefusedNamingTheCorner()
    {
        var membrane = Membrane(0);
        var right = Clicked(membrane);

        var result = HandPlacement.Place(membrane.Image, Layout.Value, right with { TopRight = new PixelPoint(membrane.Image.Width + 40, 10) });

        var issue = Assert.Single(result.Issues);
        Assert.Equal((SpotIssues.BadPlacement, "top-right"), (issue.Code, issue.Location));
    }

    // On a real frame (proMAD's ARY022B, 1369 s), corners placed where the search put them give the search's values for every analyte
    // that shows clearly (a quarter of the reference signal or more; the faint ones sit at the noise, where a refit moves them).
    [Fact]
    public void Quantify_RealFramePlacedAtTheSearchedCorners_SameValuesAsTheSearch()
    {
        var image = Assert.Single(ImageReader.Read(SharedData.Bytes("proteome/images/promad_ARY022B_prepared_00016.tif"), "00016").ValueOrThrow());
        var searched = ArrayQuantification.Quantify([image], Layout.Value).ValueOrThrow();
        var (tl, tr, bl) = HandPlacement.CornersOf(Layout.Value)!.Value;
        PixelPoint At(LayoutSpot s) => searched.Grids[0].At(s.Row, s.Column) is var (x, y) ? new PixelPoint(Math.Round(x), Math.Round(y)) : default;

        var placed = ArrayQuantification.Quantify([image], Layout.Value, null, new PlacedCorners(At(tl), At(tr), At(bl))).ValueOrThrow();

        Assert.NotEmpty(searched.Analytes.Where(a => a.NormalizedSignal >= 0.25));
        Assert.All(searched.Analytes.Where(a => a.NormalizedSignal >= 0.25), a =>
        {
            var other = placed.Analytes.Single(p => p.Analyte == a.Analyte);
            Assert.True(Math.Abs(other.NormalizedSignal!.Value - a.NormalizedSignal!.Value) <= 0.05 * a.NormalizedSignal.Value,
                FormattableString.Invariant($"{a.Analyte}: {other.NormalizedSignal:0.000} vs {a.NormalizedSignal:0.000}"));
        });
    }

    [Theory]
    [InlineData("10,20; 300.5,20; 10,400", true)]
    [InlineData("10,20; 300,20", false)]
    [InlineData("10;20; 300,20; 10,400", false)]
    [InlineData("10,20; 300,20; 10,NaN", false)]
    [InlineData("10,5,20; 300,20; 10,400", false)]
    public void ParseCorners_ReadsThreeInvariantPoints(string text, bool reads)
    {
        var corners = HandPlacement.ParseCorners(text);

        Assert.Equal(reads, corners is not null);
        if (corners is not null)
        {
            Assert.Equal(new PixelPoint(300.5, 20), corners.TopRight);
            Assert.Equal(corners, HandPlacement.ParseCorners(corners.ToString()));
        }
    }
}
