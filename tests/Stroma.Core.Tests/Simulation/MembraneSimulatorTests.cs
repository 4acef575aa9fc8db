using Stroma.Core.Proteome;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class MembraneSimulatorTests
{
    // The simulator prints a kit's blocks: ARY007's columns 4 and 5 (indices 3, 4) sit 1 + 2/3 pitch apart, columns 1 and 2 one pitch.
    [Fact]
    public void Render_BlockLayout_SpotsAtThePrintedPositions()
    {
        var layout = ShippedLayouts.Find("ARY007")!;

        var membrane = MembraneSimulator.Render(layout, new Dictionary<string, double>(), new MembraneSettings(PitchPx: 20));

        double Distance(string a, string b) => Math.Sqrt(Math.Pow(membrane.Centres[a].X - membrane.Centres[b].X, 2) + Math.Pow(membrane.Centres[a].Y - membrane.Centres[b].Y, 2));
        Assert.Equal(20, Distance("B1", "B2"), 6);
        Assert.Equal(20 * (1 + (2 / 3.0)), Distance("B4", "B5"), 6);
        Assert.Equal(20 * (1 + (2 / 3.0)), Distance("A1", "B1"), 6);
    }

    // A ring: the centre of a strong spot is dimmer than its edge, and its integral is peak × 2π(σ² − dip σ²/4).
    [Fact]
    public void Render_RingDip_CentreDimmerThanTheEdgeAndTheIntegralKnown()
    {
        var layout = ShippedLayouts.Find("ARY007")!;
        var settings = new MembraneSettings(NoiseSd: 0, GradientPerPx: 0, RingDip: 0.8, RingAbove: 0.8);

        var membrane = MembraneSimulator.Render(layout, new Dictionary<string, double>(), settings);

        var (x, y) = membrane.Centres["A1"];
        var (cx, cy) = ((int)Math.Round(x), (int)Math.Round(y));
        var sigma = (int)settings.SpotSigmaPx;
        Assert.True(membrane.Image[cx, cy] < membrane.Image[cx + sigma, cy], $"centre {membrane.Image[cx, cy]}, edge {membrane.Image[cx + sigma, cy]}");
        Assert.Equal(settings.PeakAtUnit * 2 * Math.PI * ((sigma * sigma) - (0.8 * sigma * sigma / 4)), membrane.Signals["A1"], 6);
    }

    // Specks: 3 × 3 pixels of SpeckPeak each, all of them (their sum is known even where two overlap), none within 0.7 pitch of a spot
    // centre (less the speck's own half-width), and nothing else of the image changed.
    [Fact]
    public void Render_Specks_AddedBetweenTheSpotsOnly()
    {
        var layout = ShippedLayouts.Find("ARY022B")!;
        var settings = new MembraneSettings(NoiseSd: 0, RotationDegrees: 20);

        var clean = MembraneSimulator.Render(layout, new Dictionary<string, double>(), settings);
        var dusty = MembraneSimulator.Render(layout, new Dictionary<string, double>(), settings with { Specks = 40, SpeckPeak = 10000 });

        var added = Enumerable.Range(0, clean.Image.Pixels.Length).Where(i => dusty.Image.Pixels[i] != clean.Image.Pixels[i]).ToList();
        Assert.Equal(40 * 9 * 10000.0, added.Sum(i => (double)(dusty.Image.Pixels[i] - clean.Image.Pixels[i])), 6);
        Assert.All(added, i =>
        {
            var (x, y) = (i % clean.Image.Width, i / clean.Image.Width);
            var nearest = clean.Centres.Values.Min(c => Math.Sqrt(((c.X - x) * (c.X - x)) + ((c.Y - y) * (c.Y - y))));
            Assert.True(nearest >= (0.7 * settings.PitchPx) - 1.5, $"({x}, {y}) is {nearest:0.0} px from a spot centre");
        });
    }
}
