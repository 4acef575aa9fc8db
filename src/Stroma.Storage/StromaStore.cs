using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Audit;
using Stroma.Storage.Course;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage;

/// <summary>The schema needs migrating and this connection may not do it (an environment failure: the operator runs db migrate).</summary>
public sealed class StoreSchemaException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreSchemaException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreSchemaException(string message)
        : base(message)
    {
    }
}

/// <summary>How a store is opened.</summary>
public enum StoreOpening
{
    /// <summary>The database must exist and hold Stroma's schema (commands that read or add to existing records).</summary>
    Existing,

    /// <summary>The database is created when missing (commands that can add the first record: demo, import course, import lot).</summary>
    CreateIfMissing,
}

/// <summary>Stable issue codes for opening a store.</summary>
public static class StoreIssues
{
    /// <summary>The SQLite file does not exist.</summary>
    public const string NotFound = "DB001";

    /// <summary>The file or database holds no Stroma schema.</summary>
    public const string NotStroma = "DB002";

    /// <summary>A patient's stored assessment is missing, stale, or differs from a fresh assessment of the course (<c>db reassess --check</c>).</summary>
    public const string StoredAssessmentDiffers = "DB003";
}

/// <summary>The registry-wide assessment: how many patients, how many could be assessed, and how many answered yes.</summary>
/// <param name="Patients">Patients read.</param>
/// <param name="Assessed">Patients with a day 0, assessed.</param>
/// <param name="TargetMetWithoutPlasmapheresis">Of those, how many held the target without plasmapheresis.</param>
/// <param name="PlasmapheresisIndependent">Of those, how many were plasmapheresis-independent.</param>
public sealed record RegistryAssessment(int Patients, int Assessed, int TargetMetWithoutPlasmapheresis, int PlasmapheresisIndependent)
{
    /// <summary>Patients with an infusion whose stored data could not be assessed, in id order, each with the issues that say why.</summary>
    public IReadOnlyList<PatientNotAssessed> NotAssessed { get; init; } = [];

    /// <summary>Patients assessed without some of their stored records (dated before birth, beyond the oldest age, impossible values), in id order, each with the records left out.</summary>
    public IReadOnlyList<PatientNotAssessed> RecordsLeftOut { get; init; } = [];

    /// <summary>Patients without an MSC infusion (no day 0, so nothing to assess yet), in id order.</summary>
    public IReadOnlyList<string> WithoutInfusion { get; init; } = [];
}

/// <summary>A patient the registry-wide assessment could not assess, and why.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Issues">The assessment's issues (the errors, and the records left out).</param>
public sealed record PatientNotAssessed(string PatientId, IReadOnlyList<Issue> Issues);

/// <summary>
/// Task-shaped access to Stroma's data on SQLite or PostgreSQL. Every write is one transaction with its audit entries;
/// a rejected import writes nothing.
/// </summary>
public sealed partial class StromaStore
{
    private StromaStore(StoreLocation location, string actor, AuditKey? key)
    {
        Location = location;
        Actor = actor;
        Key = key;
    }

    /// <summary>Where the data lives.</summary>
    public StoreLocation Location { get; }

    /// <summary>Who is acting; recorded in the audit trail.</summary>
    public string Actor { get; }

    /// <summary>The site's audit key, or null: without it the store can be read and verified (MACs unchecked) but not written.</summary>
    public AuditKey? Key { get; }

    /// <summary>The same store acting for someone else (the CLI's checked --as; the web app's signed-in account).</summary>
    public StromaStore WithActor(string actor) => new(Location, actor, Key);

