using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class EgfrSlopeTests
{
    private static readonly DatedEgfr[] Series =
    [
        new(new DateOnly(2024, 1, 15), Egfr.FromMlPerMinPer173M2(78.2)),
        new(new DateOnly(2024, 4, 2), Egfr.FromMlPerMinPer173M2(75.9)),
        new(new DateOnly(2024, 7, 20), Egfr.FromMlPerMinPer173M2(77.4)),
        new(new DateOnly(2024, 11, 5), Egfr.FromMlPerMinPer173M2(72.1)),
        new(new DateOnly(2025, 3, 1), Egfr.FromMlPerMinPer173M2(70.8)),
        new(new DateOnly(2025, 8, 30), Egfr.FromMlPerMinPer173M2(69.5)),
    ];

    // Reference: SciPy 1.10.1 (Debian python3-scipy) stats.linregress on x = days/365.25 from the first date, with
    // stats.t.ppf(0.975, n-2) (95%) and t.ppf(0.95, n-2) (90%). Tolerance 1e-9 for the slope and its standard error; 1e-6 for the
    // bounds, because MathNet's Student-t inverse CDF is a numerical root search accurate to about 1e-8.
    [Fact]
    public void Fit_SixSamples_MatchesScipy()
    {
        var slope = EgfrSlope.Fit(Series.Reverse());

        Assert.Equal(-5.660117914610127, slope.PerYear, 1e-9);
        Assert.Equal(1.1187113444230832, slope.StandardError!.Value, 1e-9);
        Assert.Equal(-8.766158550962846, slope.Lower!.Value, 1e-6);
        Assert.Equal(-2.5540772782574086, slope.Upper!.Value, 1e-6);
        Assert.Equal(6, slope.Count);
        Assert.Equal(new DateOnly(2024, 1, 15), slope.From);
    }

    [Fact]
    public void Fit_NinetyPercent_MatchesScipy()
    {
        var slope = EgfrSlope.Fit(Series, 0.90);

        Assert.Equal(-8.04503909346287, slope.Lower!.Value, 1e-6);
        Assert.Equal(-3.2751967357573832, slope.Upper!.Value, 1e-6);
    }

    [Fact]
    public void Fit_TwoSamples_HasSlopeButNoInterval()
    {
        var slope = EgfrSlope.Fit([new(new DateOnly(2024, 1, 1), Egfr.FromMlPerMinPer173M2(80)), new(new DateOnly(2025, 1, 1), Egfr.FromMlPerMinPer173M2(77))]);

        Assert.Equal(-3 * 365.25 / 366, slope.PerYear, 1e-9);
        Assert.Null(slope.Lower);
    }

    [Fact]
    public void Fit_OneSample_Throws() =>
        Assert.Throws<ArgumentException>(() => EgfrSlope.Fit([Series[0]]));

    [Fact]
    public void Fit_SameDate_Throws() =>
        Assert.Throws<ArgumentException>(() => EgfrSlope.Fit([Series[0], Series[0] with { Egfr = Egfr.FromMlPerMinPer173M2(60) }]));
}
