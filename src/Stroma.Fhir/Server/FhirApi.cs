using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Patient = Hl7.Fhir.Model.Patient;
using Stroma.Core.Diagnostics;
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
/// the CapabilityStatement, reads, and searches by patient (<see cref="SearchRequest"/>). The resources are
/// <see cref="PatientResources"/>: the ones <c>stroma fhir export</c> writes, pseudonymised for a reader who may not see identity.
/// Every error is an OperationOutcome with one issue per Stroma issue.
/// </summary>
public static class FhirApi
{
    /// <summary>The FHIR version served.</summary>
    public const string FhirVersion = "4.0.1";

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>What the endpoint supports, exactly.</summary>
    public static FhirAnswer Metadata(DateTimeOffset now) => new(200, Serializer.SerializeToString(FhirCapabilities.Statement(now)));

    /// <summary>What the endpoint supports, its Stroma URLs under the store's canonical base.</summary>
    public static async Task<FhirAnswer> MetadataAsync(StromaStore store, DateTimeOffset now, CancellationToken ct)
    {
        using var terminology = StromaTerminology.Use(await StromaTerminology.BaseOfAsync(store, ct));
        return Metadata(now);
    }

    /// <summary>
    /// <c>GET /fhir/CodeSystem/{id}</c>: the Stroma CodeSystem (id <c>stroma</c>), its URL under the store's canonical base, so that the
    /// canonical the export writes resolves on a running instance; or the CodeSystem of issue codes (id <c>stroma-issue</c>, <see cref="IssueCodeSystem"/>).
    /// </summary>
    public static async Task<FhirAnswer> ReadCodeSystemAsync(StromaStore store, string id, CancellationToken ct)
    {
        if (id == StromaTerminology.IssueCodeSystemId)
        {
            return new FhirAnswer(200, Serializer.SerializeToString(IssueCodeSystem.Build()));
        }

        if (id != StromaTerminology.CodeSystemId)
        {
            return Outcome(404, [Issue.Error(FhirIssues.NoSuchResource, "id",
                $"Expected the CodeSystem id {StromaTerminology.CodeSystemId} or {StromaTerminology.IssueCodeSystemId}; found '{id}'.")]);
        }

        using var terminology = StromaTerminology.Use(await StromaTerminology.BaseOfAsync(store, ct));
        return new FhirAnswer(200, Serializer.SerializeToString(StromaCodeSystem.Build()));
    }

    /// <summary><c>GET /fhir/Patient/{id}</c>.</summary>
    public static async Task<FhirAnswer> ReadPatientAsync(StromaStore store, string id, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        var given = PatientId.Read(id, "id", FhirIssues.BadValue);
        if (given.HasErrors)
        {
            return Outcome(400, given.Issues);
        }

        var read = await PatientResources.ReadAsync(store, given.Value, pseudonymise, now, ct);
        return read.Value is { } resources
            ? new FhirAnswer(200, Serializer.SerializeToString(resources.OfType<Patient>().Single()))
            : Outcome(404, read.Issues);
    }

    /// <summary><c>GET /fhir/{type}/{id}</c> for the types searched (Observation, Procedure, AdverseEvent, BiologicallyDerivedProduct).</summary>
    public static async Task<FhirAnswer> ReadAsync(StromaStore store, string type, string id, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var owner in await PatientResources.OwnersAsync(store, id, ct))
        {
            var read = await PatientResources.ReadAsync(store, PatientId.Parse(owner), pseudonymise, now, ct);
            if (read.Value?.FirstOrDefault(r => r.TypeName == type && r.Id == id) is { } found)
            {
                return new FhirAnswer(200, Serializer.SerializeToString(found));
            }
        }

