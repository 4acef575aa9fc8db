namespace Stroma.Cli.Tests.Course;

/// <summary>The administrator's commands: db migrate creates a database, settings are known keys with true or false, and --as is refused until allowed.</summary>
public sealed class SettingCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-setting-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    [Fact]
    public void DbMigrate_NewDatabase_ListsTheMigrationsAppliedAsJson()
    {
        var first = CliRun.Of("db", "migrate", "--db", Db, "--json");
        var again = CliRun.Of("db", "migrate", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.True(first.Json().GetProperty("applied").GetArrayLength() > 0);
        Assert.Equal(0, again.Json().GetProperty("applied").GetArrayLength());
    }

    [Fact]
    public void ActingAs_IsRefusedUntilTheAdministratorAllowsIt()
    {
        CliRun.Of("db", "migrate", "--db", Db);
        var labs = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(Path.Combine(_folder, "p.json"), """
            { "patient": { "id": "P-AS", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS", "transplants": [] } }
            """);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "course", Path.Combine(_folder, "p.json"), "--db", Db).ExitCode);
        File.WriteAllText(labs, "sampled_at,analyte,value,unit\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg\n");

        var before = CliRun.Of("setting", "show", StoreOptions.AllowActingAs, "--db", Db, "--json");
        var refused = CliRun.Of("import", "labs", labs, "--patient", "P-AS", "--as", "nurse.rossi", "--db", Db);
        var set = CliRun.Of("setting", "set", StoreOptions.AllowActingAs, "true", "--db", Db, "--json");
        var accepted = CliRun.Of("import", "labs", labs, "--patient", "P-AS", "--as", "nurse.rossi", "--db", Db);

        Assert.Equal(System.Text.Json.JsonValueKind.Null, before.Json().GetProperty("value").ValueKind);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains(("--as", CliCodes.ActingAsRefused), refused.Issues());
        Assert.Equal("true", set.Json().GetProperty("value").GetString());
        Assert.Equal(ExitCodes.Ok, accepted.ExitCode);
        Assert.Equal("true", CliRun.Of("setting", "show", StoreOptions.AllowActingAs, "--db", Db, "--json").Json().GetProperty("value").GetString());
        var planted = CliRun.Of("import", "labs", labs, "--patient", "P-AS", "--as", "nurse\nroot", "--db", Db);
        Assert.Equal(ExitCodes.InvalidInput, planted.ExitCode);
        Assert.Contains(("--as", CliCodes.ActingAsRefused), planted.Issues());
    }

    [Theory]
    [InlineData("set", "cli.allow-everything", "true")]
    [InlineData("set", StoreOptions.AllowActingAs, "yes")]
    [InlineData("show", "cli.allow-everything", null)]
    public void UnknownSettingOrValue_IsRefusedAtTheKey(string verb, string key, string? value)
    {
        CliRun.Of("db", "migrate", "--db", Db);

        var run = value is null ? CliRun.Of("setting", verb, key, "--db", Db) : CliRun.Of("setting", verb, key, value, "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains((key, "CLI041"), run.Issues());
        var json = value is null ? CliRun.Of("setting", verb, key, "--db", Db, "--json") : CliRun.Of("setting", verb, key, value, "--db", Db, "--json");
        Assert.Equal("CLI041", json.Json().GetProperty("issues")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("fhir.canonical-base", "http://stroma.hospital.example/fhir", "FHIR019")]
    [InlineData("fhir.canonical-base", "https://stroma.hospital.example/fhir?x", "FHIR019")]
    [InlineData("fhir.bulk-export-lifetime-hours", "0", "FHIR008")]
    [InlineData("fhir.bulk-export-timeout-minutes", "1441", "FHIR008")]
    public void FhirSetting_BadValue_IsRefusedAtTheKey(string key, string value, string code)
    {
        CliRun.Of("db", "migrate", "--db", Db);

        var run = CliRun.Of("setting", "set", key, value, "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains((key, code), run.Issues());
    }

    [Theory]
    [InlineData("fhir.canonical-base", "https://stroma.hospital.example/fhir")]
    [InlineData("fhir.bulk-export-lifetime-hours", "48")]
    [InlineData("fhir.bulk-export-timeout-minutes", "30")]
    public void FhirSetting_GoodValue_IsKept(string key, string value)
    {
        CliRun.Of("db", "migrate", "--db", Db);

        var set = CliRun.Of("setting", "set", key, value, "--db", Db);

        Assert.Equal(ExitCodes.Ok, set.ExitCode);
        Assert.Equal(value, CliRun.Of("setting", "show", key, "--db", Db, "--json").Json().GetProperty("value").GetString());
    }
}
