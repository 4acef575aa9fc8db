using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

public sealed class InSilicoMixtureTests
{
    private const string Kit = "GlobalFiler_LadderInfo.xml";
    private const string Ladder = "globalfiler_hid/GF_ladder1_A11_01.hid";
    private const string Gf1 = "globalfiler_hid/GF_1_FTA_A01_01.hid";
    private const string Gf2 = "globalfiler_hid/GF_2_FTA_B01_02.hid";

    private static readonly Lazy<InSilicoMixturePair> Gf1Major = new(() => new InSilicoMixturePair(Kit, Ladder, Gf1, Gf2));
    private static readonly Lazy<InSilicoMixturePair> Gf2Major = new(() => new InSilicoMixturePair(Kit, Ladder, Gf2, Gf1));

    // The tuning set (issues 4 and 16): real single-source GlobalFiler injections of one 3500 run (shared osiris/globalfiler_hid, GF_1
    // and GF_2) mixed in silico either way round, analysed end to end; the minor's chimerism within 1 percentage point of the per-locus
    // truth from 1 % to 99 %. Before the correction for each contributor's reference allele balance the estimate read up to 2.1 pp
    // low (at 70–80 %, where a contributor is read through one allele beside a shared one); persons held out of this tuning are
    // checked in InSilicoMixtureHoldOutTests.
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.10)]
    [InlineData(0.20)]
    [InlineData(0.30)]
    [InlineData(0.50)]
    [InlineData(0.70)]
    [InlineData(0.80)]
    [InlineData(0.90)]
    [InlineData(0.95)]
    [InlineData(0.98)]
    [InlineData(0.99)]
    public void Chimerism_InSilicoMixtureOfRealTraces_IsWithinOnePoint(double minorWeight)
    {
        foreach (var pair in new[] { Gf1Major.Value, Gf2Major.Value })
        {
            var (minor, _, truth) = pair.Estimate(minorWeight);

            Assert.True(minor.IsDetected, minor.Text);
            Assert.True(minor.LociUsed >= 6, minor.Text);
            Assert.True(Math.Abs(minor.Percent!.Value - truth) <= 1.0, $"w={minorWeight}: estimate {minor.Text}, truth {truth:0.00} %");
        }
    }

    // What the correction removes, on the same real traces: at 70 % GF_2 (read through one allele beside one it shares at SE33 and
    // D16S539, whose reference balance is far from 1 : 1) the balance-assuming reading is 2.0 pp low, the corrected one within 0.2.
    [Fact]
    public void Chimerism_InSilicoMixtureAt70Percent_UncorrectedReadsTwoPointsLow()
    {
        var (minor, _, truth) = Gf1Major.Value.Estimate(0.70);

        Assert.InRange(minor.UncorrectedPercent!.Value - truth, -2.5, -1.5);
        Assert.InRange(minor.Percent!.Value - truth, -0.5, 0.5);
    }

    // The limit of detection, measured on the same in-silico series (major alleles ~5,500 RFU): at a 50 RFU analytical threshold the
    // pure major shows no minor signal at any locus, 0.25% shows it at 1 of 10, 0.5% at 3, 1% at 8 (estimate 0.9%), 1.5% at 9; at a
    // 10 RFU threshold noise gives the blank 0.4% (SD 0.2). Hence the default LOD of 1%: below it, or unseen, the minor reads
    // "not detected (< 1 %)", never 0%. (The LOD scales with threshold ÷ allele height; a weaker sample has a higher one.)
    [Theory]
    [InlineData(0.0, 50, false)]
    [InlineData(0.0, 10, false)]
    [InlineData(0.0025, 50, false)]
    [InlineData(0.015, 50, true)]
    public void Chimerism_AroundTheLimitOfDetection_IsNotDetectedBelowIt(double minorWeight, double analyticalThreshold, bool detected)
    {
        var (minor, _, _) = Gf1Major.Value.Estimate(minorWeight, analyticalThreshold, new ChimerismSettings());

        Assert.Equal(detected, minor.IsDetected);
        if (!detected)
        {
            Assert.Null(minor.Percent);
            Assert.Equal("not detected (< 1 %)", minor.Text);
        }
    }
}
