using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class BedsideSchwartz2009Tests
{
    // Sources: johnasher/transplantr @9662038 test_egfr.R (SCr 0.6 mg/dL, 101 cm: 69.5, 1 dp); alwinw/epocakir @45377a5 test-ckd.R
    // (41.3 × 1.2 m / 0.5 mg/dL = 99.12). research/renal.md §1.3 (13 y, 150 cm, SCr 0.7: 88.5). Tolerance 0.05.
    [Theory]
    [InlineData(0.6, 101, 69.5)]
    [InlineData(0.5, 120, 99.12)]
    [InlineData(0.7, 150, 88.5)]
    public void FromCreatinine_PublishedExamples_Match(double scr, double heightCm, double expected) =>
        Assert.Equal(expected, BedsideSchwartz2009.FromCreatinine(Creatinine.FromMgPerDl(scr), Height.FromCentimetres(heightCm), AgeInYears.FromYears(8), Sex.Female).Egfr.MlPerMinPer173M2, 0.05);

    [Fact]
    public void Evaluate_Adult_WarnsOutsideValidatedPopulation()
    {
        var result = EgfrEquations.BedsideSchwartz2009.Evaluate(EgfrAssert.Inputs("M", 30, 175, 1.0));

        Assert.False(result.HasErrors);
        var warning = Assert.Single(result.Issues);
        Assert.Equal(EgfrIssues.OutsideValidatedPopulation, warning.Code);
        Assert.Equal(Severity.Warning, warning.Severity);
    }

    [Fact]
    public void Evaluate_NoHeight_ReportsEgfr001AtHeight()
    {
        var issue = Assert.Single(EgfrEquations.BedsideSchwartz2009.Evaluate(EgfrAssert.Inputs("M", 10, scrMgPerDl: 0.5)).Issues);

        Assert.Equal(EgfrIssues.MissingInput, issue.Code);
        Assert.Equal("height", issue.Location);
    }
}
