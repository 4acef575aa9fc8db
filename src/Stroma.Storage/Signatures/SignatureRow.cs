using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.Signatures;

/// <summary>
/// An electronic signature as stored: append-only (triggers on SQLite, no UPDATE or DELETE for the application role on PostgreSQL) and
/// audited like every row, so <c>audit verify</c> proves it. It names its record by table, patient and id and binds to it by the
/// SHA-256 of the record's canonical content (<see cref="RecordContent"/>).
/// </summary>
public sealed class SignatureRow
{
    /// <summary>A key made before the save (a database-generated one would enter the audit trail as a temporary value).</summary>
    public required string Id { get; set; }

    public required string SignerUserName { get; set; }

    public required string SignerFullName { get; set; }

    public DateTimeOffset SignedAtUtc { get; set; }

    /// <summary>The signer's offset from UTC when signing, in minutes (PostgreSQL's timestamptz keeps none).</summary>
    public int SignedAtOffsetMinutes { get; set; }

    /// <summary><c>review</c>, <c>approval</c>, <c>release</c> or <c>authorship</c>.</summary>
    public required string Meaning { get; set; }

    /// <summary>The table of the signed record (<c>lab_results</c>, <c>msc_lots</c> ...).</summary>
    public required string TableName { get; set; }

    /// <summary>The patient of a patient's record; null for a lot.</summary>
    public string? PatientId { get; set; }

    public required string RecordId { get; set; }

    /// <summary>SHA-256 (lower-case hex) of the record's canonical content as signed.</summary>
    public required string ContentHash { get; set; }
}

/// <summary>The EF Core configuration of signatures.</summary>
internal static class SignaturesModel
{
    /// <summary>The table's name.</summary>
    public const string Table = "electronic_signatures";

    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<SignatureRow>(e =>
        {
            e.ToTable(Table);
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.HasIndex(p => new { p.TableName, p.PatientId, p.RecordId });
        });
}
