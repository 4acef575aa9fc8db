using System.CommandLine;
using System.Globalization;
using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Text;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// <c>stroma spec import FILE.json</c>, <c>stroma spec list</c> and <c>stroma spec show ID [--version V]</c>: release specifications as
/// QA-approved master data, versioned and never changed once held.
/// </summary>
public static class SpecCommands
{
    /// <summary>The <c>spec</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("spec", "Release specifications: QA-approved master data that lots reference by id and version.")
    {
        Import(stdout, stderr), List(stdout, stderr), Show(stdout, stderr),
    };

    private static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON specification: id, version, product, tests (code, category, name, method, comparator, limits, unit, mandatory)." };
        var json = CellProductOutput.JsonOption("id, version, product, status, imported, importedBy, importedAt, sourceSha256, tests");
        var command = new Command("import", "Hold a new specification version, checked against the mandatory-test rule (sterility, endotoxin, identity, viability); a held version never changes.")
        {
            file, json,
        };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (input, refused) = await store.ReadInputAsync(parsed, parsed.GetValue(file)!, stderr, ct);
            if (input is not { Location: var location, File: var raw })
            {
                return refused;
            }

            var read = SpecificationJson.Read(raw.Bytes, raw.Name);
            var saved = read.Value is { } specification ? await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).SaveSpecificationAsync(specification, raw, ct) : null;
            // The store checks the rules again (it is the gate for every entry point): a finding the file's reader made is shown once.
            var issues = read.Issues.Concat((saved?.Issues ?? []).Where(s => !read.Issues.Any(r => r.Code == s.Code && r.Message == s.Message))).ToList();
            var held = saved?.Value;
            var fresh = held is not null && !issues.Any(i => i.Code == SpecificationIssues.VersionHeld);
            if (held is null)
            {
                CellProductOutput.Write(stdout, stderr, issues, parsed.GetValue(json), found => new NotImportedView(false, found));
                stderr.WriteLine("Rejected: nothing was written.");
                return ExitCodes.InvalidInput;
            }

            CellProductOutput.Write(stdout, stderr, issues, parsed.GetValue(json), found => SpecificationView.Of(held, fresh, found));

            if (!parsed.GetValue(json))
            {
                stdout.WriteLine(fresh
                    ? $"Imported specification {held.Specification.Id} v{held.Specification.Version} ({held.Specification.Product}): {held.Specification.Tests.Length} tests, {held.Specification.Tests.Count(t => t.Mandatory)} mandatory; approved by {held.ImportedBy}."
                    : $"Specification {held.Specification.Id} v{held.Specification.Version} is already held with these tests; nothing was written.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var json = CellProductOutput.JsonOption("specifications[]: id, version, product, status, importedBy, importedAt, lots");
        var command = new Command("list", "Every held specification version: built in, approved (imported) or legacy, and how many lots reference it.") { json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var held = await (await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct)).ListSpecificationsAsync(ct);
            if (parsed.GetValue(json))
            {
                CellProductOutput.Write(stdout, stderr, [], json: true, issues => new SpecificationListView([.. held.Select(SpecificationSummaryView.Of)], issues));
                return ExitCodes.Ok;
            }

            foreach (var h in held)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{h.Specification.Id} v{h.Specification.Version}  {Status(h.Status),-8}  {h.Specification.Product}; {ClinicalFormat.Count(h.Specification.Tests.Length, "test")}; {ClinicalFormat.Count(h.Lots, "lot")}; held by {h.ImportedBy} since {h.ImportedAt:yyyy-MM-dd HH:mm} UTC"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var id = new Argument<string>("ID") { Description = "Specification id." };
        var version = new Option<string?>("--version") { Description = "Version (needed when several are held)." };
        var json = CellProductOutput.JsonOption("id, version, product, status, importedBy, importedAt, sourceSha256, lots, tests");
        var command = new Command("show", "A held specification's tests, each with its category, criterion, unit and whether it is mandatory.") { id, version, json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
            var found = await opened.FindSpecificationAsync(new SpecificationReference(parsed.GetValue(id)!, parsed.GetValue(version)), cancellationToken: ct);
            if (found.Value is not { } h)
            {
                CellProductOutput.Write(stdout, stderr, found.Issues, parsed.GetValue(json), issues => new IssuesView(issues));
                return ExitCodes.InvalidInput;
            }

            CellProductOutput.Write(stdout, stderr, found.Issues, parsed.GetValue(json), issues => SpecificationView.Of(h, imported: false, issues));

            if (!parsed.GetValue(json))
            {
                stdout.WriteLine($"{h.Specification.Id} v{h.Specification.Version} ({h.Specification.Product}): {Status(h.Status)}, held by {h.ImportedBy} since {h.ImportedAt:yyyy-MM-dd HH:mm} UTC; {ClinicalFormat.Count(h.Lots, "lot")}");
                var tests = h.Specification.Tests;
                var codeWidth = tests.Select(t => t.Code.Length).DefaultIfEmpty(0).Max();
                var categoryWidth = tests.Select(t => SpecificationRules.Json(t.Category).Length).DefaultIfEmpty(0).Max();
                var criterionWidth = tests.Select(t => t.ReadableCriterion().Length).DefaultIfEmpty(0).Max();
                foreach (var t in tests)
                {
                    stdout.WriteLine($"  {t.Code.PadRight(codeWidth)}  {SpecificationRules.Json(t.Category).PadRight(categoryWidth)}  {(t.Mandatory ? "mandatory  " : "informative")}  {t.ReadableCriterion().PadRight(criterionWidth)}  {t.Name} ({t.Method})");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Status(SpecificationStatus status) => SpecificationSummaryView.StatusOf(status);
}
