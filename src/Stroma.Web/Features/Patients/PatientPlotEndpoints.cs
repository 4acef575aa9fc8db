using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;
using Stroma.Core.Course;

namespace Stroma.Web.Features.Patients;

/// <summary>
/// The patient page's plots as their own SVG documents (<c>/patients/{id}/plots/upcr.svg</c>, <c>egfr.svg</c>): the page embeds them,
/// so it renders without drawing them, and a browser fetches each once per change of the records — the version is the validator
/// (an <c>ETag</c>; <c>If-None-Match</c> answers 304).
/// </summary>
internal static class PatientPlotEndpoints
{
    /// <summary>The address of a plot as the page embeds it (the version makes each change a new address).</summary>
    public static string PathOf(string patientId, PatientPlot plot, long version) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/plots/{NameOf(plot)}.svg?v={version}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(PatientRoutes.Patient + "/plots/{plot}.svg", async (PatientId id, string plot, HttpContext http, RequestStore r, PatientCache cache, CancellationToken ct) =>
        {
            PatientPlot? which = plot switch { "upcr" => PatientPlot.Upcr, "egfr" => PatientPlot.Egfr, _ => null };
            if (which is not { } kind)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such plot", detail: "Expected upcr or egfr.");
            }

            if (await cache.PlotAsync(r, id, kind, ct) is not { } drawn)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such plot",
                    detail: $"No patient '{id}' with an assessable course is stored.");
            }

            var tag = new EntityTagHeaderValue($"\"{drawn.Version}-{(r.MaySeeIdentity ? "i" : "p")}{(r.MayReadAudit ? "a" : "")}\"");
            var headers = http.Response.GetTypedHeaders();
            headers.ETag = tag;
            headers.CacheControl = new CacheControlHeaderValue { Private = true, NoCache = true };
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false))
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Text(drawn.Svg, "image/svg+xml; charset=utf-8");
        }).RequireAuthorization(Policies.ReadRecords).WithName("GetPatientPlot").ExcludeFromDescription();

    private static string NameOf(PatientPlot plot) => plot == PatientPlot.Upcr ? "upcr" : "egfr";
}
