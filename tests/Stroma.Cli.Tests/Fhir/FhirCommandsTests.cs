namespace Stroma.Cli.Tests.Fhir;

/// <summary><c>stroma fhir export</c> and <c>stroma fhir import</c> as a user runs them.</summary>
public sealed class FhirCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-fhir-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma-demo", "stroma.db");

    // A file larger than one patient's course is refused before it is read (reading it would exhaust memory; over 2 GB, .NET cannot).
    [Fact]
    public void Import_ALargerFileThanACourse_IsFhir025_AndCreatesNoDatabase()
    {
        var huge = Path.Combine(_folder, "huge.json");
        using (var file = File.Create(huge))
        {
            file.SetLength(Stroma.Fhir.Import.FhirCourseReader.MaxBytes + 1); // sparse: no disk used
        }

        var run = CliRun.Of("fhir", "import", "--db", Path.Combine(_folder, "new.db"), huge);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("huge.json", "FHIR025")], run.Issues());
        Assert.False(File.Exists(Path.Combine(_folder, "new.db")));
    }

    [Fact]
    public void Export_ThenImportTwice_SecondImportAddsNothing()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "stroma-demo"));
        var bundle = Path.Combine(_folder, "demo.json");
        var copy = Path.Combine(_folder, "copy.db");

        var exported = CliRun.Of("fhir", "export", "--db", Db, "--patient", "DEMO-001", "--out", bundle);
        var first = CliRun.Of("fhir", "import", "--db", copy, bundle);
        var second = CliRun.Of("fhir", "import", "--db", copy, bundle);

        Assert.Equal(ExitCodes.Ok, exported.ExitCode);
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Contains("(new patient)", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains(": 0 records added", second.Stdout, StringComparison.Ordinal);
        Assert.Contains(first.Issues(), i => i.Code == "FHIR010");
        Assert.DoesNotContain(" error: ", first.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_OntoTheDatabase_IsRefusedAndTheDatabaseSurvives()
    {
        CliRun.Of("demo", "--dir", Path.Combine(_folder, "stroma-demo"));
        var before = File.ReadAllBytes(Db).Length;

        var run = CliRun.Of("fhir", "export", "--db", Db, "--patient", "DEMO-001", "--out", Db, "--force");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IO003");
        Assert.Equal(before, File.ReadAllBytes(Db).Length);
    }

    [Fact]
    public void Import_UnsupportedEntry_PrintsIndexAndPathAndWritesNothing()
    {
        var file = Path.Combine(_folder, "bad.json");
        File.WriteAllText(file, """
            { "resourceType": "Bundle", "type": "collection", "entry": [
              { "fullUrl": "urn:uuid:6f1c1a3e-0000-4000-8000-000000000001", "resource": { "resourceType": "Patient", "gender": "female", "birthDate": "1990-05-01" } },
              { "resource": { "resourceType": "Condition", "subject": { "reference": "urn:uuid:6f1c1a3e-0000-4000-8000-000000000001" } } } ] }
            """);
        var db = Path.Combine(_folder, "new.db");

        var run = CliRun.Of("fhir", "import", "--db", db, file);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "FHIR003" && i.Location == "bad.json Bundle.entry[1].resource");
        Assert.False(File.Exists(db));
    }
}
