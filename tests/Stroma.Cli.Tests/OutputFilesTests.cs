namespace Stroma.Cli.Tests;

/// <summary>An output never overwrites an input or the database, and never an existing file without --force.</summary>
public sealed class OutputFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-out-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma-demo", "stroma.db");

    [Fact]
    public void Report_OntoTheDatabase_IsRefusedAndTheDatabaseSurvives()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "stroma-demo"));
        var before = File.ReadAllBytes(Db).Length;

        var run = CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", Db, "--force");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IO003");
        Assert.Equal(before, File.ReadAllBytes(Db).Length);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001").ExitCode);
    }

    [Fact]
    public void Report_OntoAnExistingFile_NeedsForce()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "stroma-demo"));
        var existing = Path.Combine(_folder, "notes.html");
        File.WriteAllText(existing, "my notes");

        var refused = CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", existing);
        var kept = File.ReadAllText(existing);
        var forced = CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", existing, "--force");

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains(refused.Issues(), i => i.Code == "IO002" && i.Location == existing);
        Assert.Equal("my notes", kept);
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.Contains("<html", File.ReadAllText(existing), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Check_ALinkToTheDatabaseOrItsJournal_IsAnInput()
    {
        var db = Path.Combine(_folder, "a.db");
        File.WriteAllText(db, "x");
        var link = Path.Combine(_folder, "link.html");
        File.CreateSymbolicLink(link, db);
        var folderLink = Path.Combine(_folder, "sub");
        Directory.CreateSymbolicLink(folderLink, _folder);

        Assert.Equal("IO003", OutputFiles.Check(link, force: true, [db])?.Code);
        Assert.Equal("IO003", OutputFiles.Check(Path.Combine(folderLink, "a.db"), force: true, [db])?.Code);
        Assert.Equal("IO003", OutputFiles.Check(db + "-wal", force: true, [db])?.Code);
        Assert.Equal("IO003", OutputFiles.Check(db + ".key", force: true, [db])?.Code);
        Assert.Null(OutputFiles.Check(Path.Combine(_folder, "new.html"), force: false, [db]));
    }

    [Fact]
    public void Check_AFolder_IsRefusedEvenWithForce() =>
        Assert.Equal("IO002", OutputFiles.Check(_folder, force: true, [])?.Code);

    [Fact]
    public void Check_ADeviceOrKernelFile_IsRefusedEvenWithForce()
    {
        Assert.Equal("IO002", OutputFiles.Check("/dev/full", force: true, [])?.Code);
        Assert.Equal("IO002", OutputFiles.Check("/proc/self/comm", force: true, [])?.Code);
    }

    [Fact]
    public void Check_AMissingFolder_IsNamedAndNeverCreated()
    {
        var path = Path.Combine(_folder, "no-such-folder", "report.html");

        var refused = OutputFiles.Check(path, force: true, []);

        Assert.Equal("IO004", refused?.Code);
        Assert.Contains(Path.Combine(_folder, "no-such-folder"), refused!.Message, StringComparison.Ordinal);
        Assert.Null(OutputFiles.Check(path, force: false, [], folderMayBeCreated: true));
        Assert.False(Directory.Exists(Path.Combine(_folder, "no-such-folder")));
    }
}
