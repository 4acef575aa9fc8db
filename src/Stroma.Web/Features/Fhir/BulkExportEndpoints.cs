using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stroma.Core.Diagnostics;
using Stroma.Fhir;
using Stroma.Fhir.Server;
using Stroma.Storage;
using Stroma.Web.Accounts;
using Stroma.Web.Hosting;

namespace Stroma.Web.Features.Fhir;

/// <summary>
/// The Bulk Data <c>$export</c> flow (FHIR Bulk Data Access IG v2): <c>GET /fhir/Patient/$export</c> with <c>Prefer: respond-async</c>
/// answers 202 with <c>Content-Location</c> (the job's status URL); the status answers 202 with <c>X-Progress</c> while the job runs, then
/// 200 with the manifest; each file is NDJSON. The job and its files are rows of the accounts' database, so every instance answers
/// status and files; only the user who started a job sees it (anyone else gets 404); a job is kept until its user deletes it. The work runs on the instance that took the
/// kick-off; a job whose instance stopped mid-way stays "running" (start a new one).
/// </summary>
internal static partial class BulkExportEndpoints
{
    public static void Map(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Patient/$export", KickOffAsync);
        fhir.MapGet("/bulk/{jobId}", StatusAsync);
        fhir.MapGet("/bulk/{jobId}/{index:int}", FileAsync);
        fhir.MapDelete("/bulk/{jobId}", DeleteAsync);
    }

    private static async Task<IResult> KickOffAsync(
        HttpRequest request, RequestStore r, AccountsContext db, TimeProvider clock, IHostApplicationLifetime lifetime, ILoggerFactory logs, CancellationToken ct)
    {
        var query = request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty)));
        var prefer = request.Headers["Prefer"].ToString();
        if (BulkExport.CheckKickOff(query, prefer.Length == 0 ? null : prefer) is { Count: > 0 } issues)
        {
            return Answer(FhirApi.Outcome(400, issues));
        }

        var job = new BulkExportJobRow
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = UserId(r.User),
            Request = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
            Pseudonymised = !r.MaySeeIdentity,
            Status = BulkExportStatus.Accepted,
            RequestedAtUtc = clock.GetUtcNow(),
        };
        db.BulkExportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        var store = r.Store;
        var log = logs.CreateLogger(typeof(BulkExportEndpoints));
        _ = Task.Run(() => RunAsync(store, job.Id, job.Pseudonymised, clock, log, lifetime.ApplicationStopping), CancellationToken.None);
        request.HttpContext.Response.Headers.ContentLocation = StatusUrl(request, job.Id);
        return Results.Text(FhirApi.Outcome(202, [Issue.Information(FhirIssues.Accepted, "$export", $"Accepted: poll {StatusUrl(request, job.Id)}.")]).Json,
            FhirAnswer.MediaType, System.Text.Encoding.UTF8, StatusCodes.Status202Accepted);
    }

    // Claims the job (only one runner ever does), reads every patient, and keeps the files and the completion in one save.
    private static async Task RunAsync(StromaStore store, string jobId, bool pseudonymise, TimeProvider clock, ILogger log, CancellationToken ct)
    {
        await using var db = AccountsContext.Create(store.Location);
        try
        {
            var claimed = await db.BulkExportJobs.Where(j => j.Id == jobId && j.Status == BulkExportStatus.Accepted)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Running), ct);
            if (claimed == 0)
            {
                return;
            }

            var at = clock.GetUtcNow();
            var files = await BulkExport.BuildAsync(store, pseudonymise, at, ct);
            var job = await db.BulkExportJobs.SingleAsync(j => j.Id == jobId, ct);
            db.BulkExportFiles.AddRange(files.Select((f, i) => new BulkExportFileRow { JobId = jobId, Index = i, Type = f.Type, Count = f.Count, Content = f.Ndjson }));
            job.Status = BulkExportStatus.Complete;
            job.TransactionTimeUtc = at;
            await db.SaveChangesAsync(ct);
        }
#pragma warning disable CA1031 // a job runs unobserved: whatever ends it must be recorded as its failure, or it would stay "running"
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failed(log, e, jobId);
            db.ChangeTracker.Clear();
            await db.BulkExportJobs.Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Failed).SetProperty(j => j.Failure, e.GetType().Name), CancellationToken.None);
        }
    }

    private static async Task<IResult> StatusAsync(string jobId, HttpRequest request, RequestStore r, AccountsContext db, CancellationToken ct)
    {
        if (await FindAsync(db, jobId, r.User, ct) is not { } job)
        {
            return NoSuchJob(jobId);
        }

        switch (job.Status)
        {
            case BulkExportStatus.Complete:
                var files = await db.BulkExportFiles.AsNoTracking().Where(f => f.JobId == jobId).OrderBy(f => f.Index)
                    .Select(f => new { f.Index, f.Type, f.Count }).ToListAsync(ct);
                var manifest = BulkExport.Manifest(job.TransactionTimeUtc!.Value, job.Request,
                    files.Select(f => (f.Type, StatusUrl(request, jobId) + "/" + f.Index.ToString(CultureInfo.InvariantCulture), f.Count)));
                return Results.Text(manifest, "application/json", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
            case BulkExportStatus.Failed:
                return Answer(FhirApi.Outcome(500, [Issue.Error(FhirIssues.ExportFailed, "$export", $"The export failed ({job.Failure}); nothing was kept. Start a new one.")]));
            default:
                request.HttpContext.Response.Headers["X-Progress"] = job.Status == BulkExportStatus.Running ? "reading the patients" : "waiting to start";
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status202Accepted);
        }
    }

    private static async Task<IResult> FileAsync(string jobId, int index, RequestStore r, AccountsContext db, CancellationToken ct)
    {
        if (await FindAsync(db, jobId, r.User, ct) is null
            || await db.BulkExportFiles.AsNoTracking().SingleOrDefaultAsync(f => f.JobId == jobId && f.Index == index, ct) is not { } file)
        {
            return NoSuchJob(jobId);
        }

        return Results.Bytes(file.Content, BulkExport.NdjsonMediaType);
    }

    private static async Task<IResult> DeleteAsync(string jobId, RequestStore r, AccountsContext db, CancellationToken ct)
    {
        if (await FindAsync(db, jobId, r.User, ct) is null)
        {
            return NoSuchJob(jobId);
        }

        await db.BulkExportJobs.Where(j => j.Id == jobId).ExecuteDeleteAsync(ct);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static Task<BulkExportJobRow?> FindAsync(AccountsContext db, string jobId, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = UserId(user);
        return db.BulkExportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.UserId == userId, ct);
    }

    private static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A signed-in user without an id.");

    private static IResult NoSuchJob(string jobId) =>
        Answer(FhirApi.Outcome(404, [Issue.Error(FhirIssues.NoSuchResource, "jobId", $"Expected the id of an export you started; found '{jobId}'.")]));

    private static string StatusUrl(HttpRequest request, string jobId) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir/bulk/{jobId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk export {JobId} failed")]
    private static partial void Failed(ILogger log, Exception e, string jobId);

    private static IResult Answer(FhirAnswer answer) => Results.Text(answer.Json, FhirAnswer.MediaType, System.Text.Encoding.UTF8, answer.Status);
}
