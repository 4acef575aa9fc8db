using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Audit;
using Stroma.Storage.Identity;

namespace Stroma.Storage;

/// <summary>Stable issue codes of the identity store.</summary>
public static class IdentityIssues
{
    /// <summary>No identity is held for the patient (never given, or erased).</summary>
    public const string NotHeld = "IDENT001";

    /// <summary>A correction or erasure without a reason, or a correction that changes nothing.</summary>
    public const string NoReason = "IDENT002";

    /// <summary>An empty name or hospital number.</summary>
    public const string Empty = "IDENT003";

    /// <summary>The change is recorded, but another connection kept the old values from being removed from the write-ahead log yet (warning).</summary>
    public const string NotForgotten = "IDENT004";
}

/// <summary>What the data-protection officer sees of an identity: the fields, and its trail (who did what, when, why).</summary>
/// <param name="Identity">The identity, or null when erased.</param>
/// <param name="Trail">The identity store's entries about it, oldest first.</param>
public sealed record IdentityRecord(PatientIdentity? Identity, IReadOnlyList<PatientIdentityAuditRow> Trail);

/// <summary>
/// The identity store: a patient's name and hospital number, apart from the pseudonymous record. Every change (and every view by
/// <see cref="ShowIdentityAsync"/>) is an entry of the identity store's own trail; the main trail holds only the identity's opaque
/// reference and keyed content hash, so a correction or an erasure leaves the clinical trail verifiable.
/// </summary>
public sealed partial class StromaStore
{
    /// <summary>The identity of a patient, for roles allowed to see it (not audited: use <see cref="ShowIdentityAsync"/> for a person's request).</summary>
    public async Task<PatientIdentity?> LoadIdentityAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.PatientIdentities.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == patientId, cancellationToken);
        return row is null ? null : new PatientIdentity(row.PatientId, row.Name, row.HospitalNumber);
    }

    /// <summary>Every stored identity by patient id, in one query (the patient list's search by name or hospital number).</summary>
    public async Task<IReadOnlyDictionary<string, PatientIdentity>> LoadIdentitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.PatientIdentities.AsNoTracking().ToDictionaryAsync(p => p.PatientId, p => new PatientIdentity(p.PatientId, p.Name, p.HospitalNumber), StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>The identity with its trail; the viewing itself is recorded (who looked, when, why).</summary>
    public async Task<ReadResult<IdentityRecord>> ShowIdentityAsync(string patientId, string? reason, CancellationToken cancellationToken = default) =>
        Core.Text.OneLine.Check(reason, "reason", IdentityIssues.NoReason) is { } badReason ? ReadResult.Failed<IdentityRecord>([badReason]) : await WriteAsync(async db =>
        {
            var row = await db.PatientIdentities.SingleOrDefaultAsync(p => p.PatientId == patientId, cancellationToken);
            var trail = await db.IdentityAudit.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync(cancellationToken);
            if (row is null && trail.Count == 0)
            {
                return ReadResult.Failed<IdentityRecord>([NotHeld(patientId)]);
            }

            if (row is not null)
            {
                trail.Add(await AppendIdentityAuditAsync(db, row, "view", "name,hospitalNumber", reason, cancellationToken));
                await db.SaveChangesAsync(cancellationToken);
            }

            return ReadResult.Of(new IdentityRecord(row is null ? null : new PatientIdentity(row.PatientId, row.Name, row.HospitalNumber), trail));
        }, cancellationToken);

    /// <summary>Corrects a patient's name or hospital number (GDPR Art. 16): a reason is required; before and after are not kept, only who, when, why and which fields.</summary>
    public async Task<ReadResult<PatientIdentity>> CorrectIdentityAsync(string patientId, string? name, string? hospitalNumber, string reason, CancellationToken cancellationToken = default)
    {
        var issues = new List<Issue>();
        if (ReasonProblem(reason, "correction") is { } badReason)
        {
            issues.Add(badReason);
        }

        if (name is { } n && string.IsNullOrWhiteSpace(n) || hospitalNumber is { } h && string.IsNullOrWhiteSpace(h))
        {
            issues.Add(Issue.Error(IdentityIssues.Empty, name is not null && string.IsNullOrWhiteSpace(name) ? "name" : "hospitalNumber", $"Expected a value; found an empty one (erase the identity instead)."));
        }
        else
        {
            issues.AddRange(new[] { name is null ? null : PatientIds.CheckIdentityField(name, "name", IdentityIssues.Empty),
                hospitalNumber is null ? null : PatientIds.CheckIdentityField(hospitalNumber, "hospitalNumber", IdentityIssues.Empty) }.OfType<Issue>());
        }

        if (issues.Count > 0)
        {
            return ReadResult.Failed<PatientIdentity>(issues);
        }

        var corrected = await WriteAsync(async db =>
        {
            var row = await db.PatientIdentities.SingleOrDefaultAsync(p => p.PatientId == patientId, cancellationToken);
            if (row is null)
            {
                return ReadResult.Failed<PatientIdentity>([NotHeld(patientId)]);
            }

            var fields = new List<string>();
            if (name is not null && name != row.Name)
            {
                row.Name = name.Trim();
                fields.Add("name");
            }

            if (hospitalNumber is not null && hospitalNumber != row.HospitalNumber)
            {
                row.HospitalNumber = hospitalNumber.Trim();
                fields.Add("hospitalNumber");
            }

            if (fields.Count == 0)
            {
                return ReadResult.Failed<PatientIdentity>([Issue.Error(IdentityIssues.NoReason, "name", $"Expected a change; the identity already holds these values.")]);
            }

            await AppendIdentityAuditAsync(db, row, "correct", string.Join(',', fields), reason, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(new PatientIdentity(row.PatientId, row.Name, row.HospitalNumber));
        }, cancellationToken);
        return corrected.HasErrors ? corrected : await ForgetOldPagesAsync(corrected, cancellationToken);
    }

    /// <summary>
    /// Erases a patient's identity (GDPR Art. 17): the fields are deleted; the identity store's trail keeps who erased it, when and why,
    /// and the main trail keeps only the reference and keyed hash it always had. The clinical record stays, pseudonymous. The name and
    /// hospital number are masked in every kept raw file that holds them (an imported FHIR bundle or course JSON, a CSV, a file name):
    /// each masking is an audited update of the raw file, listed with the reason in the identity trail; the values stay recomputable.
    /// </summary>
    public async Task<ReadResult<string>> EraseIdentityAsync(string patientId, string reason, CancellationToken cancellationToken = default)
    {
        if (ReasonProblem(reason, "erasure") is { } badReason)
        {
            return ReadResult.Failed<string>([badReason]);
        }

        var erased = await WriteAsync(async db =>
        {
            var row = await db.PatientIdentities.SingleOrDefaultAsync(p => p.PatientId == patientId, cancellationToken);
            if (row is null)
            {
                return ReadResult.Failed<string>([NotHeld(patientId)]);
            }

            var reference = row.IdentityRef;
            var masked = await MaskRawFilesAsync(db, new PatientIdentity(row.PatientId, row.Name, row.HospitalNumber), cancellationToken);
            db.PatientIdentities.Remove(row);
            await AppendIdentityAuditAsync(db, row, "erase", "name,hospitalNumber", reason, cancellationToken, erased: true);
            if (masked.Count > 0)
            {
                await AppendIdentityAuditAsync(db, row, "mask", "raw_files:" + string.Join(',', masked), reason, cancellationToken, erased: true);
            }

            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(reference);
        }, cancellationToken);
        return erased.HasErrors ? erased : await ForgetOldPagesAsync(erased, cancellationToken);
    }

    // Masks the identity in every kept raw file that holds it (IdentityMask: same length, values untouched), in the erasing write: each
    // change is an audited update of the raw file (the trail's before and after images name the old and the masked bytes' SHA-256, the
    // actor and the time; the key stays the hash the records link to), and the identity trail's "mask" entry lists them with the reason.
    // Every raw file is read, one at a time: a file never linked to the patient (an instrument file's sample name) may hold the name too.
    private static async Task<List<string>> MaskRawFilesAsync(StromaContext db, PatientIdentity identity, CancellationToken cancellationToken)
    {
        var masked = new List<string>();
        foreach (var sha in await db.RawFiles.AsNoTracking().Select(f => f.Sha256).OrderBy(f => f).ToListAsync(cancellationToken))
        {
            var kept = await db.RawFiles.AsNoTracking().Where(f => f.Sha256 == sha).Select(f => new { f.Content, f.FileName }).SingleAsync(cancellationToken);
            var content = IdentityMask.Apply(kept.Content, identity);
            var name = IdentityMask.Apply(Encoding.UTF8.GetBytes(kept.FileName), identity);
            if (content is null && name is null)
            {
                continue;
            }

            var row = await db.RawFiles.SingleAsync(f => f.Sha256 == sha, cancellationToken);
            row.Content = content ?? row.Content;
            row.FileName = name is null ? row.FileName : Encoding.UTF8.GetString(name);
            masked.Add(sha);
        }

        return masked;
    }

    // After an identity changes on SQLite, the write-ahead log still holds the pages as they were until a checkpoint: fold it into
    // the database (whose deleted content secure_delete has zeroed) and truncate it, so the old values are gone from the disk. A
    // reader that holds the database open keeps the checkpoint from finishing: then the change is kept and a warning says so.
    private async Task<ReadResult<T>> ForgetOldPagesAsync<T>(ReadResult<T> result, CancellationToken cancellationToken)
    {
        if (Location.Provider != StoreProvider.Sqlite)
        {
            return result;
        }

        await using var db = Context();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var finished = await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0 && reader.GetInt64(1) <= 0;
        return finished ? result : ReadResult.Of(result.Value!, [.. result.Issues, Issue.Warning(IdentityIssues.NotForgotten, "database",
                $"The change is recorded, but another program holds the database open, so the previous values stay in its write-ahead log ({Location.FilePath}-wal) until that program closes and a later write checkpoints it.")]);
    }

    // A correction or erasure needs its reason (the request it answers), kept as one line in the identity trail.
    private static Issue? ReasonProblem(string? reason, string what) =>
        Core.Text.OneLine.CheckRequired(reason, "reason", IdentityIssues.NoReason, $"the reason for the {what} (the request it answers)");

    /// <summary>
    /// Gives every identity stored before the identity store had a trail its first entry, (its reference and keyed hash went into the main
    /// trail when the key first met the trail). Does nothing when every identity has a trail.
    /// </summary>
    internal async Task BaselineLegacyIdentitiesAsync(CancellationToken cancellationToken)
    {
        await using (var probe = Context())
        {
            var traced = probe.IdentityAudit.Select(a => a.PatientId);
            if (!await probe.PatientIdentities.AnyAsync(p => !traced.Contains(p.PatientId), cancellationToken))
            {
                return;
            }
        }

        await WriteAsync(async db =>
        {
            var traced = db.IdentityAudit.Select(a => a.PatientId);
            foreach (var row in await db.PatientIdentities.Where(p => !traced.Contains(p.PatientId)).ToListAsync(cancellationToken))
            {
                await AppendIdentityAuditAsync(db, row, "insert", "name,hospitalNumber", "held before the identity store had a trail", cancellationToken);
            }

            return await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The patient's secret date shift for pseudonymised outputs (−1 to −365 days), derived from the site's key and the patient id.</summary>
    /// <exception cref="AuditKeyException">The store has no key.</exception>
    public int PseudonymShiftDays(string patientId)
    {
        var key = Key ?? throw new AuditKeyException(AuditIssues.KeyMissing, $"A pseudonymised output needs the site's audit key (its date shift is derived from it); none was given (set {AuditKey.FileVariable}).");
        return Pseudonymisation.ShiftDays(BitConverter.ToUInt32(HMACSHA256.HashData(key.PseudonymKey, Encoding.UTF8.GetBytes(patientId)), 0));
    }

    /// <summary>
    /// The patient's record ids as a pseudonymised output shows them: each id replaced by an opaque one (<c>r-</c> and 16 hex of a keyed
    /// HMAC-SHA256 of the patient and the id under the key the date shift uses), the same on every page and answer, so a researcher's
    /// links between a plot point and its table row still meet, while an id that tells something (a file hash prefix of a CSV import, a
    /// date typed into an id) cannot be read or tested against guesses without the site's key.
    /// </summary>
    /// <exception cref="AuditKeyException">The store has no key.</exception>
    public Func<string, string> PseudonymRecordIds(string patientId)
    {
        var key = Key ?? throw new AuditKeyException(AuditIssues.KeyMissing, $"A pseudonymised output needs the site's audit key (its record ids are derived from it); none was given (set {AuditKey.FileVariable}).");
        var prefix = Encoding.UTF8.GetBytes($"record-id\n{patientId}\n");
        return recordId => "r-" + Convert.ToHexStringLower(HMACSHA256.HashData(key.PseudonymKey, (byte[])[.. prefix, .. Encoding.UTF8.GetBytes(recordId)]))[..16];
    }

    // A new identity row and its first entry in the identity store's trail (called inside the write that adds the patient).
    private async Task AddIdentityAsync(StromaContext db, PatientIdentity identity, CancellationToken cancellationToken)
    {
        var row = new PatientIdentityRow
        {
            PatientId = identity.PatientId, IdentityRef = "ID-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), Name = identity.Name.Trim(), HospitalNumber = identity.HospitalNumber.Trim(),
        };
        db.PatientIdentities.Add(row);
        await AppendIdentityAuditAsync(db, row, "insert", "name,hospitalNumber", null, cancellationToken);
    }

    // Appends to the identity store's trail (under the writers' lock the caller holds): chained, MAC'd, no content.
    private async Task<PatientIdentityAuditRow> AppendIdentityAuditAsync(
        StromaContext db, PatientIdentityRow row, string action, string fields, string? reason, CancellationToken cancellationToken, bool erased = false)
    {
        var key = Key ?? throw new AuditKeyException(AuditIssues.KeyMissing, $"No audit key: the identity store cannot be written without one (set {AuditKey.FileVariable}).");
        var last = db.IdentityAudit.Local.OrderByDescending(a => a.Sequence).FirstOrDefault()
            ?? await db.IdentityAudit.AsNoTracking().OrderByDescending(a => a.Sequence).FirstOrDefaultAsync(cancellationToken);
        var entry = new PatientIdentityAuditRow
        {
            Sequence = (last?.Sequence ?? 0) + 1, AtUtc = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Actor = Actor,
            PatientId = row.PatientId, IdentityRef = row.IdentityRef, Action = action, Fields = fields, Reason = reason?.Trim(),
            ContentMac = erased ? null : PatientIdentityRow.ContentMac(key, row.Name, row.HospitalNumber),
            PreviousHash = last?.Hash ?? AuditChain.Genesis, Hash = string.Empty, Mac = string.Empty,
        };
        entry.Hash = IdentityTrail.HashOf(entry);
        entry.Mac = AuditKey.Mac(key.EntryKey, "identity|" + entry.Hash);
        db.IdentityAudit.Add(entry);
        return entry;
    }

    private static Issue NotHeld(string patientId) =>
        Issue.Error(IdentityIssues.NotHeld, "patient", $"Expected a patient whose identity is held; '{patientId}' has none (never given, or erased).");
}

/// <summary>How the identity store's trail is hashed and checked.</summary>
internal static class IdentityTrail
{
    public static string HashOf(PatientIdentityAuditRow e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        e.Sequence.ToString(CultureInfo.InvariantCulture), e.AtUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), e.Actor, e.PatientId,
        e.IdentityRef, e.Action, e.Fields, e.Reason ?? "\u2205", e.ContentMac ?? "\u2205", e.PreviousHash))));

    /// <summary>Every problem of the identity trail: order, hashes, MACs (with the key), and each held identity's content against its last entry.</summary>
    public static async Task<IReadOnlyList<Issue>> VerifyAsync(StromaContext db, AuditKey? key, CancellationToken cancellationToken)
    {
        var problems = new List<Issue>();
        void Problem(string where, string message) => problems.Add(new Issue(AuditIssues.NotIntact, Severity.Error, message, where));
        var previous = AuditChain.Genesis;
        long expected = 1;
        var lastContent = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var e in db.IdentityAudit.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"identity trail entry {e.Sequence}");
            if (e.Sequence != expected || e.PreviousHash != previous)
            {
                Problem(where, $"Identity trail entries before {e.Sequence} are missing or reordered.");
            }

            if (HashOf(e) != e.Hash || (key is not null && AuditKey.Mac(key.EntryKey, "identity|" + e.Hash) != e.Mac))
            {
                Problem(where, $"Identity trail entry {e.Sequence} ({e.Action} of {e.PatientId}) was changed or forged after it was written.");
            }

            if (e.Action != "view")
            {
                lastContent[e.PatientId] = e.ContentMac;
            }

            (previous, expected) = (e.Hash, e.Sequence + 1);
        }

        if (key is not null)
        {
            await foreach (var row in db.PatientIdentities.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (!lastContent.TryGetValue(row.PatientId, out var mac) || mac != PatientIdentityRow.ContentMac(key, row.Name, row.HospitalNumber))
                {
                    Problem($"patient_identities {row.PatientId}", $"The identity of {row.PatientId} does not match its trail: changed outside Stroma.");
                }
            }
        }

        return problems;
    }
}
