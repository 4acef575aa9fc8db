using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class DemoStrTests
{
    private static readonly Lazy<DemoStrRun> Run = new(DemoStr.Build);

    // The demo's truth: no MSC-donor DNA anywhere; blood at day 30 is the recipient's; the one-year biopsy is 70% kidney donor.
    [Fact]
    public void Build_MscDonorIsNotDetectedAndTheBiopsyIsSeventyPercentKidneyDonor()
    {
        var samples = Run.Value.Samples.ToDictionary(s => s.FileName, s => s.Id);
        var results = Run.Value.Chimerism.ToLookup(c => c.SampleId);

        var blood = results[samples["demo-blood-d30.fsa"]].ToDictionary(c => c.Contributor);
        var biopsy = results[samples["demo-biopsy-1y.fsa"]].ToDictionary(c => c.Contributor);

        Assert.All(new[] { blood["msc-donor"], biopsy["msc-donor"], blood["kidney-donor"] }, c =>
        {
            Assert.False(c.Detected);
            Assert.Null(c.Percent);
            Assert.Equal("not detected (< 1 %)", c.Text);
        });
        Assert.Equal(100, blood["recipient"].Percent!.Value, 0.5);
        Assert.Equal(70, biopsy["kidney-donor"].Percent!.Value, 1.0);
        Assert.Equal(30, biopsy["recipient"].Percent!.Value, 1.0);
        Assert.True(biopsy["msc-donor"].InformativeLoci >= 5, biopsy["msc-donor"].Text);
    }

    [Fact]
    public void Build_IsDeterministicAndEveryRecordNamesItsRawFile()
    {
        var again = DemoStr.Build();

        Assert.Equal(Run.Value.Samples.Select(s => s.Id), again.Samples.Select(s => s.Id));
        Assert.Equal(Run.Value.Chimerism.Select(c => c.Id), again.Chimerism.Select(c => c.Id));
        var shas = Run.Value.Files.Select(f => Core.Str.StrRecords.Sha256(f.Bytes)).ToHashSet(); // recomputed, not the carried digest
        Assert.All(Run.Value.Samples, s => Assert.Contains(s.FileSha256, shas));
        Assert.All(Run.Value.Samples, s => Assert.Contains(s.LadderSha256, shas));
    }
}
