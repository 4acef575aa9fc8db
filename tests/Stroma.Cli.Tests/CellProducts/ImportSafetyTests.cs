namespace Stroma.Cli.Tests.CellProducts;

public sealed class ImportSafetyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-safety-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"safety-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Document(string grade = "1", string onset = "2025-04-12T20:00:00+02:00", string ptc = "0") => $$"""
        {
          "adverseEvents": [
            { "id": "ae-1", "verbatim": "fever 38.3", "term": "Fever", "grade": {{grade}}, "onset": "{{onset}}", "relatedness": "unlikely", "outcome": "recovered",
              "resolved": "2025-04-13T08:00:00+02:00" }
          ],
          "vitals": [ { "infusionId": "msc-1", "at": "2021-03-03T09:40:00+01:00", "phase": "before", "temperatureC": 36.7, "heartRate": 92 } ],
          "biopsies": [
            { "id": "bx-extra", "takenAt": "2025-09-01T09:00:00+02:00", "indication": "for cause", "glomeruli": 14, "globallySclerosed": 1, "arteries": 2,
              "lesions": { "collapsing": 0, "tip": 0, "cellular": 0, "perihilar": 0, "segmentallySclerosed": 2 },
              "scores": { "i": 0, "t": 0, "v": 0, "g": 0, "ptc": {{ptc}}, "ci": 1, "ct": 1, "cv": 0, "ah": 1, "mm": 0, "cg": 0, "iIfta": 0, "ti": 0, "c4d": 0 },
              "findings": { "dsa": false, "other": [ "Recurrent FSGS" ] }, "footProcessEffacementPercent": 60, "emGlomeruli": 2 }
          ]
        }
        """;

    // The same file again writes nothing (idempotent); the same AE id with other content is refused (an AE is amended, not re-imported);
    // another patient's AE may have the same id (issue 11: it blocked this one's).
    [Fact]
    public void Import_GoodDocument_IsStoredOnceAndIdsAreThePatientsOwn()
    {
        var folder = Path.Combine(_folder, "demo");
        CliRun.Of("demo", "--dir", folder);
        var db = Path.Combine(folder, "stroma.db");
        File.WriteAllText(Path.Combine(_folder, "p2.json"), """{ "patient": { "id": "P-2", "birthDate": "2010-01-01", "sex": "M", "primaryDisease": "FSGS", "transplants": [] } }""");
        CliRun.Of("import", "course", Path.Combine(_folder, "p2.json"), "--db", db);

        var run = CliRun.Of("import", "safety", Write(Document()), "--patient", "DEMO-001", "--db", db);
        var again = CliRun.Of("import", "safety", Write(Document()), "--patient", "DEMO-001", "--db", db, "--json");
        var changed = CliRun.Of("import", "safety", Write(Document(grade: "2")), "--patient", "DEMO-001", "--db", db);
        var other = CliRun.Of("import", "safety", Write(Document(grade: "2")), "--patient", "P-2", "--db", db);
        var withoutVitals = CliRun.Of("import", "safety", Write(WithoutVitals(Document(grade: "2"))), "--patient", "P-2", "--db", db);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Imported for DEMO-001: 1 adverse event, 1 vital-sign set, 1 biopsy.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal((0, 3), (again.Json().GetProperty("adverseEvents").GetInt32(), again.Json().GetProperty("unchanged").GetInt32()));
        Assert.Equal(ExitCodes.InvalidInput, changed.ExitCode);
        Assert.Contains(("adverse event ae-1", "REC001"), changed.Issues());
        Assert.Equal(ExitCodes.InvalidInput, other.ExitCode); // P-2 has no infusion msc-1: vital signs for it are refused
        Assert.Contains(other.Issues(), i => i.Code == "REC002");
        Assert.Equal(ExitCodes.Ok, withoutVitals.ExitCode);
    }

    // The safety file is the raw input of every record it adds: each names it, and it is kept byte for byte under its SHA-256.
    [Fact]
    public async Task Import_KeepsTheFile_AsTheRawInputOfEachRecordItAdds()
    {
        var folder = Path.Combine(_folder, "demo");
        CliRun.Of("demo", "--dir", folder);
        var db = Path.Combine(folder, "stroma.db");
        var path = Write(Document());

        var run = CliRun.Of("import", "safety", path, "--patient", "DEMO-001", "--db", db);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var ct = TestContext.Current.CancellationToken;
        var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(db), "test");
        var sha = Core.RawInput.Of("x", await File.ReadAllBytesAsync(path, ct)).Sha256;
        var ae = Assert.Single(await store.LoadRecordInputsAsync("adverse_events", "DEMO-001|ae-1", ct));
        var biopsy = Assert.Single(await store.LoadRecordInputsAsync("biopsies", "DEMO-001|bx-extra", ct));
        Assert.Equal(("import", sha), (ae.Action, ae.Sha256));
        Assert.Equal(("import", sha), (biopsy.Action, biopsy.Sha256));
        Assert.NotNull(await store.LoadRawFileAsync(sha, ct));
    }

    private static string WithoutVitals(string document) =>
        System.Text.RegularExpressions.Regex.Replace(document, @"""vitals"": \[[^\]]*\]", "\"vitals\": []");

    [Theory]
    [InlineData("7", "2025-04-12T20:00:00+02:00", "0", "AE002")]
    [InlineData("1", "2025-04-12T20:00:00", "0", "SAFETYJSON002")]
    [InlineData("1", "2025-04-12T20:00:00+02:00", "4", "BX001")]
    public void Import_ImpossibleValue_IsRefusedWhole(string grade, string onset, string ptc, string code)
    {
        var run = CliRun.Of("import", "safety", Write(Document(grade, onset, ptc)), "--patient", "DEMO-001", "--db", Path.Combine(_folder, "x.db"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == code);
        Assert.Contains("Rejected: nothing was written.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MissingScore_NamesIt()
    {
        var run = CliRun.Of("import", "safety", Write(Document().Replace("\"c4d\": 0 ", string.Empty, StringComparison.Ordinal).Replace("\"ti\": 0,", "\"ti\": 0", StringComparison.Ordinal)),
            "--patient", "DEMO-001", "--db", Path.Combine(_folder, "x.db"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "SAFETYJSON001");
        Assert.Contains("c4d", run.Stderr, StringComparison.Ordinal);
    }
}
