using Stroma.Core.Biomarkers;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class ReferenceChangeTests
{
    // CVa and CVi from Aziz et al., BMC Immunol 2019 (research/proteome.md §5): IL-6 6.4/21.5, IL-1β 4.0/30.9, IL-8 3.5/51.4. Expected
    // values computed from the formulas (symmetric Z·√2·√(CVa²+CVi²); log-normal Fokkema 2006) in Python, independently.
    [Theory]
    [InlineData(6.4, 21.5, 1.96, 62.1793, 84.8135, -45.8914)]
    [InlineData(4.0, 30.9, 1.645, 72.4850, 103.0184, -50.7434)]
    [InlineData(3.5, 51.4, 1.96, 142.8035, 283.7670, -73.9425)]
    public void Of_PublishedCvs_GivesTheRcvs(double cva, double cvi, double z, double symmetric, double up, double down)
    {
        var rcv = ReferenceChange.Of(cva, cvi, z);

        Assert.Equal(symmetric, rcv.Symmetric, 1e-3);
        Assert.Equal(up, rcv.LogNormalUp, 1e-3);
        Assert.Equal(down, rcv.LogNormalDown, 1e-3);
    }

    // By hand from the definition: p = (0.01, 0.04, 0.03, 0.005, 0.20, 0.5), m = 6 → sorted m·p/j = 0.03, 0.03, 0.06, 0.06, 0.24, 0.5,
    // already monotone; q in input order.
    [Fact]
    public void BenjaminiHochberg_TextbookExample() =>
        Assert.Equal([0.03, 0.06, 0.06, 0.03, 0.24, 0.5], ReferenceChange.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.20, 0.5]).Select(q => Math.Round(q, 10)));

    [Fact]
    public void Of_NegativeCv_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceChange.Of(-1, 20));
}
