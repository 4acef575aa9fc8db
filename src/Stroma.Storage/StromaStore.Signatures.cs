using Microsoft.EntityFrameworkCore;
using Stroma.Core.Diagnostics;
using Stroma.Core.Signatures;
using Stroma.Storage.CellTherapy;
using Stroma.Storage.Course;
using Stroma.Storage.Signatures;

namespace Stroma.Storage;

/// <summary>A record a signature can name: a patient's record of a kind, or a lot.</summary>
/// <param name="Table">The record's table.</param>
/// <param name="PatientId">Its patient, or null for a lot.</param>
/// <param name="RecordId">Its id.</param>
public sealed record SignedRecord(string Table, string? PatientId, string RecordId)
{
    /// <summary>The table of lots.</summary>
    public const string LotTable = "msc_lots";

    /// <summary>A patient's record.</summary>
    public static SignedRecord Of(PatientRecordKind kind, string patientId, string recordId) => new(StromaStore.TableOf(kind), patientId, recordId);

    /// <summary>A lot (with its bags and release results).</summary>
    public static SignedRecord Lot(string lotId) => new(LotTable, null, lotId);

    /// <summary>Whether it is a lot or a patient's record.</summary>
    public SignedRecordFamily Family => Table == LotTable ? SignedRecordFamily.Lot : SignedRecordFamily.PatientRecord;

    /// <summary>The kind of a patient's record, or null for a lot.</summary>
    public PatientRecordKind? Kind => Enum.GetValues<PatientRecordKind>().Cast<PatientRecordKind?>().FirstOrDefault(k => StromaStore.TableOf(k!.Value) == Table);

    /// <summary>The record in words, for messages ("lab result L1 of patient P", "lot L").</summary>
    public string Shown => PatientId is null ? $"lot {RecordId}" : $"{StromaStore.NameOf(Kind!.Value)} {RecordId} of patient {PatientId}";

    /// <summary>
    /// The record a command line's words name: <c>lot</c>, or a kind of patient's record by its word (<c>lab</c>, <c>plasma-exchange</c>,
    /// <c>drug</c>, <c>event</c>, <c>adverse-event</c>, <c>biopsy</c>, <c>infusion</c>, <c>array-run</c>, <c>str-result</c>) with its patient; null when the word names none
    /// (or a patient's record is named without its patient).
    /// </summary>
    public static SignedRecord? Parse(string? kind, string? patientId, string recordId) => kind?.Trim().ToLowerInvariant() switch
    {
        "lot" => Lot(recordId),
        { } word when patientId is not null && KindWords.TryGetValue(word, out var k) => Of(k, patientId, recordId),
        _ => null,
    };

    /// <summary>The words of kinds, as <see cref="Parse"/> takes them.</summary>
    public static IReadOnlyList<string> Words { get; } = ["lot", .. KindWords.Keys];

    private static Dictionary<string, PatientRecordKind> KindWords => new(StringComparer.Ordinal)
    {
        ["lab"] = PatientRecordKind.LabResult, ["plasma-exchange"] = PatientRecordKind.PlasmaExchange, ["drug"] = PatientRecordKind.Drug,
        ["event"] = PatientRecordKind.ClinicalEvent, ["adverse-event"] = PatientRecordKind.AdverseEvent, ["biopsy"] = PatientRecordKind.Biopsy,
        ["infusion"] = PatientRecordKind.Infusion, ["array-run"] = PatientRecordKind.ArrayRun,
        ["str-result"] = PatientRecordKind.StrResult,
    };
}

/// <summary>Electronic signatures: made in one transaction against the record's content as stored, and checked against it when read.</summary>
public sealed partial class StromaStore
{
    /// <summary>The SHA-256 of a record's canonical content as stored now (<see cref="RecordContent"/>), or null when it is not stored.</summary>
    public async Task<string?> ContentHashAsync(SignedRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = Context();
        return await ContentHashAsync(db, record, cancellationToken);
    }

