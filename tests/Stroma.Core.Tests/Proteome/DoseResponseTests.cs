using Stroma.Core.Proteome;

namespace Stroma.Core.Tests.Proteome;

public sealed class DoseResponseTests
{
    // drc's ryegrass data (Inderjit et al. 2002, 24 points; research/proteome.md §4), root length vs ferulic acid concentration.
    private static readonly (double, double)[] Ryegrass =
    [
        (0, 7.58), (0, 8.0), (0, 8.3285714), (0, 7.25), (0, 7.375), (0, 7.9625), (0.94, 8.3555556), (0.94, 6.9142857), (0.94, 7.75),
        (1.88, 6.8714286), (1.88, 6.45), (1.88, 5.9222222), (3.75, 1.925), (3.75, 2.8857143), (3.75, 4.2333333), (7.5, 1.1875), (7.5, 0.8571429),
        (7.5, 1.0571429), (15, 0.6875), (15, 0.525), (15, 0.825), (30, 0.25), (30, 0.22), (30, 0.44),
    ];

    // drc::drm(rootl ~ conc, fct = LL.4()) gives b = 2.98222, lower 0.48141, upper 7.79296, ED50 3.05795; in Stroma's parameterisation
    // a = upper, d = lower, c = ED50. Standard errors and RSS from SciPy's curve_fit on the same data (0.18973, 0.45842, 0.18583,
    // 0.20951; RSS 5.40021), a second implementation.
    [Fact]
    public void Fit_Ryegrass4pl_ReproducesDrcAndScipy()
    {
        var fit = DoseResponse.Fit(Ryegrass, CurveModel.FourParameter, CurveWeighting.None).ValueOrThrow();

        Assert.Equal(7.79296, fit.A, 4);
        Assert.Equal(2.98222, fit.B, 4);
        Assert.Equal(3.05795, fit.C, 4);
        Assert.Equal(0.48141, fit.D, 4);
        Assert.Equal(5.40021, fit.ResidualSumOfSquares, 4);
        Assert.All(fit.StandardErrors.Zip([0.18973, 0.45842, 0.18583, 0.20951]), e => Assert.Equal(e.Second, e.First, 1e-4));
    }

    // A published 5PL: the ELISA standards (9 levels, 25 to 0.098) and the parameters the plate reader's software fitted, quoted in
    // javascript-machine-learning/logistic-regression-gradient-descent-javascript issue #1 (research/proteome.md §4): A 0.0831,
    // B 1.16, C 2.44, D 1.87, G 1.13, unweighted, in the same form y = D + (A − D)/(1 + (x/C)^B)^G. Reproduced to the three
    // figures quoted; to four or more against SciPy's curve_fit on the same data (0.0830811, 1.1553177, 2.4353453, 1.8676518, 1.1332135; RSS
    // 1.34437e-4), a second implementation.
    [Fact]
    public void Fit_PlateReaderElisa5pl_ReproducesThePublishedFit()
    {
        (double, double)[] standards =
        [
            (25, 1.7914), (12.5, 1.682833), (6.25, 1.500367), (3.125, 1.179967), (1.563, 0.822533), (0.781, 0.501933), (0.391, 0.301333),
            (0.195, 0.187467), (0.098, 0.130033),
        ];

        var fit = DoseResponse.Fit(standards, CurveModel.FiveParameter, CurveWeighting.None).ValueOrThrow();

        Assert.Equal([0.0831, 1.16, 2.44, 1.87, 1.13], new[] { fit.A, fit.B, fit.C, fit.D, fit.G }.Select((v, i) => Math.Round(v, i == 0 ? 4 : 2)));
        Assert.Equal(0.0830811, fit.A, 1e-5);
        Assert.Equal(1.1553177, fit.B, 1e-4);
        Assert.Equal(2.4353453, fit.C, 1e-3);
        Assert.Equal(1.8676518, fit.D, 1e-4);
        Assert.Equal(1.1332135, fit.G, 1e-3);
        Assert.Equal(1.34437e-4, fit.ResidualSumOfSquares, 1e-8);
    }

    // Ground truth: an exact 5PL (a = 0.05, b = 1.2, c = 300, d = 3.2, g = 0.6) sampled at 8 concentrations is recovered, and every
    // response back-calculates to its concentration; outside the standards' responses: "below range" / "above range".
    [Fact]
    public void Fit_Exact5pl_IsRecoveredAndBackCalculates()
    {
        static double Truth(double x) => 3.2 + ((0.05 - 3.2) / Math.Pow(1 + Math.Pow(x / 300, 1.2), 0.6));
        var standards = new[] { 4.0, 12, 37, 111, 333, 1000, 3000, 9000 }.SelectMany(x => new[] { (x, Truth(x)), (x, Truth(x)) }).ToList();

        var fit = DoseResponse.Fit(standards, CurveModel.FiveParameter, CurveWeighting.InverseSquareResponse).ValueOrThrow();

        Assert.Equal(0.05, fit.A, 6);
        Assert.Equal(1.2, fit.B, 5);
        Assert.Equal(300, fit.C, 3);
        Assert.Equal(3.2, fit.D, 6);
        Assert.Equal(0.6, fit.G, 5);
        Assert.Equal(250, fit.Concentration(Truth(250)).Concentration!.Value, 3);
        Assert.Equal("below range", fit.Concentration(0.01).OutOfRange);
        Assert.Equal("above range", fit.Concentration(3.19).OutOfRange);
        Assert.All(fit.Calibrators(), c => Assert.True(c.Passes, c.ToString()));
        Assert.Equal(4, fit.Lloq);
        Assert.Equal(9000, fit.Uloq);
    }

    // FDA 2018 BMV limits: ±20 % within, ±25 % at the lowest and highest calibrator. On a known curve: the lowest level read 24 % high
    // passes, a middle level 21 % high fails, the highest 26 % low fails.
    [Fact]
    public void Calibrators_LimitsAtTheEndsAndWithin()
    {
        static double Truth(double x) => 2.5 + ((0.1 - 2.5) / (1 + Math.Pow(x / 100, 1.1)));
        var levels = new[] { (3.0, 3 * 1.24), (10, 10), (30, 30), (100, 121), (300, 300), (1000, 1000), (3000, 3000 * 0.74) };
        var fit = new CurveFit(CurveModel.FourParameter, CurveWeighting.None, 0.1, 1.1, 100, 2.5, 1, [], 0, [.. levels.Select(l => (l.Item1, Truth(l.Item2)))]);

        var checks = fit.Calibrators();

        Assert.Equal([true, true, true, false, true, true, false], checks.Select(c => c.Passes));
        Assert.Equal(124, checks[0].RecoveryPercent!.Value, 6);
        Assert.Equal([25.0, 20, 20, 20, 20, 20, 25], checks.Select(c => c.LimitPercent));
        Assert.Equal(3, fit.Lloq);
        Assert.Equal(1000, fit.Uloq);
    }

    [Fact]
    public void Fit_TooFewLevels_IsAnErrorNotAGuess() =>
        Assert.Equal(CurveIssues.TooFewStandards, Assert.Single(DoseResponse.Fit([(1, 1), (1, 1.1), (10, 2), (10, 2.1), (100, 3)], CurveModel.FourParameter, CurveWeighting.None).Issues).Code);
}
