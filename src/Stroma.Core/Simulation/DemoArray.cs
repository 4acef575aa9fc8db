using System.Collections.Immutable;
using Stroma.Core.Proteome;

namespace Stroma.Core.Simulation;

/// <summary>
/// The demo's cytokine membranes (synthetic, labelled so): a made-up 4 × 8 layout with the demo panel's eight analytes in duplicate,
/// reference pairs at three corners (A1/A2, A7/A8, D1/D2) and a negative pair (D7/D8), rendered by the membrane simulator for each
/// sampling day of <see cref="DemoCytokines"/>. A spot's relative intensity is the day's concentration over a per-analyte scale
/// (the array's sensitivity; IL-1β's antibody is weak, so its 0.9 pg/mL stays below detection), capped at 0.8 of the reference spots,
/// each spot printed with a 7 % CV so the runs' measured CVa is that of a real membrane rather than of noise alone.
/// </summary>
public static class DemoArray
{
    /// <summary>Spot-to-spot print variation of the demo membranes (CV), as real membranes show.</summary>
    public const double PrintCv = 0.07;

    /// <summary>The synthetic layout's kit name.</summary>
    public const string Kit = "Stroma-Synthetic-Array-8";

    // pg/mL that would read as strong as a reference spot.
    private static readonly ImmutableDictionary<string, double> Scale = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["IL-6"] = 60, ["TNF-α"] = 40, ["sCD40L"] = 1200, ["RANTES"] = 12000, ["IL-1Ra"] = 800, ["MIP-1β"] = 300, ["IL-8"] = 80, ["IL-1β"] = 3000,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The synthetic layout.</summary>
    public static ArrayLayout Layout { get; } = BuildLayout();

    /// <summary>One membrane image per sampling day, in day order, with the relative intensities it was rendered from.</summary>
    public static IReadOnlyList<(int Day, PixelBuffer Image, ImmutableDictionary<string, double> Truth)> Membranes()
    {
        var panel = DemoCytokines.Build();
        var days = panel.Values.SelectMany(p => p.Select(x => x.Day)).Distinct().Order().ToList();
        return [.. days.Select((day, k) =>
        {
            var truth = panel.ToImmutableDictionary(a => a.Key, a => a.Value.Single(p => p.Day == day).Value is { } v ? Math.Min(0.8, v / Scale[a.Key]) : 0.0, StringComparer.Ordinal);
            var image = MembraneSimulator.Render(Layout, truth, new MembraneSettings(RotationDegrees: 1.5 * (k - 2), Seed: 100 + k, SpotCv: PrintCv)).Image;
            return (day, image with { Source = $"demo-array-day{day}.png" }, truth);
        })];
    }

    private static ArrayLayout BuildLayout()
    {
        var spots = new List<LayoutSpot>();
        (int Row, int Column)[] references = [(0, 0), (0, 1), (0, 6), (0, 7), (3, 0), (3, 1)];
        spots.AddRange(references.Select((p, i) => new LayoutSpot("Reference Spots", p.Row, p.Column, SpotRole.Reference, i + 1)));
        spots.Add(new LayoutSpot("Negative Control", 3, 6, SpotRole.Negative, 1));
        spots.Add(new LayoutSpot("Negative Control", 3, 7, SpotRole.Negative, 2));
        // Analytes in duplicate pairs across rows B and C (8 pairs).
        var names = Scale.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var (row, column) = (1 + (i / 4), 2 * (i % 4));
            spots.Add(new LayoutSpot(names[i], row, column, SpotRole.Analyte, 1));
            spots.Add(new LayoutSpot(names[i], row, column + 1, SpotRole.Analyte, 2));
        }

        return new ArrayLayout(Kit, 4, 8, [.. spots]);
    }
}
