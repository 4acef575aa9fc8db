using Hl7.Fhir.Model;
using Rest = Hl7.Fhir.Model.CapabilityStatement;

namespace Stroma.Fhir.Server;

/// <summary>The CapabilityStatement: exactly what <see cref="FhirApi"/> answers, built from the same tables the search reads.</summary>
internal static class FhirCapabilities
{
    private static readonly Dictionary<string, (SearchParamType Type, string Documentation)> Described = new(StringComparer.Ordinal)
    {
        ["patient"] = (SearchParamType.Reference, "Required (or subject where the type has it): one patient id or Patient/id. No chaining, no modifiers."),
        ["subject"] = (SearchParamType.Reference, "The patient (Patient/id or id), as patient. No chaining, no modifiers."),
        ["code"] = (SearchParamType.Token, "system|code, code (any system), |code (no system) or system| (any code of it); commas separate alternatives."),
        ["date"] = (SearchParamType.Date, "Prefixes eq, ne, lt, le, gt, ge (not sa, eb, ap); the value's precision is its range; a date without time is a UTC "
            + "calendar period; a time needs its zone. Repeat the parameter for a range (date=ge2024-01-01&date=lt2025-01-01)."),
    };

    public static CapabilityStatement Statement(DateTimeOffset now)
    {
        var rest = new Rest.RestComponent
        {
            Mode = Rest.RestfulCapabilityMode.Server,
            Documentation = "Read-only. Signed-in users (cookie or personal API token) whose role may read records; a reader who may not see identity gets "
                + "pseudonymised resources (no name, hospital number or DIN, the birth year only, dates shifted). Searches need the patient. "
                + "Handling is strict whatever Prefer: handling says: an unknown parameter, modifier or _include is refused (400, OperationOutcome naming it). "
                + "Paging: _count (default " + SearchRequest.DefaultCount + ", at most " + SearchRequest.MaxCount + ") and the next/previous links, "
                + "which carry Stroma's _offset; matches are ordered by time, then id. Every error is an OperationOutcome (401 and 403 included).",
            Security = new Rest.SecurityComponent { Description = "Cookie sign-in or a personal API token (Authorization: Bearer)." },
        };
        rest.Resource.Add(new Rest.ResourceComponent
        {
            Type = "Patient",
            Interaction = [new Rest.ResourceInteractionComponent { Code = Rest.TypeRestfulInteraction.Read }],
            Operation =
            [
                new Rest.OperationComponent
                {
                    Name = "export",
                    Definition = BulkExport.PatientExportDefinition,
                    Documentation = "Bulk Data Access IG v2, patient level: GET /fhir/Patient/$export with Prefer: respond-async (202, Content-Location); "
                        + "only _outputFormat (NDJSON) is taken, other parameters are refused. Every resource of every patient, one NDJSON file per type, "
                        + "pseudonymised as the reader's reads are. The job and its files are kept in the database (any instance answers the status "
                        + "and the files) and only the user who started it may poll or fetch them; the work runs on the instance that took the kick-off. "
                        + "A job lives " + BulkExportLimits.LifetimeSetting + " hours (default 24) from its kick-off, then expires (status and files 410); "
                        + "one not finished " + BulkExportLimits.TimeoutSetting + " minutes (default 15) after it is marked failed by any instance (500, FHIR020). "
                        + "DELETE on the status URL cancels or deletes it (202).",
                },
            ],
        });
        rest.Resource.Add(new Rest.ResourceComponent
        {
            Type = "Group",
            Documentation = "A group is the cohort of a study protocol, its id the protocol's (" + string.Join(", ", BulkExport.Groups) + "): every patient held "
                + "here followed under it — which is every patient the reader may read (every reader reads every patient; the role decides identity, "
                + "not membership). Groups are named for $export only; they are not read or searched.",
            Operation =
            [
                new Rest.OperationComponent
                {
                    Name = "export",
                    Definition = BulkExport.GroupExportDefinition,
                    Documentation = "Bulk Data Access IG v2, group level: GET /fhir/Group/{id}/$export with Prefer: respond-async, as the patient level "
                        + "(same parameters, files and job rules); an unknown group id is a 404 (FHIR024).",
                },
            ],
        });
        rest.Resource.Add(new Rest.ResourceComponent
        {
            Type = "CodeSystem",
            Interaction = [new Rest.ResourceInteractionComponent { Code = Rest.TypeRestfulInteraction.Read }],
            Documentation = "GET /fhir/CodeSystem/" + StromaTerminology.CodeSystemId + ": the Stroma CodeSystem, whose canonical URL is " + StromaTerminology.CodeSystem
                + " (the deployment's base, setting " + StromaTerminology.Setting + "); GET /fhir/CodeSystem/" + StromaTerminology.IssueCodeSystemId
                + ": the CodeSystem of Stroma's issue codes, " + StromaTerminology.IssueCodeSystem + ", the system of every OperationOutcome coding.",
        });
        foreach (var (type, names) in SearchRequest.Parameters)
        {
            var resource = new Rest.ResourceComponent
            {
                Type = type,
                Interaction =
                [
                    new Rest.ResourceInteractionComponent { Code = Rest.TypeRestfulInteraction.Read },
                    new Rest.ResourceInteractionComponent { Code = Rest.TypeRestfulInteraction.SearchType },
                ],
                SearchInclude = SearchRequest.Includes[type],
            };
            foreach (var name in names)
            {
                var (paramType, doc) = Described[name];
                resource.SearchParam.Add(new Rest.SearchParamComponent
                {
                    Name = name,
                    Type = paramType,
                    Documentation = type == "BiologicallyDerivedProduct"
                        ? "Stroma's own (R4 defines none): the bags of the lots infused to the patient. " + doc
                        : doc,
                });
            }

            resource.SearchParam.Add(new Rest.SearchParamComponent { Name = "_count", Type = SearchParamType.Number, Documentation = "The page size." });
            rest.Resource.Add(resource);
        }

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(now),
            Kind = CapabilityStatementKind.Instance,
            Software = new Rest.SoftwareComponent { Name = "Stroma" },
            // R4 cpb-15: an instance's statement describes the implementation.
            Implementation = new Rest.ImplementationComponent { Description = "Stroma's read-only FHIR R4 endpoint" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            Instantiates = ["http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"],
            Rest = [rest],
        };
    }
}
