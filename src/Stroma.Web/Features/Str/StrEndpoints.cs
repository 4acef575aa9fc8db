using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Application.Str;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;
using Stroma.Core.Course;
using Stroma.Web.Features.Patients;

namespace Stroma.Web.Features.Str;

/// <summary>
/// A kept STR sample's electropherogram as a file to download (<c>/patients/{id}/str/{sampleId}/electropherogram.svg[?locus=L]</c>):
/// the same SVG the review page shows inline and <c>stroma str plot</c> writes.
/// </summary>
internal static class StrEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(PatientRoutes.Patient + "/str/{sampleId}/electropherogram.svg", async (PatientId id, string sampleId, string? locus, HttpContext http, RequestStore r, CancellationToken ct) =>
        {
            var review = await StrSamples.ReviewAsync(r.Store, id, sampleId, locus, ct);
            if (review is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such STR sample", detail: $"Patient '{id}' has no kept STR sample '{sampleId}'.");
            }

            if (review.Value is not { } shown)
            {
                var first = review.Issues.First(i => i.Severity == Core.Diagnostics.Severity.Error);
                return Results.Problem(statusCode: first.Code == Core.Str.StrIssues.UnknownLocus ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict,
                    title: first.Code, detail: first.Message, extensions: new Dictionary<string, object?> { ["code"] = first.Code, ["location"] = first.Location });
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            var name = $"{shown.Sample.Id}{(shown.Locus is null ? string.Empty : "." + shown.Locus)}.svg";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(shown.Svg), "image/svg+xml; charset=utf-8", name);
        }).RequireAuthorization(Policies.ReadStrRuns).WithName("GetStrElectropherogram").ExcludeFromDescription();
}
