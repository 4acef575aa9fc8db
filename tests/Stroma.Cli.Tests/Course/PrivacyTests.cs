using System.Text;
using Microsoft.Data.Sqlite;

namespace Stroma.Cli.Tests.Course;

/// <summary>
/// Privacy by construction: a patient's name and hospital number live only in the identity store — not in any other table, not in
/// the audit trail, not in any kept raw file — and a file that carries identifying columns is refused, so nothing of it is kept.
/// </summary>
public sealed class PrivacyTests : IDisposable
{
    private const string Name = "Giulia Verdi-Privacy";
    private const string HospitalNumber = "MI-HN-0099123";

    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-privacy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private void ImportPatient()
    {
        var course = $$"""
            { "patient": { "id": "P-PRIV", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS",
                           "transplants": [ { "date": "2023-01-10", "donorType": "LivingRelated" } ] },
              "identity": { "name": "{{Name}}", "hospitalNumber": "{{HospitalNumber}}" },
              "infusions": [ { "id": "i1", "at": "2025-03-01T10:00:00+01:00", "lotId": "LOT-ELSEWHERE", "cellsPerKilogram": 1.5e6,
                               "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ],
              "labs": [ { "id": "l1", "sampledAt": "2025-02-28T08:00:00+01:00", "analyte": "upcr", "value": 700, "unit": "mg/mmol" } ] }
            """;
        Assert.Equal(ExitCodes.Ok, CliRun.Of("import", "course", Write("course.json", course), "--db", Db).ExitCode);
    }

    [Fact]
    public void ImportLabs_WithIdentifyingColumns_IsRefusedNamingEachAndKeepsNothing()
    {
        ImportPatient();
        var csv = Write("labs.csv", $"sampled_at,analyte,value,unit,patient_name,mrn,dob\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg,{Name},{HospitalNumber},2012-05-04\n");

        var run = CliRun.Of("import", "labs", csv, "--patient", "P-PRIV", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["patient_name", "mrn", "dob"], run.Issues().Where(i => i.Code == "CSV007").Select(i => i.Location.Split("column ")[1]));
        Assert.Equal(0, Occurrences(Name, except: "patient_identities"));
    }

    [Fact]
    public void ImportLabs_UnknownColumn_IsRefusedByName()
    {
        ImportPatient();
        var csv = Write("labs.csv", "sampled_at,analyte,value,unit,comment\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg,fine\n");

        var run = CliRun.Of("import", "labs", csv, "--patient", "P-PRIV", "--db", Db);

        Assert.Contains(run.Issues(), i => i.Code == "CSV006" && i.Location == "labs.csv row 1, column comment");
    }

    [Fact]
    public void EveryTableAndRawFile_HoldsTheNameAndHospitalNumberOnlyInTheIdentityStore()
    {
        ImportPatient();
        CliRun.Of("import", "labs", Write("labs.csv", "sampled_at,analyte,value,unit\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg\n"), "--patient", "P-PRIV", "--db", Db);
        CliRun.Of("identity", "correct", "--patient", "P-PRIV", "--hospital-number", "MI-HN-0099124", "--reason", "typo at admission", "--db", Db);
        CliRun.Of("assess", "--patient", "P-PRIV", "--db", Db);

        Assert.Equal(1, Occurrences(Name, except: null));
        Assert.Equal(0, Occurrences(Name, except: "patient_identities"));
        Assert.Equal(0, Occurrences(HospitalNumber, except: null));
        Assert.Equal(1, Occurrences("MI-HN-0099124", except: null));
        Assert.False(OnDisk(HospitalNumber), "the corrected hospital number must not remain in the file's free pages or its log");
        Assert.Equal(ExitCodes.Ok, CliRun.Of("audit", "verify", "--db", Db).ExitCode);
    }

    // Whether the text is anywhere in the database's files as bytes (live rows, free pages, the write-ahead log), as a hex editor sees them.
    private bool OnDisk(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { Db, Db + "-wal", Db + "-journal" }.Where(File.Exists)
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }

