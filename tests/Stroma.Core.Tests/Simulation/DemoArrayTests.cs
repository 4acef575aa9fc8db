using Stroma.Core.Proteome;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class DemoArrayTests
{
    // The demo's membranes go through the same quantification as real ones: on every day the grid is found (the membranes are
    // turned −3° to +4.5°), each analyte's normalised signal is its rendered intensity within the print variation (7 % per spot:
    // 3 SD of a duplicate mean normalised to six references, ~17 %), IL-1β (0.9 pg/mL at most) is not detected, and the runs'
    // measured CVa is that of the print (5–12 %) — so the array series tell the same story as the concentrations, as precisely.
    [Fact]
    public void Membranes_QuantifyBackToTheirTruth()
    {
        var membranes = DemoArray.Membranes();

        Assert.Equal([-30, -1, 30, 90, 180, 365], membranes.Select(m => m.Day));
        Assert.All(membranes, m =>
        {
            var result = ArrayQuantification.Quantify([m.Image], DemoArray.Layout).ValueOrThrow();
            Assert.All(result.Analytes.Where(a => a.Analyte != "IL-1β"), a =>
                Assert.True(Math.Abs(a.NormalizedSignal!.Value - m.Truth[a.Analyte]) <= 0.17 * m.Truth[a.Analyte], $"day {m.Day} {a.Analyte}: {a.NormalizedSignal} vs {m.Truth[a.Analyte]}"));
            Assert.False(result.Analytes.Single(a => a.Analyte == "IL-1β").Detected, $"day {m.Day}");
            Assert.InRange(result.AnalyticalCv.Percent, 5, 12);
        });
    }
}
