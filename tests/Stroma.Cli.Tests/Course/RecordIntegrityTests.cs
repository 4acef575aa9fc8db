namespace Stroma.Cli.Tests.Course;

/// <summary>Record ids belong to their patient, a mistyped database is not created, and reading writes nothing.</summary>
public sealed class RecordIntegrityTests : IDisposable
{
    // The README's course example, with the patient id as a placeholder.
    private const string ReadmeCourse = """
        {
          "patient": { "id": "PATIENT", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS",
                       "transplants": [ { "date": "2023-01-10", "donorType": "LivingRelated" } ], "recurrenceDate": "2023-01-20" },
          "identity": { "name": "...", "hospitalNumber": "..." },
          "sessions": [ { "id": "s1", "at": "2025-02-01T10:00:00+01:00", "plasmaVolumes": 1.2, "replacementFluid": "5% albumin" } ],
          "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-9", "cellsPerKilogram": 1.5e6,
                           "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
          "drugs": [ { "id": "d1", "name": "tacrolimus", "start": "2023-01-10" } ],
          "events": [ { "id": "e1", "at": "2025-02-20T09:00:00+01:00", "kind": "Biopsy", "description": "Pre-treatment biopsy" } ],
          "labs": [ { "id": "l1", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 700, "unit": "mg/mmol" } ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-integrity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    private string Course(string patient)
    {
        var path = Path.Combine(_folder, $"{patient}.json");
        File.WriteAllText(path, ReadmeCourse.Replace("PATIENT", patient, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void ImportCourse_TheReadmeExampleForTwoPatients_KeepsBoth()
    {
        var first = CliRun.Of("import", "course", Course("P-77"), "--db", Db);
        var second = CliRun.Of("import", "course", Course("P-78"), "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.True(second.Json().GetProperty("imported").GetBoolean());
        Assert.Contains(second.Issues(), i => i.Code == "COC011");
        Assert.Equal(ExitCodes.Ok, CliRun.Of("audit", "verify", "--db", Db).ExitCode);
    }

    [Fact]
    public void ImportCourse_SamePatientTwice_IsRefusedWithACodeNotACrash()
    {
        CliRun.Of("import", "course", Course("P-77"), "--db", Db);

        var again = CliRun.Of("import", "course", Course("P-77"), "--db", Db, "--json");

        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains(again.Issues(), i => i.Code == "COURSEJSON003" && i.Location == "P-77.json $.patient.id");
        Assert.False(again.Json().GetProperty("imported").GetBoolean());
    }

    // A folder where a file is expected is named as a folder, not as missing: the database (DB001) and an input file (IO001).
    [Fact]
    public void Commands_GivenAFolderForAFile_SayItIsAFolder()
    {
        var assess = CliRun.Of("assess", "--db", _folder, "--patient", "P-77");
        var quantify = CliRun.Of("array", "quantify", _folder, "--layout", "ARY022B");

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (assess.ExitCode, quantify.ExitCode));
        Assert.Contains(assess.Issues(), i => i.Code == "DB001" && i.Location == _folder);
        Assert.Contains($"'{_folder}' is a folder", assess.Stderr, StringComparison.Ordinal);
        Assert.Contains(quantify.Issues(), i => i.Code == "IO001");
        Assert.Contains("it is a folder", quantify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCommands_OnAMistypedDatabase_AreRefusedAndCreateNothing()
    {
        var mistyped = Path.Combine(_folder, "stroam.db");

        var assess = CliRun.Of("assess", "--db", mistyped, "--patient", "P-77");
        var verify = CliRun.Of("audit", "verify", "--db", mistyped);
        var labs = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(labs, "sampled_at,analyte,value,unit\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg\n");
        var import = CliRun.Of("import", "labs", labs, "--patient", "P-77", "--db", mistyped);
        var lotFile = Path.Combine(_folder, "lot.json");
        File.WriteAllText(lotFile, "{}");
        var spec = CliRun.Of("spec", "import", lotFile, "--db", mistyped);
        var lot = CliRun.Of("import", "lot", lotFile, "--db", mistyped);

        Assert.All([assess, verify, import], r => Assert.Equal(ExitCodes.InvalidInput, r.ExitCode));
        Assert.All([assess, verify, import], r => Assert.Contains(r.Issues(), i => i.Code == "DB001" && i.Location == mistyped));
        Assert.All([spec, lot], r => Assert.NotEqual(ExitCodes.Ok, r.ExitCode));
        Assert.False(File.Exists(mistyped));
    }

    [Fact]
    public void AuditVerify_WithoutTheKey_ProvesNothingAndExitsFour()
    {
        CliRun.Of("import", "course", Course("P-77"), "--db", Db);
        var kept = Path.Combine(_folder, "kept-elsewhere.key");
        File.Move(Db + ".key", kept);

        var without = CliRun.Of("audit", "verify", "--db", Db);
        var with = CliRun.Of("audit", "verify", "--db", Db, "--audit-key", kept);

        Assert.Equal(ExitCodes.Environment, without.ExitCode);
        Assert.Contains("KEY001 error:", without.Stderr, StringComparison.Ordinal);
        Assert.Contains("NOT intact", without.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, with.ExitCode);
    }

    // The lab import keeps the derived eGFR of the creatinine it brings (readers never write it); assessing and reporting an unchanged
    // patient then add nothing to the trail (issue 11: the report re-wrote them on every run).
    [Fact]
    public async Task Assess_TwiceOnAnUnchangedPatient_AddsNothingToTheAuditTrail()
    {
        CliRun.Of("import", "course", Course("P-77"), "--db", Db);
        var labs = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(labs, "sampled_at,analyte,value,unit\n2025-03-10T08:00:00+01:00,creatinine,0.6,mg/dL\n2025-03-10T08:05:00+01:00,height,150,cm\n");
        CliRun.Of("import", "labs", labs, "--patient", "P-77", "--db", Db);
        var imported = Entries(CliRun.Of("audit", "verify", "--db", Db));
        var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(Db), "test", TestContext.Current.CancellationToken);
        Assert.NotEmpty(await store.LoadDerivedEgfrAsync("P-77", TestContext.Current.CancellationToken));

        CliRun.Of("assess", "--db", Db, "--patient", "P-77");
        CliRun.Of("assess", "--db", Db, "--patient", "P-77");
        CliRun.Of("report", "--db", Db, "--patient", "P-77", "--out", Path.Combine(_folder, "r.html"));

        Assert.Equal(imported, Entries(CliRun.Of("audit", "verify", "--db", Db)));
    }

    // "Audit trail intact: N entries, head …".
    private static int Entries(CliRun run) =>
        int.Parse(run.Stdout.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
