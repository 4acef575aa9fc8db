using System.Globalization;
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

    /// <summary>The site's audit key: every entry is MAC'd with it; without it nothing can be written.</summary>
    public AuditKey? Key { get; set; }

    public DbSet<PatientRow> Patients => Set<PatientRow>();

    public DbSet<Identity.PatientIdentityRow> PatientIdentities => Set<Identity.PatientIdentityRow>();

    /// <summary>The identity store's own trail.</summary>
    public DbSet<Identity.PatientIdentityAuditRow> IdentityAudit => Set<Identity.PatientIdentityAuditRow>();

    /// <summary>Settings the administrator controls.</summary>
    public DbSet<Identity.SettingRow> Settings => Set<Identity.SettingRow>();

    public DbSet<TransplantRow> Transplants => Set<TransplantRow>();

    public DbSet<LabResultRow> LabResults => Set<LabResultRow>();

    public DbSet<RecordCorrectionRow> RecordCorrections => Set<RecordCorrectionRow>();

    public DbSet<PlasmaExchangeRow> PlasmaExchanges => Set<PlasmaExchangeRow>();

    public DbSet<InfusionRow> Infusions => Set<InfusionRow>();

    public DbSet<DrugRow> Drugs => Set<DrugRow>();

    public DbSet<ClinicalEventRow> ClinicalEvents => Set<ClinicalEventRow>();

    public DbSet<DerivedEgfrRow> DerivedEgfrs => Set<DerivedEgfrRow>();

    /// <summary>Each patient's assessment summary, kept in step with the course (<see cref="StoredAssessments"/>).</summary>
    public DbSet<PatientAssessmentRow> PatientAssessments => Set<PatientAssessmentRow>();

    // The patients whose course rows this context saved since its assessments were last refreshed.
    private readonly HashSet<string> _changedCourses = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes the stored assessment of every patient whose course this context changed again, in the current transaction: called by
    /// a write transaction just before it commits (<see cref="BeginWriteAsync"/>), so the summary commits with the change or not at all.
    /// </summary>
    internal async Task RefreshAssessmentsAsync(CancellationToken cancellationToken)
    {
        if (_changedCourses.Count == 0)
        {
            return;
        }

        var ids = _changedCourses.ToList();
        _changedCourses.Clear();
        await StoredAssessments.RefreshAsync(this, ids, cancellationToken);
    }

    public DbSet<RawFileRow> RawFiles => Set<RawFileRow>();

    /// <summary>Which raw input (form or file) each write of a record came from.</summary>
    public DbSet<RecordInputRow> RecordInputs => Set<RecordInputRow>();

    public DbSet<CellTherapy.SpecificationRow> Specifications => Set<CellTherapy.SpecificationRow>();

    public DbSet<CellTherapy.MscLotRow> Lots => Set<CellTherapy.MscLotRow>();

    public DbSet<CellTherapy.BagRow> Bags => Set<CellTherapy.BagRow>();

    public DbSet<CellTherapy.ReleaseResultRow> ReleaseResults => Set<CellTherapy.ReleaseResultRow>();

    public DbSet<CellTherapy.CustodyEventRow> CustodyEvents => Set<CellTherapy.CustodyEventRow>();

    public DbSet<CellTherapy.AdverseEventRow> AdverseEvents => Set<CellTherapy.AdverseEventRow>();

    public DbSet<CellTherapy.VitalSignsRow> VitalSigns => Set<CellTherapy.VitalSignsRow>();

    public DbSet<CellTherapy.BiopsyRow> Biopsies => Set<CellTherapy.BiopsyRow>();

    public DbSet<Proteome.AnalyteResultRow> AnalyteResults => Set<Proteome.AnalyteResultRow>();

    public DbSet<Proteome.ArrayRunRow> ArrayRuns => Set<Proteome.ArrayRunRow>();

    /// <summary>STR samples analysed against a patient.</summary>
    public DbSet<Str.StrSampleRow> StrSamples => Set<Str.StrSampleRow>();

    /// <summary>Chimerism results per contributor.</summary>
    public DbSet<Str.ChimerismRow> Chimerism => Set<Str.ChimerismRow>();

    /// <summary>Reviews of kept STR samples' calls (append-only).</summary>
    public DbSet<Str.StrCallReviewRow> StrCallReviews => Set<Str.StrCallReviewRow>();

    public DbSet<AuditEntryRow> AuditEntries => Set<AuditEntryRow>();

    public DbSet<AuditHeadRow> AuditHead => Set<AuditHeadRow>();

    /// <summary>
    /// Keys a trail the first time the site's key meets it (trust on first use): a trail written before keys existed gets an
    /// attestation entry naming its head as found; then every row the trail does not account for — rows seeded by migrations
    /// (the built-in specification), or changed by them, or an identity recorded in clear by an earlier version — gets a
    /// "baseline" entry with its image as found. From then on every entry carries a MAC and every row is accounted for. Does
    /// nothing for a keyed trail.
    /// </summary>
    internal async Task KeyTrailAsync(bool mayAttest, CancellationToken cancellationToken)
    {
        if (Key is null || await AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken) is { KeyId: not null })
        {
            return;
        }

        await using var transaction = await BeginWriteAsync(cancellationToken);
        var head = await AuditHead.SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
        if (head?.KeyId is null)
        {
            // Attesting what is found (trust on first use) is for a trail keyed for the first time with a key made for it. Otherwise
            // only an empty database is keyed here: a head without a key id, or rows or entries without a head, mean a trail that was
            // stripped or wiped, and verify must report them rather than a new baseline certify them (checked before the scan of
            // every table, which such a database would otherwise pay on every opening).
            if (!mayAttest && (head is not null || await AuditEntries.AnyAsync(cancellationToken)))
            {
                await transaction.RollbackAsync(cancellationToken);
                return;
            }

            var mismatches = await AuditVerifier.MismatchesAsync(this, Key, cancellationToken);
            // A new database's rows seeded by the migrations (the built-in specification) are not found by the trail and are attested.
            var design = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>(this).Model;
            var onlySeeds = mismatches.All(m => m.Row is not null && design.FindEntityType(m.Type.Name)?.GetSeedData().Any() == true)
                && mismatches.Count <= design.GetEntityTypes().Sum(t => t.GetSeedData().Count());
            if (!mayAttest && !onlySeeds)
            {
                await transaction.RollbackAsync(cancellationToken);
                return;
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var (sequence, previous) = (head?.Sequence ?? 0, head?.Hash ?? AuditChain.Genesis);
            if (head is not null)
            {
                var attestation = AuditChain.Attestation(++sequence, at, Actor, head.Sequence, head.Hash, Key, previous);
                AuditEntries.Add(attestation);
                previous = attestation.Hash;
            }

            foreach (var mismatch in mismatches)
            {
                var entry = new AuditEntryRow
                {
                    Sequence = ++sequence, AtUtc = at, Actor = Actor, TableName = mismatch.Type.GetTableName()!, EntityKey = mismatch.Key,
                    Action = mismatch.Row is null ? "delete" : "baseline",
                    Before = mismatch.Row is null ? KeyImage(mismatch) : null,
                    After = mismatch.Row is null ? null : Image(mismatch.Row),
                    PreviousHash = previous, Hash = string.Empty,
                };
                AuditChain.Seal(entry, Key);
                AuditEntries.Add(entry);
                previous = entry.Hash;
            }

            if (head is null)
            {
                head = new AuditHeadRow { Id = 1, Sequence = 0, Hash = AuditChain.Genesis };
                AuditHead.Add(head);
            }

            (head.Sequence, head.Hash, head.KeyId) = (sequence, previous, Key.Id);
            head.DatabaseId ??= Guid.NewGuid().ToString("N");
            head.Mac = AuditChain.HeadMac(head, Key);
            await base.SaveChangesAsync(true, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // The image of a row as it is, without tracking it (a detached entry reads its values).
    private string Image(object row)
    {
        var entry = Entry(row);
        return row is IKeptOutOfTheTrail redacted ? redacted.TrailImage(Key!, name => entry.CurrentValues[name]) : RowSnapshot.Of(entry, original: false);
    }

    // A row recorded in the trail but absent: its key columns, so that replaying the trail removes it.
    private static string KeyImage(TrailMismatch mismatch)
    {
        var names = mismatch.Type.FindPrimaryKey()!.Properties.Select(p => p.Name).ToList();
        var parts = mismatch.Key.Split('|');
        return System.Text.Json.JsonSerializer.Serialize(names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i < parts.Length ? parts[x.i] : string.Empty));
    }

    /// <summary>Whether the database protects the trail (triggers; on PostgreSQL a role that cannot change or remove entries), as issues.</summary>
    internal abstract Task<IReadOnlyList<Core.Diagnostics.Issue>> CheckProtectionsAsync(CancellationToken cancellationToken);

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
        return new WriteTransaction(this, transaction);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && StoredAssessments.CoursePatientOf(entry.Entity) is { } patientId)
            {
                _changedCourses.Add(patientId);
            }
        }

        var changes = ChangeTracker.Entries()
            .Where(e => e.Entity is not AuditEntryRow and not AuditHeadRow and not IOwnTrail and not IRecomputed && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .OrderBy(e => e.State switch { EntityState.Deleted => 0, EntityState.Modified => 1, _ => 2 }) // a replacement reads as delete, then insert
            .ToList();
        if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Key is null)
        {
            throw new AuditKeyException(AuditIssues.KeyMissing,
                $"No audit key: nothing can be written to this database without one (set {AuditKey.FileVariable} to the site's key file, or {AuditKey.ValueVariable}).");
        }

        var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await LockAuditChainAsync(cancellationToken);
            var head = await AuditHead.SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
            if (head?.KeyId is { } keyId && keyId != Key.Id)
            {
                throw new AuditKeyException(AuditIssues.KeyMalformed,
                    $"The audit key given (id {Key.Id}) is not the key this trail is written with (id {keyId}): nothing was written.");
            }

            // Opening the store keys every trail that may be keyed (a new database, or one from before keys with a key made for it).
            // A write that finds no head, or one without a key id, finds a trail wiped or stripped of its MACs: writing would sign
            // over the tampering, so nothing is written and verify is the next step.
            if (head?.KeyId is null)
            {
                throw new AuditKeyException(AuditIssues.NotIntact,
                    $"Expected an audit trail keyed under key {Key.Id}; its head {(head is null ? "is missing" : "carries no key id")}: the trail was wiped or stripped of its MACs outside Stroma. Nothing was written; run stroma audit verify and restore the database from a verified backup.");
            }

            var sequence = head.Sequence;
            var previous = head.Hash;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var entries = new List<AuditEntryRow>();

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
                AuditChain.Seal(entry, Key);
                previous = entry.Hash;
                entries.Add(entry);
            }

            AuditEntries.AddRange(entries);
            (head.Sequence, head.Hash) = (sequence, previous);
            head.Mac = AuditChain.HeadMac(head, Key);

            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (owned is not null)
            {
                await RefreshAssessmentsAsync(cancellationToken);
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
        Course.CourseModel.Configure(modelBuilder);
        Identity.IdentityModel.Configure(modelBuilder);
        Stroma.Storage.RawFiles.RawFilesModel.Configure(modelBuilder);
        Proteome.ProteomeModel.Configure(modelBuilder);
        CellTherapy.CellTherapyModel.Configure(modelBuilder);
        Str.StrModel.Configure(modelBuilder);
        Audit.AuditModel.Configure(modelBuilder);
        Accounts.AccountsModel.Configure(modelBuilder);
        Signatures.SignaturesModel.Configure(modelBuilder);
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("|", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    // What the trail records of a row: every column (bytes by their hash), or for a row that must stay erasable (a patient's
    // identity) only its opaque reference and the keyed hash of its content.
    private string Snapshot(EntityEntry entry, bool original) =>
        entry.Entity is IKeptOutOfTheTrail redacted
            ? redacted.TrailImage(Key!, name => original ? entry.OriginalValues[name] : entry.CurrentValues[name])
            : RowSnapshot.Of(entry, original);
}

/// <summary>The SQLite flavour (embedded default).</summary>
public sealed class SqliteStromaContext(DbContextOptions<SqliteStromaContext> options) : StromaContext(options)
{
    /// <summary>The triggers that keep the trail append-only and its head moving forward.</summary>
    public static readonly IReadOnlyList<string> ProtectingTriggers = ["audit_entries_no_update", "audit_entries_no_delete", "audit_head_forward_only", "audit_head_no_delete", "patient_identity_audit_no_update", "patient_identity_audit_no_delete"];

    internal override async Task<IReadOnlyList<Core.Diagnostics.Issue>> CheckProtectionsAsync(CancellationToken cancellationToken)
    {
        var present = await Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger'").ToListAsync(cancellationToken);
        return [.. ProtectingTriggers.Where(t => !present.Contains(t)).Select(t => new Core.Diagnostics.Issue(AuditIssues.Unprotected, Core.Diagnostics.Severity.Error,
            $"The trigger {t} that protects the audit trail is missing: it was dropped outside Stroma, so entries or the head could have been changed without a trace in the database.", "sqlite triggers"))];
    }

    // EF Core serialises SQLite migrations itself (its migrations lock table, under SQLite's write lock).
    internal override Task MigrateOneAtATimeAsync(CancellationToken cancellationToken) => Database.MigrateAsync(cancellationToken);

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The PostgreSQL flavour (multi-site).</summary>
public sealed class PostgresStromaContext(DbContextOptions<PostgresStromaContext> options) : StromaContext(options)
{
    /// <summary>The advisory-lock key that serialises audit-chain writers.</summary>
    public const long AuditLockKey = 0x5354524F4D41; // "STROMA"

    /// <summary>The triggers that keep the trail append-only and its head moving forward.</summary>
    public static readonly IReadOnlyList<string> ProtectingTriggers = ["audit_entries_no_change", "audit_entries_no_truncate", "audit_head_forward_only", "audit_head_no_truncate", "patient_identity_audit_no_change", "patient_identity_audit_no_truncate"];

    // The triggers, and a connection that cannot go around them: not a superuser, not the owner of the trail's tables (an owner can
    // disable triggers; a superuser can set session_replication_role = replica), and without UPDATE, DELETE or TRUNCATE on entries.
    internal override async Task<IReadOnlyList<Core.Diagnostics.Issue>> CheckProtectionsAsync(CancellationToken cancellationToken)
    {
        var issues = new List<Core.Diagnostics.Issue>();
        var present = await Database.SqlQueryRaw<string>("SELECT tgname AS \"Value\" FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'").ToListAsync(cancellationToken);
        issues.AddRange(ProtectingTriggers.Where(t => !present.Contains(t)).Select(t => new Core.Diagnostics.Issue(AuditIssues.Unprotected, Core.Diagnostics.Severity.Error,
            $"The trigger {t} that protects the audit trail is missing or disabled: entries or the head could have been changed without a trace in the database.", "postgresql triggers")));
        var rights = await Database.SqlQueryRaw<string>("""
            SELECT concat_ws(',',
                CASE WHEN r.rolsuper THEN 'superuser' END,
                CASE WHEN pg_has_role(current_user, t.tableowner, 'USAGE') THEN 'owner' END,
                CASE WHEN has_table_privilege(current_user, 'audit_entries', 'UPDATE') THEN 'update' END,
                CASE WHEN has_table_privilege(current_user, 'audit_entries', 'DELETE') THEN 'delete' END,
                CASE WHEN has_table_privilege(current_user, 'audit_entries', 'TRUNCATE') THEN 'truncate' END) AS "Value"
            FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'audit_entries'
            """).ToListAsync(cancellationToken);
        if (rights.FirstOrDefault() is { Length: > 0 } held)
        {
            issues.Add(new Core.Diagnostics.Issue(AuditIssues.Unprotected, Core.Diagnostics.Severity.Warning,
                $"This connection's role can go around the trail's protections ({held}): run Stroma as an application role that can only insert into the trail, with the schema owned by another role (README: PostgreSQL roles).", "postgresql role"));
        }

        return issues;
    }

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
