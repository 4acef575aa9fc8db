using System.Text.RegularExpressions;

namespace Stroma.Cli.Tests;

/// <summary>
/// The README's examples, exactly as printed (issue 11: the README's own course example crashed for a second patient). Every
/// <c>stroma …</c> line of a shell block is run as written; every JSON block is fed to the command it documents, in the order a
/// new user would: the course (twice, the second time as another patient), the specification, the lot that references it, the
/// protocol. A JSON block this test does not know fails it, so a new example cannot go untested.
/// </summary>
public sealed partial class ReadmeExamplesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-readme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "README.md")));

    private static IEnumerable<(string Language, string Body)> Blocks() =>
        Fence().Matches(Readme.Value).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    // The runnable lines: those of shell blocks that start with the command and name no placeholder or shell variable.
    public static TheoryData<string> CommandLines => [.. Blocks().Where(b => b.Language == "sh")
        .SelectMany(b => b.Body.Split('\n'))
        .Select(line => line.Trim())
        .Where(line => line.StartsWith("stroma ", StringComparison.Ordinal) && !line.Contains('$', StringComparison.Ordinal))];

    [Fact]
    public void Readme_HasRunnableCommandLines() => Assert.True(CommandLines.Count >= 2, "the README's shell examples were not found");

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Readme_CommandLine_RunsAsPrinted(string line)
    {
        var run = CliRun.Of(line["stroma ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(run.ExitCode == ExitCodes.Ok, $"{line}\nexit {run.ExitCode}\n{run.Stderr}");
        Assert.DoesNotContain(" error: ", run.Stderr, StringComparison.Ordinal);
        Assert.NotEmpty(run.Stdout);
    }

    [Fact]
    public void Readme_JsonExamples_WorkInTheOrderANewUserTakes()
    {
        var examples = Blocks().Where(b => b.Language == "json").Select(b => b.Body).ToList();
        string Example(string kind, Func<string, bool> isIt)
        {
            var found = examples.Where(isIt).ToList();
            Assert.True(found.Count == 1, $"expected one README JSON example of {kind}; found {found.Count}");
            examples.Remove(found[0]);
            var path = Path.Combine(_folder, $"{kind}.json");
            File.WriteAllText(path, found[0]);
            return path;
        }

        var course = Example("course", b => b.Contains("\"patient\"", StringComparison.Ordinal));
        var specification = Example("specification", b => b.Contains("\"tests\"", StringComparison.Ordinal));
        var lot = Example("lot", b => b.Contains("\"lot\"", StringComparison.Ordinal));
        var safety = Example("safety", b => b.Contains("\"adverseEvents\"", StringComparison.Ordinal));
        var protocol = Example("protocol", b => b.Contains("\"target\"", StringComparison.Ordinal));
        Assert.True(examples.Count == 0, "a README JSON example this test does not run:\n" + string.Join("\n", examples));
        var db = Path.Combine(_folder, "stroma.db");
        var patient = PatientId().Match(File.ReadAllText(course)).Groups[1].Value;
        var second = Path.Combine(_folder, "course-2.json");
        File.WriteAllText(second, File.ReadAllText(course).Replace($"\"id\": \"{patient}\"", "\"id\": \"P-SECOND\"", StringComparison.Ordinal));

        var steps = new (string[] Args, int Exit)[]
        {
            (["import", "course", course, "--db", db], ExitCodes.Ok),
            (["import", "course", second, "--db", db], ExitCodes.Ok), // the same record ids for another patient
            (["spec", "import", specification, "--db", db], ExitCodes.Ok),
            (["import", "lot", lot, "--db", db], ExitCodes.Ok),
            (["lot", "release", "LOT-9", "--db", db], ExitCodes.NegativeVerdict), // the example holds two of the eight results
            (["import", "safety", safety, "--patient", patient, "--db", db], ExitCodes.Ok),
            (["assess", "--patient", patient, "--protocol", protocol, "--db", db], ExitCodes.Ok),
            (["report", "--patient", "P-SECOND", "--protocol", protocol, "--out", Path.Combine(_folder, "report.html"), "--db", db], ExitCodes.Ok),
            (["audit", "verify", "--db", db], ExitCodes.Ok),
        };
        foreach (var (args, exit) in steps)
        {
            var run = CliRun.Of(args);
            Assert.True(run.ExitCode == exit, $"stroma {string.Join(' ', args)}\nexit {run.ExitCode}, expected {exit}\n{run.Stderr}");
            Assert.DoesNotContain(" error: ", run.Stderr, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"```(\w*)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"""patient"": \{ ""id"": ""([^""]+)""")]
    private static partial Regex PatientId();
}
