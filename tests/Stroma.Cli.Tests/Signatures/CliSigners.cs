namespace Stroma.Cli.Tests.Signatures;

/// <summary>Accounts made through <c>stroma user add</c> (the password generated, kept in a file) and signatures made through <c>stroma sign</c>.</summary>
internal static class CliSigners
{
    /// <summary>Makes an account and returns the file holding its generated password.</summary>
    public static string AddUser(string db, string folder, string user, string role, string? name = null)
    {
        var added = CliRun.Of(["user", "add", "--user", user, "--role", role, .. name is null ? Array.Empty<string>() : ["--name", name], "--db", db, "--json"]);
        Assert.True(added.ExitCode == ExitCodes.Ok, added.Stderr);
        var file = Path.Combine(folder, $"{user}.password");
        File.WriteAllText(file, added.Json().GetProperty("password").GetString() + "\n");
        return file;
    }

    /// <summary>Signs a lot's release as a new qualified person (<c>qp</c> unless named otherwise).</summary>
    public static CliRun ReleaseLot(string db, string folder, string lot, string user = "qp")
    {
        var password = File.Exists(Path.Combine(folder, $"{user}.password")) ? Path.Combine(folder, $"{user}.password") : AddUser(db, folder, user, "qualified-person", "Quinn Person");
        return CliRun.Of("sign", "--kind", "lot", "--record", lot, "--meaning", "release", "--user", user, "--password-file", password, "--db", db);
    }
}
