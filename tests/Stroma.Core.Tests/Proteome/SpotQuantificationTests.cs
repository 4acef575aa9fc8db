using Stroma.Core.Proteome;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Proteome;

public sealed class SpotQuantificationTests
{
    private static ArrayLayout Ary022b() => ArrayLayouts.Read(TestData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow();

    // Ground truth (issue 5's acceptance): a simulated ARY022B membrane with known relative intensities (references 1, analytes
    // 0.1–0.9), a sloping background and noise, rotated 0°, 7°, −10° and 90°: the grid is found and every analyte's signal relative
    // to the reference spots is recovered within 5 %.
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-10)]
    [InlineData(90)]
    public void AlignAndMeasure_SimulatedMembrane_RecoversRelativeSignals(double degrees)
    {
        var layout = Ary022b();
        var random = new Random(3);
        var truth = layout.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        var membrane = MembraneSimulator.Render(layout, truth, new MembraneSettings(RotationDegrees: degrees));

        var grid = SpotQuantification.Align(membrane.Image, layout).ValueOrThrow();
        var spots = SpotQuantification.Measure(membrane.Image, layout, grid);

        Assert.Equal(18, grid.Pitch, 0.5);
        var reference = spots.Where(s => s.Spot.Role == SpotRole.Reference).Average(s => s.Signal);
        Assert.All(spots.Where(s => s.Spot.Role == SpotRole.Analyte), s =>
            Assert.True(Math.Abs((s.Signal / reference) - truth[s.Spot.Analyte]) <= 0.05 * truth[s.Spot.Analyte],
                FormattableString.Invariant($"{s.Spot.Label} {s.Spot.Analyte}: {s.Signal / reference:0.000} vs {truth[s.Spot.Analyte]:0.000}")));
        Assert.All(spots, s => Assert.False(s.Saturated));
    }
}
