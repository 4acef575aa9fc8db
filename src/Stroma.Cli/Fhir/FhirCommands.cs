using System.CommandLine;
using Stroma.Cli.Course;
using Stroma.Fhir.Export;
using Stroma.Fhir.Import;

namespace Stroma.Cli.Fhir;

/// <summary><c>stroma fhir export</c> and <c>stroma fhir import</c>: a patient's course as a FHIR R4 Bundle, and back.</summary>
public static class FhirCommands
{
    /// <summary>The <c>fhir</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("fhir", "Exchange a patient's course as HL7 FHIR R4.") { Export(stdout, stderr), Import(stdout, stderr) };

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var patient = PatientOptions.Required("Pseudonymous patient id.");
        var output = new Option<string>("--out") { Description = "The FHIR JSON file to write (a Bundle of type collection).", Required = true };
        var protocol = CourseCommands.ProtocolOption();
        var force = OutputFiles.ForceOption();
        var pseudonymise = CourseCommands.PseudonymiseOption();
        var command = new Command("export", "Write the patient's course as a FHIR R4 Bundle (collection), every resource with its Provenance.") { patient, output, protocol, force, pseudonymise };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            if (await CourseCommands.ReadProtocolAsync(parsed.GetValue(protocol), stderr, ct) is not { } rules)
            {
                return ExitCodes.InvalidInput;
            }

            var path = Path.GetFullPath(parsed.GetValue(output)!);
            if (OutputFiles.Check(path, parsed.GetValue(force), [parsed.GetValue(protocol)?.FullName, .. store.KeptFiles(parsed)]) is { } refused)
            {
                CliIssues.Write(stderr, [refused]);
                return ExitCodes.InvalidInput;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var exported = await FhirExports.ExportAsync(opened, parsed.GetValue(patient)!, rules, parsed.GetValue(pseudonymise), DateTimeOffset.UtcNow, ct);
            CliIssues.Write(stderr, exported.Issues);
            if (exported.Value is not { } json)
            {
                return ExitCodes.InvalidInput;
            }

            await OutputFiles.WriteAsync(path, json, ct);
            stdout.WriteLine($"Wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "FHIR R4 JSON: a Bundle (collection, transaction or batch), one resource, or NDJSON." };
        var command = new Command("import", "Import one patient's course from FHIR R4 in one transaction: every entry or none; importing it again adds nothing.") { file };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(file) is { Exists: true } big && FhirCourseReader.CheckLength(big.Length, big.Name) is { } tooLarge)
            {
                CliIssues.Write(stderr, [tooLarge]);
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            var (input, refused) = await store.ReadInputAsync(parsed, parsed.GetValue(file)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var imported = await FhirImports.ImportAsync(t => store.OpenAsync(parsed, location, Storage.StoreOpening.CreateIfMissing, t), raw.Name, raw.Bytes, DateTimeOffset.UtcNow, ct);
            CliIssues.Write(stderr, imported.Issues);
            if (imported.Value is not { } merge)
            {
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine($"Imported {raw.Name} for {merge.PatientId}{(merge.PatientAdded ? " (new patient)" : string.Empty)}: {merge.Added} records added, {merge.Unchanged} already stored (sha256 {merge.RawSha256}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
