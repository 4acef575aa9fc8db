using MathNet.Numerics;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Tests.Electrophoresis;

public sealed class PolynomialFitTests
{
    // Scans as a size standard spreads them on a 3130 run (2,800–7,000) and a short one (a quadratic needs three points).
    private static readonly double[] Scans = [.. Enumerable.Range(0, 21).Select(i => 2800 + (210.0 * i) + (17 * Math.Sin(i)))];

    // Known answers by construction: sizes computed exactly from these coefficients (ascending powers of the scan: bp = c0 + c1·s +
    // c2·s² + c3·s³, a typical size-standard curve and a steeper one) must give them back. Tolerance: 1e-9 relative per coefficient,
    // 1e-9 bp of residual.
    [Theory]
    [InlineData(3, 60.0, 0.1, -2e-6, 3e-11)]
    [InlineData(3, -35.5, 0.12, 4e-7, -1.5e-11)]
    [InlineData(2, 12.0, 0.08, 1.2e-6, 0.0)]
    public void Coefficients_ExactPolynomial_ReturnsItsCoefficients(int order, double c0, double c1, double c2, double c3)
    {
        double[] expected = [c0, c1, c2, c3];
        var sizes = Scans.Select(s => c0 + (c1 * s) + (c2 * s * s) + (c3 * s * s * s)).ToArray();

        var coefficients = PolynomialFit.Coefficients(Scans, sizes, order);

        Assert.Equal(order + 1, coefficients.Length);
        Assert.All(Enumerable.Range(0, order + 1), k => Assert.Equal(expected[k], coefficients[k], Math.Abs(expected[k]) * 1e-9));
        Assert.Equal(0, PolynomialFit.RmsResidual(Scans, sizes, order), 1e-9);
    }

    // Reference implementation: MathNet.Numerics 5.0.0 Fit.Polynomial (QR of the plain Vandermonde matrix), on sizes off the curve by
    // a deterministic ±0.3 bp, as matched standard peaks are. Tolerance: 1e-6 relative per coefficient (MathNet's unscaled
    // matrix is the less accurate of the two), 1e-9 bp for the RMS residual computed from MathNet's coefficients.
    [Theory]
    [InlineData(3, 21)]
    [InlineData(3, 6)]
    [InlineData(2, 21)]
    [InlineData(2, 5)]
    public void Coefficients_NoisySizes_MatchMathNet(int order, int points)
    {
        var scans = Scans[..points];
        var sizes = scans.Select((s, i) => 60 + (0.1 * (s - 2800)) - (1e-6 * (s - 2800) * (s - 2800)) + (0.3 * Math.Cos(3 * i))).ToArray();
        var reference = Fit.Polynomial(scans, sizes, order);
        var referenceRms = Math.Sqrt(scans.Select((s, i) => Math.Pow(Polynomial.Evaluate(s, reference) - sizes[i], 2)).Average());

        var coefficients = PolynomialFit.Coefficients(scans, sizes, order);

        Assert.All(Enumerable.Range(0, order + 1), k => Assert.Equal(reference[k], coefficients[k], Math.Abs(reference[k]) * 1e-6));
        Assert.Equal(referenceRms, PolynomialFit.RmsResidual(scans, sizes, order), 1e-9);
    }

    [Fact]
    public void Coefficients_FewerPointsThanCoefficients_Throws() =>
        Assert.Throws<ArgumentException>(() => PolynomialFit.Coefficients([1.0, 2, 3], [1.0, 2, 3], 3));

    [Fact]
    public void Coefficients_OrderAboveCubic_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialFit.Coefficients(Scans, Scans, 4));
}
