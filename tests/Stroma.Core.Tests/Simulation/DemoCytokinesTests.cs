using Stroma.Core.Biomarkers;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class DemoCytokinesTests
{
    // The demo panel was written so that IL-6, TNF-α, sCD40L and RANTES fall and stay low (sustained, BH q < 0.05), IL-8 falls and
    // returns (not sustained), IL-1Ra and MIP-1β stay level, and IL-1β is below detection at baseline (not assessed).
    [Fact]
    public void Build_JudgedWithItsPlatformCv_GivesTheIntendedBiomarkers()
    {
        var result = SustainedChange.Assess(DemoCytokines.Build(), BiologicalVariation.Defaults, new SustainedChangeSettings(DemoCytokines.AnalyticalCvPercent));

        Assert.Equal(["IL-6", "TNF-α", "sCD40L", "RANTES"], result.Where(r => r.Sustained).Select(r => r.Analyte));
        Assert.All(result.Where(r => r.Sustained), r => Assert.True(r.Q < 0.05, r.Analyte));
        Assert.False(result.Single(r => r.Analyte == "IL-8").Sustained);
        Assert.False(result.Single(r => r.Analyte == "IL-1β").Assessable);
    }
}
