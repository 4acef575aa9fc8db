namespace Stroma.Cli.Tests.CellProducts;

public sealed class AeCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-ae-").FullName;

    private string Db => Path.Combine(_folder, "demo", "stroma.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Load()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo"));
        var path = Path.Combine(_folder, "safety.json");
        File.WriteAllText(path, """
            { "adverseEvents": [ { "id": "ae-1", "verbatim": "fever 38.3", "term": "Fever", "grade": 1, "onset": "2025-04-12T20:00:00+02:00",
                                   "relatedness": "unlikely", "outcome": "recovering" } ] }
            """);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "safety", path, "--patient", "DEMO-001", "--db", Db).ExitCode);
    }

    private CliRun Amend(params string[] more) => CliRun.Of(["ae", "amend", "--patient", "DEMO-001", "--id", "ae-1", "--db", Db, .. more]);

    // An AE is amended by a command, with a reason and audited, never re-imported: ae show gives both versions, the reason and who.
    [Fact]
    public void Amend_WithReason_KeepsBothVersionsInTheTrail()
    {
        Load();

        var amended = Amend("--reason", "Re-graded: 39.4 °C on the chart", "--grade", "2", "--serious", "hospitalisation", "--outcome", "recovered",
            "--resolved", "2025-04-14T08:00:00+02:00", "--json");
        var show = CliRun.Of("ae", "show", "--patient", "DEMO-001", "--id", "ae-1", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, amended.ExitCode);
        Assert.True(amended.Json().GetProperty("amended").GetBoolean());
        Assert.Equal(["hospitalisation"], amended.Json().GetProperty("event").GetProperty("seriousness").EnumerateArray().Select(s => s.GetString()));
        var versions = show.Json().GetProperty("versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("Re-graded: 39.4 °C on the chart", versions[1].GetProperty("reason").GetString());
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("event").GetProperty("grade").GetInt32()));
        Assert.Equal(ExitCodes.Ok, CliRun.Of("audit", "verify", "--db", Db).ExitCode);
        var text = CliRun.Of("ae", "show", "--patient", "DEMO-001", "--id", "ae-1", "--db", Db).Stdout;
        Assert.Contains("grade 2, serious, recovered; reason: Re-graded", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Amend_WithoutReason_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, CliRun.Of("ae", "amend", "--patient", "DEMO-001", "--id", "ae-1", "--grade", "2", "--db", Path.Combine(_folder, "x.db")).ExitCode);

    // CTCAE v5.0: anaphylaxis has no grade 1 or 2; a blank reason, a criterion that is no ICH E2A one and an unknown AE are refused too.
    [Theory]
    [InlineData("AE002", "--reason", "re-coded", "--term", "Anaphylaxis")]
    [InlineData("AE006", "--reason", " ", "--grade", "2")]
    [InlineData("AE007", "--reason", "same", "--grade", "1")]
    [InlineData("CLI031", "--reason", "typo", "--serious", "hospitalised")]
    public void Amend_Impossible_IsRefusedAndWritesNothing(string code, params string[] options)
    {
        Load();

        var run = Amend(options);
        var show = CliRun.Of("ae", "show", "--patient", "DEMO-001", "--id", "ae-1", "--db", Db, "--json");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == code);
        Assert.Equal(1, show.Json().GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public void Amend_AnotherPatientsEvent_IsUnknownHere()
    {
        Load();

        var run = CliRun.Of("ae", "amend", "--patient", "OTHER-1", "--id", "ae-1", "--reason", "x", "--grade", "2", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "REC002");
    }
}
