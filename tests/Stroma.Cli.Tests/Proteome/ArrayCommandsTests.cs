namespace Stroma.Cli.Tests.Proteome;

public sealed class ArrayCommandsTests
{
    private static string Shared(string relative) => SharedData.PathOf(relative);

    [Fact]
    public void Quantify_Ary022bPair_Json_GivesSpotsAnalytesAndAnOverlay()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"stroma-overlay-{Guid.NewGuid():N}.png");

        var run = CliRun.Of("array", "quantify", Shared("proteome/images/promad_ARY022B_prepared_00010.tif"), Shared("proteome/images/promad_ARY022B_prepared_00005.tif"),
            "--layout", "ARY022B", "--overlay", overlay, "--json");

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
        Assert.Equal("A2,0", json.GetProperty("images")[0].GetProperty("metadata").GetProperty("description.system_name").GetString());
        File.Delete(overlay);
    }

    // Kept against the demo patient on a study day, with the images as raw files and the run's CVa from its duplicates; the same
    // membrane twice is refused whole; without --day it is an error.
    [Fact]
    public void Quantify_WithPatient_KeepsTheAnalytesOnce()
    {
        var folder = Directory.CreateTempSubdirectory("stroma-array-").FullName;
        try
        {
            CliRun.Of("demo", "--dir", folder);
            string[] Args(params string[] more) =>
                ["array", "quantify", Shared("proteome/images/promad_ARY022B_prepared_00005.tif"), "--layout", "ARY022B", "--patient", "DEMO-001", "--db", Path.Combine(folder, "stroma.db"), .. more];

            // Day 120: the demo's own membranes hold days −30, −1, 30, 90, 180 and 365, and a second array value of a day is refused.
            var first = CliRun.Of(Args("--day", "120"));
            var again = CliRun.Of(Args("--day", "120"));
            var noDay = CliRun.Of(Args());

            Assert.Equal(ExitCodes.Ok, first.ExitCode);
            Assert.Contains("Kept 105 analytes against DEMO-001 on day 120", first.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
            Assert.Contains(again.Issues(), i => i.Code == "ARRAY007"); // the same images, layout, sample and day: the run is stored
            Assert.Contains(noDay.Issues(), i => i.Location == "--day");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The method is chosen on the command line and named in the output: the slope across the real ARY022B exposures (10 to 825 s,
    // the linear range) against the global background; a single image cannot give a slope (ARRAY003, exit 1).
    [Fact]
    public void Quantify_SlopeAndGlobalBackground_AreNamedInTheOutput()
    {
        string[] frames = ["00001", "00005", "00010"];
        var images = frames.Select(f => Shared($"proteome/images/promad_ARY022B_prepared_{f}.tif")).ToArray();

        var run = CliRun.Of(["array", "quantify", .. images, "--layout", "ARY022B", "--background", "global", "--exposure", "slope", "--json"]);
        var single = CliRun.Of("array", "quantify", images[1], "--layout", "ARY022B", "--exposure", "slope");
        var text = CliRun.Of(["array", "quantify", .. images, "--layout", "ARY022B", "--background", "negative"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(("global", "slope"), (json.GetProperty("background").GetString(), json.GetProperty("exposure").GetString()));
        var cv = json.GetProperty("analyticalCv");
        Assert.Equal(Math.Max(cv.GetProperty("duplicatesPercent").GetDouble(), cv.GetProperty("referenceSpotsPercent").GetDouble()), cv.GetProperty("percent").GetDouble());
        Assert.InRange(cv.GetProperty("referenceSpotsPercent").GetDouble(), 0.1, 30);
        var serpin = json.GetProperty("analytes").EnumerateArray().Single(a => a.GetProperty("analyte").GetString() == "Serpin E1");
        Assert.InRange(serpin.GetProperty("normalizedSignal").GetDouble(), 1.0, 1.6);
        Assert.Equal(ExitCodes.InvalidInput, single.ExitCode);
        Assert.Contains(single.Issues(), i => i.Code == "ARRAY003");
        Assert.Contains("background negative-controls; exposure longest-linear", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantify_NotAnImage_IsAClearError()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "no image here");

        var run = CliRun.Of("array", "quantify", path, "--layout", "ARY022B");

        File.Delete(path);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IMG001");
    }

    // A layout is a file (CSV or a proMAD kit .json), a name in STROMA_LAYOUTS, or a shipped kit by name; anything else is LAYOUT005
    // naming the shipped kits (a path that is not there is said not to exist). proMAD's own ARY022B.json (the shared copy) quantifies the frame as the shipped name does.
    [Fact]
    public void Quantify_LayoutByProMadFileOrUnknownName()
    {
        var frame = Shared("proteome/images/promad_ARY022B_prepared_00010.tif");

        var json = CliRun.Of("array", "quantify", frame, "--layout", Shared("proteome/source_tables/promad_ARY022B.json"), "--json");
        var shipped = CliRun.Of("array", "quantify", frame, "--layout", "ary022b", "--json");
        var unknown = CliRun.Of("array", "quantify", frame, "--layout", "ARY999");
        var missingFile = CliRun.Of("array", "quantify", frame, "--layout", Path.Combine(Path.GetTempPath(), "no-such-layout.csv"));

        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Equal(shipped.Stdout, json.Stdout);
        Assert.Contains(("ARY022B", "ARRAY007"), shipped.Issues()); // printed on ARY028's grid: the warning names it
        Assert.Contains("same grid as ARY028", shipped.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Equal(("--layout", "LAYOUT005"), Assert.Single(unknown.Issues()));
        Assert.Equal(("--layout", "LAYOUT005"), Assert.Single(missingFile.Issues()));
        Assert.Contains("no-such-layout.csv' does not exist", missingFile.Stderr, StringComparison.Ordinal);
    }
}
