using Stroma.Core.Biomarkers;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class SustainedChangeTests
{
    private static IReadOnlyList<SeriesPoint> Series(params (int Day, double? Value)[] points) => [.. points.Select(p => new SeriesPoint(p.Day, p.Value))];

    // By hand (and SciPy for Φ), CVa 10 %: IL-6 (CVi 21.5 %) baseline √(10 × 12.1) = 11 from 2 samples, SD of a log change
    // √((ln 1.01 + ln 1.046225)(1/2 + 1)) = 0.287590, decrease below fold 0.62308; all of 5.5, 6.0, 6.5, 6.6 are, so sustained, with
    // p = Φ(ln(6.6/11)/0.28759) = 0.037848. TNF-α (CVi 12.7 %) halves at day 30 but is back to 19/20 at one year: p 0.39744.
    // BH over the two: q 0.075696 and 0.39744. IL-8 not detected at baseline and MCP-1 (no CVi in the table) are not assessed.
    [Fact]
    public void Assess_HandComputedSeries()
    {
        var series = new Dictionary<string, IReadOnlyList<SeriesPoint>>
        {
            ["IL-6"] = Series((-30, 10), (-1, 12.1), (30, 5.5), (90, 6.0), (180, 6.5), (365, 6.6)),
            ["TNF-α"] = Series((-30, 20), (-1, 20), (30, 10), (365, 19)),
            ["IL-8"] = Series((-30, null), (-1, 5), (30, 2), (365, 2)),
            ["MCP-1"] = Series((-30, 300), (30, 100), (365, 90)),
        };

        var result = SustainedChange.Assess(series, BiologicalVariation.Defaults, new SustainedChangeSettings(10));

        Assert.Equal(["IL-6", "TNF-α", "IL-8", "MCP-1"], result.Select(r => r.Analyte));
        var il6 = result[0];
        Assert.True(il6.Sustained);
        Assert.Equal(11, il6.Baseline!.Value, 1e-9);
        Assert.Equal(0.287590278, il6.LogSd!.Value, 1e-8);
        Assert.Equal(0.0378477527, il6.PSustained!.Value, 1e-8);
        Assert.Equal(0.0756955053, il6.Q!.Value, 1e-8);
        Assert.False(result[1].Sustained);
        Assert.Equal(0.3974393733, result[1].PSustained!.Value, 1e-8);
        Assert.Equal(0.3974393733, result[1].Q!.Value, 1e-8);
        Assert.StartsWith("not detected at baseline", result[2].Reason, StringComparison.Ordinal);
        Assert.StartsWith("no within-subject CV", result[3].Reason, StringComparison.Ordinal);
        Assert.All(result.Skip(2), r => Assert.False(r.Assessable));
    }

    // An array series of IL-6 ("IL-6 (array)", relative to the reference spots) takes IL-6's within-subject CV; an unknown analyte none.
    [Theory]
    [InlineData("IL-6 (array)", 21.5)]
    [InlineData("IL-6", 21.5)]
    [InlineData("MCP-1 (array)", null)]
    public void Lookup_ByAnalyteBeforeTheQualifier(string series, double? cvi) =>
        Assert.Equal(cvi, BiologicalVariation.Defaults.Lookup(series)?.CviPercent);

    // Two values of one day from two sources (a curve fit and a series) are a conflict shown with both sources, never averaged.
    [Fact]
    public void Assess_TwoValuesOnOneDay_IsAConflictNamingBothSources()
    {
        var series = new Dictionary<string, IReadOnlyList<SeriesPoint>>
        {
            ["IL-6"] = [new(-1, 12, "panel.csv"), new(30, 3, "panel.csv"), new(30, 6, "curve.csv"), new(365, 3, "panel.csv")],
        };

        var il6 = Assert.Single(SustainedChange.Assess(series, BiologicalVariation.Defaults, new SustainedChangeSettings(10)));

        Assert.False(il6.Assessable);
        Assert.Null(il6.Q);
        Assert.Contains("day 30: 3 (panel.csv) vs 6 (curve.csv)", il6.Reason, StringComparison.Ordinal);
    }

    // The one-year sample decides: a series that stops at day 180 is not assessable, however low it is.
    [Fact]
    public void Assess_NoOneYearSample_IsNotAssessable()
    {
        var series = new Dictionary<string, IReadOnlyList<SeriesPoint>> { ["IL-6"] = Series((-1, 12), (30, 3), (180, 3)) };

        var il6 = Assert.Single(SustainedChange.Assess(series, BiologicalVariation.Defaults, new SustainedChangeSettings(10)));

        Assert.False(il6.Assessable);
        Assert.Equal("no sample within 45 days of day 365", il6.Reason);
    }

    // A centre's own table: MCP-1 added, TNF-α replaced, the other defaults kept, each with its source; a CV without a source, out of
    // range, or an analyte twice is named by its line and the whole table refused.
    [Fact]
    public void Read_OwnTable_AddsAndReplacesAndRefusesBadRows()
    {
        var own = BiologicalVariation.Read("analyte,cvi_percent,source\nMCP-1,18.5,Lab study 2026\nTNF-α,15,Lab study 2026\n"u8, "cvi.csv").ValueOrThrow();
        var bad = BiologicalVariation.Read("analyte,cvi_percent,source\nMCP-1,18.5,\nIL-6,0,Lab\nIL-8,20,Lab\nil-8,21,Lab\n"u8, "cvi.csv");

        var merged = BiologicalVariation.Defaults.With(own);

        Assert.Equal((18.5, "Lab study 2026"), merged.Lookup("MCP-1 (array)"));
        Assert.Equal((15.0, "Lab study 2026"), merged.Lookup("TNF-α"));
        Assert.Equal(21.5, merged.Lookup("IL-6")!.Value.CviPercent);
        Assert.Equal(["cvi.csv line 2", "cvi.csv line 3", "cvi.csv line 5"], bad.Issues.Select(i => i.Location));
        Assert.Null(bad.Value);
    }
}
