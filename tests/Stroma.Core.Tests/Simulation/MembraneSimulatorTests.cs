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
}
