using Hl7.Fhir.Serialization;
using Stroma.Fhir;
using Stroma.Fhir.Server;

namespace Stroma.Web.Tests;

/// <summary>
/// Reads an OperationOutcome the endpoint answered, checking on the way that every issue is coded in Stroma's issue CodeSystem
/// (<see cref="StromaTerminology.IssueCodeSystem"/>) with a code it lists: every outcome a web test provokes goes through here.
/// </summary>
internal static class FhirOutcomes
{
    private static readonly Lazy<HashSet<string>> Listed = new(() => [.. IssueCodeSystem.Build().Concept.Select(c => c.Code!)]);

    public static Hl7.Fhir.Model.OperationOutcome Read(string json)
    {
        var outcome = FhirJsonDeserializer.DEFAULT.Deserialize<Hl7.Fhir.Model.OperationOutcome>(json);
        Assert.NotEmpty(outcome.Issue);
        Assert.All(outcome.Issue, i =>
        {
            var coding = Assert.Single(i.Details!.Coding);
            Assert.Equal(StromaTerminology.IssueCodeSystem, coding.System);
            Assert.Contains(coding.Code!, Listed.Value);
        });
        return outcome;
    }
}