    /// <summary>
    /// Signs a record, in one transaction holding the writers' lock: the record's content hash is taken as stored now and, when
    /// <paramref name="expectedHash"/> is given (the hash of the content the signer was shown), must equal it (SIG008: the record changed
    /// since, or the hash is another record's); the record must be stored (SIG003); the same signer signing the same content with the
    /// same meaning again is refused (SIG011). Who may sign is the caller's check (the use case authenticates the signer and applies
    /// <see cref="SigningRights"/>); the signature is recorded with this store's actor in the audit trail.
    /// </summary>
    public Task<ReadResult<ElectronicSignature>> SignAsync(SignedRecord record, SignatureMeaning meaning, string signerUserName, string signerFullName, DateTimeOffset signedAt,
        string? expectedHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(signerUserName);
        ArgumentException.ThrowIfNullOrWhiteSpace(signerFullName);
        return WriteAsync(async db =>
        {
            if (await ContentHashAsync(db, record, cancellationToken) is not { } hash)
            {
                return ReadResult.Failed<ElectronicSignature>([Issue.Error(SignatureIssues.UnknownRecord, "record", $"Expected a stored record to sign; found no {record.Shown} (retracted, or never stored).")]);
            }

            if (expectedHash is not null && !string.Equals(expectedHash.Trim(), hash, StringComparison.OrdinalIgnoreCase))
            {
                return ReadResult.Failed<ElectronicSignature>([Issue.Error(SignatureIssues.HashMismatch, "hash",
                    $"Expected the content hash of {record.Shown} as it is stored ({hash}); found {Core.Text.OneLine.Shown(expectedHash)}: the record changed since it was shown, or the hash is another record's. Nothing was signed; read the record again.")]);
            }

            // A lot is signed for release only when it meets its specification: the signature releases it, the results alone never do.
            if (record.Family == SignedRecordFamily.Lot && meaning == SignatureMeaning.Release
                && await LoadLotAsync(db, record.RecordId, cancellationToken) is { Decision: { MeetsSpecification: false } decision })
            {
                return ReadResult.Failed<ElectronicSignature>([Issue.Error(SignatureIssues.NotReleasable, "record",
                    $"Expected lot {record.RecordId} to meet its specification before its release is signed; it does not: {decision.SpecificationRefusal}. Nothing was signed.")]);
            }

            var word = SignatureMeanings.Word(meaning);
            if (await db.Set<SignatureRow>().AnyAsync(s => s.TableName == record.Table && s.PatientId == record.PatientId && s.RecordId == record.RecordId
                && s.SignerUserName == signerUserName && s.Meaning == word && s.ContentHash == hash, cancellationToken))
            {
                return ReadResult.Failed<ElectronicSignature>([Issue.Error(SignatureIssues.AlreadySigned, "meaning",
                    $"Expected a signature not yet made; {signerUserName} already signed {record.Shown} as it stands with the meaning {word}.")]);
            }

            var (at, offset) = CourseRows.Split(DateTimeOffset.FromUnixTimeMilliseconds(signedAt.ToUnixTimeMilliseconds()).ToOffset(signedAt.Offset));
            var row = new SignatureRow
            {
                Id = Guid.NewGuid().ToString("N"), SignerUserName = signerUserName, SignerFullName = signerFullName, SignedAtUtc = at, SignedAtOffsetMinutes = offset,
                Meaning = word, TableName = record.Table, PatientId = record.PatientId, RecordId = record.RecordId, ContentHash = hash,
            };
            db.Set<SignatureRow>().Add(row);
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(ToSignature(row));
        }, cancellationToken);
    }

    /// <summary>The signatures of one record, oldest first, each checked against the record's content as stored now.</summary>
    public async Task<IReadOnlyList<CheckedSignature>> LoadSignaturesAsync(SignedRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = Context();
        var rows = await db.Set<SignatureRow>().AsNoTracking().Where(s => s.TableName == record.Table && s.PatientId == record.PatientId && s.RecordId == record.RecordId)
            .ToListAsync(cancellationToken);
        return await CheckAsync(db, rows, cancellationToken);
    }

