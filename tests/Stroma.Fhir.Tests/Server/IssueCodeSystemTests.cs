using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Diagnostics;
using Stroma.Fhir.Import;
using Stroma.Fhir.Server;
using Stroma.Fhir.Tests.Export;

namespace Stroma.Fhir.Tests.Server;

/// <summary>
/// Stroma's issue codes as a FHIR CodeSystem with one constant canonical URL (<see cref="StromaTerminology.IssueCodeSystem"/>): every
/// OperationOutcome coding names it and a code it lists, and the CodeSystem, generated from the codes the assemblies declare, validates.
/// </summary>
public sealed class IssueCodeSystemTests(DemoExport demo)
{
    private static readonly Lazy<CodeSystem> Served = new(IssueCodeSystem.Build);

    [Fact]
    public async System.Threading.Tasks.Task Read_StromaIssue_ServesTheIssueCodeSystem()
    {
        var answer = await FhirApi.ReadCodeSystemAsync(demo.Store, StromaTerminology.IssueCodeSystemId, CancellationToken.None);

        Assert.Equal(200, answer.Status);
        Assert.True(FhirJsonDeserializer.DEFAULT.Deserialize<CodeSystem>(answer.Json).Matches(Served.Value));
    }

    /// <summary>Asserts that every coding of the outcome is in the issue CodeSystem, and gives its codes.</summary>
    internal static List<string> CodesOf(string outcomeJson)
    {
        var outcome = FhirJsonDeserializer.DEFAULT.Deserialize<OperationOutcome>(outcomeJson);
        var listed = Served.Value.Concept.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var codings = outcome.Issue.SelectMany(i => i.Details?.Coding ?? []).ToList();
        Assert.Equal(outcome.Issue.Count, codings.Count);
        Assert.All(codings, c => Assert.Equal(StromaTerminology.IssueCodeSystem, c.System));
        Assert.All(codings, c => Assert.Contains(c.Code, listed));
        return [.. codings.Select(c => c.Code!)];
    }

    [Fact]
    public void CodeSystem_ValidatesWithFirely_AndIsComplete()
    {
        var system = Served.Value;

        var errors = CourseBundleValidationTests.CoreValidator.Value.Validate(system, "http://hl7.org/fhir/StructureDefinition/CodeSystem").Issue
            .Where(x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(x => x.Details?.Text).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal((StromaTerminology.IssueCodeSystem, CodeSystemContentMode.Complete), (system.Url, system.Content));
        Assert.Equal(system.Concept.Count, system.Count);
        Assert.Equal(system.Concept.Count, system.Concept.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CodeSystem_ListsEveryIssueCodeOfTheAssemblies_WithItsDisplayAndDefinition()
    {
        var system = Served.Value;
        var concepts = system.Concept.ToDictionary(c => c.Code!, StringComparer.Ordinal);

        foreach (var code in new[] { FhirIssues.NotFhir, FhirIssues.NoSuchGroup, QuantityIssuesCode(), Storage.Audit.AuditIssues.NotIntact, Storage.IdentityIssues.NotHeld,
            Core.Electrophoresis.AbifIssues.OffsetPastEnd, Imaging.ImageIssues.Unreadable, Application.Exports.ExportIssues.UncorrectedNotRecomputed })
        {
            Assert.True(concepts.ContainsKey(code), code);
        }

        Assert.Equal("Not ucum", concepts[FhirIssues.NotUcum].Display);
        Assert.StartsWith("A quantity whose unit is not a UCUM code", concepts[FhirIssues.NotUcum].Definition, StringComparison.Ordinal);
        Assert.All(system.Concept, c => Assert.False(string.IsNullOrWhiteSpace(c.Display), c.Code));
        Assert.All(system.Concept, c => Assert.False(string.IsNullOrWhiteSpace(c.Definition), c.Code + " has no documentation summary"));
        Assert.Equal(IssueCatalogue.Of(IssueCodeSystem.Assemblies).Count, system.Concept.Count);
        Assert.True(system.Concept.Count > 200, system.Concept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string QuantityIssuesCode() => Core.Quantities.QuantityIssues.Impossible;

    [Fact]
    public async System.Threading.Tasks.Task Outcomes_OfTheEndpoint_CodeEveryIssueInTheIssueCodeSystem()
    {
        var patient = Core.Simulation.DemoCase.PatientId;
        List<FhirAnswer> answers =
        [
            await FhirApi.ReadPatientAsync(demo.Store, "no such patient!", false, DemoExport.ExportedAt, CancellationToken.None),
            await FhirApi.ReadPatientAsync(demo.Store, "NOBODY-1", false, DemoExport.ExportedAt, CancellationToken.None),
            await FhirApi.ReadAsync(demo.Store, "Observation", "missing", false, DemoExport.ExportedAt, CancellationToken.None),
            await FhirApi.ReadCodeSystemAsync(demo.Store, "loinc", CancellationToken.None),
            await FhirApi.SearchAsync(demo.Store, "Observation", [KeyValuePair.Create("patient", patient), KeyValuePair.Create("colour", "blue")], "https://stroma.test/fhir/", false, DemoExport.ExportedAt, CancellationToken.None),
            await FhirApi.SearchAsync(demo.Store, "Observation", [KeyValuePair.Create("date", "xx2021")], "https://stroma.test/fhir/", false, DemoExport.ExportedAt, CancellationToken.None),
            FhirApi.Outcome(400, BulkExport.CheckKickOff([KeyValuePair.Create("_outputFormat", "text/csv")], null)),
            FhirApi.Outcome(404, [BulkExport.CheckGroup("nope")!]),
        ];

        Assert.All(answers, a => Assert.InRange(a.Status, 400, 499));
        var codes = answers.SelectMany(a => CodesOf(a.Json)).ToList();
        Assert.Contains(FhirIssues.NoSuchResource, codes);
        Assert.Contains(FhirIssues.UnsupportedParameter, codes);
        Assert.Contains(FhirIssues.NoSuchGroup, codes);
    }

    [Fact]
    public void Outcome_OfImportIssues_CodesThemInTheIssueCodeSystem()
    {
        var read = FhirCourseReader.Read(Encoding.UTF8.GetBytes("""{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"p"}}]}"""), "bad.json", DemoExport.ExportedAt);
        var notJson = FhirCourseReader.Read(Encoding.UTF8.GetBytes("{"), "bad.json", DemoExport.ExportedAt);

        var codes = CodesOf(FhirApi.Outcome(400, [.. read.Issues, .. notJson.Issues]).Json);

        Assert.Contains(FhirIssues.BundleType, codes);
        Assert.Contains(FhirIssues.NotFhir, codes);
    }
}
