namespace Stroma.Cli.Tests.Web;

/// <summary>
/// The account commands' events in the audit trail (who changed which account, when), shown by <c>stroma user show</c> and proved by
/// <c>audit verify</c>; a full name that could pose as another text is refused.
/// </summary>
public sealed class UserCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-users-").FullName;

    public UserCommandsTests() => Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "migrate", "--db", Db).ExitCode);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Db => Path.Combine(_folder, "stroma.db");

    [Theory]
    [InlineData("Ana\u202EzuiR")]
    [InlineData("Ana\nRuiz")]
    [InlineData("Ana\u200FRuiz")]
    [InlineData("Ana\u0007Ruiz")]
    public void UserAdd_NameWithControlOrDirectionCharacters_IsRefusedAtName_AndWritesNothing(string name)
    {
        var run = CliRun.Of("user", "add", "--db", Db, "--user", "ana", "--role", "clinician", "--name", name);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("--name", "USR007")], run.Issues());
        Assert.Equal([("--user", "USR004")], CliRun.Of("user", "show", "--db", Db, "--user", "ana").Issues());
    }

    [Fact]
    public void EveryAccountChange_IsAnEventInTheTrail_ShownWithWhoDidIt_AndVerified()
    {
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "add", "--db", Db, "--user", "ana", "--role", "clinician", "--name", "Ana Ruiz").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "role", "--db", Db, "--user", "ana", "--role", "admin").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("token", "create", "--db", Db, "--user", "ana", "--expires", "1d").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("token", "revoke", "--db", Db, "--user", "ana").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "disable", "--db", Db, "--user", "ana").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "enable", "--db", Db, "--user", "ana").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "password", "--db", Db, "--user", "ana").ExitCode);
        Assert.Equal([("--role", "USR008")], CliRun.Of("user", "role", "--db", Db, "--user", "ana", "--role", "admin").Issues());

        var shown = CliRun.Of("user", "show", "--db", Db, "--user", "ana", "--json");

        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        var events = shown.Json().GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["user-added", "role-changed", "token-created", "token-revoked", "disabled", "enabled", "password-reset"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.Equal(Environment.UserName, e.GetProperty("by").GetString()));
        Assert.All(events, e => Assert.True(e.GetProperty("auditEntry").GetInt64() > 0));
        Assert.Equal("clinician -> admin", events[1].GetProperty("detail").GetString());
        Assert.Equal(["admin"], shown.Json().GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("enabled", shown.Json().GetProperty("state").GetString());
        Assert.Equal(ExitCodes.Ok, CliRun.Of("audit", "verify", "--db", Db).ExitCode);
    }

    [Fact]
    public void AnAccountEventChangedOutsideStroma_IsFoundByAuditVerify()
    {
        Assert.Equal(ExitCodes.Ok, CliRun.Of("user", "add", "--db", Db, "--user", "ana", "--role", "clinician").ExitCode);
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            db.Open();
            using var forge = db.CreateCommand();
            forge.CommandText = "INSERT INTO account_events (Id, AtUtc, Actor, UserName, Event, Detail) VALUES ('forged', '2026-01-01 00:00:00+00:00', 'someone', 'ana', 'role-changed', 'clinician -> admin')";
            forge.ExecuteNonQuery();
        }

        var verify = CliRun.Of("audit", "verify", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, verify.ExitCode);
        Assert.Contains("account_events", verify.Stdout + verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleSignOnSettings_AreCheckedWhenSet_AndServeRefusesToStartWithoutTheSecret()
    {
        Assert.Equal([("sso.authority", "SSO001")], CliRun.Of("setting", "set", "sso.authority", "http://login.example.org", "--db", Db).Issues());
        Assert.Equal([("sso.roles", "SSO003")], CliRun.Of("setting", "set", "sso.roles", "clinicians=doctor", "--db", Db).Issues());
        Assert.Equal(ExitCodes.Ok, CliRun.Of("setting", "set", "sso.authority", "https://login.example.org/realms/hospital", "--db", Db).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("setting", "set", "sso.client-id", "stroma", "--db", Db).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("setting", "set", "sso.roles", "/stroma/clinicians=clinician", "--db", Db).ExitCode);

        var serve = CliRun.Of("serve", "--db", Db, "--port", "0");

        Assert.Equal(ExitCodes.InvalidInput, serve.ExitCode);
        Assert.Equal([("STROMA_SSO_CLIENT_SECRET_FILE", "SSO002")], serve.Issues());
        Assert.Equal(ExitCodes.Ok, CliRun.Of("setting", "set", "sso.authority", "", "--db", Db).ExitCode); // off again
    }
}
