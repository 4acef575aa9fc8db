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
/// The Bulk Data <c>$export</c> flow (FHIR Bulk Data Access IG v2): <c>GET /fhir/Patient/$export</c> or <c>GET /fhir/Group/{id}/$export</c>
/// (a group is a study protocol's cohort, <see cref="BulkExport.Groups"/>) with <c>Prefer: respond-async</c> answers 202 with
/// <c>Content-Location</c> (the job's status URL); the status answers 202 with <c>X-Progress</c> while the job runs, then 200 with the
/// manifest; each file is NDJSON. The job and its files are rows of the accounts' database, so every instance answers status and files;
/// only the user who started a job sees it (anyone else gets 404). A job lives <see cref="BulkExportLimits.Lifetime"/> from its kick-off,
/// then expires: its files are deleted and its status and files answer 410 Gone (for another lifetime, then 404). A job not finished
/// <see cref="BulkExportLimits.Timeout"/> after its kick-off was interrupted (its instance stopped, or it overran): whichever instance
/// is asked first marks it failed (500, FHIR020), and the runner stops at the same deadline and keeps nothing. <c>DELETE</c> on the status
/// URL cancels a running job or deletes a finished one (202).
/// </summary>
internal static partial class BulkExportEndpoints
{
    public static void Map(RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Patient/$export", (HttpRequest request, RequestStore r, AccountsContext db, TimeProvider clock, IHostApplicationLifetime lifetime, ILoggerFactory logs, CancellationToken ct) =>
            KickOffAsync(request, r, db, clock, lifetime, logs, ct));
        fhir.MapGet("/Group/{groupId}/$export", (string groupId, HttpRequest request, RequestStore r, AccountsContext db, TimeProvider clock, IHostApplicationLifetime lifetime, ILoggerFactory logs, CancellationToken ct) =>
            BulkExport.CheckGroup(groupId) is { } unknown ? Task.FromResult(Answer(FhirApi.Outcome(404, [unknown]))) : KickOffAsync(request, r, db, clock, lifetime, logs, ct));
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

