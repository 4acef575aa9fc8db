using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Application.Proteome;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;
using Stroma.Core.Course;
using Stroma.Web.Features.Patients;

namespace Stroma.Web.Features.Arrays;

/// <summary>A kept membrane image to look at (<c>/patients/{id}/arrays/{run}/images/{n}.png</c>): the review page draws the grid over it.</summary>
internal static class ArrayImageEndpoints
{
    /// <summary>The longer side of the PNG served (pixels): sharp on a wide screen, small enough to load at once.</summary>
    public const int MaxSide = 1600;

    /// <summary>The address of image <paramref name="image"/> (in exposure order) of a run.</summary>
    public static string PathOf(string patientId, string runId, int image) =>
        FormattableString.Invariant($"/patients/{Uri.EscapeDataString(patientId)}/arrays/{Uri.EscapeDataString(runId)}/images/{image}.png");

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(PatientRoutes.Patient + "/arrays/{run}/images/{image:int}.png", async (PatientId id, string run, int image, HttpContext http, RequestStore r, CancellationToken ct) =>
        {
            if (await ArrayRunReviews.ImageAsync(r.Store, id, run, image, MaxSide, ct) is not { } png)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such image", detail: $"No image {image} of array run '{run}' of patient '{id}' is stored.");
            }

            // The kept images never change: a run's image n is the same bytes for good.
            http.Response.Headers.CacheControl = "private, max-age=3600";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(png, "image/png");
        }).RequireAuthorization(Policies.ReadRecords).WithName("GetArrayImage").ExcludeFromDescription();
}
