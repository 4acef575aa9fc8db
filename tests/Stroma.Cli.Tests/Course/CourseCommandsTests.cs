using System.Text.Json;
using System.Text;

namespace Stroma.Cli.Tests.Course;

public sealed class CourseCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    [Fact]
    public void Demo_Json_AnswersTheProtocolQuestionAndWritesTheReport()
    {
        var run = CliRun.Of("demo", "--dir", _folder, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("targetMetWithoutPlasmapheresis").GetBoolean());
        Assert.Equal(60, json.GetProperty("plasmapheresisFreeSinceDay").GetInt32());
        Assert.Equal(4.0, json.GetProperty("sessionsPer28DaysBefore").GetDouble(), 1e-9);
        Assert.InRange(json.GetProperty("sessionsPer28DaysAfter").GetDouble(), 0.25, 0.26);
        Assert.True(json.GetProperty("egfrSlopeAfter").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("egfrSlopeBefore").ValueKind);
        Assert.Contains("[6/6]", run.Stderr, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(_folder, "report.html"));
        Assert.Contains("SYNTHETIC DEMO CASE", report, StringComparison.Ordinal);
        Assert.Contains("MSC-donor DNA: not detected in any of 2 post-treatment samples (limit of detection 1 %).", report, StringComparison.Ordinal);
        Assert.Contains("demo-biopsy-1y.fsa", report, StringComparison.Ordinal);
        Assert.Contains("Release (bm-msc-isct v1): released; released by Demo qualified-person (qp) at 2021-02-21 11:00:00 +01:00.", report, StringComparison.Ordinal);
        Assert.Equal(9, report.Split("no adverse events within").Length - 1);
        Assert.Contains("bx-pre → bx-1y: segmental sclerosis +3.3 points; effacement -15 points", report, StringComparison.Ordinal);
        Assert.Equal(4, report.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("Sustained decrease beyond the reference change value at every follow-up to one year: IL-6, IL-6 (array), TNF-α, sCD40L, sCD40L (array), TNF-α (array), RANTES, RANTES (array).", report, StringComparison.Ordinal);
        // The panel's sources with their hashes: the immunoassay CSV (CVa 10 %) and one image manifest per membrane (its own CVa).
        Assert.Contains("results came from", report, StringComparison.Ordinal);
        Assert.Contains("<td>demo-cytokines.csv</td>", report, StringComparison.Ordinal);
        Assert.Equal(6, report.Split("-images.tsv</td>").Length - 1);
        // One source of truth for AEs: the timeline's infection is the structured AE, stated once and never denied.
        Assert.DoesNotContain("No adverse events recorded", report, StringComparison.Ordinal);
        Assert.Contains("<td>1 graded (grade 2: 1); none serious</td>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>adverse event</td>", report, StringComparison.Ordinal);
        Assert.True(json.GetProperty("renalFunctionStable").GetBoolean());
        Assert.Equal(Core.Renal.KdigoProgression.Source, json.GetProperty("renalStability").GetProperty("source").GetString());
    }

    [Fact]
    public void Demo_Twice_KeepsTheLoadedCaseAndGivesTheSameAnswer()
    {
        var first = CliRun.Of("demo", "--dir", _folder, "--json");
        var second = CliRun.Of("demo", "--dir", _folder, "--json");

        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(first.Json().GetProperty("egfrSlopeAfter").GetDouble(), second.Json().GetProperty("egfrSlopeAfter").GetDouble());
        Assert.Contains("already loaded", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_BadRow_ExitsOneNamingRowAndColumnAndWritesNothing()
    {
        CliRun.Of("demo", "--dir", _folder);
        var csv = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(csv, "sampled_at,analyte,value,unit\n2026-01-10T08:00:00+01:00,upcr,2.5,mg/mg\n2026-01-11T08:00:00+01:00,creatinine,1.0,mmol/L\n", Encoding.UTF8);
        var before = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json").Json().GetProperty("upcr").GetArrayLength();

        var run = CliRun.Of("import", "labs", csv, "--patient", "DEMO-001", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("labs.csv row 3, column unit: QTY003 error:", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json").Json().GetProperty("upcr").GetArrayLength());
    }

    [Fact]
    public void Import_GoodFile_AddsTheRowsToTheAssessment()
    {
        CliRun.Of("demo", "--dir", _folder);
        var csv = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(csv, "sampled_at,analyte,value,unit,specimen\n2026-06-10T08:00:00+02:00,upcr,250,mg/mmol,first_morning_urine\n", Encoding.UTF8);
        var before = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json").Json().GetProperty("upcr").GetArrayLength();

        var run = CliRun.Of("import", "labs", csv, "--patient", "DEMO-001", "--db", Db);
        var json = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json").Json();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("Imported 1 lab results", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before + 1, json.GetProperty("upcr").GetArrayLength());
    }

    // The demo patient was born on 2007-10-15: a sample from 1900 or one from the far future is refused at its row and column, and
    // nothing is written.
    [Theory]
    [InlineData("1900-01-10T08:00:00+01:00")]
    [InlineData("9999-12-31T08:00:00+01:00")]
    public void Import_SampleBeforeBirthOrInTheFuture_IsRefused(string at)
    {
        CliRun.Of("demo", "--dir", _folder);
        var csv = Path.Combine(_folder, "labs.csv");
        File.WriteAllText(csv, $"sampled_at,analyte,value,unit\n{at},upcr,2.5,mg/mg\n", Encoding.UTF8);

        var run = CliRun.Of("import", "labs", csv, "--patient", "DEMO-001", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("labs.csv row 2, column sampled_at", "QTY006")], run.Issues());
    }

    // Rows stored before the entry rules (here a birth date moved to 2099 behind Stroma's back) must not stop the registry: the
    // patient who cannot be assessed is named with the reason, and every other patient is assessed.
    [Fact]
    public void AssessAll_PatientThatCannotBeAssessed_IsReportedAndTheOthersAreAssessed()
    {
        CliRun.Of("demo", "--dir", _folder);
        var file = Path.Combine(_folder, "course.json");
        File.WriteAllText(file, """
            { "patient": { "id": "P-9", "birthDate": "2012-05-04", "sex": "M", "primaryDisease": "FSGS" },
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "L", "cellsPerKilogram": 1.5e6, "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "u1", "sampledAt": "2025-06-01T08:00:00+02:00", "analyte": "upcr", "value": 2.1, "unit": "g/g" } ] }
            """);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "course", file, "--db", Db).ExitCode);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE patients SET BirthDate = '2099-01-01' WHERE Id = 'P-9'";
            Assert.Equal(1, command.ExecuteNonQuery());
            // As a database from before stored assessments holds it: the row as it was, no assessment stored yet.
            command.CommandText = "DELETE FROM patient_assessments";
            command.ExecuteNonQuery();
        }

        var run = CliRun.Of("assess", "--all", "--db", Db, "--json");
        var single = CliRun.Of("report", "--db", Db, "--patient", "P-9", "--out", Path.Combine(_folder, "p9.html"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(2, run.Json().GetProperty("patients").GetInt32());
        Assert.Equal(1, run.Json().GetProperty("assessed").GetInt32());
        Assert.Equal("P-9", Assert.Single(run.Json().GetProperty("notAssessed").EnumerateArray()).GetProperty("patient").GetString());
        Assert.Contains(run.Issues(), i => i.Location.StartsWith("P-9", StringComparison.Ordinal) && i.Code == "COURSE007");
        Assert.Equal(ExitCodes.InvalidInput, single.ExitCode);
        Assert.DoesNotContain("CLI900", single.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportCourse_NewPatient_CanBeAssessed()
    {
        var file = Path.Combine(_folder, "course.json");
        File.WriteAllText(file, """
            { "patient": { "id": "P-1", "birthDate": "2012-05-04", "sex": "M", "primaryDisease": "FSGS" },
              "sessions": [ { "id": "s1", "at": "2025-02-20T10:00:00+01:00", "replacementFluid": "5% albumin" } ],
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "L", "cellsPerKilogram": 1.5e6, "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "u1", "sampledAt": "2025-06-01T08:00:00+02:00", "analyte": "upcr", "value": 2.1, "unit": "g/g" } ] }
            """);

        var run = CliRun.Of("import", "course", file, "--db", Db);
        var json = CliRun.Of("assess", "--db", Db, "--patient", "P-1", "--json").Json();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(json.GetProperty("targetMetWithoutPlasmapheresis").GetBoolean());
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("import", "course", file, "--db", Db).ExitCode);
        // Lot L is not held here: the infusion is history, kept with a warning that nothing was checked.
        Assert.Contains(run.Issues(), i => i.Code == "COC011" && i.Location == "course.json $.infusions[0]");
    }

    // An infusion from a lot held here (the demo's released lot) cannot enter through a course file, around the infusion gate: the
    // whole import is refused and the patient is not created.
    [Fact]
    public void ImportCourse_InfusionFromAHeldLot_MustGoThroughTheGate()
    {
        CliRun.Of("demo", "--dir", _folder);
        var file = Path.Combine(_folder, "course2.json");
        File.WriteAllText(file, """
            { "patient": { "id": "P-2", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS" },
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "MSC-DEMO-001", "cellsPerKilogram": 1.5e6, "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ] }
            """);

        var run = CliRun.Of("import", "course", file, "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "COC010");
        Assert.Contains("Rejected: nothing was written.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, CliRun.Of("assess", "--db", Db, "--patient", "P-2").ExitCode);
    }

    [Fact]
    public void AuditVerify_AfterTheDemo_IsIntact()
    {
        CliRun.Of("demo", "--dir", _folder);

        var run = CliRun.Of("audit", "verify", "--db", Db);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("Audit trail intact", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownPatient_ExitsOne()
    {
        CliRun.Of("demo", "--dir", _folder);

        var run = CliRun.Of("report", "--db", Db, "--patient", "NOBODY", "--out", Path.Combine(_folder, "x.html"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("LAB009", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.html")));
    }

    [Fact]
    public void Report_DemoPatient_WritesSelfContainedHtml()
    {
        CliRun.Of("demo", "--dir", _folder);
        var output = Path.Combine(_folder, "case.html");

        var run = CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", output);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var html = File.ReadAllText(output);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains("tpe-189", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AssessAll_AfterTheDemo_CountsThePatient()
    {
        CliRun.Of("demo", "--dir", _folder);

        var run = CliRun.Of("assess", "--all", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(1, run.Json().GetProperty("targetMetWithoutPlasmapheresis").GetInt32());
    }

    [Fact]
    public void Registry_AfterTheDemo_ListsThePatientFromTheStoredAssessment()
    {
        CliRun.Of("demo", "--dir", _folder);

        var met = CliRun.Of("registry", "--target-met", "--db", Db, "--json");
        var usage = CliRun.Of("registry", "--target-met", "--due", "--db", Db);

        Assert.Equal(ExitCodes.Ok, met.ExitCode);
        Assert.Equal(["DEMO-001"], met.Json().GetProperty("matching").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, met.Json().GetProperty("patients").GetInt32());
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
    }

    // A stored assessment changed outside Stroma is found by the check (DB003, exit 1) and made right by db reassess.
    [Fact]
    public void DbReassess_Check_FindsATamperedAssessment_AndReassessRepairsIt()
    {
        CliRun.Of("demo", "--dir", _folder);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "reassess", "--check", "--db", Db).ExitCode);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE patient_assessments SET TargetMetWithoutPlasmapheresis = 0";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var check = CliRun.Of("db", "reassess", "--check", "--db", Db, "--json");
        var reassess = CliRun.Of("db", "reassess", "--db", Db, "--json");

        Assert.Equal(ExitCodes.InvalidInput, check.ExitCode);
        Assert.Contains(("DEMO-001", "DB003"), check.Issues());
        Assert.Equal(["DEMO-001"], check.Json().GetProperty("differing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((ExitCodes.Ok, 1), (reassess.ExitCode, reassess.Json().GetProperty("patients").GetInt32()));
        Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "reassess", "--check", "--db", Db).ExitCode);
        Assert.Equal(1, CliRun.Of("assess", "--all", "--db", Db, "--json").Json().GetProperty("targetMetWithoutPlasmapheresis").GetInt32());
    }

    [Fact]
    public void Assess_StricterProtocol_ChangesTheAnswer()
    {
        CliRun.Of("demo", "--dir", _folder);
        var protocol = Path.Combine(_folder, "strict.json");
        File.WriteAllText(protocol, """{ "id": "strict", "target": { "upcrBelowMgPerMg": 3.0 } }""");

        var json = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--protocol", protocol, "--json").Json();

        Assert.Equal("strict", json.GetProperty("protocol").GetString());
        Assert.False(json.GetProperty("targetMetWithoutPlasmapheresis").GetBoolean());
    }

    [Fact]
    public void Assess_BadProtocol_ExitsOneWithItsPath()
    {
        CliRun.Of("demo", "--dir", _folder);
        var protocol = Path.Combine(_folder, "bad.json");
        File.WriteAllText(protocol, """{ "id": "bad", "target": { "upcrBelowMgPerMg": "five" } }""");

        var run = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--protocol", protocol);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("bad.json $.target.upcrBelowMgPerMg: PROTO003 error:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_NeitherPatientNorAll_IsAUsageError() => Assert.Equal(ExitCodes.Usage, CliRun.Of("assess", "--db", Db).ExitCode);

    [Fact]
    public void StoreOptions_DbAndConnection_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, CliRun.Of("audit", "verify", "--db", Db, "--connection", "Host=127.0.0.1").ExitCode);

    [Fact]
    public void StoreOptions_UnreachableServer_ExitsWithTheEnvironmentCodeWithoutAStackTrace()
    {
        var run = CliRun.Of("audit", "verify", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2");

        Assert.Equal(ExitCodes.Environment, run.ExitCode);
        Assert.StartsWith("stroma: ENV00", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
