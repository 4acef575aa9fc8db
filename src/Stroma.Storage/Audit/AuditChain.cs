using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stroma.Storage.Audit;

/// <summary>
/// How audit entries are hashed, MAC'd and chained. Each entry's SHA-256 covers its content and its predecessor's hash, so
/// changing, removing or reordering an entry breaks the chain; its HMAC under the site's key (kept outside the database) covers
/// that hash, so a chain recomputed by someone without the key is detected too.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The table name of the entries the trail writes about itself (a key attesting an unkeyed trail).</summary>
    public const string TrailTable = "audit_trail";

    /// <summary>The SHA-256 (lower-case hex) of an entry's content and its predecessor's hash.</summary>
    public static string HashOf(AuditEntryRow entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = string.Join('\n',
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.AtUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            entry.Actor, entry.TableName, entry.EntityKey, entry.Action, entry.Before ?? "\u2205", entry.After ?? "\u2205", entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The entry's MAC under the key.</summary>
    public static string MacOf(AuditEntryRow entry, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        return AuditKey.Mac(key.EntryKey, entry.Hash);
    }

    /// <summary>Sets the entry's hash and MAC.</summary>
    public static void Seal(AuditEntryRow entry, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Hash = HashOf(entry);
        entry.Mac = MacOf(entry, key);
    }

    /// <summary>The head's MAC: its sequence, hash, database id and key id under the key.</summary>
    public static string HeadMac(AuditHeadRow head, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(key);
        return AuditKey.Mac(key.EntryKey, string.Create(CultureInfo.InvariantCulture, $"head|{head.Sequence}|{head.Hash}|{head.DatabaseId}|{head.KeyId}"));
    }

    /// <summary>The entry by which a key attests a trail that was written without one, as the trail stands (trust on first use).</summary>
    internal static AuditEntryRow Attestation(long sequence, DateTimeOffset at, string actor, long attestedSequence, string attestedHash, AuditKey key, string previous)
    {
        var entry = new AuditEntryRow
        {
            Sequence = sequence, AtUtc = at, Actor = actor, TableName = TrailTable, EntityKey = "key", Action = "attest", Before = null,
            After = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal) { ["keyId"] = key.Id, ["attestedSequence"] = attestedSequence, ["attestedHash"] = attestedHash }),
            PreviousHash = previous, Hash = string.Empty,
        };
        Seal(entry, key);
        return entry;
    }

    /// <summary>Checks entries (in sequence order) against each other and against the head (no key: the chain only).</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntryRow> entries, AuditHeadRow? head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var chain = new ChainCheck(null);
        foreach (var entry in entries)
        {
            chain.Add(entry);
        }

        chain.Finish(head);
        return new AuditVerification(chain.Count, chain.LastHash, [.. chain.Problems.Select(p => p.Message)]);
    }
}

/// <summary>
/// Walks the trail in sequence order: every entry follows its predecessor, hashes to itself and (with the key) carries a valid MAC
/// from the first keyed entry on; at the end the head must name the last entry.
/// </summary>
internal sealed class ChainCheck(AuditKey? key)
{
    private long _expected = 1;
    private long _firstKeyed;

    public List<Core.Diagnostics.Issue> Problems { get; } = [];

    public long Count { get; private set; }

    public string LastHash { get; private set; } = AuditChain.Genesis;

    /// <summary>Entries that carry a MAC.</summary>
    public long Keyed { get; private set; }

