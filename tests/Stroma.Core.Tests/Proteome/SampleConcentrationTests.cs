using Stroma.Core.Proteome;

namespace Stroma.Core.Tests.Proteome;

// A patient's ELISA result from its replicates (FDA Bioanalytical Method Validation guidance, 2018, §III.B: results come from within
// the calibrated range; samples above the ULOQ are diluted and reassayed; a run is accepted on its calibrators, ≥ 75 % within limits).
// Standards lie exactly on y = 2.5 + (0.1 − 2.5) / (1 + (x/100)^1.1), so a response of that curve at x back-calculates to x.
public sealed class SampleConcentrationTests
{
    private static double Truth(double x) => 2.5 + ((0.1 - 2.5) / (1 + Math.Pow(x / 100, 1.1)));

    private static CurveFit Curve(Func<double, double>? distort = null) => DoseResponse.Fit(
        [.. new[] { 3.0, 10, 30, 100, 300, 1000, 3000 }.SelectMany(x => new[] { (x, (distort ?? Truth)(x)), (x, (distort ?? Truth)(x)) })],
        CurveModel.FourParameter, CurveWeighting.None).Value!;

    // Replicates at 40 and 50, diluted 1:2: 80 and 100, mean 90; their CV is sd(80, 100) / 90 = 14.1421 / 90 = 15.713 %.
    [Fact]
    public void FromReplicates_InRange_IsTheMeanTimesDilutionWithTheReplicateCv()
    {
        var result = SampleConcentration.FromReplicates(Curve(), [Truth(40), Truth(50)], 2, "ng/ml", null);

        var sample = result.ValueOrThrow();
        Assert.Equal(90, sample.Value!.Value, 1e-3);
        Assert.Equal(15.713, sample.AnalyticalCvPercent, 1e-3);
        Assert.Equal("ng/mL", sample.Unit);
    }

    // Every replicate below the lowest standard: not detected (kept as below the LLOQ), with the CVa given.
    [Fact]
    public void FromReplicates_AllBelowRange_IsNotDetected()
    {
        var sample = SampleConcentration.FromReplicates(Curve(), [0.1005, 0.1006], 1, "pg/mL", 12).ValueOrThrow();

        Assert.Null(sample.Value);
        Assert.Equal(12, sample.AnalyticalCvPercent);
    }

    [Theory]
    [InlineData(2.49, 2.0, "pg/mL", 10.0, SampleIssues.AboveRange, "responses")]
    [InlineData(1.0, 0.5, "pg/mL", 10.0, SampleIssues.BadDilution, "dilution")]
    [InlineData(1.0, double.NaN, "pg/mL", 10.0, SampleIssues.BadDilution, "dilution")]
    [InlineData(1.0, 1.0, "ng/g", 10.0, SampleIssues.BadUnit, "unit")]
    [InlineData(1.0, 1.0, "{ratio}", 10.0, SampleIssues.BadUnit, "unit")]
    [InlineData(1.0, 1.0, "pg/mL", null, SampleIssues.NoAnalyticalCv, "cva")]
    [InlineData(1.0, 1.0, "pg/mL", -1.0, SampleIssues.NoAnalyticalCv, "cva")]
    public void FromReplicates_NotKeepable_IsRefusedAtTheField(double response, double dilution, string unit, double? cva, string code, string field)
    {
        var result = SampleConcentration.FromReplicates(Curve(), [response], dilution, unit, cva);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == code && i.Location == field);
    }

    [Fact]
    public void FromReplicates_NoResponses_IsRefused() =>
        Assert.Contains(SampleConcentration.FromReplicates(Curve(), [], 1, "pg/mL", 10).Issues, i => i.Code == SampleIssues.NoResponses);

    // Calibrators off their nominal by a factor that grows with the level: fewer than 75 % recover within ±20/25 %, so no patient result.
    [Fact]
    public void FromReplicates_RunFailingCalibration_IsRefused()
    {
        var curve = Curve(x => Truth(x) * (x is 10 or 100 or 1000 ? 1.6 : 0.6));

        var result = SampleConcentration.FromReplicates(curve, [1.0], 1, "pg/mL", 10);

        Assert.Contains(result.Issues, i => i.Code == SampleIssues.CalibrationFails && i.Location == "standards");
    }
}
