using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Diagnostics;

namespace Stroma.Storage.Audit;

/// <summary>
/// An anchor: the trail's head at a moment (database id, sequence, hash, time), MAC'd with the site's key and kept outside the
/// database (a file the operator archives, daily). Verified later, it proves that no anchored entry was removed, rolled back or
/// rewritten, and that the database is not an older copy than the anchor.
/// </summary>
/// <param name="Source">Where the anchor was read from (a file), for messages.</param>
/// <param name="DatabaseId">The database the anchor is of.</param>
/// <param name="Sequence">The head's sequence when anchored.</param>
/// <param name="Hash">The head's hash when anchored.</param>
/// <param name="AnchoredAt">When.</param>
/// <param name="KeyId">The key's fingerprint.</param>
/// <param name="Mac">The anchor's MAC.</param>
public sealed record AuditAnchor(string Source, string DatabaseId, long Sequence, string Hash, DateTimeOffset AnchoredAt, string KeyId, string Mac)
{
    /// <summary>The format name written into every anchor.</summary>
    public const string Format = "stroma-audit-anchor/1";

    /// <summary>An anchor of a head, MAC'd with the key.</summary>
    public static AuditAnchor Of(AuditHeadRow head, AuditKey key, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(key);
        var anchor = new AuditAnchor("new", head.DatabaseId ?? string.Empty, head.Sequence, head.Hash, at, key.Id, string.Empty);
        return anchor with { Mac = AuditKey.Mac(key.AnchorKey, anchor.SignedText()) };
    }

    /// <summary>The anchor as a JSON document (one object; what <c>stroma audit anchor</c> writes).</summary>
    public string ToJson() => new JsonObject
    {
        ["format"] = Format,
        ["databaseId"] = DatabaseId,
        ["sequence"] = Sequence,
        ["hash"] = Hash,
        ["anchoredAt"] = AnchoredAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["keyId"] = KeyId,
        ["mac"] = Mac,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads an anchor file; a file that is not one is an issue (AUDIT004), never an exception.</summary>
    public static ReadResult<AuditAnchor> Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var json = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            var root = json.RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                return Bad(source, $"Expected an anchor of format {Format}; found {root.GetProperty("format")}.");
            }

            return ReadResult.Of(new AuditAnchor(source, root.GetProperty("databaseId").GetString()!, root.GetProperty("sequence").GetInt64(), root.GetProperty("hash").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("anchoredAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), root.GetProperty("keyId").GetString()!,
                root.GetProperty("mac").GetString()!));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            return Bad(source, $"Expected a Stroma audit anchor (JSON with format, databaseId, sequence, hash, anchoredAt, keyId, mac); the file is not one.");
        }
    }

    /// <summary>What the anchor proves about the database: every problem found (none when the anchored history is intact).</summary>
    internal async Task<IReadOnlyList<Issue>> CheckAsync(StromaContext db, AuditHeadRow? head, AuditKey? key, CancellationToken cancellationToken)
    {
        var problems = new List<Issue>();
        void Problem(string code, string message) => problems.Add(new Issue(code, Severity.Error, message, Source));
        if (key is null)
        {
            problems.Add(new Issue(AuditIssues.NotChecked, Severity.Warning, "The anchor's MAC was not checked (no key given); its sequence and hash are checked as written.", Source));
        }
        else if (KeyId != key.Id || Mac != AuditKey.Mac(key.AnchorKey, SignedText()))
        {
            Problem(AuditIssues.BadAnchor, "The anchor's MAC does not verify under the site's key: the anchor was altered or forged (or made with another key).");
            return problems;
        }

        if (head?.DatabaseId is { } id && id != DatabaseId)
        {
            Problem(AuditIssues.AnchorMismatch, $"The anchor is of database {DatabaseId}; this database is {id}.");
            return problems;
        }

        if (head is null || head.Sequence < Sequence)
        {
            Problem(AuditIssues.AnchorMismatch, string.Create(CultureInfo.InvariantCulture,
                $"The trail ends at entry {head?.Sequence ?? 0}, before the anchored entry {Sequence} of {AnchoredAt:yyyy-MM-dd HH:mm} UTC: entries were removed and the head rolled back, or this is an older copy of the database."));
            return problems;
        }

        var anchored = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == Sequence).Select(e => e.Hash).SingleOrDefaultAsync(cancellationToken);
        if (anchored != Hash)
        {
            Problem(AuditIssues.AnchorMismatch, string.Create(CultureInfo.InvariantCulture,
                $"Entry {Sequence} {(anchored is null ? "is missing" : "is not the entry anchored")} ({AnchoredAt:yyyy-MM-dd HH:mm} UTC): the trail up to the anchor was rewritten."));
        }

        return problems;
    }

    private string SignedText() => string.Create(CultureInfo.InvariantCulture, $"{Format}|{DatabaseId}|{Sequence}|{Hash}|{AnchoredAt.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffZ}|{KeyId}");

    private static ReadResult<AuditAnchor> Bad(string source, string message) =>
        ReadResult.Failed<AuditAnchor>([new Issue(AuditIssues.BadAnchor, Severity.Error, message, source)]);
}
