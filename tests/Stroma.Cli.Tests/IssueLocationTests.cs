using System.Text.RegularExpressions;

namespace Stroma.Cli.Tests;

/// <summary>
/// The rules and the store locate issues at fields (<c>patient</c>, <c>reason</c>), never at a command-line option: a second front
/// end would otherwise show "--patient" beside a form field. The CLI maps the fields to its options in one place.
/// </summary>
public sealed partial class IssueLocationTests
{
    private static readonly string[] Projects = ["Stroma.Core", "Stroma.Storage", "Stroma.Application"];

    [GeneratedRegex("""Issue\.(Error|Warning|Information)\([^,]+,\s*"--""")]
    private static partial Regex OptionLocation();

    [Fact]
    public void CoreStorageAndApplication_NeverLocateAnIssueAtACommandLineOption()
    {
        var offenders = Projects
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(x => OptionLocation().IsMatch(x.Text))
            .Select(x => $"{x.File}:{x.Line}");

        Assert.Empty(offenders);
    }

    [Fact]
    public void AStoresFieldIssue_IsShownAtTheOption()
    {
        var folder = Directory.CreateTempSubdirectory("stroma-location-").FullName;
        try
        {
            var db = Path.Combine(folder, "stroma.db");
            CliRun.Of("db", "migrate", "--db", db);
            var labs = Path.Combine(folder, "labs.csv");
            File.WriteAllText(labs, "sampled_at,analyte,value,unit\n2025-03-10T08:00:00+01:00,upcr,2.0,mg/mg\n");

            var run = CliRun.Of("import", "labs", labs, "--patient", "NOBODY", "--db", db, "--json");

            Assert.Contains(("--patient", "LAB009"), run.Issues());
            Assert.Equal("--patient", run.Json().GetProperty("issues")[0].GetProperty("location").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Whatever a value carried, an issue is one line on standard error: a newline, an escape sequence or a right-to-left override in a
    // value given on the command line is shown escaped, never acted on by the terminal.
    [Fact]
    public void AnIssueEchoingAHostileValue_IsOneEscapedLine()
    {
        var folder = Directory.CreateTempSubdirectory("stroma-escape-").FullName;
        try
        {
            var db = Path.Combine(folder, "stroma.db");
            CliRun.Of("db", "migrate", "--db", db);

            var run = CliRun.Of("assess", "--patient", "P\u202E1\u001b[2K\nroot", "--db", db);

            Assert.Equal(ExitCodes.Usage, run.ExitCode); // a malformed --patient is refused as it is parsed
            Assert.DoesNotContain('\u202E', run.Stderr);
            Assert.DoesNotContain('\u001b', run.Stderr);
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("\\u202e", StringComparison.Ordinal));
            Assert.Contains("--patient: CLI007 error: ", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Every command that takes --patient reads it as a patient id when parsing, before a store or file is touched: a path, a blank or a
    // name is a usage error at the option, the same code everywhere.
    [Theory]
    [InlineData("assess", "--patient", "../etc")]
    [InlineData("report", "--patient", "", "--out", "r.html")]
    [InlineData("import", "labs", "labs.csv", "--patient", "Maria Rossi")]
    [InlineData("export", "--patient", "-x", "--format", "csv", "--out", "out")]
    [InlineData("fhir", "export", "--patient", "a/b", "--out", "b.json")]
    [InlineData("infusion", "record", "--patient", ".hidden", "--bag", "B1", "--at", "2026-01-01T10:00:00+01:00", "--cells-per-kg", "1e6", "--weight-kg", "40")]
    public void AMalformedPatientId_IsAUsageErrorAtTheOption(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--patient: CLI007 error: Expected a patient id", run.Stderr, StringComparison.Ordinal);
    }
}
