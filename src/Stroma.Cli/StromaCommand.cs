using System.CommandLine;
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
    /// <paramref name="only"/> (what a command line naming it needs to parse and run).
    /// </summary>
    internal static RootCommand Build(TextWriter stdout, TextWriter stderr, string? only = null)
    {
        var root = new RootCommand("Stroma: MSC therapy in glomerular kidney disease, from raw measurements to the clinical judgement.");
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

    /// <summary>Parses and runs a command line, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        StartupTrace.Mark("main");
        ArgumentNullException.ThrowIfNull(args);
        var only = args.Length > 0 && Commands.Any(c => c.Name == args[0]) ? args[0] : null;
        var parsed = Build(stdout, stderr, only).Parse(args);
        StartupTrace.Mark("parsed");
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine(NumberOptions.IsCodedLine(error.Message) ? error.Message : $"usage: {error.Message}");
            }

            stderr.WriteLine("Run 'stroma --help' or 'stroma COMMAND --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
            StartupTrace.Mark("done");
            return exit;
        }
        catch (InvalidInputException e)
        {
            CliIssues.Write(stderr, e.Issues);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine($"stroma: {CliCodes.Cancelled} error: Cancelled; nothing more was written (a transaction under way was rolled back).");
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file system failed: say what and where, without a stack trace.
            stderr.WriteLine($"stroma: {CliCodes.FileSystem} error: The file system refused: {CliIssues.Clip(e.Message)}");
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is AuditKeyException or StoreSchemaException)
        {
            // The operator must provide the key or migrate the schema: an environment failure, said plainly.
            var code = e is AuditKeyException k ? k.Code : CliCodes.Database;
            stderr.WriteLine($"stroma: {code} error: {CliIssues.Clip(e.Message, 600)}");
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is DbException || e.InnerException is DbException || e.GetType().Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true)
        {
            var inner = e is DbException ? e : e.InnerException ?? e;
            stderr.WriteLine($"stroma: {CliCodes.Database} error: The database failed or refused the operation: {CliIssues.Clip(inner.Message)}");
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug: one coded line, never a stack trace; the exit code tells scripts it is not their input.
            stderr.WriteLine($"stroma: {CliCodes.Internal} error: An unexpected failure inside Stroma (please report it with the command line): {CliIssues.Clip(e.Message)}");
            if (Environment.GetEnvironmentVariable("STROMA_DEBUG") == "1")
            {
                stderr.WriteLine(e.ToString()); // for developers reproducing a report; never shown otherwise
            }

            return ExitCodes.Internal;
        }
    }
}
