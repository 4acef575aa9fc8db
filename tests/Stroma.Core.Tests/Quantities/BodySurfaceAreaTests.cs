using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Quantities;

public sealed class BodySurfaceAreaTests
{
    // research/renal.md §6 test vectors (80 kg / 180 cm from clinPK's tests; 40 kg / 150 cm computed there), 3 dp. Tolerance 0.0005.
    [Theory]
    [InlineData(180, 80, 2.000, 2.007)]
    [InlineData(150, 40, 1.291, 1.286)]
    public void Formulas_TestVectors_Match(double heightCm, double weightKg, double mosteller, double haycock)
    {
        var height = Height.FromCentimetres(heightCm);
        var weight = Weight.FromKilograms(weightKg);

        Assert.Equal(mosteller, BodySurfaceArea.Mosteller(height, weight).SquareMetres, 0.0005);
        Assert.Equal(haycock, BodySurfaceArea.Haycock(height, weight).SquareMetres, 0.0005);
        Assert.Equal("haycock_1978", BodySurfaceArea.Haycock(height, weight).Method);
    }

    [Fact]
    public void AbsoluteGfr_ScalesByBsaOver173() =>
        Assert.Equal(50.0, Egfr.FromMlPerMinPer173M2(86.5).AbsoluteMlPerMin(BodySurfaceArea.FromSquareMetres(1.0)), 1e-9);
}