        return Outcome(404, [Issue.Error(FhirIssues.NoSuchResource, "id", $"Expected the id of a {type} held here; found '{id}', which names none you may read.")]);
    }

    /// <summary>
    /// <c>GET /fhir/{type}?...</c>: a searchset Bundle of one page of matches in a stable order (by time, then id), with <c>self</c>,
    /// <c>first</c>, <c>previous</c> and <c>next</c> links under <paramref name="baseUrl"/> (ending in <c>/</c>), <c>total</c> counting
    /// every match, and the patient once per page when included.
    /// </summary>
    public static async Task<FhirAnswer> SearchAsync(
        StromaStore store, string type, IEnumerable<KeyValuePair<string, string>> query, string baseUrl, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var request = SearchRequest.Read(type, query);
        if (request.Value is not { } search)
        {
            return Outcome(400, request.Issues);
        }

        var read = await PatientResources.ReadAsync(store, search.PatientId, pseudonymise, now, ct);
        if (read.Value is not { } resources)
        {
            return Outcome(404, read.Issues);
        }

        var matches = resources.Where(r => r.TypeName == type && Matches(r, search))
            .OrderBy(r => PatientResources.When(r) ?? DateTimeOffset.MinValue).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Timestamp = now, Total = matches.Count };
        bundle.Link.Add(Link("self", baseUrl, search, search.Offset));
        bundle.Link.Add(Link("first", baseUrl, search, 0));
        if (search.Offset > 0 && search.Count > 0)
        {
            bundle.Link.Add(Link("previous", baseUrl, search, Math.Max(0, search.Offset - search.Count)));
        }

        if (search.Count > 0 && search.Offset + search.Count < matches.Count)
        {
            bundle.Link.Add(Link("next", baseUrl, search, search.Offset + search.Count));
        }

        var page = matches.Skip(search.Offset).Take(search.Count).ToList();
        foreach (var match in page)
        {
            bundle.Entry.Add(Entry(baseUrl, match, Bundle.SearchEntryMode.Match));
        }

        if (search.IncludePatient && page.Count > 0)
        {
            bundle.Entry.Add(Entry(baseUrl, resources.OfType<Patient>().Single(), Bundle.SearchEntryMode.Include));
        }

        return new FhirAnswer(200, Serializer.SerializeToString(bundle));
    }

    /// <summary>An OperationOutcome with one issue per Stroma issue (its code, where and what).</summary>
    public static FhirAnswer Outcome(int status, IEnumerable<Issue> issues) => new(status, Serializer.SerializeToString(OutcomeOf(status, issues)));

    /// <summary>The OperationOutcome of <see cref="Outcome"/>.</summary>
    internal static OperationOutcome OutcomeOf(int status, IEnumerable<Issue> issues)
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
                Code = status switch
                {
                    202 => OperationOutcome.IssueType.Informational,
                    401 => OperationOutcome.IssueType.Login,
                    403 => OperationOutcome.IssueType.Forbidden,
                    404 or 410 => OperationOutcome.IssueType.NotFound,
                    405 => OperationOutcome.IssueType.NotSupported,
                    500 => OperationOutcome.IssueType.Exception,
                    _ when issue.Code == FhirIssues.UnsupportedParameter => OperationOutcome.IssueType.NotSupported,
                    _ => OperationOutcome.IssueType.Invalid,
                },
                Details = new CodeableConcept { Coding = [new Coding(StromaTerminology.IssueCodeSystem, issue.Code)], Text = issue.Message },
                Diagnostics = issue.Location,
            });
        }

        return outcome;
    }

    private static bool Matches(Resource resource, SearchRequest search) =>
        search.Codes.All(any => resource is Observation o && o.Code.Coding.Any(c => any.Any(t => t.Matches(c.System, c.Code))))
        && search.Dates.All(any => PatientResources.When(resource) is { } at && any.Any(d => d.Matches(at)));

    private static Bundle.EntryComponent Entry(string baseUrl, Resource resource, Bundle.SearchEntryMode mode) => new()
    {
        FullUrl = baseUrl + resource.TypeName + "/" + resource.Id,
        Resource = resource,
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    private static Bundle.LinkComponent Link(string relation, string baseUrl, SearchRequest search, int offset)
    {
        var query = search.Query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).ToList();
        if (offset > 0)
        {
            query.Add("_offset=" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new Bundle.LinkComponent { Relation = relation, Url = baseUrl + search.Type + (query.Count == 0 ? string.Empty : "?" + string.Join("&", query)) };
    }
}
