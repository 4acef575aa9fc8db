namespace Stroma.Cli.Tests.Proteome;

public sealed class ArrayCommandsTests
{
    private static string Shared(string relative) => SharedData.Path(relative);

    [Fact]
    public void Quantify_Ary022bPair_Json_GivesSpotsAnalytesAndAnOverlay()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"stroma-overlay-{Guid.NewGuid():N}.png");

        var run = CliRun.Of("array", "quantify", Shared("proteome/images/promad_ARY022B_prepared_00010.tif"), Shared("proteome/images/promad_ARY022B_prepared_00005.tif"),
            "--layout", Shared("proteome/layouts/ARY022B.csv"), "--overlay", overlay, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(240 - 22, json.GetProperty("spots").GetArrayLength());
        var spot = json.GetProperty("spots").EnumerateArray().First(s => s.GetProperty("analyte").GetString() == "Serpin E1");
        Assert.Equal(("I", 1), (spot.GetProperty("row").GetString(), spot.GetProperty("column").GetInt32()));
        Assert.Equal(2, spot.GetProperty("signals").GetArrayLength());
        var serpin = json.GetProperty("analytes").EnumerateArray().Single(a => a.GetProperty("analyte").GetString() == "Serpin E1");
        Assert.True(serpin.GetProperty("detected").GetBoolean());
        Assert.True(serpin.GetProperty("normalizedSignal").GetDouble() > 1);
        Assert.True(new FileInfo(overlay).Length > 1000);
        File.Delete(overlay);
    }

    [Fact]
    public void Quantify_NotAnImage_IsAClearError()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "no image here");

        var run = CliRun.Of("array", "quantify", path, "--layout", Shared("proteome/layouts/ARY022B.csv"));

        File.Delete(path);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IMG001");
    }
}
