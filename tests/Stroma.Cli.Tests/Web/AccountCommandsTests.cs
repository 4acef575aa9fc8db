namespace Stroma.Cli.Tests.Web;

/// <summary>The web app's administrator commands: accounts with generated passwords, tokens, the site time zone, and their refusals.</summary>
public sealed class AccountCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-accounts-").FullName;

    public AccountCommandsTests() => Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "migrate", "--db", Db).ExitCode);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Db => Path.Combine(_folder, "stroma.db");

    [Fact]
    public void UserAdd_GeneratesAPasswordShownOnce_AndRefusesTheSameNameTwice()
    {
        var added = CliRun.Of("user", "add", "--db", Db, "--user", "ana.ruiz", "--role", "clinician", "--name", "Ana Ruiz", "--json");
        var again = CliRun.Of("user", "add", "--db", Db, "--user", "ana.ruiz", "--role", "researcher");

        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Equal("clinician", added.Json().GetProperty("role").GetString());
        Assert.Equal(20, added.Json().GetProperty("password").GetString()!.Length);
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Equal([("--user", "USR002")], again.Issues());
    }

    [Theory]
    [InlineData("--role", "doctor", "USR001", "--role")]
    [InlineData("--user", "a b", "USR003", "--user")]
    [InlineData("--user", "", "USR003", "--user")]
    public void UserAdd_BadNameOrRole_IsRefusedAtItsOption(string option, string value, string code, string location)
    {
        var args = new Dictionary<string, string> { ["--user"] = "x1", ["--role"] = "clinician" };
        args[option] = value;
        var run = CliRun.Of("user", "add", "--db", Db, "--user", args["--user"], "--role", args["--role"]);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([(location, code)], run.Issues());
    }

    [Fact]
    public void TokenCreate_PrintsTheTokenOnce_RefusesUnknownUsersAndLongLifetimes_AndRevokes()
    {
        CliRun.Of("user", "add", "--db", Db, "--user", "script", "--role", "researcher");
        var made = CliRun.Of("token", "create", "--db", Db, "--user", "script", "--expires", "12h", "--json");
        var tooLong = CliRun.Of("token", "create", "--db", Db, "--user", "script", "--expires", "2y");
        var unknown = CliRun.Of("token", "create", "--db", Db, "--user", "nobody");
        var revoked = CliRun.Of("token", "revoke", "--db", Db, "--user", "script");

        Assert.Equal(ExitCodes.Ok, made.ExitCode);
        Assert.StartsWith("stroma_", made.Json().GetProperty("token").GetString(), StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse(made.Json().GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
        Assert.Equal([("--expires", "USR005")], tooLong.Issues());
        Assert.Equal([("--user", "USR004")], unknown.Issues());
        Assert.Equal(("Revoked 1 token.", ExitCodes.Ok), (revoked.Stdout.Trim(), revoked.ExitCode));
        Assert.Equal([("--prefix", "USR006")], CliRun.Of("token", "revoke", "--db", Db, "--user", "script", "--prefix", "stroma_zzzz").Issues());
        Assert.Equal([("--prefix", "USR006")], CliRun.Of("token", "revoke", "--db", Db, "--user", "script", "--prefix", "s").Issues());
    }

    [Theory]
    [InlineData("not-a-host")]
    [InlineData("999.1.1.1")]
    public void Serve_OnAHostThatIsNotAnAddress_IsRefused_NeverEveryInterface(string host)
    {
        var run = CliRun.Of("serve", "--db", Db, "--host", host, "--port", "0");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("--host", "CLI051")], run.Issues());
    }

    [Fact]
    public void SiteTimeZone_IsAnIanaId()
    {
        var refused = CliRun.Of("setting", "set", "site.time-zone", "CET", "--db", Db);
        var set = CliRun.Of("setting", "set", "site.time-zone", "Europe/Rome", "--db", Db, "--json");

        Assert.Equal([("VALUE", "TIME004")], refused.Issues());
        Assert.Equal("Europe/Rome", set.Json().GetProperty("value").GetString());
    }

    [Fact]
    public void Serve_OnAMissingDatabase_IsRefusedBeforeListening()
    {
        var run = CliRun.Of("serve", "--db", Path.Combine(_folder, "typo.db"));
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("DB001", Assert.Single(run.Issues()).Code);
        Assert.False(File.Exists(Path.Combine(_folder, "typo.db")));
    }
}
