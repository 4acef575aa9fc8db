using Stroma.Core.Biomarkers;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class PairedTestsTests
{
    // Reference values from SciPy (scipy.stats.ttest_rel and wilcoxon(mode='exact')) on the logs of the same pairs.
    private static readonly double[] Before = [18, 25, 12, 30, 22, 15, 10];
    private static readonly double[] After = [8, 14, 13, 12, 15, 9, 11];

    [Fact]
    public void LogT_MatchesScipy()
    {
        var t = PairedTests.LogT(Before, After);

        Assert.Equal(-2.875604410246729, t.Statistic, 1e-12);
        Assert.Equal(0.028219448188310254, t.PTwoSided, 1e-9);
        Assert.Equal(7, t.Pairs);
    }

    [Fact]
    public void LogWilcoxon_MatchesScipyExact()
    {
        var w = PairedTests.LogWilcoxon(Before, After);

        Assert.Equal(3.0, w.Statistic);
        Assert.Equal(0.0390625, w.PLess, 1e-12);
        Assert.Equal(0.078125, w.PTwoSided, 1e-12);
    }

    // All six fall: W⁺ = 0, the smallest possible, p = 1/64 one-sided, 1/32 two-sided (SciPy 0.015625 / 0.03125).
    [Fact]
    public void LogWilcoxon_AllDecrease()
    {
        var w = PairedTests.LogWilcoxon([18, 25, 12, 30, 22, 15], [8, 14, 11, 12, 15, 9]);

        Assert.Equal(0, w.Statistic);
        Assert.Equal(1.0 / 64, w.PLess, 1e-12);
        Assert.Equal(1.0 / 32, w.PTwoSided, 1e-12);
    }

    [Fact]
    public void LogT_NonPositiveValue_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedTests.LogT([1, 0], [1, 2]));

    [Fact]
    public void Wilcoxon_EveryDifferenceZero_IsNull() => Assert.Null(PairedTests.Wilcoxon([0.0, 0.0, 0.0]));

    [Fact]
    public void T_NoSpread_IsNull() => Assert.Null(PairedTests.T([0.5, 0.5, 0.5]));
}