        var limits = await LimitsAsync(r.Store, ct);
        await ExpireAsync(db, limits, clock.GetUtcNow(), ct);
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
        _ = Task.Run(() => RunAsync(store, job.Id, job.Pseudonymised, clock, log, limits.Timeout, lifetime.ApplicationStopping), CancellationToken.None);
        request.HttpContext.Response.Headers.ContentLocation = StatusUrl(request, job.Id);
        return Results.Text(FhirApi.Outcome(202, [Issue.Information(FhirIssues.Accepted, "$export", $"Accepted: poll {StatusUrl(request, job.Id)}.")]).Json,
            FhirAnswer.MediaType, System.Text.Encoding.UTF8, StatusCodes.Status202Accepted);
    }

    // Claims the job (only one runner ever does), reads every patient until the job's deadline, and keeps the files and the completion in
    // one transaction — only if the job is still its to finish (not cancelled by a DELETE, not declared interrupted by another instance).
    private static async Task RunAsync(StromaStore store, string jobId, bool pseudonymise, TimeProvider clock, ILogger log, TimeSpan timeout, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        var ct = deadline.Token;
        await using var db = AccountsContext.Create(store.Location);
        try
        {
            var at = clock.GetUtcNow();
            var claimed = await db.BulkExportJobs.Where(j => j.Id == jobId && j.Status == BulkExportStatus.Accepted)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Running), ct);
            if (claimed == 0)
            {
                return;
            }

            var files = await BulkExport.BuildAsync(store, pseudonymise, at, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var finished = await db.BulkExportJobs.Where(j => j.Id == jobId && j.Status == BulkExportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Complete).SetProperty(j => j.TransactionTimeUtc, at), ct);
            if (finished == 0)
            {
                return; // cancelled or declared interrupted meanwhile: nothing is kept
            }

            db.BulkExportFiles.AddRange(files.Select((f, i) => new BulkExportFileRow { JobId = jobId, Index = i, Type = f.Type, Count = f.Count, Content = f.Ndjson }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
#pragma warning disable CA1031 // a job runs unobserved: whatever ends it must be recorded as its failure, or it would stay "running"
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failed(log, e, jobId);
            db.ChangeTracker.Clear();
            var why = e is OperationCanceledException ? Interrupted : e.GetType().Name;
            await db.BulkExportJobs.Where(j => j.Id == jobId && j.Status != BulkExportStatus.Complete)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Failed).SetProperty(j => j.Failure, why), CancellationToken.None);
        }
    }

    // The Failure of a job stopped by its deadline, by its instance's shutdown, or found unfinished past its deadline.
    private const string Interrupted = "interrupted";

    private static async Task<BulkExportLimits> LimitsAsync(StromaStore store, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in BulkExportLimits.Keys)
        {
            values[key] = await store.LoadSettingAsync(key, ct);
        }

        return BulkExportLimits.Read(k => values[k]);
    }

    // Any instance does the housekeeping of every job: files of jobs past their lifetime are deleted (the job stays, "expired", for another
    // lifetime so that its URLs answer 410), expired jobs past two lifetimes are deleted, and unfinished jobs past their deadline fail.
    private static async Task ExpireAsync(AccountsContext db, BulkExportLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        // Compared here, not in SQL: SQLite keeps DateTimeOffset as text, which EF Core cannot compare; the table holds only live jobs.
        var jobs = await db.BulkExportJobs.AsNoTracking().Select(j => new { j.Id, j.Status, j.RequestedAtUtc }).ToListAsync(ct);
        var expire = jobs.Where(j => j.Status != BulkExportStatus.Expired && j.RequestedAtUtc < now - limits.Lifetime).Select(j => j.Id).ToList();
        var forget = jobs.Where(j => j.RequestedAtUtc < now - (2 * limits.Lifetime)).Select(j => j.Id).ToList();
        var interrupted = jobs.Where(j => j.Status is BulkExportStatus.Accepted or BulkExportStatus.Running && j.RequestedAtUtc < now - limits.Timeout)
            .Select(j => j.Id).Except(expire).ToList();
        if (expire.Count > 0)
        {
            await db.BulkExportJobs.Where(j => expire.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Expired), ct);
            await db.BulkExportFiles.Where(f => expire.Contains(f.JobId)).ExecuteDeleteAsync(ct);
        }

        if (forget.Count > 0)
        {
            await db.BulkExportJobs.Where(j => forget.Contains(j.Id)).ExecuteDeleteAsync(ct);
        }

        if (interrupted.Count > 0)
        {
            await db.BulkExportJobs.Where(j => interrupted.Contains(j.Id) && (j.Status == BulkExportStatus.Accepted || j.Status == BulkExportStatus.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkExportStatus.Failed).SetProperty(j => j.Failure, Interrupted), ct);
        }
    }

    private static async Task<IResult> StatusAsync(string jobId, HttpRequest request, RequestStore r, AccountsContext db, TimeProvider clock, CancellationToken ct)
    {
        await ExpireAsync(db, await LimitsAsync(r.Store, ct), clock.GetUtcNow(), ct);
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
            case BulkExportStatus.Failed when job.Failure == Interrupted:
                return Answer(FhirApi.Outcome(500, [Issue.Error(FhirIssues.ExportInterrupted, "$export",
                    $"The export was interrupted: it was not finished by its deadline (the instance running it stopped, or it ran too long); nothing was kept. Start a new one.")]));
            case BulkExportStatus.Failed:
                return Answer(FhirApi.Outcome(500, [Issue.Error(FhirIssues.ExportFailed, "$export", $"The export failed ({job.Failure}); nothing was kept. Start a new one.")]));
            case BulkExportStatus.Expired:
                return Expired(jobId);
            default:
                request.HttpContext.Response.Headers["X-Progress"] = job.Status == BulkExportStatus.Running ? "reading the patients" : "waiting to start";
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status202Accepted);
        }
    }

    private static async Task<IResult> FileAsync(string jobId, int index, RequestStore r, AccountsContext db, TimeProvider clock, CancellationToken ct)
    {
        await ExpireAsync(db, await LimitsAsync(r.Store, ct), clock.GetUtcNow(), ct);
        var job = await FindAsync(db, jobId, r.User, ct);
        if (job?.Status == BulkExportStatus.Expired)
        {
            return Expired(jobId);
        }

        if (job is null
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

    private static IResult Expired(string jobId) =>
        Answer(FhirApi.Outcome(410, [Issue.Error(FhirIssues.ExportExpired, "jobId", $"The export {jobId} has expired: its files were deleted. Start a new one.")]));

    private static IResult NoSuchJob(string jobId) =>
        Answer(FhirApi.Outcome(404, [Issue.Error(FhirIssues.NoSuchResource, "jobId", $"Expected the id of an export you started; found '{jobId}'.")]));

    private static string StatusUrl(HttpRequest request, string jobId) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir/bulk/{jobId}";

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk export {JobId} failed")]
    private static partial void Failed(ILogger log, Exception e, string jobId);

    private static IResult Answer(FhirAnswer answer) => Results.Text(answer.Json, FhirAnswer.MediaType, System.Text.Encoding.UTF8, answer.Status);
}
