using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Application.Course;
using Stroma.Application.Json;
using Stroma.Application.Patients;
using Stroma.Core.Course;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;
using Stroma.Web.Features.Patients;

namespace Stroma.Web.Features.Api;

/// <summary>
/// The JSON API for scripts (a cookie or a personal token, <c>Authorization: Bearer …</c>): the patient list, a patient, and the
/// assessment with the same fields as <c>stroma assess --json</c>. A researcher's answers are pseudonymised: no name, hospital number or
/// birth date, every date shifted. Errors are RFC 9457 problem details.
/// </summary>
internal static class PatientApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ReadRecords);
        api.MapGet("/patients", async (RequestStore r, TimeProvider clock, string? q, string? page, CancellationToken ct) =>
        {
            var number = 1;
            if (page is not null && !(int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number >= 1))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad page",
                    detail: $"page: Expected a whole number from 1; found {Core.Text.OneLine.Shown(page)}.");
            }

            var list = await PatientOverviews.ListAsync(r.Store, q, number, r.MaySeeIdentity, TreatmentProtocol.SeedCase, clock.GetUtcNow(), ct);
            return Json(new PatientListView([.. list.Patients.Select(PatientSummaryView.Of)], list.Total, list.Page, list.PageSize));
        }).WithName("ListPatients").WithSummary("The patients, 50 a page, with their status; search by id (or name and hospital number, for roles that see identity).");

        api.MapGet(PatientRoutes.Patient, async (PatientId id, RequestStore r, Patients.PatientCache cache, CancellationToken ct) =>
        {
            var folder = (await cache.FolderAsync(r, id, ct))?.Folder;
            return folder is null ? NotFound(id) : Json(PatientDetailView.Of(folder.Course, folder.Identity, folder.Shifted, folder.BirthYear));
        }).WithName("GetPatient").WithSummary("One patient: labs (as reported and canonical, UCUM), sessions, infusions.");

        api.MapGet(PatientRoutes.Patient + "/assessment", async (PatientId id, RequestStore r, Patients.PatientCache cache, CancellationToken ct) =>
        {
            var result = await cache.AssessmentAsync(r, id, ct);
            if (result.Value is null && result.Issues.Any(i => i.Code == Core.Course.LabCsvIssues.UnknownPatient))
            {
                return NotFound(id);
            }

            return result.Value is { } a
                ? Json(AssessmentView.Of(a.Assessment, a.LastRecordDay, a.Assessment.Issues.Select(IssueView.Of)))
                : Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The course cannot be assessed",
                    detail: string.Join(" ", result.Issues.Where(i => i.Severity == Core.Diagnostics.Severity.Error).Select(i => $"{i.Code} {i.Location}: {i.Message}")),
                    extensions: new Dictionary<string, object?> { ["issues"] = result.Issues.Select(IssueView.Of).ToList() });
        }).WithName("GetAssessment").WithSummary("The assessment against the seed protocol, the same fields as stroma assess --json.");
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such patient", detail: $"No patient '{id}' is stored.");

    private static IResult Json<T>(T value) => Results.Text(StromaJson.Serialize(value), "application/json; charset=utf-8");

    internal static string? NameOf(ClaimsPrincipal user) => user.Identity?.Name;
}