    /// <summary>A setting's value, or null.</summary>
    public async Task<string?> LoadSettingAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Sets a setting (audited); on PostgreSQL only the schema owner may (the application role cannot write settings).</summary>
    public Task<int> SaveSettingAsync(string key, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
            if (row is null)
            {
                db.Settings.Add(new Identity.SettingRow { Key = key, Value = value });
            }
            else
            {
                row.Value = value;
            }

            return await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Whether a patient exists.</summary>
    public async Task<bool> PatientExistsAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken);
    }

    /// <summary>The ids of all patients.</summary>
    public async Task<IReadOnlyList<string>> ListPatientsAsync(CancellationToken cancellationToken = default)
    {
        // A plain query on a plain connection: commands that only list (assess --all, registry) need no EF services or model.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\" FROM patients ORDER BY \"Id\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The primary disease of each of these patients that is stored, by patient id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LoadPrimaryDiseasesAsync(IReadOnlyCollection<string> patientIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        var ids = patientIds.ToList();
        await using var db = Context();
        return await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PrimaryDisease, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// Stores a new patient with the whole course, and the identity apart, in one transaction. Refused whole (nothing written) when
    /// the patient is already stored, or when an infusion names a lot held here: such an infusion goes through the infusion gate
    /// (<see cref="RecordInfusionAsync"/>), never around it. An infusion from a lot held elsewhere is kept as history with a warning
    /// that nothing was checked.
    /// </summary>
    /// <param name="course">The course.</param>
    /// <param name="identity">The identifying fields, kept apart from the pseudonymous record.</param>
    /// <param name="source">Where the course came from, for issue locations (a file name).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<ReadResult<PatientCourse>> SaveCourseAsync(PatientCourse course, PatientIdentity? identity = null, string source = "course", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        return await WriteAsync(async db =>
        {
            var id = course.Patient.Id;
            var issues = new List<Issue>();
            if (PatientIds.Check(id, $"{source} $.patient.id", CourseJsonIssues.BadValue) is { } badId)
            {
                return ReadResult.Failed<PatientCourse>([badId]);
            }

            if (await db.Patients.AnyAsync(p => p.Id == id, cancellationToken))
            {
                issues.Add(Issue.Error(CourseJsonIssues.DuplicateId, $"{source} $.patient.id", $"Expected a new patient; '{id}' is already stored in {Location} (add records with import labs, infusion record or import safety)."));
            }

            issues.AddRange(await InfusionsInADocumentAsync(db, [.. course.Infusions.Select((x, i) => (x, $"{source} $.infusions[{i}]"))],
                " (release, expiry, patient and custody checks), not in a course document", "the course", cancellationToken));

            if (issues.Any(i => i.Severity == Severity.Error))
            {
                return ReadResult.Failed<PatientCourse>(issues);
            }

            db.Patients.Add(CourseRows.ToRow(course.Patient));
            if (identity is not null)
            {
                await AddIdentityAsync(db, identity, cancellationToken);
            }

            db.Transplants.AddRange(course.Patient.Transplants.Select((t, i) => new TransplantRow { Id = $"{id}-tx{i + 1}", PatientId = id, Date = t.Date, DonorType = t.DonorType.ToString() }));
            db.LabResults.AddRange(course.Labs.Select(l => CourseRows.ToRow(id, l)));
            db.PlasmaExchanges.AddRange(course.Sessions.Select(s => CourseRows.ToRow(id, s)));
            db.Infusions.AddRange(course.Infusions.Select(i => CourseRows.ToRow(id, i)));
            db.Drugs.AddRange(course.Drugs.Select(d => CourseRows.ToRow(id, d)));
            db.ClinicalEvents.AddRange(course.Events.Select(e => CourseRows.ToRow(id, e)));
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(course, issues);
        }, cancellationToken);
    }

    /// <summary>Loads a patient's course, or null when there is no such patient.</summary>
    public async Task<PatientCourse?> LoadCourseAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await StoredAssessments.LoadCourseAsync(db, patientId, cancellationToken);
    }

    // Infusions arriving in a document (a course, a FHIR bundle) rather than through the infusion gate: one from a lot held here is
    // refused (it must pass the gate's release, expiry, patient and custody checks one by one); one from a lot held elsewhere is kept
    // as history, with a warning that nothing was checked.
    private static async Task<IReadOnlyList<Issue>> InfusionsInADocumentAsync(
        StromaContext db, IReadOnlyList<(Core.Course.MscInfusion Infusion, string Location)> infusions, string gateDetail, string document, CancellationToken cancellationToken)
    {
        var lots = infusions.Select(i => i.Infusion.LotId).Distinct().ToList();
        var held = await db.Lots.Where(l => lots.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken);
        return [.. infusions.Select(x => held.Contains(x.Infusion.LotId)
            ? Issue.Error(Core.CellProducts.CustodyIssues.BypassesGate, x.Location,
                $"Expected infusions from lot {x.Infusion.LotId}, which is held here, to be recorded one by one through the infusion gate{gateDetail}; found {x.Infusion.Id} in {document}.")
            : Issue.Warning(Core.CellProducts.CustodyIssues.Unchecked, x.Location,
                $"Lot {x.Infusion.LotId} is not held here: infusion {x.Infusion.Id} is kept as history, without release, expiry, patient or custody checks."))];
    }

    // Keeps the raw input the write came from (once, under its SHA-256) and links every record it wrote to it, one row per record and
    // write; the caller's SaveChanges writes them with the records. No input (a write that has none, such as the demo's): nothing.
    private async Task KeepInputAsync(StromaContext db, Core.RawInput? input, string mediaType, string action, IEnumerable<(string Table, string Key)> records, CancellationToken cancellationToken)
    {
        if (input is null)
        {
            return;
        }

        await AddRawFilesAsync(db, [input], mediaType, cancellationToken);
        var at = DateTimeOffset.UtcNow;
        db.RecordInputs.AddRange(records.Distinct().Select(r => new RecordInputRow
        {
            Id = Guid.NewGuid().ToString("N"), TableName = r.Table, RecordKey = r.Key, Action = action, SourceSha256 = input.Sha256, Actor = Actor, AtUtc = at,
        }));
    }

    /// <summary>The raw inputs a record was written from (its form, each amendment's, the file it was imported from), oldest first.</summary>
    public async Task<IReadOnlyList<RecordInput>> LoadRecordInputsAsync(string table, string recordKey, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.RecordInputs.AsNoTracking().Where(r => r.TableName == table && r.RecordKey == recordKey)
            .Join(db.RawFiles, r => r.SourceSha256, f => f.Sha256, (r, f) => new { r.Action, r.SourceSha256, f.FileName, f.MediaType, f.Length, r.Actor, r.AtUtc })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.AtUtc).Select(r => new RecordInput(r.Action, r.FileName, r.MediaType, r.Length, r.SourceSha256, r.Actor, r.AtUtc))];
    }

    // Adds the raw files not stored yet, each content once under its SHA-256; the caller's SaveChanges writes them with the rest.
    private static async Task<int> AddRawFilesAsync(StromaContext db, IReadOnlyList<Core.RawInput> files, string mediaType, CancellationToken cancellationToken)
    {
        var bySha = files.GroupBy(f => f.Sha256).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var shas = bySha.Keys.ToList();
        var present = await db.RawFiles.Where(f => shas.Contains(f.Sha256)).Select(f => f.Sha256).ToListAsync(cancellationToken);
        var added = bySha.Where(f => !present.Contains(f.Key)).Select(f => new RawFileRow
        {
            Sha256 = f.Key, FileName = f.Value.Name, MediaType = mediaType, Length = f.Value.Bytes.Length, Content = f.Value.Bytes, StoredAtUtc = DateTimeOffset.UtcNow,
        }).ToList();
        db.RawFiles.AddRange(added);
        return added.Count;
    }

    /// <summary>The raw bytes stored under a SHA-256, or null.</summary>
    public async Task<byte[]?> LoadRawFileAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.RawFiles.Where(f => f.Sha256 == sha256).Select(f => f.Content).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Brings a patient's stored derived eGFR values in line with a new assessment, each with its equation, version and inputs: only
    /// what changed is written (a value no longer derived is removed, a new or changed one written), so assessing or reporting an
    /// unchanged patient writes nothing and adds nothing to the audit trail.
    /// </summary>
    /// <returns>How many rows were added, changed or removed.</returns>
    public async Task<int> SaveDerivedEgfrAsync(string patientId, IEnumerable<CourseEgfr> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var wanted = values.Select(v => CourseRows.ToRow(patientId, v)).ToDictionary(r => r.Id, StringComparer.Ordinal);

        // Most assessments find the stored derivations unchanged: checked first without the writers' lock, so that readers of the
        // patient page and the API do not queue behind one another; only a change takes the lock (and checks again under it).
        await using (var reader = Context())
        {
            var current = await reader.DerivedEgfrs.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(cancellationToken);
            if (current.Count == wanted.Count && current.All(r => wanted.TryGetValue(r.Id, out var want) && CourseRows.SameDerivation(r, want)))
            {
                return 0;
            }
        }

        return await WriteAsync(async db =>
        {
            // The course was read before the lock: a creatinine retracted or amended since has no derivation to keep (the next
            // assessment derives from what is stored then), and writing one would break the link to its lab.
            var labIds = wanted.Values.Select(w => w.CreatinineLabId).Distinct().ToList();
            var present = (await db.LabResults.Where(l => l.PatientId == patientId && labIds.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in wanted.Values.Where(w => !present.Contains(w.CreatinineLabId)).Select(w => w.Id).ToList())
            {
                wanted.Remove(gone);
            }

            var stored = await db.DerivedEgfrs.Where(e => e.PatientId == patientId).ToListAsync(cancellationToken);
            var changes = 0;
            foreach (var row in stored)
            {
                if (!wanted.Remove(row.Id, out var want))
                {
                    db.DerivedEgfrs.Remove(row);
                    changes++;
                }
                else if (!CourseRows.SameDerivation(row, want))
                {
                    (row.CreatinineLabId, row.HeightLabId, row.Equation, row.Version, row.Value, row.Unit, row.InputsJson) =
                        (want.CreatinineLabId, want.HeightLabId, want.Equation, want.Version, want.Value, want.Unit, want.InputsJson);
                    changes++;
                }
            }

            db.DerivedEgfrs.AddRange(wanted.Values);
            changes += wanted.Count;
            if (changes > 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return changes;
        }, cancellationToken);
    }

    /// <summary>The stored derived eGFR values of a patient.</summary>
    public async Task<IReadOnlyList<DerivedEgfrRow>> LoadDerivedEgfrAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.DerivedEgfrs.AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Proves the record from its trail: the chain (hashes, MACs with this store's key, head), every audited table rebuilt from the
    /// trail and compared with the table, every raw file re-hashed, the database's protections, and the anchors given.
    /// </summary>
    public async Task<AuditReport> VerifyAuditAsync(IReadOnlyList<AuditAnchor>? anchors = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await AuditVerifier.VerifyAsync(db, Key, anchors ?? [], progress, cancellationToken);
    }

    /// <summary>An anchor of the trail's head now, MAC'd with this store's key, to be kept outside the database.</summary>
    /// <exception cref="AuditKeyException">The store has no key.</exception>
    public async Task<AuditAnchor> AnchorAsync(CancellationToken cancellationToken = default)
    {
        var key = Key ?? throw new AuditKeyException(AuditIssues.KeyMissing, $"An anchor is signed with the site's audit key; none was given (set {AuditKey.FileVariable}).");
        await using var db = Context();
        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken)
            ?? new AuditHeadRow { Id = 1, Sequence = 0, Hash = AuditChain.Genesis };
        return AuditAnchor.Of(head, key, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The version of the whole record: the audit trail's head sequence, which every write of any record moves forward. A front end
    /// may keep what it derived from the record under this version and reuse it until the version moves.
    /// </summary>
    public async Task<long> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.AuditHead.AsNoTracking().Where(h => h.Id == 1).Select(h => h.Sequence).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The audit entries about one row, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntryRow>> AuditOfAsync(string tableName, string entityKey, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.AuditEntries.AsNoTracking().Where(e => e.TableName == tableName && e.EntityKey == entityKey).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>An opened plain connection to this store, for reads on the hot path (no EF context); the caller disposes it.</summary>
    internal async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = Location.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A context for this store; the caller disposes it.</summary>
    internal StromaContext Context()
    {
        var context = Location.CreateContext(Actor);
        context.Key = Key;
        return context;
    }

    /// <summary>
    /// Runs one write use case in one transaction that holds the writers' lock from its first read: the body's checks (is this id
    /// stored? is this raw file kept?) and its writes cannot be raced by another process. The body saves what it accepts; the
    /// transaction commits when it returns and rolls back when it throws, so a refused write leaves nothing behind.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<StromaContext, Task<T>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var result = await body(db);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