    /// <summary>Every signature of a patient's records, oldest first, each checked against its record as stored now.</summary>
    public async Task<IReadOnlyList<CheckedSignature>> LoadPatientSignaturesAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.Set<SignatureRow>().AsNoTracking().Where(s => s.PatientId == patientId).ToListAsync(cancellationToken);
        return await CheckAsync(db, rows, cancellationToken);
    }

    private static async Task<IReadOnlyList<CheckedSignature>> CheckAsync(StromaContext db, List<SignatureRow> rows, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<SignedRecord, string?>();
        var checkedSignatures = new List<CheckedSignature>();
        foreach (var row in rows.OrderBy(r => r.SignedAtUtc).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            var record = new SignedRecord(row.TableName, row.PatientId, row.RecordId);
            if (!hashes.TryGetValue(record, out var hash))
            {
                hash = hashes[record] = await ContentHashAsync(db, record, cancellationToken);
            }

            var validity = hash is null ? SignatureValidity.RecordRemoved
                : string.Equals(hash, row.ContentHash, StringComparison.Ordinal) ? SignatureValidity.Valid : SignatureValidity.RecordChanged;
            checkedSignatures.Add(new CheckedSignature(ToSignature(row), validity));
        }

        return checkedSignatures;
    }

    private static ElectronicSignature ToSignature(SignatureRow r) =>
        new(r.Id, r.SignerUserName, r.SignerFullName, CourseRows.Join(r.SignedAtUtc, r.SignedAtOffsetMinutes), SignatureMeanings.Parse(r.Meaning) ?? SignatureMeaning.Review,
            r.TableName, r.PatientId, r.RecordId, r.ContentHash);

    // The record's rows as stored now, hashed as RecordContent defines; null when the record is not stored.
    private static async Task<string?> ContentHashAsync(StromaContext db, SignedRecord record, CancellationToken cancellationToken)
    {
        if (record.Family == SignedRecordFamily.Lot)
        {
            var lot = await db.Lots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == record.RecordId, cancellationToken);
            if (lot is null)
            {
                return null;
            }

            var bags = await db.Bags.AsNoTracking().Where(b => b.LotId == record.RecordId).ToListAsync(cancellationToken);
            var results = await db.ReleaseResults.AsNoTracking().Where(r => r.LotId == record.RecordId).ToListAsync(cancellationToken);
            return Hash(db, [lot, .. bags.OrderBy(b => b.Id, StringComparer.Ordinal), .. results.OrderBy(r => r.Id, StringComparer.Ordinal)]);
        }

        var patientId = record.PatientId ?? throw new ArgumentException("A patient's record is named with its patient.", nameof(record));
        if (record.Kind == PatientRecordKind.ArrayRun)
        {
            // A run with its analytes' results: a value changed by a placement afterwards changes the content.
            var run = await FindAsync<Proteome.ArrayRunRow>(db, patientId, record.RecordId, cancellationToken);
            var results = run is null ? [] : await db.AnalyteResults.AsNoTracking().Where(r => r.PatientId == patientId && r.SourceSha256 == run.ManifestSha256).ToListAsync(cancellationToken);
            return run is null ? null : Hash(db, [run, .. results.OrderBy(r => r.Id, StringComparer.Ordinal)]);
        }

        if (record.Kind == PatientRecordKind.StrResult)
        {
            return await StrResultHashAsync(db, patientId, record.RecordId, cancellationToken);
        }

        object? row = record.Kind switch
        {
            PatientRecordKind.LabResult => await FindAsync<LabResultRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.PlasmaExchange => await FindAsync<PlasmaExchangeRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.Drug => await FindAsync<DrugRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.ClinicalEvent => await FindAsync<ClinicalEventRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.AdverseEvent => await FindAsync<AdverseEventRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.Biopsy => await FindAsync<BiopsyRow>(db, patientId, record.RecordId, cancellationToken),
            PatientRecordKind.Infusion => await FindAsync<InfusionRow>(db, patientId, record.RecordId, cancellationToken),
            _ => throw new ArgumentException($"No kind of record is kept in {record.Table}.", nameof(record)),
        };
        return row is null ? null : Hash(db, [row]);
    }

    private static string Hash(StromaContext db, IEnumerable<object> rows) =>
        RecordContent.Hash(RecordContent.Canonical(rows.Select(r => RecordContent.Of(db.Model.FindEntityType(r.GetType())!, r))));

    private static Task<TRow?> FindAsync<TRow>(StromaContext db, string patientId, string recordId, CancellationToken cancellationToken)
        where TRow : class, IPatientRow =>
        db.Set<TRow>().AsNoTracking().SingleOrDefaultAsync(r => EF.Property<string>(r, nameof(IPatientRow.PatientId)) == patientId && EF.Property<string>(r, nameof(IPatientRow.Id)) == recordId, cancellationToken);
}
