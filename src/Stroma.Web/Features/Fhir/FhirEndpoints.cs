using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Core.Diagnostics;
using Stroma.Fhir;
using Stroma.Fhir.Server;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Features.Fhir;

/// <summary>
/// <c>/fhir</c>: a read-only FHIR R4 endpoint for the same readers as the JSON API (cookie or personal token): <c>metadata</c>, Patient
/// read, the Stroma CodeSystem, and read and search by patient of Observation, Procedure, AdverseEvent and BiologicallyDerivedProduct. A reader who may not see
/// identity gets pseudonymised resources; every error is an OperationOutcome, 401 and 403 included. The answers are built in
/// Stroma.Fhir; this only maps the routes.
/// </summary>
internal static class FhirEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").RequireAuthorization(Policies.ReadRecords).ExcludeFromDescription();
        fhir.MapGet("/metadata", async (RequestStore r, TimeProvider clock, CancellationToken ct) => Answer(await FhirApi.MetadataAsync(r.Store, clock.GetUtcNow(), ct)));
        fhir.MapGet("/Patient/{id}", async (string id, RequestStore r, TimeProvider clock, CancellationToken ct) =>
            Answer(await FhirApi.ReadPatientAsync(r.Store, id, !r.MaySeeIdentity, clock.GetUtcNow(), ct)));
        fhir.MapGet("/CodeSystem/{id}", async (string id, RequestStore r, CancellationToken ct) => Answer(await FhirApi.ReadCodeSystemAsync(r.Store, id, ct)));
        foreach (var type in SearchRequest.Parameters.Keys)
        {
            fhir.MapGet("/" + type, async (HttpRequest request, RequestStore r, TimeProvider clock, CancellationToken ct) =>
                Answer(await FhirApi.SearchAsync(r.Store, type, request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))),
                    BaseUrl(request), !r.MaySeeIdentity, clock.GetUtcNow(), ct)));
            fhir.MapGet("/" + type + "/{resourceId}", async (string resourceId, RequestStore r, TimeProvider clock, CancellationToken ct) =>
                Answer(await FhirApi.ReadAsync(r.Store, type, resourceId, !r.MaySeeIdentity, clock.GetUtcNow(), ct)));
        }

        BulkExportEndpoints.Map(fhir);
    }

    /// <summary>
    /// Gives a 401 or 403 of <c>/fhir</c> an OperationOutcome body. Runs inside the status-code pages and outside authentication, so the
    /// refusal itself (the policy, the challenge) is the framework's, unchanged; only its empty body is filled.
    /// </summary>
    public static void UseOutcomes(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal) && !context.Response.HasStarted
            && context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            var answer = context.Response.StatusCode == StatusCodes.Status401Unauthorized
                ? FhirApi.Outcome(401, [Issue.Error(FhirIssues.NotSignedIn, context.Request.Path, $"Expected a signed-in user (cookie or Authorization: Bearer with a personal API token); found none.")])
                : FhirApi.Outcome(403, [Issue.Error(FhirIssues.Forbidden, context.Request.Path, $"Expected a role that may read records; the signed-in user's role may not.")]);
            context.Response.ContentType = FhirAnswer.MediaType;
            await context.Response.WriteAsync(answer.Json, context.RequestAborted);
        }
        else if (context.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal) && !context.Response.HasStarted
            && (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed || (context.Response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)))
        {
            // No route: a type the endpoint does not serve, or a write to a read-only endpoint; an OperationOutcome as for every error.
            var answer = FhirApi.Outcome(context.Response.StatusCode, [Issue.Error(FhirIssues.UnsupportedInteraction, context.Request.Path,
                $"Expected a read or search of metadata, Patient, CodeSystem, {string.Join(", ", SearchRequest.Parameters.Keys)}, or a bulk $export (GET; the endpoint is read-only); found {context.Request.Method} {context.Request.Path}.")]);
            context.Response.ContentType = FhirAnswer.MediaType;
            await context.Response.WriteAsync(answer.Json, context.RequestAborted);
        }
    });

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir/";

    private static IResult Answer(FhirAnswer answer) => Results.Text(answer.Json, FhirAnswer.MediaType, System.Text.Encoding.UTF8, answer.Status);
}
