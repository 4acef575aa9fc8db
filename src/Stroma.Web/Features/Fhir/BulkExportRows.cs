using Microsoft.EntityFrameworkCore;
using Stroma.Web.Accounts;

namespace Stroma.Web.Features.Fhir;

/// <summary>A bulk <c>$export</c> job: kept in the database so that every instance answers its status and files.</summary>
public sealed class BulkExportJobRow
{
    /// <summary>The job's id (random, 32 hex digits), in its status URL.</summary>
    public required string Id { get; set; }

    /// <summary>The user who started it: the only one who may poll it or fetch its files.</summary>
    public required string UserId { get; set; }

    /// <summary>The kick-off URL (the manifest's <c>request</c>).</summary>
    public required string Request { get; set; }

    /// <summary>Whether the files are pseudonymised (the user may not see identity).</summary>
    public bool Pseudonymised { get; set; }

    /// <summary><see cref="BulkExportStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>When it was asked for.</summary>
    public DateTimeOffset RequestedAtUtc { get; set; }

    /// <summary>When its data were read (the manifest's <c>transactionTime</c>).</summary>
    public DateTimeOffset? TransactionTimeUtc { get; set; }

    /// <summary>Why it failed, if it did.</summary>
    public string? Failure { get; set; }
}

/// <summary>One NDJSON file of a finished job.</summary>
public sealed class BulkExportFileRow
{
    /// <summary>The job.</summary>
    public required string JobId { get; set; }

    /// <summary>The file's number in the manifest (0-based), in its URL.</summary>
    public int Index { get; set; }

    /// <summary>The resource type (OperationOutcome for errors).</summary>
    public required string Type { get; set; }

    /// <summary>How many resources it holds.</summary>
    public int Count { get; set; }

    /// <summary>The UTF-8 NDJSON.</summary>
    public required byte[] Content { get; set; }
}

/// <summary>The states of a job.</summary>
public static class BulkExportStatus
{
    public const string Accepted = "accepted";
    public const string Running = "running";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Expired = "expired";

    /// <summary>The tables, in the accounts' model (web state beside tokens and keys, outside the clinical audit trail).</summary>
    internal static void Configure(ModelBuilder builder)
    {
        builder.Entity<BulkExportJobRow>(e =>
        {
            e.ToTable("fhir_export_jobs");
            e.HasKey(j => j.Id);
            e.HasOne<StromaUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<BulkExportFileRow>(e =>
        {
            e.ToTable("fhir_export_files");
            e.HasKey(f => new { f.JobId, f.Index });
            e.HasOne<BulkExportJobRow>().WithMany().HasForeignKey(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
