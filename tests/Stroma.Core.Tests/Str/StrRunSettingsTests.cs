using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

public sealed class StrRunSettingsTests
{
    private static readonly StrRunSettings Settings = StrRunSettings.Of("Synthetic", new string('a', 64), null, "GS500LIZ",
        StrSettings.Default with { Calls = new CallSettings(CallThreshold: 120, LocusStutterRatios: new Dictionary<string, double> { ["D8S1179"] = 0.09 }) },
        new ChimerismSettings(StutterHandling.Correct, 0.08, 2.0), PeakSignal.Area);

    [Fact]
    public void FromJson_OfToJson_GivesTheSameSettings()
    {
        var back = StrRunSettings.FromJson(Settings.ToJson());

        Assert.Equal(Settings with { Analysis = StrSettings.Default }, back with { Analysis = StrSettings.Default });
        Assert.Equal(Settings.Analysis.Peaks, back.Analysis.Peaks);
        Assert.Equal(Settings.Analysis.Calls with { LocusStutterRatios = null }, back.Analysis.Calls with { LocusStutterRatios = null });
        Assert.Equal(0.09, back.Analysis.Calls.LocusStutterRatios!["D8S1179"]);
        Assert.Contains("\"stutter\":\"correct\"", Settings.ToJson(), StringComparison.Ordinal);
    }

    // The fingerprint (part of a sample's id) follows what changes the calls, not the chimerism settings or the software version.
    [Fact]
    public void Fingerprint_ChangesWithTheCallingThresholdsOnly()
    {
        Assert.NotEqual(Settings.Fingerprint(), (Settings with { Analysis = StrSettings.Default }).Fingerprint());
        Assert.NotEqual(Settings.Fingerprint(), (Settings with { KitSha256 = new string('b', 64) }).Fingerprint());
        Assert.Equal(Settings.Fingerprint(), (Settings with { Chimerism = new ChimerismSettings(), Signal = PeakSignal.Height, Software = "Stroma 0" }).Fingerprint());
    }
}
