using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Stroma.Fhir.Tests.Export;

/// <summary>
/// Every resource of the demo patient's export validates against the FHIR R4 core profiles (Firely.Fhir.Validation with the offline
/// specification package Hl7.Fhir.Specification.Data.R4), with no errors. The validator is set up once per test run: it is slow.
/// </summary>
public sealed class CourseBundleValidationTests(DemoExport demo)
{
    internal static readonly Lazy<Validator> CoreValidator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    [Fact]
    public void Export_DemoPatient_EveryResourceValidatesAgainstTheCoreProfiles()
    {
        var failures = new List<string>();
        foreach (var (entry, i) in demo.Bundle.Entry.Select((e, i) => (e, i)))
        {
            var outcome = CoreValidator.Value.Validate(entry.Resource!, "http://hl7.org/fhir/StructureDefinition/" + entry.Resource!.TypeName);
            failures.AddRange(outcome.Issue.Where(x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(x => $"entry[{i}] {entry.Resource.TypeName}: {x.Details?.Text} at {string.Join(",", x.Expression)}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct().Take(40)));
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Pseudonymised_EveryResourceValidatesAgainstTheCoreProfiles()
    {
        var exported = await Stroma.Fhir.Export.FhirExports.ExportAsync(demo.Store, Core.Simulation.DemoCase.Id, Core.Course.TreatmentProtocol.SeedCase, true, DemoExport.ExportedAt, CancellationToken.None);
        var bundle = FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(System.Text.Encoding.UTF8.GetString(exported.Value!));

        var errors = bundle.Entry.SelectMany(e => CoreValidator.Value.Validate(e.Resource!, "http://hl7.org/fhir/StructureDefinition/" + e.Resource!.TypeName).Issue)
            .Where(x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(x => x.Details?.Text).Distinct().ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void Export_Bundle_ValidatesAsACollection()
    {
        var outcome = CoreValidator.Value.Validate(demo.Bundle, "http://hl7.org/fhir/StructureDefinition/Bundle");

        Assert.Equal(Bundle.BundleType.Collection, demo.Bundle.Type);
        Assert.DoesNotContain(outcome.Issue, x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
    }

    [Fact]
    public void Validator_ObservationWithoutStatusOrCode_ReportsErrors()
    {
        var outcome = CoreValidator.Value.Validate(new Observation(), "http://hl7.org/fhir/StructureDefinition/Observation");

        Assert.Contains(outcome.Issue, x => x.Severity == OperationOutcome.IssueSeverity.Error);
    }
}
