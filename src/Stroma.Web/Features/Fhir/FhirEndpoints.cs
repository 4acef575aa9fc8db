using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Fhir.Server;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Features.Fhir;

/// <summary>
/// <c>/fhir</c>: a read-only FHIR R4 endpoint for the same readers as the JSON API (cookie or personal token): <c>metadata</c>, Patient
/// read and Observation search by patient. A reader who may not see identity gets pseudonymised resources; every error is an
/// OperationOutcome. The answers are built in Stroma.Fhir; this only maps the routes.
/// </summary>
internal static class FhirEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").RequireAuthorization(Policies.ReadRecords).ExcludeFromDescription();
        fhir.MapGet("/metadata", (TimeProvider clock) => Answer(FhirApi.Metadata(clock.GetUtcNow())));
        fhir.MapGet("/Patient/{id}", async (string id, RequestStore r, TimeProvider clock, CancellationToken ct) =>
            Answer(await FhirApi.ReadPatientAsync(r.Store, id, !r.MaySeeIdentity, clock.GetUtcNow(), ct)));
        fhir.MapGet("/Observation", async (HttpRequest request, RequestStore r, TimeProvider clock, CancellationToken ct) =>
            Answer(await FhirApi.SearchObservationsAsync(r.Store, request.Query["patient"].FirstOrDefault(), $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}",
                !r.MaySeeIdentity, clock.GetUtcNow(), ct)));
    }

    private static IResult Answer(FhirAnswer answer) => Results.Text(answer.Json, FhirAnswer.MediaType, System.Text.Encoding.UTF8, answer.Status);
}
