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
    /// <summary>The command tree, every numeric option read by <see cref="NumberOptions"/>.</summary>
    internal static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Stroma: MSC therapy in glomerular kidney disease, from raw measurements to the clinical judgement.")
        {
            EgfrCommand.Create(stdout, stderr),
            UpcrCommand.Create(stdout, stderr),
            CourseCommands.Demo(stdout, stderr),
            CourseCommands.Assess(stdout, stderr),
            RegistryCommands.Registry(stdout, stderr),
            CourseCommands.Import(stdout, stderr),
            CourseCommands.Report(stdout, stderr),
            ExportCommand.Create(stdout, stderr),
            AuditCommands.Audit(stdout, stderr),
            AuditCommands.Database(stdout, stderr),
            AuditCommands.Identity(stdout, stderr),
            AuditCommands.Setting(stdout, stderr),
            StrCommands.Create(stdout, stderr),
            IsbtCommands.Create(stdout, stderr),
            SpecCommands.Create(stdout, stderr),
            LotCommands.Create(stdout, stderr),
            InfusionCommands.Create(stdout, stderr),
            CustodyCommands.Create(stdout, stderr),
            SafetyCommands.Create(stdout, stderr),
            CurveCommands.Curve(stdout, stderr),
            CurveCommands.Rcv(stdout, stderr),
            CurveCommands.Biomarkers(stdout, stderr),
            ArrayCommands.Create(stdout, stderr),
            Web.WebCommands.Serve(stdout, stderr),
            Web.UserCommands.User(stdout, stderr, Console.In),
            Web.WebCommands.Token(stdout, stderr),
            Fhir.FhirCommands.Create(stdout, stderr),
            Signatures.SignCommands.Sign(stdout, stderr, Console.In),
            Signatures.SignCommands.List(stdout, stderr),
        };
        NumberOptions.MakeStrict(root);
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = Build(stdout, stderr).Parse(args);
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
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
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
