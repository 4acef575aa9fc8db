using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Stroma.Cli.Tests.Corpus;

/// <summary>Run alone: each case's memory is measured as the process's allocations while it runs.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Every file of the hostile-input corpus (tests/corpus) through its command, in-process, on a fresh copy of a database holding
/// a known patient and lot. For each: the exit code its name asks for (refused: 1 or 2, or 3 for a verdict command; accepted:
/// 0, and the registry still assessed and the patient reported afterwards; either: one of those), never 70 or an exception; every stderr line coded
/// or a known summary; no line over 1,000 characters, no raw control character, no .NET type name; the database and the input
/// file unchanged on refusal; managed allocations under a cap; done within a time limit. Cases listed in tests/corpus/known-failures.txt (defects being
/// fixed) must still fail, so the list is emptied as fixes land.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed partial class HostileInputTests(CorpusDatabase database) : IClassFixture<CorpusDatabase>
{
    private const int MaxLineLength = 1000;

    // Generous: the valid 40,000-row import churns about 1.6 GiB (EF and one audit entry a row, ~40 KB a row, freed batch by batch:
    // its peak working set is ~230 MB); a decompression bomb (a 20,000 × 20,000 PNG decoded: 3.2 GiB) does not stay under it.
    private const long AllocationCap = 2L << 30;

    // The slowest case (a valid 40,000-row import) takes about 11 s here; a case that takes minutes has a defect of its own.
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(120);

    public static TheoryData<string> Cases => [.. CorpusCases.All()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_CorpusFile_RefusedOrAcceptedCleanly(string name)
    {
        var known = KnownFailures.Value.TryGetValue(name, out var reason);

        var problems = Problems(name);

        if (known)
        {
            Assert.True(problems.Count > 0, $"{name} now passes: remove it from tests/corpus/known-failures.txt (listed as: {reason}).");
        }
        else
        {
            Assert.True(problems.Count == 0, $"{name}:\n  " + string.Join("\n  ", problems));
        }
    }

    [Fact]
    public void KnownFailures_EveryEntry_IsACorpusCase() =>
        Assert.Empty(KnownFailures.Value.Keys.Except(CorpusCases.All()));

    [Fact]
    public void Corpus_EveryCase_SaysWhetherItMustBeAcceptedAndHasACommand() =>
        Assert.All(CorpusCases.All(), name =>
        {
            Assert.True(CorpusCases.Expected(name) is not null, $"{name}: name it what-it-attacks.refuse.EXT, .accept.EXT or .either.EXT");
            Assert.True(CorpusCases.FolderOf(name) == "args" || CorpusCases.Commands.ContainsKey(CorpusCases.FolderOf(name)), $"{name}: no command for its folder");
        });

    private List<string> Problems(string name)
    {
        var problems = new List<string>();
        var folder = Directory.CreateTempSubdirectory("stroma-case-").FullName;
        try
        {
            var db = database.CopyTo(folder);
            var file = InputFile(name, folder);
            var args = Arguments(name, file, db, folder);
            var inputHash = SHA256.HashData(File.ReadAllBytes(file));
            var before = CorpusDatabase.Snapshot(db);

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            CliRun run;
            var command = Task.Run(() => CliRun.Of(args));
            try
            {
                // A case that never ends is a finding, not a hung suite: stop waiting, report it, go on (the command runs on, alone).
                if (!command.Wait(TimeLimit))
                {
                    problems.Add($"still running after {TimeLimit.TotalSeconds:0} s");
                    return problems;
                }

                run = command.Result;
            }
#pragma warning disable CA1031 // any exception out of the command is the finding
            catch (AggregateException e)
#pragma warning restore CA1031
            {
                problems.Add($"threw {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
                return problems;
            }

            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            int[] refused = CorpusCases.IsVerdict(args) ? [ExitCodes.InvalidInput, ExitCodes.Usage, ExitCodes.NegativeVerdict] : [ExitCodes.InvalidInput, ExitCodes.Usage];
            int[] expected = CorpusCases.Expected(name) switch
            {
                CorpusCases.Outcome.Accept => [ExitCodes.Ok],
                CorpusCases.Outcome.Either => [ExitCodes.Ok, .. refused],
                _ => refused,
            };
            if (!expected.Contains(run.ExitCode))
            {
                problems.Add($"exit {run.ExitCode}, expected {string.Join(" or ", expected)}; first stderr line: {First(run.Stderr)}");
            }

            problems.AddRange(OutputProblems(run));
            if (allocated > AllocationCap)
            {
                problems.Add($"allocated {allocated / (1 << 20)} MiB (cap {AllocationCap / (1 << 20)} MiB)");
            }

            if (!SHA256.HashData(File.ReadAllBytes(file)).AsSpan().SequenceEqual(inputHash))
            {
                problems.Add("the input file was changed");
            }

            if (run.ExitCode != ExitCodes.Ok)
            {
                problems.AddRange(Changes(before, CorpusDatabase.Snapshot(db)));
            }
            else
            {
                problems.AddRange(FollowUp(db, folder));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return problems;
    }

    private static string InputFile(string name, string folder)
    {
        if (!CorpusCases.Generated.TryGetValue(name, out var make))
        {
            return Path.Combine(CorpusCases.Folder, name);
        }

        var path = Path.Combine(folder, Path.GetFileName(name));
        File.WriteAllBytes(path, make());
        return path;
    }

    private static string[] Arguments(string name, string file, string db, string folder)
    {
        var template = CorpusCases.FolderOf(name) == "args"
            ? File.ReadAllLines(file).Where(line => line.Length > 0).ToArray()
            : CorpusCases.Commands[CorpusCases.FolderOf(name)];
        return [.. template.Select(a => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{db}", db, StringComparison.Ordinal)
            .Replace("{data}", SharedData.Folder, StringComparison.Ordinal).Replace("{corpus}", CorpusCases.Folder, StringComparison.Ordinal)
            .Replace("{tmp}", folder, StringComparison.Ordinal))];
    }

    // What was accepted must still be usable: the whole registry assessed, the known patient's report written.
    private static IEnumerable<string> FollowUp(string db, string folder)
    {
        var assess = CliRun.Of("assess", "--all", "--db", db);
        if (assess.ExitCode != ExitCodes.Ok)
        {
            yield return $"accepted, then 'assess --all' exited {assess.ExitCode}: {First(assess.Stderr)}";
        }

        var report = CliRun.Of("report", "--patient", CorpusCases.Patient, "--out", Path.Combine(folder, "report.html"), "--db", db);
        if (report.ExitCode != ExitCodes.Ok)
        {
            yield return $"accepted, then 'report --patient {CorpusCases.Patient}' exited {report.ExitCode}: {First(report.Stderr)}";
        }
    }

    private static IEnumerable<string> OutputProblems(CliRun run)
    {
        foreach (var (stream, text) in new[] { ("stdout", run.Stdout), ("stderr", run.Stderr) })
        {
            foreach (var line in text.Split('\n'))
            {
                if (line.Length > MaxLineLength)
                {
                    yield return $"{stream} has a line of {line.Length} characters: {Shown(line)}";
                }

                if (line.Any(c => char.IsControl(c) && c != '\t'))
                {
                    yield return $"{stream} has a raw control character: {Shown(line)}";
                }

                if (TypeName().IsMatch(line))
                {
                    yield return $"{stream} names a .NET type: {Shown(line)}";
                }

                if (stream == "stderr" && line.Length > 0 && !Coded().IsMatch(line) && !Summary().IsMatch(line))
                {
                    yield return $"stderr line neither coded nor a known summary: {Shown(line)}";
                }
            }
        }
    }

    private static IEnumerable<string> Changes(IReadOnlyDictionary<string, (long Rows, string Sha256)> before, IReadOnlyDictionary<string, (long Rows, string Sha256)> after)
    {
        foreach (var table in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var (had, has) = (before.GetValueOrDefault(table), after.GetValueOrDefault(table));
            if (had != has)
            {
                yield return $"refused, yet table {table} changed ({had.Rows} → {has.Rows} rows)";
            }
        }
    }

    private static string First(string text) => Shown(text.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "(none)");

    private static string Shown(string line) => CliIssues.Clip(line, 200);

    private static readonly Lazy<Dictionary<string, string>> KnownFailures = new(() =>
        File.ReadAllLines(Path.Combine(CorpusCases.Folder, "known-failures.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1].Trim() : string.Empty, StringComparer.Ordinal));

    // location: CODE severity: message
    [GeneratedRegex(@"^\S.*?: [A-Z][A-Z0-9]*[0-9]{3} (error|warning|information): \S")]
    private static partial Regex Coded();

    // The summary lines commands print beside the coded ones.
    [GeneratedRegex(@"^((Rejected|Refused): nothing was written|usage: |Run 'stroma --help'|Kept |Wrote |\[[0-9]+/[0-9]+\] )")]
    private static partial Regex Summary();

    [GeneratedRegex(@"\b(Stroma|System|Microsoft)\.[A-Z]")]
    private static partial Regex TypeName();
}
