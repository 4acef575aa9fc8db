namespace Stroma.Cli.Tests.Signatures;

/// <summary><c>stroma sign</c> and <c>stroma signatures</c> on the demo database.</summary>
public sealed class SignCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-sign-").FullName;

    public SignCommandsTests() => Assert.Equal(ExitCodes.Ok, CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo")).ExitCode);

    private string Db => Path.Combine(_folder, "demo", "stroma.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Sign_WithThePasswordFile_IsListedValid_AndTheTrailStaysIntact()
    {
        var password = CliSigners.AddUser(Db, _folder, "doc", "clinician", "Ada Lovelace");
        var lab = LabId();
        var shown = CliRun.Of("signatures", "--kind", "lab", "--patient", "DEMO-001", "--record", lab, "--db", Db, "--json");
        var hash = shown.Json().GetProperty("contentHash").GetString()!;

        var signed = CliRun.Of("sign", "--kind", "lab", "--patient", "DEMO-001", "--record", lab, "--meaning", "review", "--user", "doc", "--password-file", password, "--hash", hash, "--db", Db, "--json");
        var listed = CliRun.Of("signatures", "--patient", "DEMO-001", "--db", Db);
        var verify = CliRun.Of("audit", "verify", "--db", Db);

        Assert.Equal(ExitCodes.Ok, signed.ExitCode);
        Assert.Equal(hash, signed.Json().GetProperty("signature").GetProperty("contentHash").GetString());
        Assert.Equal("Ada Lovelace", signed.Json().GetProperty("signature").GetProperty("signerFullName").GetString());
        Assert.Contains($"lab result {lab} of patient DEMO-001: reviewed by Ada Lovelace (doc) at ", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(" — valid", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("released by Demo qualified-person (qp)", CliRun.Of("signatures", "--kind", "lot", "--record", "MSC-DEMO-001", "--db", Db).Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
    }

    [Theory]
    [InlineData("wrong", "review", "--password-file", "SIG004")]
    [InlineData("right", "released", "--meaning", "SIG001")]
    [InlineData("right", "release", "--meaning", "SIG007")]
    [InlineData("right", "review", "--hash", "SIG008")]
    public void Sign_Refused_ExitsOneAtItsOption_AndWritesNothing(string password, string meaning, string option, string code)
    {
        var file = CliSigners.AddUser(Db, _folder, "doc", "clinician", "Ada Lovelace");
        if (password == "wrong")
        {
            File.WriteAllText(file, "not-the-password\n");
        }

        var run = CliRun.Of(["sign", "--kind", "lab", "--patient", "DEMO-001", "--record", LabId(), "--meaning", meaning, "--user", "doc", "--password-file", file, "--db", Db,
            .. option == "--hash" ? ["--hash", new string('0', 64)] : Array.Empty<string>()]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains((option, code), run.Issues());
        Assert.Contains("Not signed: nothing was written.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("No electronic signature.", CliRun.Of("signatures", "--patient", "DEMO-001", "--db", Db).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_KindOfNoRecord_IsRefused()
    {
        var run = CliRun.Of("sign", "--kind", "spaceship", "--record", "x", "--meaning", "review", "--user", "doc", "--password-file", CliSigners.AddUser(Db, _folder, "doc", "clinician", "Ada"), "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("--kind", "SIG002"), run.Issues());
    }

    // The demo's first lab result by id, read from the database file.
    private string LabId()
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Id\" FROM lab_results ORDER BY \"Id\" LIMIT 1";
            var id = (string)command.ExecuteScalar()!;
            connection.Close();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return id;
        }
    }
}
