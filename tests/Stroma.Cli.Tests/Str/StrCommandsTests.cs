namespace Stroma.Cli.Tests.Str;

public sealed class StrCommandsTests
{
    private static string Shared(string relative)
    {
        var folder = Environment.GetEnvironmentVariable("STROMA_TESTDATA") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(FindRepository(), "..", "shared", "data"));
        if (!Directory.Exists(folder))
        {
            if (Environment.GetEnvironmentVariable("STROMA_REQUIRE_TESTDATA") == "1")
            {
                Assert.Fail($"STROMA_REQUIRE_TESTDATA=1 but the shared data folder '{folder}' is missing.");
            }

            Assert.Skip($"Shared test data not found at '{folder}' (set STROMA_TESTDATA).");
        }

        return Path.Combine(folder, relative);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stroma.slnx")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    [Fact]
    public void Size_Fsa_Json_GivesTheStandardAndSizedPeaks()
    {
        var run = CliRun.Of("str", "size", Shared("str/fraggler/Multi_K1__230907PRT1-4test_A04_Dx.fsa"), "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal("GS600LIZv2", json.GetProperty("standard").GetString());
        Assert.Equal(0, json.GetProperty("missingFragments").GetArrayLength());
        Assert.Contains(json.GetProperty("peaks").EnumerateArray(), p => p.GetProperty("channel").GetInt32() == 1 && Math.Abs(p.GetProperty("sizeBp").GetDouble() - 140.81) < 0.15);
    }

    [Fact]
    public void Size_WeakStandard_ExitsOneWithSize004()
    {
        var run = CliRun.Of("str", "size", Shared("str/osiris/identifiler/artifact_ILS_too_low_A06_OT05897.fsa"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("SIZE004 error:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Genotype_IdentifilerControl_Json_Is9947AAtD8AndTh01()
    {
        var run = CliRun.Of("str", "genotype", Shared("str/osiris/identifiler/Positive_Control.fsa"), "--ladder", Shared("str/osiris/identifiler/Identifiler_LADDER.fsa"),
            "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"), "--standard", "GS500LIZ", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var loci = run.Json().GetProperty("loci").EnumerateArray().ToDictionary(l => l.GetProperty("locus").GetString()!, l => l.GetProperty("genotype").EnumerateArray().Select(a => a.GetString()).ToArray());
        Assert.Equal(["13"], loci["D8S1179"]);
        Assert.Equal(["8", "9.3"], loci["TH01"]);
        Assert.Equal(16, loci.Count);
    }

    [Fact]
    public void Size_NotAbif_ExitsOneWithAbif001()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "this is not an electropherogram");

        var run = CliRun.Of("str", "size", path);

        File.Delete(path);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("ABIF001 error:", run.Stderr, StringComparison.Ordinal);
    }
}
