using System.CommandLine;
using System.CommandLine.Invocation;
using System.Data.Common;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Storage.Audit;
using Stroma.Cli.CellProducts;
using Stroma.Cli.Course;
using Stroma.Cli.Proteome;
using Stroma.Cli.Renal;
using Stroma.Cli.Str;

namespace Stroma.Cli;

/// <summary>The <c>stroma</c> root command: wires the subcommands and maps parse errors to the usage exit code.</summary>
public static class StromaCommand
{
    // Every subcommand under its name: a command line naming one builds that one alone (its options, handlers and the assemblies
    // they load), so `stroma egfr` does not pay for the other commands' trees; anything else (help, a typo) builds the whole tree.
    private static readonly (string Name, Func<TextWriter, TextWriter, Command> Create)[] Commands =
    [
        ("egfr", EgfrCommand.Create),
        ("upcr", UpcrCommand.Create),
        ("demo", CourseCommands.Demo),
        ("assess", CourseCommands.Assess),
        ("registry", RegistryCommands.Registry),
        ("import", CourseCommands.Import),
        ("report", CourseCommands.Report),
        ("export", ExportCommand.Create),
        ("audit", AuditCommands.Audit),
        ("db", AuditCommands.Database),
        ("identity", AuditCommands.Identity),
        ("setting", AuditCommands.Setting),
        ("str", StrCommands.Create),
        ("isbt", IsbtCommands.Create),
        ("spec", SpecCommands.Create),
        ("lot", LotCommands.Create),
        ("infusion", InfusionCommands.Create),
        ("custody", CustodyCommands.Create),
        ("ae", SafetyCommands.Create),
        ("curve", CurveCommands.Curve),
        ("rcv", CurveCommands.Rcv),
        ("biomarkers", CurveCommands.Biomarkers),
        ("array", ArrayCommands.Create),
        ("serve", Web.WebCommands.Serve),
        ("user", (stdout, stderr) => Web.UserCommands.User(stdout, stderr, Console.In)),
        ("token", Web.WebCommands.Token),
        ("fhir", Fhir.FhirCommands.Create),
        ("sign", (stdout, stderr) => Signatures.SignCommands.Sign(stdout, stderr, Console.In)),
        ("signatures", Signatures.SignCommands.List),
    ];

    /// <summary>The subcommands' names, in the order help lists them.</summary>
    internal static IEnumerable<string> CommandNames => Commands.Select(c => c.Name);

    /// <summary>
    /// The command tree, every numeric option read by <see cref="NumberOptions"/>: every subcommand, or only the one named
    /// <paramref name="only"/> (what a command line naming it needs to parse and run). With <paramref name="bare"/> the root is a plain
    /// command, without the help and version options and the directives that <see cref="RootCommand"/> builds (and whose localised
    /// descriptions it reads from resources, 4-5 ms of `stroma egfr`): for a command line that cannot ask for them.
    /// </summary>
    internal static Command Build(TextWriter stdout, TextWriter stderr, string? only = null, bool bare = false)
    {
        const string description = "Stroma: MSC therapy in glomerular kidney disease, from raw measurements to the clinical judgement.";
        var root = bare ? new Command("stroma", description) : new RootCommand(description);
        foreach (var (name, create) in Commands)
        {
            if (only is null || name == only)
            {
                root.Subcommands.Add(create(stdout, stderr));
            }
        }

        NumberOptions.MakeStrict(root);
        return root;
    }

    // Whether a command line naming a command could still want what only the full root gives: help (any of the help option's
    // names), the version, a directive ("[suggest]") or a response file ("@file", which may hold any of these).
    private static bool NeedsFullRoot(string[] args)
    {
        foreach (var arg in args)
        {
            if (arg is "--help" or "-h" or "/h" or "-?" or "/?" or "--version" || arg.StartsWith('[') || arg.StartsWith('@'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses and runs a command line, writing to the given streams; returns the exit code. A command whose action is synchronous
    /// (<c>egfr</c>, <c>upcr</c>, ...) runs without an async state machine: each one the runtime meets at start-up is a method
    /// that ReadyToRun cannot precompile (a framework generic over Stroma's type) and the JIT must compile.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        StartupTrace.Mark("main");
        ArgumentNullException.ThrowIfNull(args);
        var only = args.Length > 0 && IsCommand(args[0]) ? args[0] : null;
        var parsed = Build(stdout, stderr, only, bare: only is not null && !NeedsFullRoot(args)).Parse(args);
        StartupTrace.Mark("parsed");
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine(NumberOptions.IsCodedLine(error.Message) ? error.Message : $"usage: {error.Message}");
            }

            stderr.WriteLine("Run 'stroma --help' or 'stroma COMMAND --help' for usage.");
            return Task.FromResult(ExitCodes.Usage);
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parsed.Action is not SynchronousCommandLineAction)
        {
            return InvokeAsync(parsed, configuration, stderr);
        }

        try
        {
            var exit = parsed.Invoke(configuration);
            StartupTrace.Mark("done");
            return Task.FromResult(exit);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromResult(Failed(e, stderr));
        }
    }

    private static bool IsCommand(string name)
    {
        foreach (var (commandName, _) in Commands)
        {
            if (commandName == name)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<int> InvokeAsync(ParseResult parsed, InvocationConfiguration configuration, TextWriter stderr)
    {
        try
        {
            var exit = await parsed.InvokeAsync(configuration);
            StartupTrace.Mark("done");
            return exit;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(e, stderr);
        }
    }

    /// <summary>What a failure that reached the top means for the user: one coded line and the exit code, never a stack trace.</summary>
    private static int Failed(Exception failure, TextWriter stderr)
    {
        switch (failure)
        {
            case InvalidInputException e:
                CliIssues.Write(stderr, e.Issues);
                return ExitCodes.InvalidInput;
            case OperationCanceledException:
                stderr.WriteLine($"stroma: {CliCodes.Cancelled} error: Cancelled; nothing more was written (a transaction under way was rolled back).");
                return ExitCodes.Environment;
            case IOException or UnauthorizedAccessException:
                // The file system failed: say what and where, without a stack trace.
                stderr.WriteLine($"stroma: {CliCodes.FileSystem} error: The file system refused: {CliIssues.Clip(failure.Message)}");
                return ExitCodes.Environment;
            case AuditKeyException or StoreSchemaException:
                // The operator must provide the key or migrate the schema: an environment failure, said plainly.
                var code = failure is AuditKeyException k ? k.Code : CliCodes.Database;
                stderr.WriteLine($"stroma: {code} error: {CliIssues.Clip(failure.Message, 600)}");
                return ExitCodes.Environment;
            case DbException or { InnerException: DbException }:
            case var _ when failure.GetType().Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true:
                var inner = failure is DbException ? failure : failure.InnerException ?? failure;
                stderr.WriteLine($"stroma: {CliCodes.Database} error: The database failed or refused the operation: {CliIssues.Clip(inner.Message)}");
                return ExitCodes.Environment;
            default:
                // A bug: one coded line, never a stack trace; the exit code tells scripts it is not their input.
                stderr.WriteLine($"stroma: {CliCodes.Internal} error: An unexpected failure inside Stroma (please report it with the command line): {CliIssues.Clip(failure.Message)}");
                if (Environment.GetEnvironmentVariable("STROMA_DEBUG") == "1")
                {
                    stderr.WriteLine(failure.ToString()); // for developers reproducing a report; never shown otherwise
                }

                return ExitCodes.Internal;
        }
    }
}
