using System.Globalization;

namespace Stroma.Cli.Tests.CellProducts;

public sealed class SpecCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-spec-").FullName;

    // A site's database exists before its master data and batch records are imported (spec import and import lot never create one).
    public SpecCommandsTests() => Assert.Equal(ExitCodes.Ok, CliRun.Of("db", "migrate", "--db", Db).ExitCode);

    private string Db => Path.Combine(_folder, "stroma.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A specification that meets the rule (ISCT identity, sterility, endotoxin, viability, mycoplasma), viability ≥ the given %.</summary>
    internal static string Specification(string id, string version, double viability = 70, string extraTests = "") => $$"""
        { "id": "{{id}}", "version": "{{version}}", "product": "BM-MSC, allogeneic", "tests": [
          { "code": "viability", "category": "viability", "name": "Viability", "method": "7-AAD", "comparator": "atLeast", "lower": {{viability.ToString(CultureInfo.InvariantCulture)}}, "unit": "%", "mandatory": true },
          { "code": "CD73", "category": "identity", "name": "CD73+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true },
          { "code": "CD90", "category": "identity", "name": "CD90+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true },
          { "code": "CD105", "category": "identity", "name": "CD105+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true },
          { "code": "CD45", "category": "identity", "name": "CD45+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true },
          { "code": "CD34", "category": "identity", "name": "CD34+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true },
          { "code": "CD14", "alternatives": ["CD11b"], "category": "identity", "name": "CD14+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true },
          { "code": "CD79a", "alternatives": ["CD19"], "category": "identity", "name": "CD79a+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true },
          { "code": "HLA-DR", "category": "identity", "name": "HLA-DR+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true },
          { "code": "sterility", "category": "sterility", "name": "Sterility", "method": "BacT/ALERT", "comparator": "is", "expected": "no growth", "mandatory": true },
          { "code": "endotoxin", "category": "endotoxin", "name": "Endotoxin", "method": "LAL", "comparator": "lessThan", "upper": 0.5, "unit": "[EU]/mL", "mandatory": true },
          { "code": "mycoplasma", "category": "mycoplasma", "name": "Mycoplasma", "method": "NAT", "comparator": "is", "expected": "negative", "mandatory": true }{{extraTests}}
        ] }
        """;

    [Fact]
    public void Import_ThenListAndShow_GivesTheHeldVersionWithItsCategories()
    {
        var path = Write(Specification("centre-msc", "3"));

        var imported = CliRun.Of("spec", "import", path, "--db", Db, "--json");
        var again = CliRun.Of("spec", "import", path, "--db", Db);
        var list = CliRun.Of("spec", "list", "--db", Db, "--json");
        var show = CliRun.Of("spec", "show", "centre-msc", "--db", Db, "--json");

        Assert.Equal(ExitCodes.Ok, imported.ExitCode);
        Assert.True(imported.Json().GetProperty("imported").GetBoolean());
        Assert.Equal("approved", imported.Json().GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Contains("already held", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(["bm-msc-isct", "centre-msc"], list.Json().GetProperty("specifications").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("identity", show.Json().GetProperty("tests")[1].GetProperty("category").GetString());
        Assert.Equal(64, show.Json().GetProperty("sourceSha256").GetString()!.Length);
    }

    // Issue 11's lot file carried a specification reusing the built-in id with no tests. As a specification file it is refused for the
    // reserved id and for every missing mandatory category; nothing is held.
    [Fact]
    public void Import_BuiltInIdWithNoTests_IsRefused()
    {
        CliRun.Of("db", "migrate", "--db", Db);
        var run = CliRun.Of("spec", "import", Write("""{ "id": "bm-msc-isct", "version": "1", "product": "x", "tests": [] }"""), "--db", Db, "--json");
        var list = CliRun.Of("spec", "list", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "SPEC005" && i.Location.EndsWith("$.id", StringComparison.Ordinal));
        Assert.Contains(run.Issues(), i => i.Code == "SPEC003");
        Assert.False(run.Json().GetProperty("imported").GetBoolean());
        Assert.Single(list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    // A held version never changes: the same id and version with other tests is refused; a new version is a new row.
    [Fact]
    public void Import_HeldVersionWithOtherTests_IsRefusedAndANewVersionIsHeld()
    {
        CliRun.Of("spec", "import", Write(Specification("centre-msc", "3")), "--db", Db);

        var changed = CliRun.Of("spec", "import", Write(Specification("centre-msc", "3", viability: 80)), "--db", Db);
        var next = CliRun.Of("spec", "import", Write(Specification("centre-msc", "4", viability: 80)), "--db", Db);
        var ambiguous = CliRun.Of("spec", "show", "centre-msc", "--db", Db);
        var shown = CliRun.Of("spec", "show", "centre-msc", "--version", "3", "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, changed.ExitCode);
        Assert.Contains(changed.Issues(), i => i.Code == "SPEC006");
        Assert.Equal(ExitCodes.Ok, next.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, ambiguous.ExitCode);
        Assert.Contains(ambiguous.Issues(), i => i.Code == "SPEC007");
        Assert.Contains("≥ 70 %", shown.Stdout, StringComparison.Ordinal);
    }

    // Issue 11: the text output wrote "≥ 100000000 {cells}" and "1 lots"; people read 1 × 10⁸ cells and EU/mL, machines keep UCUM.
    [Fact]
    public void Show_WritesCriteriaAsAClinicianDoes_AndJsonKeepsUcum()
    {
        var path = Write(Specification("centre-msc", "3", extraTests: """
            , { "code": "viable_cells", "category": "cellCount", "name": "Viable cells", "method": "count", "comparator": "atLeast", "lower": 1e8, "unit": "{cells}", "mandatory": true }
            """));
        CliRun.Of("spec", "import", path, "--db", Db);

        var shown = CliRun.Of("spec", "show", "centre-msc", "--db", Db);
        var json = CliRun.Of("spec", "show", "centre-msc", "--db", Db, "--json");
        var list = CliRun.Of("spec", "list", "--db", Db);

        Assert.Contains("≥ 1 × 10⁸ cells", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("< 0.5 EU/mL", shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("{cells}", shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("100000000", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 lots", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("13 tests", list.Stdout, StringComparison.Ordinal);
        var cells = json.Json().GetProperty("tests").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "viable_cells");
        Assert.Equal("≥ 100000000 {cells}", cells.GetProperty("criterion").GetString());
    }

    [Fact]
    public void Import_UnitNotAsUcumWritesIt_IsRefusedNamingTheCode()
    {
        var run = CliRun.Of("spec", "import", Write(Specification("centre-msc", "3").Replace("\"[EU]/mL\"", "\"EU/mL\"", StringComparison.Ordinal)), "--db", Db);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "SPEC002" && i.Location.EndsWith("$.tests[10].unit", StringComparison.Ordinal));
        Assert.Contains("[EU]/mL", run.Stderr, StringComparison.Ordinal);
    }
}