    public void Add(AuditEntryRow entry)
    {
        Count++;
        var where = string.Create(CultureInfo.InvariantCulture, $"audit entry {entry.Sequence}");
        if (entry.Sequence != _expected)
        {
            Problem(where, $"Entries {_expected}..{entry.Sequence - 1} are missing (deleted).");
        }

        if (entry.PreviousHash != LastHash)
        {
            Problem(where, $"Entry {entry.Sequence} does not follow its predecessor (chain broken).");
        }

        if (AuditChain.HashOf(entry) != entry.Hash)
        {
            Problem(where, $"Entry {entry.Sequence} was changed after it was written ({entry.Action} {entry.TableName} {entry.EntityKey}).");
        }

        if (entry.Mac is null)
        {
            if (Keyed > 0)
            {
                Problem(where, $"Entry {entry.Sequence} has no MAC although the trail is keyed from entry {_firstKeyed}: written or rewritten without the key.");
            }
        }
        else
        {
            if (Keyed++ == 0)
            {
                _firstKeyed = entry.Sequence;
                if (entry.Sequence > 1 && entry.Action != "attest")
                {
                    Problem(where, $"The trail's first keyed entry ({entry.Sequence}) is not a key attestation: the MACs of the entries before it were removed.");
                }
            }

            if (key is not null && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(AuditChain.MacOf(entry, key)), Encoding.ASCII.GetBytes(entry.Mac)))
            {
                Problem(where, $"Entry {entry.Sequence}'s MAC does not verify: it was forged or rewritten by someone without the key ({entry.Action} {entry.TableName} {entry.EntityKey}).");
            }
        }

        LastHash = entry.Hash;
        _expected = entry.Sequence + 1;
    }

    public void Finish(AuditHeadRow? head)
    {
        var last = _expected - 1;
        if (head is null ? last > 0 : head.Sequence != last || head.Hash != LastHash)
        {
            Problem("audit head", $"The chain ends at entry {last} but its head records entry {head?.Sequence ?? 0}: the newest entries were deleted or the head was changed.");
        }

        if (head is not null && key is not null && head.KeyId is not null)
        {
            if (head.KeyId != key.Id)
            {
                Problem("audit head", $"The trail is keyed with key {head.KeyId}; the key given is {key.Id}. Verify with the site's key.", AuditIssues.KeyMalformed);
            }
            else if (head.Mac != AuditChain.HeadMac(head, key))
            {
                Problem("audit head", $"The head's MAC does not verify: it was changed by someone without the key.");
            }
        }

        if (key is not null && Count > 0 && Keyed == 0)
        {
            Problem("audit trail", $"No entry carries a MAC although a key is given: the trail was written without this key, or every MAC was removed and the chain recomputed.");
        }
    }

    private void Problem(string location, string message, string code = AuditIssues.NotIntact) =>
        Problems.Add(new Core.Diagnostics.Issue(code, Core.Diagnostics.Severity.Error, message, location));
}

/// <summary>The result of checking the audit chain.</summary>
/// <param name="Entries">Entries checked.</param>
/// <param name="HeadHash">The last hash: publish it elsewhere to anchor the chain.</param>
/// <param name="Problems">Every problem found; empty when the chain is intact.</param>
public sealed record AuditVerification(long Entries, string HeadHash, IReadOnlyList<string> Problems)
{
    /// <summary>True when no entry was changed, deleted or reordered.</summary>
    public bool IsIntact => Problems.Count == 0;
}

/// <summary>A row the main trail records only by an opaque reference and a keyed hash of its content (a patient's identity), so that it can be corrected or erased.</summary>
public interface IKeptOutOfTheTrail
{
    /// <summary>The image the trail records of the row, from its column values by name.</summary>
    string TrailImage(AuditKey key, Func<string, object?> valueOf);
}

/// <summary>The audit key is missing or is not this trail's: an environment failure (the operator must provide the key).</summary>
public sealed class AuditKeyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AuditKeyException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the exception.</summary>
    public AuditKeyException()
        : this(AuditIssues.KeyMissing, "No audit key.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditKeyException(string message)
        : this(AuditIssues.KeyMissing, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditKeyException(string message, Exception innerException)
        : base(message, innerException) => Code = AuditIssues.KeyMissing;

    /// <summary>The issue code (KEY001 missing, KEY002 not this trail's).</summary>
    public string Code { get; }
}
