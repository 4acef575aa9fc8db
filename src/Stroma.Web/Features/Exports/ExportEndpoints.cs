using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Application.Exports;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;
using Stroma.Core.Course;
using Stroma.Web.Features.Patients;

namespace Stroma.Web.Features.Exports;

/// <summary>
/// The exports as downloads: a patient's tables from the patient page (<c>/patients/{id}/export.xlsx</c> and <c>export.zip</c>, the CSV
/// files in a zip archive; pseudonymised for a reader who may not see identity, as the page is) and the cohort's, always pseudonymised
/// (<c>/export/cohort.xlsx</c> and <c>cohort.zip</c>, from the cohort export page). The same tables as <c>stroma export</c>.
/// </summary>
internal static class ExportEndpoints
{
    public const string ZipMediaType = "application/zip";

    public static string PatientPath(string patientId, ExportFormat format) =>
        $"/patients/{Uri.EscapeDataString(patientId)}/export.{(format == ExportFormat.Xlsx ? "xlsx" : "zip")}";

    public static string CohortPath(ExportFormat format) => $"/export/cohort.{(format == ExportFormat.Xlsx ? "xlsx" : "zip")}";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(PatientRoutes.Patient + "/export.xlsx", (PatientId id, RequestStore r, CancellationToken ct) => PatientAsync(id, ExportFormat.Xlsx, r, ct))
            .RequireAuthorization(Policies.ReadRecords).WithName("GetPatientExportXlsx").ExcludeFromDescription();
        app.MapGet(PatientRoutes.Patient + "/export.zip", (PatientId id, RequestStore r, CancellationToken ct) => PatientAsync(id, ExportFormat.Csv, r, ct))
            .RequireAuthorization(Policies.ReadRecords).WithName("GetPatientExportCsv").ExcludeFromDescription();
        app.MapGet("/export/cohort.xlsx", (RequestStore r, CancellationToken ct) => CohortAsync(ExportFormat.Xlsx, r, ct))
            .RequireAuthorization(Policies.ExportCohort).WithName("GetCohortExportXlsx").ExcludeFromDescription();
        app.MapGet("/export/cohort.zip", (RequestStore r, CancellationToken ct) => CohortAsync(ExportFormat.Csv, r, ct))
            .RequireAuthorization(Policies.ExportCohort).WithName("GetCohortExportCsv").ExcludeFromDescription();
    }

    private static async Task<IResult> PatientAsync(PatientId id, ExportFormat format, RequestStore r, CancellationToken ct)
    {
        var pseudonymise = !r.MaySeeIdentity;
        var read = await PatientExports.PatientAsync(r.Store, id, pseudonymise, ct);
        return read.Value is { } workbook
            ? File(workbook, format, $"{id}{(pseudonymise ? "-pseudonymised" : string.Empty)}")
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such patient", detail: $"No patient '{id}' is stored.");
    }

    private static async Task<IResult> CohortAsync(ExportFormat format, RequestStore r, CancellationToken ct)
    {
        var read = await PatientExports.CohortAsync(r.Store, pseudonymise: true, progress: null, ct);
        return File(read.ValueOrThrow(), format, "cohort-pseudonymised");
    }

    private static IResult File(ExportWorkbook workbook, ExportFormat format, string name) => format == ExportFormat.Xlsx
        ? Results.File(ExportFiles.Xlsx(workbook), ExportFiles.XlsxMediaType, name + ".xlsx")
        : Results.File(ExportFiles.CsvZip(workbook), ZipMediaType, name + ".csv.zip");
}
