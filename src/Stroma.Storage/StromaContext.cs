using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Stroma.Storage.Audit;
using Stroma.Storage.Course;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage;

/// <summary>
/// The one EF Core model for SQLite and PostgreSQL. Every save writes its audit entries in the same transaction, chained by hashes.
/// Each provider has its own subclass so that each keeps its own migrations.
/// </summary>
public abstract class StromaContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Who is making the changes; recorded in every audit entry.</summary>
    public string Actor { get; set; } = "unknown";

    public DbSet<PatientRow> Patients => Set<PatientRow>();

    public DbSet<PatientIdentityRow> PatientIdentities => Set<PatientIdentityRow>();

    public DbSet<TransplantRow> Transplants => Set<TransplantRow>();

    public DbSet<LabResultRow> LabResults => Set<LabResultRow>();

    public DbSet<PlasmaExchangeRow> PlasmaExchanges => Set<PlasmaExchangeRow>();

    public DbSet<InfusionRow> Infusions => Set<InfusionRow>();

    public DbSet<DrugRow> Drugs => Set<DrugRow>();

    public DbSet<ClinicalEventRow> ClinicalEvents => Set<ClinicalEventRow>();

    public DbSet<DerivedEgfrRow> DerivedEgfrs => Set<DerivedEgfrRow>();

    public DbSet<RawFileRow> RawFiles => Set<RawFileRow>();

    public DbSet<CellTherapy.SpecificationRow> Specifications => Set<CellTherapy.SpecificationRow>();

    public DbSet<CellTherapy.MscLotRow> Lots => Set<CellTherapy.MscLotRow>();

    public DbSet<CellTherapy.BagRow> Bags => Set<CellTherapy.BagRow>();

    public DbSet<CellTherapy.ReleaseResultRow> ReleaseResults => Set<CellTherapy.ReleaseResultRow>();

    public DbSet<CellTherapy.CustodyEventRow> CustodyEvents => Set<CellTherapy.CustodyEventRow>();

    public DbSet<CellTherapy.AdverseEventRow> AdverseEvents => Set<CellTherapy.AdverseEventRow>();

    public DbSet<CellTherapy.VitalSignsRow> VitalSigns => Set<CellTherapy.VitalSignsRow>();

    public DbSet<CellTherapy.BiopsyRow> Biopsies => Set<CellTherapy.BiopsyRow>();

    public DbSet<Proteome.AnalyteResultRow> AnalyteResults => Set<Proteome.AnalyteResultRow>();

    /// <summary>STR samples analysed against a patient.</summary>
    public DbSet<Str.StrSampleRow> StrSamples => Set<Str.StrSampleRow>();

    /// <summary>Chimerism results per contributor.</summary>
    public DbSet<Str.ChimerismRow> Chimerism => Set<Str.ChimerismRow>();

    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    public DbSet<AuditHeadRow> AuditHead => Set<AuditHeadRow>();

    /// <summary>Creates or migrates the schema, one process at a time (several processes may open a fresh database at once).</summary>
    internal abstract Task MigrateOneAtATimeAsync(CancellationToken cancellationToken);

    /// <summary>Serialises writers to the audit chain (PostgreSQL takes an advisory lock; SQLite's write lock already does).</summary>
    protected abstract Task LockAuditChainAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction that holds the writers' lock from its first read to its commit, so that a check and the write it allows see
    /// one state (two infusions of one bag cannot both pass the gate): SQLite begins IMMEDIATE, taking the database's write lock before
    /// any read; PostgreSQL takes the audit chain's advisory lock, which every writer takes before writing.
    /// </summary>
    internal async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await LockAuditChainAsync(cancellationToken);
        return transaction;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changes = ChangeTracker.Entries()
            .Where(e => e.Entity is not AuditEntryRow and not AuditHeadRow && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .OrderBy(e => e.State switch { EntityState.Deleted => 0, EntityState.Modified => 1, _ => 2 }) // a replacement reads as delete, then insert
            .ToList();
        if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await LockAuditChainAsync(cancellationToken);
            var head = await AuditHead.SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
            var sequence = head?.Sequence ?? 0;
            var previous = head?.Hash ?? AuditChain.Genesis;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            foreach (var change in changes)
            {
                var entry = new AuditEntryRow
                {
                    Sequence = ++sequence,
                    AtUtc = at,
                    Actor = Actor,
                    TableName = change.Metadata.GetTableName() ?? change.Metadata.ClrType.Name,
                    EntityKey = KeyOf(change),
                    Action = change.State.ToString().ToUpperInvariant() switch { "ADDED" => "insert", "MODIFIED" => "update", _ => "delete" },
                    Before = change.State == EntityState.Added ? null : Snapshot(change, original: true),
                    After = change.State == EntityState.Deleted ? null : Snapshot(change, original: false),
                    PreviousHash = previous,
                    Hash = string.Empty,
                };
                entry.Hash = AuditChain.HashOf(entry);
                previous = entry.Hash;
                AuditEntries.Add(entry);
            }

            if (head is null)
            {
                AuditHead.Add(new AuditHeadRow { Id = 1, Sequence = sequence, Hash = previous });
            }
            else
            {
                head.Sequence = sequence;
                head.Hash = previous;
            }

            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PatientRow>(e =>
        {
            e.ToTable("patients");
            e.HasKey(p => p.Id);
        });
        modelBuilder.Entity<PatientIdentityRow>(e =>
        {
            e.ToTable("patient_identities");
            e.HasKey(p => p.PatientId);
            e.HasOne<PatientRow>().WithOne().HasForeignKey<PatientIdentityRow>(p => p.PatientId);
        });
        modelBuilder.Entity<TransplantRow>(e =>
        {
            e.ToTable("transplants");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<LabResultRow>(e =>
        {
            e.ToTable("lab_results");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
            e.HasIndex(p => new { p.PatientId, p.Analyte });
        });
        modelBuilder.Entity<PlasmaExchangeRow>(e =>
        {
            e.ToTable("plasma_exchanges");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<InfusionRow>(e =>
        {
            e.ToTable("msc_infusions");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<DrugRow>(e =>
        {
            e.ToTable("drugs");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<ClinicalEventRow>(e =>
        {
            e.ToTable("clinical_events");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<DerivedEgfrRow>(e =>
        {
            e.ToTable("derived_egfr");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<LabResultRow>().WithMany().HasForeignKey(p => new { p.PatientId, p.CreatinineLabId });
        });
        modelBuilder.Entity<RawFileRow>(e =>
        {
            e.ToTable("raw_files");
            e.HasKey(p => p.Sha256);
        });
        modelBuilder.Entity<Proteome.AnalyteResultRow>(e =>
        {
            e.ToTable("analyte_results");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
        });
        CellTherapy.CellTherapyModel.Configure(modelBuilder);
        modelBuilder.Entity<Str.StrSampleRow>(e =>
        {
            e.ToTable("str_samples");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.FileSha256);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.LadderSha256).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Str.ChimerismRow>(e =>
        {
            e.ToTable("chimerism_results");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<Str.StrSampleRow>().WithMany().HasForeignKey(p => p.SampleId);
            e.HasOne<Str.StrSampleRow>().WithMany().HasForeignKey(p => p.ReferenceSampleId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<AuditEntryRow>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(p => p.Sequence);
            e.Property(p => p.Sequence).ValueGeneratedNever();
        });
        modelBuilder.Entity<AuditHeadRow>(e =>
        {
            e.ToTable("audit_head");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
        });
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("|", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    // Byte contents are summarised by hash and length: the audit says which bytes, the raw_files table keeps them.
    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[property.Metadata.Name] = value is byte[] bytes
                ? string.Create(CultureInfo.InvariantCulture, $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))} ({bytes.Length} bytes)")
                : value;
        }

        return JsonSerializer.Serialize(values);
    }
}

/// <summary>The SQLite flavour (embedded default).</summary>
public sealed class SqliteStromaContext(DbContextOptions<SqliteStromaContext> options) : StromaContext(options)
{
    // EF Core serialises SQLite migrations itself (its migrations lock table, under SQLite's write lock).
    internal override Task MigrateOneAtATimeAsync(CancellationToken cancellationToken) => Database.MigrateAsync(cancellationToken);

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The PostgreSQL flavour (multi-site).</summary>
public sealed class PostgresStromaContext(DbContextOptions<PostgresStromaContext> options) : StromaContext(options)
{
    /// <summary>The advisory-lock key that serialises audit-chain writers.</summary>
    public const long AuditLockKey = 0x5354524F4D41; // "STROMA"

    /// <summary>The advisory-lock key that serialises schema migrations.</summary>
    public const long MigrationLockKey = 0x5354524F4D42;

    // A session-level advisory lock around the migration: four processes opening a fresh database at once take turns, and the
    // later ones find the schema in place.
    internal override async Task MigrateOneAtATimeAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [MigrationLockKey], cancellationToken);
            try
            {
                await Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [MigrationLockKey], CancellationToken.None);
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AuditLockKey], cancellationToken);
}
