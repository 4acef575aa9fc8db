using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The <c>/fhir</c> endpoint on the running test server: Firely's own <c>FhirClient</c> reads the CapabilityStatement, the Patient and
/// the Observations by patient; a researcher gets no identity; errors are OperationOutcomes.
/// </summary>
// Compares what FHIR answers with the demo patient's stored records, which other classes write to: runs alone.
[Collection(WebFixture.Alone)]
public sealed class FhirEndpointTests(WebFixture web)
{
    private async Task<FhirClient> ClientAsync(string role) =>
        new(new Uri("http://localhost/fhir/"), await web.SignedInAsync(role), new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });

    [Fact]
    public async System.Threading.Tasks.Task FhirClient_Clinician_ReadsMetadataPatientAndObservations()
    {
        var client = await ClientAsync(Roles.Clinician);

        var metadata = await client.CapabilityStatementAsync();
        var patient = await client.ReadAsync<Patient>("Patient/DEMO-001");
        var found = await client.SearchAsync<Observation>(["patient=DEMO-001", "_count=1000"]);

        Assert.Equal(FHIRVersion.N4_0_1, metadata!.FhirVersion);
        Assert.Contains(metadata.Rest[0].Resource, r => r.Type == "Observation" && r.SearchParam.Any(p => p.Name == "patient"));
        Assert.Equal("DEMO-001", patient!.Id);
        Assert.Equal("Synthetic Demo Patient", patient.Name.Single().Text);
        Assert.Equal(Bundle.BundleType.Searchset, found!.Type);
        var observations = found.Entry.Select(e => e.Resource).OfType<Observation>().ToList();
        Assert.Equal(found.Total, observations.Count);
        Assert.Contains(observations, o => o.Code.Coding.Any(c => c.System == "http://loinc.org" && c.Code == "2160-0"));
        Assert.All(observations, o => Assert.Equal("Patient/DEMO-001", o.Subject!.Reference));
        var egfr = observations.First(o => o.DerivedFrom.Count > 0);
        Assert.StartsWith("Observation/", egfr.DerivedFrom[0].Reference, StringComparison.Ordinal);
        Assert.Contains(observations, o => "Observation/" + o.Id == egfr.DerivedFrom[0].Reference);
    }

    [Fact]
    public async System.Threading.Tasks.Task FhirClient_Researcher_GetsNoIdentityAndTheBirthYearOnly()
    {
        var client = await ClientAsync(Roles.Researcher);

        var patient = await client.ReadAsync<Patient>("Patient/DEMO-001");

        Assert.Empty(patient!.Name);
        Assert.Equal(4, patient.BirthDate!.Length);
        Assert.DoesNotContain(patient.Identifier, i => i.Type?.Coding.Any(c => c.Code == "MR") == true);
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_UnknownPatient_Is404WithAnOperationOutcome()
    {
        var http = await web.SignedInAsync(Roles.Clinician);

        var response = await http.GetAsync("/fhir/Patient/NO-SUCH-1");
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, Assert.Single(outcome.Issue).Severity);
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WithoutPatient_Is400WithAnOperationOutcome()
    {
        var http = await web.SignedInAsync(Roles.Clinician);

        var response = await http.GetAsync("/fhir/Observation");
        var outcome = FhirOutcomes.Read(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("patient", Assert.Single(outcome.Issue).Diagnostics);
    }
}
