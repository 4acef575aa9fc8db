using Stroma.Core.Biomarkers;

namespace Stroma.Core.Simulation;

/// <summary>
/// The demo case's serum cytokine panel (synthetic, labelled so): two baseline samples (days −30, −1), then days 30, 90, 180 and 365
/// after the first infusion. IL-6, TNF-α, sCD40L and RANTES fall and stay low — the seed paper's "several inflammatory factors fell
/// and were still low at one year" —; IL-1Ra and MIP-1β stay level; IL-8 falls then returns; IL-1β is below detection at baseline.
/// Concentrations in pg/mL.
/// </summary>
public static class DemoCytokines
{
    /// <summary>The analytical CV of the demo's platform (%): duplicates and a pooled control on every membrane.</summary>
    public const double AnalyticalCvPercent = 10;

    /// <summary>The series: analyte → points.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> Build()
    {
        int[] days = [-30, -1, 30, 90, 180, 365];
        static IReadOnlyList<SeriesPoint> S(int[] d, params double?[] v) => [.. d.Zip(v, (day, value) => new SeriesPoint(day, value))];
        return new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal)
        {
            ["IL-6"] = S(days, 18.0, 21.0, 8.1, 7.2, 7.9, 7.4),
            ["TNF-α"] = S(days, 12.5, 13.1, 7.9, 7.1, 7.6, 7.3),
            ["sCD40L"] = S(days, 410, 390, 240, 225, 238, 230),
            ["RANTES"] = S(days, 5200, 4800, 2600, 2500, 2700, 2650),
            ["IL-1Ra"] = S(days, 310, 295, 300, 320, 290, 305),
            ["MIP-1β"] = S(days, 95, 102, 99, 96, 101, 98),
            ["IL-8"] = S(days, 24, 27, 9, 11, 22, 26),
            ["IL-1β"] = S(days, null, 0.9, null, null, null, null),
        };
    }
}
