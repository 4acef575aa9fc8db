using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MiniExcelLibs;

namespace Stroma.Cli.Tests.Course;

/// <summary><c>stroma export</c> as a user runs it: the workbook and the CSV folder, the cohort pseudonymised, and the outputs it refuses.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private const string Name = "Giulia Verdi-Export";
    private const string HospitalNumber = "MI-HN-0077441";
    private const string BirthDate = "2012-05-04";

    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "demo", "stroma.db");

    // The demo patient and a second one with an identity, a lab id that is easy to search for and a session note shaped as a formula.
    private void Load()
    {
        Assert.Equal(ExitCodes.Ok, CliRun.Of("demo", "--dir", Path.Combine(_folder, "demo")).ExitCode);
        var course = $$"""
            { "patient": { "id": "P-EXPORT", "birthDate": "{{BirthDate}}", "sex": "F", "primaryDisease": "FSGS",
                           "transplants": [ { "date": "2023-01-10", "donorType": "LivingRelated" } ] },
              "identity": { "name": "{{Name}}", "hospitalNumber": "{{HospitalNumber}}" },
              "sessions": [ { "id": "pe-export-0001", "at": "2025-02-01T10:00:00+01:00", "plasmaVolumes": 1.2, "replacementFluid": "5% albumin", "notes": "=HYPERLINK(\"http://x\")" } ],
              "infusions": [ { "id": "inf-export-0001", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-ELSEWHERE", "cellsPerKilogram": 1.5e6,
                               "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "lab-export-0001", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 700, "unit": "mg/mmol" } ] }
            """;
        var file = Path.Combine(_folder, "course.json");
        File.WriteAllText(file, course, new UTF8Encoding(false));
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "course", file, "--db", Db).ExitCode);
    }

    [Fact]
    public void Export_PatientXlsx_WritesEverySheetWithTheStoredLab()
    {
        Load();
        var path = Path.Combine(_folder, "p.xlsx");

        var run = CliRun.Of("export", "--db", Db, "--patient", "P-EXPORT", "--format", "xlsx", "--out", path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), json.GetProperty("files")[0].GetProperty("sha256").GetString());
        Assert.False(json.GetProperty("pseudonymised").GetBoolean());
        using var stream = File.OpenRead(path);
        var lab = Assert.Single(stream.Query(useHeaderRow: true, sheetName: "labs").Cast<IDictionary<string, object?>>());
        Assert.Equal(("lab-export-0001", 700.0, "mg/mmol", "2025-02-28T08:00:00+01:00"), ((string)lab["lab_id"]!, (double)lab["reported_value"]!, (string)lab["reported_unit"]!, (string)lab["sampled_at"]!));
    }

    [Fact]
    public void Export_AllCsvPseudonymised_HoldsNoIdentityAndGuardsFormulas()
    {
        Load();
        var identified = Path.Combine(_folder, "identified");
        var hidden = Path.Combine(_folder, "cohort");

        var plain = CliRun.Of("export", "--db", Db, "--all", "--format", "csv", "--out", identified);
        var run = CliRun.Of("export", "--db", Db, "--all", "--format", "csv", "--out", hidden, "--pseudonymise");

        Assert.Equal(ExitCodes.Ok, plain.ExitCode);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("[2/2] patients read", run.Stderr, StringComparison.Ordinal);
        string[] names = ["adverse_events.csv", "biomarkers.csv", "chimerism.csv", "infusions.csv", "labs.csv", "patients.csv", "plasma_exchange.csv"];
        Assert.Equal(names, Directory.GetFiles(hidden).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var plainText = string.Concat(Directory.GetFiles(identified).Select(File.ReadAllText));
        Assert.Contains("'=HYPERLINK", plainText, StringComparison.Ordinal);
        Assert.Contains("P-EXPORT," + BirthDate, plainText, StringComparison.Ordinal);
        string[] secrets = [Name, HospitalNumber, BirthDate, "lab-export-0001", "pe-export-0001", "inf-export-0001", "HYPERLINK"];
        Assert.All(secrets[..2], s => Assert.DoesNotContain(s, plainText, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(hidden))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.All(secrets, s => Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s))));
        }

        Assert.StartsWith("patient_id,birth_year,sex", File.ReadAllText(Path.Combine(hidden, "patients.csv")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public void Export_ExistingPath_IsRefusedWithIo002AndLeftAsItWas(string format)
    {
        Load();
        var path = Path.Combine(_folder, "taken");
        if (format == "csv")
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "labs.csv"), "mine");
        }
        else
        {
            File.WriteAllText(path, "mine");
        }

        var run = CliRun.Of("export", "--db", Db, "--patient", "DEMO-001", "--format", format, "--out", path);
        var forced = CliRun.Of("export", "--db", Db, "--patient", "DEMO-001", "--format", format, "--out", path, "--force");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IO002");
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.NotEqual("mine", File.ReadAllText(format == "csv" ? Path.Combine(path, "labs.csv") : path));
    }

    [Fact]
    public void Export_OntoTheDatabase_IsRefusedWithIo003EvenWithForce()
    {
        Load();
        var before = File.ReadAllBytes(Db);

        var run = CliRun.Of("export", "--db", Db, "--patient", "DEMO-001", "--format", "xlsx", "--out", Db, "--force");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IO003");
        Assert.Equal(before, File.ReadAllBytes(Db));
    }

    [Theory]
    [InlineData("--patient", "DEMO-001", "--all", "--format", "xlsx")]
    [InlineData("--format", "xlsx")]
    [InlineData("--patient", "DEMO-001", "--format", "ods")]
    public void Export_PatientAndAllOrNeitherOrAnUnknownFormat_IsAUsageError(params string[] options)
    {
        var path = Path.Combine(_folder, "x");

        var run = CliRun.Of(["export", "--db", Db, .. options, "--out", path]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_UnknownPatient_IsRefusedAtThePatientOption()
    {
        Load();
        var path = Path.Combine(_folder, "none.xlsx");

        var run = CliRun.Of("export", "--db", Db, "--patient", "P-NONE", "--format", "xlsx", "--out", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "LAB009" && i.Location == "--patient");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Export_IdentifiedXlsx_KeepsTimesAsIsoTextWithTheirOffset()
    {
        Load();
        var path = Path.Combine(_folder, "demo.xlsx");

        Assert.Equal(ExitCodes.Ok, CliRun.Of("export", "--db", Db, "--patient", "DEMO-001", "--format", "xlsx", "--out", path).ExitCode);

        using var stream = File.OpenRead(path);
        var infusions = stream.Query(useHeaderRow: true, sheetName: "infusions").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(infusions, r => (string)r["at"]! == Stroma.Core.Simulation.DemoCase.DayZero.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }
}
