using System.Net;
using Stroma.Core.Simulation;
using Stroma.Storage;

namespace Stroma.Cli.Tests.Course;

// The case report draws every section from the records the patient has — never from whether the first infusion's lot is held here.
public sealed class ReportSectionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    // assess and report answer "last follow-up" from the same records: an adverse event a month after the last lab moves both.
    [Fact]
    public void AssessAndReport_AdverseEventAfterTheLastLab_GiveTheSameLastFollowUp()
    {
        var course = Write("course.json", """
            { "patient": { "id": "P-88", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS", "transplants": [] },
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-9", "cellsPerKilogram": 1.5e6,
                               "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "l1", "sampledAt": "2025-03-10T08:00:00+01:00", "analyte": "upcr", "value": 1.1, "unit": "mg/mg" } ] }
            """);
        var safety = Write("safety.json", """
            { "adverseEvents": [ { "id": "ae-late", "verbatim": "fever", "term": "Fever", "grade": 1, "onset": "2025-04-10T10:00:00+02:00",
                                   "relatedness": "unrelated", "outcome": "recovered", "action": "none" } ] }
            """);
        CliRun.Of("import", "course", course, "--db", Db);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "safety", safety, "--patient", "P-88", "--db", Db).ExitCode);

        var assess = CliRun.Of("assess", "--patient", "P-88", "--db", Db, "--json").Json();
        CliRun.Of("report", "--patient", "P-88", "--db", Db, "--out", Path.Combine(_folder, "r.html"));

        Assert.Equal(40, assess.GetProperty("lastFollowUpDay").GetInt32());
        Assert.Equal(9, assess.GetProperty("lastCourseRecordDay").GetInt32());
        Assert.Contains("Last follow-up: day 40 ", File.ReadAllText(Path.Combine(_folder, "r.html")), StringComparison.Ordinal);
    }

    // The README's course (its lot LOT-9 held elsewhere), then each record type for that patient: a grade 3 serious AE, vital signs
    // out of range, a biopsy, a cytokine series and an STR run. Each is in the report, and the summary table answers from them.
    [Fact]
    public async Task Report_LotHeldElsewhere_ShowsEveryRecordTheyHave()
    {
        var course = Write("course.json", """
            { "patient": { "id": "P-77", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS",
                           "transplants": [ { "date": "2023-01-10", "donorType": "LivingRelated" } ], "recurrenceDate": "2023-01-20" },
              "identity": { "name": "...", "hospitalNumber": "..." },
              "sessions": [ { "id": "s1", "at": "2025-02-01T10:00:00+01:00", "plasmaVolumes": 1.2, "replacementFluid": "5% albumin" } ],
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-9", "cellsPerKilogram": 1.5e6,
                               "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "drugs": [ { "id": "d1", "name": "tacrolimus", "start": "2023-01-10" } ],
              "events": [ { "id": "e1", "at": "2025-02-20T09:00:00+01:00", "kind": "Biopsy", "description": "Pre-treatment biopsy" } ],
              "labs": [ { "id": "l1", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 700, "unit": "mg/mmol" },
                        { "id": "l2", "sampledAt": "2026-03-01T08:00:00+01:00", "analyte": "upcr", "value": 1.1, "unit": "mg/mg" } ]
            }
            """);
        var safety = Write("safety.json", """
            {
              "adverseEvents": [
                { "id": "ae-irr", "verbatim": "rigors, fever and hypotension during the infusion", "term": "Infusion related reaction", "grade": 3,
                  "onset": "2025-03-01T10:40:00+01:00", "relatedness": "probable", "outcome": "recovered", "seriousness": [ "hospitalisation" ],
                  "action": "interrupted", "infusionId": "i1", "resolved": "2025-03-03T08:00:00+01:00" }
              ],
              "vitals": [
                { "infusionId": "i1", "at": "2025-03-01T09:45:00+01:00", "phase": "before", "temperatureC": 36.8, "heartRate": 90, "systolicMmHg": 110 },
                { "infusionId": "i1", "at": "2025-03-01T10:45:00+01:00", "phase": "during", "temperatureC": 39.4, "heartRate": 140, "systolicMmHg": 82 }
              ],
              "biopsies": [
                { "id": "bx-p77", "takenAt": "2025-02-20T09:00:00+01:00", "indication": "for cause", "glomeruli": 14, "globallySclerosed": 1, "arteries": 2,
                  "lesions": { "collapsing": 0, "tip": 0, "cellular": 0, "perihilar": 0, "segmentallySclerosed": 2 },
                  "scores": { "i": 0, "t": 0, "v": 0, "g": 0, "ptc": 0, "ci": 1, "ct": 1, "cv": 0, "ah": 1, "mm": 0, "cg": 0, "iIfta": 0, "ti": 0, "c4d": 0 },
                  "findings": { "dsa": false, "other": [ "Recurrent FSGS" ] }, "footProcessEffacementPercent": 60, "emGlomeruli": 2 }
              ]
            }
            """);
        var series = Write("panel.csv", "analyte,day,value,unit\nIL-6,-1,20,pg/mL\nIL-6,30,8,pg/mL\nIL-6,365,7,pg/mL\n");

        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "course", course, "--db", Db).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "safety", safety, "--patient", "P-77", "--db", Db).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("biomarkers", series, "--cva", "10", "--patient", "P-77", "--db", Db).ExitCode);
        var str = DemoStr.Build();
        var store = await StromaStore.OpenAsync(StoreLocation.Sqlite(Db), "test");
        await store.SaveStrAsync("P-77", str.Files, str.Samples, str.Chimerism);

        var run = CliRun.Of("report", "--patient", "P-77", "--db", Db, "--out", Path.Combine(_folder, "report.html"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var html = WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(_folder, "report.html")));
        Assert.Contains("1 graded (grade 3: 1); 1 serious", html, StringComparison.Ordinal);
        Assert.Contains("serious: ae-irr Infusion related reaction grade 3 on day 0 (hospitalisation; probable)", html, StringComparison.Ordinal);
        Assert.Contains("temperature 39.4 °C ≥ 38.0", html, StringComparison.Ordinal);
        Assert.Contains("bx-p77 — for cause", html, StringComparison.Ordinal);
        Assert.Contains("LOT-9 (held elsewhere: no release or custody record here)", html, StringComparison.Ordinal);
        Assert.Contains("<td>IL-6</td>", html, StringComparison.Ordinal);
        Assert.Contains("demo-biopsy-1y.fsa", html, StringComparison.Ordinal);
        Assert.Contains("<td>MSC-donor DNA after the infusions (STR chimerism)</td><td>not detected</td>", html, StringComparison.Ordinal);
    }

    // The text output never prints a blank where a value is missing (it printed "0.33 sessions/28 days before day 0,  after;" and
    // "95% CI  to"): it says "not assessable" and why.
    [Fact]
    public void Assess_FiguresMissing_TextSaysNotAssessableAndWhy()
    {
        var course = Write("adult.json", """
            { "patient": { "id": "P-80", "birthDate": "1980-05-04", "sex": "M", "primaryDisease": "FSGS" },
              "sessions": [ { "id": "s1", "at": "2025-02-01T10:00:00+01:00", "replacementFluid": "5% albumin" } ],
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "L", "cellsPerKilogram": 1.5e6, "weight": { "value": 70, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "c1", "sampledAt": "2025-01-10T08:00:00+01:00", "analyte": "creatinine", "value": 1.3, "unit": "mg/dL" },
                        { "id": "c2", "sampledAt": "2025-02-10T08:00:00+01:00", "analyte": "creatinine", "value": 1.4, "unit": "mg/dL" },
                        { "id": "u1", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 6, "unit": "mg/mg" } ] }
            """);
        CliRun.Of("import", "course", course, "--db", Db);

        var run = CliRun.Of("assess", "--patient", "P-80", "--db", Db);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.DoesNotContain(",  ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CI  to", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("n/a", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("not assessable (no time after day 0 to count sessions over)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(95% CI not assessable: 2 values)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Renal function stable: not assessable:", run.Stdout, StringComparison.Ordinal);
    }
}
