using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stroma.Storage.Audit;

/// <summary>How audit entries are hashed and how the chain is checked.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

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

    /// <summary>Checks entries (in sequence order) against each other and against the head.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntryRow> entries, AuditHeadRow? head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = new List<string>();
        long expected = 1;
        var previous = Genesis;
        long count = 0;
        foreach (var entry in entries)
        {
            count++;
            if (entry.Sequence != expected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entries {expected}..{entry.Sequence - 1} are missing (deleted)"));
            }

            if (entry.PreviousHash != previous)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} does not follow its predecessor (chain broken)"));
            }

            if (HashOf(entry) != entry.Hash)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {entry.Sequence} was changed after it was written ({entry.Action} {entry.TableName} {entry.EntityKey})"));
            }

            previous = entry.Hash;
            expected = entry.Sequence + 1;
        }

        var last = expected - 1;
        if (head is null ? last > 0 : head.Sequence != last || head.Hash != previous)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"the chain ends at entry {last} but its head records entry {head?.Sequence ?? 0}: the newest entries were deleted or the head was changed"));
        }

        return new AuditVerification(count, previous, problems);
    }
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
