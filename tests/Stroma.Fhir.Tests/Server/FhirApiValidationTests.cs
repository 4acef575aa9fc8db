using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Fhir.Server;
using Stroma.Fhir.Tests.Export;

namespace Stroma.Fhir.Tests.Server;

/// <summary>
/// What the endpoint serves validates against the R4 core profiles as the export does (Firely.Fhir.Validation with the offline
/// specification package): the CapabilityStatement, a searchset page of each type with the patient included, and every line of a
/// bulk export's NDJSON files — identified and pseudonymised.
/// </summary>
public sealed class FhirApiValidationTests(DemoExport demo)
{
    private static List<string> Errors(Resource resource) =>
        [.. CourseBundleValidationTests.CoreValidator.Value.Validate(resource, "http://hl7.org/fhir/StructureDefinition/" + resource.TypeName).Issue
            .Where(x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(x => $"{resource.TypeName}/{resource.Id}: {x.Details?.Text} at {string.Join(",", x.Expression)}")];

    [Fact]
    public void Metadata_Validates()
    {
        var statement = FhirJsonDeserializer.DEFAULT.Deserialize<CapabilityStatement>(FhirApi.Metadata(DemoExport.ExportedAt).Json);

        var errors = Errors(statement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("Observation", "patient", "Observation:patient", false)]
    [InlineData("Observation", "patient", "Observation:patient", true)]
    [InlineData("Procedure", "patient", "Procedure:patient", true)]
    [InlineData("AdverseEvent", "subject", "AdverseEvent:subject", true)]
    [InlineData("BiologicallyDerivedProduct", "patient", null, false)]
    public async System.Threading.Tasks.Task SearchPage_Validates(string type, string parameter, string? include, bool pseudonymise)
    {
        List<KeyValuePair<string, string>> query = [KeyValuePair.Create(parameter, Core.Simulation.DemoCase.PatientId), KeyValuePair.Create("_count", "20")];
        if (include is not null)
        {
            query.Add(KeyValuePair.Create("_include", include));
        }

        var answer = await FhirApi.SearchAsync(demo.Store, type, query, "https://stroma.test/fhir/", pseudonymise, DemoExport.ExportedAt, CancellationToken.None);
        var bundle = FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(answer.Json);

        Assert.Equal(200, answer.Status);
        Assert.NotEmpty(bundle.Entry);
        var errors = Errors(bundle);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Distinct().Take(20)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task BulkExport_EveryLineValidates(bool pseudonymise)
    {
        var files = await BulkExport.BuildAsync(demo.Store, pseudonymise, DemoExport.ExportedAt, CancellationToken.None);

        var errors = files.SelectMany(f => System.Text.Encoding.UTF8.GetString(f.Ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(line => Errors(FhirJsonDeserializer.DEFAULT.Deserialize<Resource>(line))).Distinct().ToList();

        Assert.DoesNotContain(files, f => f.Type == "OperationOutcome");
        Assert.Equal(demo.Bundle.Entry.Count, files.Sum(f => f.Count));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }
}
