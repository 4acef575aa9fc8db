using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Patient = Hl7.Fhir.Model.Patient;
using Stroma.Core.Diagnostics;
using Stroma.Fhir.Export;
using Stroma.Storage;

namespace Stroma.Fhir.Server;

/// <summary>An answer of the FHIR endpoint: the HTTP status and the FHIR JSON body (a resource, a searchset Bundle or an OperationOutcome).</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Json">The body.</param>
public sealed record FhirAnswer(int Status, string Json)
{
    /// <summary>The media type of every answer.</summary>
    public const string MediaType = "application/fhir+json; fhirVersion=4.0";
}

/// <summary>
/// The read-only FHIR R4 endpoint's answers, kept here so that only Stroma.Fhir sees the Firely types (the web app maps the routes):
/// the CapabilityStatement, Patient read and Observation search by patient. The resources are the ones <c>stroma fhir export</c> writes
/// (pseudonymised for a reader who may not see identity), with the Patient's id its Stroma id and references as <c>Type/id</c>.
/// Every error is an OperationOutcome with one issue per Stroma issue.
/// </summary>
public static class FhirApi
{
    /// <summary>The FHIR version served.</summary>
    public const string FhirVersion = "4.0.1";

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>What the endpoint supports, exactly.</summary>
    public static FhirAnswer Metadata(DateTimeOffset now)
    {
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(now),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Stroma" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Read-only. Signed-in users (cookie or personal API token); a reader who may not see identity gets pseudonymised resources.",
                    Resource =
                    [
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Patient",
                            Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
                        },
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Observation",
                            Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
                            SearchParam =
                            [
                                new CapabilityStatement.SearchParamComponent { Name = "patient", Type = SearchParamType.Reference, Documentation = "Required: the patient's id." },
                            ],
                        },
                    ],
                },
            ],
        };
        return new FhirAnswer(200, Serializer.SerializeToString(statement));
    }

    /// <summary><c>GET /fhir/Patient/{id}</c>.</summary>
    public static async Task<FhirAnswer> ReadPatientAsync(StromaStore store, string id, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        var read = await ReadAsync(store, id, pseudonymise, now, ct);
        if (read.Answer is { } refused)
        {
            return refused;
        }

        return new FhirAnswer(200, Serializer.SerializeToString(read.Resources!.OfType<Patient>().Single()));
    }

    /// <summary><c>GET /fhir/Observation?patient={id}</c>: the patient's lab, derived eGFR, clinical event and biopsy Observations.</summary>
    public static async Task<FhirAnswer> SearchObservationsAsync(StromaStore store, string? patient, string selfUrl, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(patient))
        {
            return Outcome(400, [Issue.Error(FhirIssues.Missing, "patient", $"Expected the search parameter patient (a patient id); found none.")]);
        }

        var id = patient.StartsWith("Patient/", StringComparison.Ordinal) ? patient["Patient/".Length..] : patient;
        var read = await ReadAsync(store, id, pseudonymise, now, ct);
        if (read.Answer is { } refused)
        {
            return refused;
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Timestamp = now };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = selfUrl });
        foreach (var observation in read.Resources!.OfType<Observation>())
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "Observation/" + observation.Id,
                Resource = observation,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        bundle.Total = bundle.Entry.Count;
        return new FhirAnswer(200, Serializer.SerializeToString(bundle));
    }

    /// <summary>An OperationOutcome with one issue per Stroma issue (its code, where and what).</summary>
    public static FhirAnswer Outcome(int status, IEnumerable<Issue> issues)
    {
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = issue.Severity switch
                {
                    Severity.Error => OperationOutcome.IssueSeverity.Error,
                    Severity.Warning => OperationOutcome.IssueSeverity.Warning,
                    _ => OperationOutcome.IssueSeverity.Information,
                },
                Code = status == 404 ? OperationOutcome.IssueType.NotFound : OperationOutcome.IssueType.Invalid,
                Details = new CodeableConcept { Coding = [new Coding(StromaTerminology.CodeSystem + "/issue", issue.Code)], Text = issue.Message },
                Diagnostics = issue.Location,
            });
        }

        return new FhirAnswer(status, Serializer.SerializeToString(outcome));
    }

    // The patient's resources as the export builds them, with the Patient's id its Stroma id and REST references (Type/id).
    private static async Task<(FhirAnswer? Answer, List<Resource>? Resources)> ReadAsync(StromaStore store, string id, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (PatientIds.Check(id, "id", FhirIssues.BadValue) is { } bad)
        {
            return (Outcome(400, [bad]), null);
        }

        var read = await FhirExports.ReadAsync(store, id, TreatmentProtocol.SeedCase, pseudonymise, now, ct);
        if (read.Value is not { } export)
        {
            return (Outcome(404, read.Issues), null);
        }

        var resources = CourseBundle.Build(export).Entry.Select(e => e.Resource!).ToList();
        var types = resources.ToDictionary(r => "urn:uuid:" + r.Id, r => r.TypeName + "/" + r.Id, StringComparer.Ordinal);
        var patient = resources.OfType<Patient>().Single();
        types["urn:uuid:" + patient.Id] = "Patient/" + id;
        patient.Id = id;
        foreach (var reference in resources.SelectMany(Descendants).OfType<ResourceReference>())
        {
            if (reference.Reference is { } target && types.TryGetValue(target, out var rest))
            {
                reference.Reference = rest;
            }
        }

        return (null, resources);
    }

    private static IEnumerable<Base> Descendants(Base node)
    {
        foreach (var element in node.EnumerateElements())
        {
            var children = element.Value switch
            {
                Base one => [one],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
                foreach (var below in Descendants(child))
                {
                    yield return below;
                }
            }
        }
    }
}