    [Fact]
    public void IdentityErase_LeavesNoTraceAndTheTrailVerifies()
    {
        ImportPatient();

        var erase = CliRun.Of("identity", "erase", "--patient", "P-PRIV", "--reason", "GDPR Art. 17 request 2026-11", "--db", Db, "--json");
        var show = CliRun.Of("identity", "show", "--patient", "P-PRIV", "--db", Db);

        Assert.Equal(ExitCodes.Ok, erase.ExitCode);
        Assert.Equal(0, Occurrences(Name, except: null));
        Assert.Equal(0, Occurrences(HospitalNumber, except: null));
        Assert.False(OnDisk(Name), "the erased name must not remain in the database file's free pages or its write-ahead log");
        Assert.False(OnDisk(HospitalNumber));
        Assert.Contains("identity erased", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("erase", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("audit", "verify", "--db", Db).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("assess", "--patient", "P-PRIV", "--db", Db).ExitCode);
    }

    // A reason is kept in the identity trail and printed back one per line: a newline or an escape sequence would plant a fake line.
    [Theory]
    [InlineData("typo\n  2026-01-01 00:00 UTC  view by dpo")]
    [InlineData("typo\u001b[2K")]
    [InlineData("cheap\u202Eedit")]
    public void IdentityCorrect_ReasonThatIsNotOneLine_IsRefused(string reason)
    {
        ImportPatient();

        var run = CliRun.Of("identity", "correct", "--patient", "P-PRIV", "--hospital-number", "MI-HN-0099124", "--reason", reason, "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Location == "--reason");
        Assert.DoesNotContain('\u001b', run.Stderr); // shown escaped, never raw
    }

    [Fact]
    public void IdentityCorrect_WithoutAReason_IsAUsageError() =>
        Assert.Equal(ExitCodes.Usage, CliRun.Of("identity", "correct", "--patient", "P-PRIV", "--name", "X", "--db", Db).ExitCode);

    // How many times the text occurs in every text and blob cell of every table (raw files included, as bytes), leaving out one table.
    private int Occurrences(string text, string? except)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var count = 0;
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var table in tables.Where(t => t != except))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var cell = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    var bytes = cell switch { byte[] b => b, string s => Encoding.UTF8.GetBytes(s), _ => [] };
                    count += Count(bytes, needle);
                }
            }
        }

        return count;
    }

    private static int Count(byte[] haystack, byte[] needle)
    {
        var count = 0;
        for (var at = haystack.AsSpan().IndexOf(needle); at >= 0; at = haystack.AsSpan(at + 1).IndexOf(needle) is var next and >= 0 ? at + 1 + next : -1)
        {
            count++;
        }

        return count;
    }
}

/// <summary>A pseudonymised report and assessment: no identity, no birth date, every date shifted, the answers unchanged.</summary>
public sealed class PseudonymisedOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-pseudo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Db => Path.Combine(_folder, "stroma.db");

    private static readonly System.Text.RegularExpressions.Regex Date = new(@"\b(19|20)\d\d-\d\d-\d\d\b");

    // The dates a report prints, leaving out the line that says when it was generated.
    private static HashSet<string> Dates(string html) =>
        [.. Date.Matches(System.Text.RegularExpressions.Regex.Replace(html, @"Generated \d{4}-\d\d-\d\d", "Generated")).Select(m => m.Value)];

    [Fact]
    public async Task Report_Pseudonymised_HasNoIdentityNoBirthDateAndEveryDateShifted()
    {
        CliRun.Of("demo", "--dir", _folder);
        var plain = Path.Combine(_folder, "plain.html");
        var pseudo = Path.Combine(_folder, "pseudo.html");
        CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", plain);

        var run = CliRun.Of("report", "--db", Db, "--patient", "DEMO-001", "--out", pseudo, "--pseudonymise");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var (before, after) = (File.ReadAllText(plain), File.ReadAllText(pseudo));
        var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(Db), "test", Storage.StoreOpening.Existing);
        var shift = store.PseudonymShiftDays("DEMO-001");
        Assert.InRange(shift, -365, -1);
        Assert.Contains("2007-10-15", before, StringComparison.Ordinal);
        Assert.DoesNotContain("2007-10-15", after, StringComparison.Ordinal);
        Assert.Contains("born in 2007", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic Demo Patient", after, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO-HN-0001", after, StringComparison.Ordinal);
        Assert.NotEmpty(Dates(before));
        Assert.Equal(
            Dates(before).Where(d => d != "2007-10-15").Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Order(),
            Dates(after).Order());
        // The answers do not move: study days and the protocol's verdicts are the same.
        Assert.Equal(
            System.Text.RegularExpressions.Regex.Matches(before, @"day -?\d+").Select(m => m.Value),
            System.Text.RegularExpressions.Regex.Matches(after, @"day -?\d+").Select(m => m.Value));
    }

    [Fact]
    public void Assess_Pseudonymised_GivesTheSameAnswersAtShiftedTimes()
    {
        CliRun.Of("demo", "--dir", _folder);

        var plain = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json").Json();
        var pseudo = CliRun.Of("assess", "--db", Db, "--patient", "DEMO-001", "--json", "--pseudonymise").Json();

        // Ages are computed on the calendar, so a shifted birthday moves an age by a fraction of a day: the slope agrees to 0.1 %.
        Assert.Equal(plain.GetProperty("egfrSlopeAfter").GetDouble(), pseudo.GetProperty("egfrSlopeAfter").GetDouble(), Math.Abs(plain.GetProperty("egfrSlopeAfter").GetDouble()) * 1e-3);
        Assert.Equal(plain.GetProperty("plasmapheresisFreeSinceDay").GetInt32(), pseudo.GetProperty("plasmapheresisFreeSinceDay").GetInt32());
        Assert.NotEqual(plain.GetProperty("dayZero").GetString(), pseudo.GetProperty("dayZero").GetString());
    }
}
