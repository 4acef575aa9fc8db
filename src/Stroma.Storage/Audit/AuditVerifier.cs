using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Stroma.Core.Diagnostics;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage.Audit;

/// <summary>What <c>audit verify</c> found.</summary>
/// <param name="Entries">Audit entries read.</param>
/// <param name="KeyedEntries">Entries that carry a MAC.</param>
/// <param name="HeadSequence">The head's sequence.</param>
/// <param name="HeadHash">The head's hash (what an anchor records).</param>
/// <param name="DatabaseId">The database's identity, as anchors name it.</param>
/// <param name="Problems">Every problem (errors: the record is not proven; warnings: a protection could be bypassed).</param>
/// <param name="Checked">What was checked, in words, for the report.</param>
public sealed record AuditReport(long Entries, long KeyedEntries, long HeadSequence, string HeadHash, string? DatabaseId, IReadOnlyList<Issue> Problems, IReadOnlyList<string> Checked)
{
    /// <summary>True when nothing proves the record changed outside Stroma.</summary>
    public bool IsIntact => !Problems.Any(p => p.Severity == Severity.Error);
}

/// <summary>
/// Proves the tables from the trail: walks the chain (hashes, MACs, head), replays every entry to rebuild each audited table's
/// state and compares it with the table (a row changed, added or deleted outside Stroma is named by table and key), re-hashes
/// every kept raw file against its key, checks the database's protections, and checks anchors kept outside the database.
/// </summary>
internal static class AuditVerifier
{
    private const int ProblemsPerTable = 20;

    public static async Task<AuditReport> VerifyAsync(StromaContext db, AuditKey? key, IReadOnlyList<AuditAnchor> anchors, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var problems = new List<Issue>();
        var checkedItems = new List<string>();
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.ClrType != typeof(AuditEntryRow) && t.ClrType != typeof(AuditHeadRow) && t.GetTableName() is not null && !typeof(IOwnTrail).IsAssignableFrom(t.ClrType) && !typeof(IRecomputed).IsAssignableFrom(t.ClrType))
            .ToDictionary(t => t.GetTableName()!, t => new TableState(t), StringComparer.Ordinal);

        // 1. The chain, and the state it leads to.
        var chain = new ChainCheck(key);
        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            chain.Add(entry);
            if (tables.TryGetValue(entry.TableName, out var table))
            {
                table.Replay(entry, key);
            }

            if (chain.Count % 100_000 == 0)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"read {chain.Count} audit entries"));
            }
        }

        chain.Finish(head);
        problems.AddRange(chain.Problems);

        // With the site's key, the trail must be keyed: a missing head or one without a key id is a trail stripped of
        // its MACs or wiped, never a state to accept.
        if (key is not null && head?.KeyId is null)
        {
            problems.Add(new Issue(AuditIssues.NotIntact, Severity.Error, string.Create(CultureInfo.InvariantCulture,
                $"Expected a trail keyed under {key.Id}; its head {(head is null ? "is missing" : "carries no key id")} ({chain.Count} entries, {chain.Keyed} with a MAC): the trail was stripped of its key, wiped or replaced (or never opened with this key)."), "audit head"));
        }

        checkedItems.Add(string.Create(CultureInfo.InvariantCulture, $"the chain of {chain.Count} entries (hashes, order, head)"));
        checkedItems.Add(key is null
            ? "MACs: not checked (no key given)"
            : string.Create(CultureInfo.InvariantCulture, $"MACs of {chain.Keyed} keyed entries under key {key.Id}"));
        if (key is null)
        {
            problems.Add(new Issue(AuditIssues.KeyMissing, Severity.Error, "No audit key was given: entry MACs and identity hashes cannot be checked, so a chain recomputed by someone who can edit the database would pass and the trail is not proven. Give the site's key.", "audit key"));
        }

        // 2. Every audited table against the state the trail leads to (raw files also against their own hashes).
        foreach (var table in tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            progress?.Report($"comparing {table.Name} with the trail");
            await table.CompareAsync(db, key, problems, cancellationToken);
            checkedItems.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Name}: {table.Rows} rows against the trail"));
        }

        // The identity store's own trail, and each held identity against it.
        problems.AddRange(await IdentityTrail.VerifyAsync(db, key, cancellationToken));
        checkedItems.Add(key is null ? "the identity store's trail (chain only: no key)" : "the identity store's trail and every held identity's keyed hash");

        // 3. The database's own protections.
        problems.AddRange(await db.CheckProtectionsAsync(cancellationToken));
        checkedItems.Add("the database's protections of the trail");

        // 4. Anchors kept outside the database.
        foreach (var anchor in anchors)
        {
            problems.AddRange(await anchor.CheckAsync(db, head, key, cancellationToken));
            checkedItems.Add(string.Create(CultureInfo.InvariantCulture, $"anchor {anchor.Source} (entry {anchor.Sequence} of {anchor.AnchoredAt:yyyy-MM-dd HH:mm} UTC)"));
        }

        if (anchors.Count == 0)
        {
            problems.Add(new Issue(AuditIssues.NotChecked, Severity.Information,
                "No anchor was given: removing the newest entries together with their rows, or swapping in an older copy of the database, cannot be detected without one (stroma audit anchor).", "anchors"));
        }

        return new AuditReport(chain.Count, chain.Keyed, head?.Sequence ?? 0, head?.Hash ?? AuditChain.Genesis, head?.DatabaseId, problems, checkedItems);
    }

    /// <summary>
    /// Every row that the trail does not account for (added, changed, or recorded but absent): what a key attests as it finds it
    /// when it first keys a trail (trust on first use), so that the trail accounts for every row from then on.
    /// </summary>
    public static async Task<IReadOnlyList<TrailMismatch>> MismatchesAsync(StromaContext db, AuditKey key, CancellationToken cancellationToken)
    {
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.ClrType != typeof(AuditEntryRow) && t.ClrType != typeof(AuditHeadRow) && t.GetTableName() is not null && !typeof(IOwnTrail).IsAssignableFrom(t.ClrType) && !typeof(IRecomputed).IsAssignableFrom(t.ClrType))
            .ToDictionary(t => t.GetTableName()!, t => new TableState(t), StringComparer.Ordinal);
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (tables.TryGetValue(entry.TableName, out var table))
            {
                table.Replay(entry, key);
            }
        }

        var mismatches = new List<TrailMismatch>();
        foreach (var table in tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            await table.CompareAsync(db, key, [], cancellationToken, mismatches.Add);
        }

        return mismatches;
    }

    /// <summary>One audited table: the state the trail leads to (key → fingerprint of the recorded columns), then compared with the rows.</summary>
    private sealed class TableState(IEntityType type)
    {
        private readonly Dictionary<string, (UInt128 Fingerprint, string[] Columns)> _state = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> _columnSets = new(StringComparer.Ordinal);
        private readonly IProperty[] _properties = [.. type.GetProperties().Where(p => p.PropertyInfo is not null)];

        public string Name { get; } = type.GetTableName()!;

        public long Rows { get; private set; }

        // Rows recorded only by a reference and a keyed hash (identities): key → the image the trail holds.
        private readonly Dictionary<string, string> _redacted = new(StringComparer.Ordinal);

        // Raw files whose bytes an identity erasure masked (an audited update: the trail's image names the masked bytes' hash, and the
        // identity trail says who and why); their key stays the hash of the bytes as first kept.
        private readonly HashSet<string> _masked = new(StringComparer.Ordinal);

        private bool IsRedacted => typeof(IKeptOutOfTheTrail).IsAssignableFrom(type.ClrType);

        public void Replay(AuditEntryRow entry, AuditKey? key)
        {
            var image = entry.Action == "delete" ? entry.Before : entry.After;
            if (image is null)
            {
                return;
            }

            if (IsRedacted)
            {
                if (entry.Action == "delete")
                {
                    _redacted.Remove(entry.EntityKey);
                }
                else
                {
                    _redacted[entry.EntityKey] = image;
                }

                return;
            }

            using var json = JsonDocument.Parse(image);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in _properties)
            {
                if (json.RootElement.TryGetProperty(property.Name, out var element))
                {
                    values[property.Name] = RowSnapshot.Canonical(property.ClrType, element);
                }
            }

            if (type.FindPrimaryKey()!.Properties.Any(p => !values.ContainsKey(p.Name)))
            {
                return; // an image without the key columns (a redacted row): compared by its own rule
            }

            var rowKey = RowSnapshot.KeyOf(type, p => values[p.Name]);
            if (entry.Action == "delete")
            {
                _state.Remove(rowKey);
                return;
            }

            if (entry.Action == "update" && type.ClrType == typeof(RawFileRow))
            {
                _masked.Add(rowKey);
            }

            var signature = string.Join(",", values.Keys.Order(StringComparer.Ordinal));
            if (!_columnSets.TryGetValue(signature, out var columns))
            {
                columns = [.. values.Keys.Order(StringComparer.Ordinal)];
                _columnSets[signature] = columns;
            }

            _state[rowKey] = (RowSnapshot.Fingerprint(values.Select(v => (v.Key, v.Value))), columns);
        }

        public async Task CompareAsync(StromaContext db, AuditKey? key, List<Issue> problems, CancellationToken cancellationToken, Action<TrailMismatch>? mismatch = null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var found = 0;
            object? current = null;
            void Problem(string rowKey, string message)
            {
                mismatch?.Invoke(new TrailMismatch(type, rowKey, current));
                if (++found <= ProblemsPerTable)
                {
                    problems.Add(new Issue(AuditIssues.NotIntact, Severity.Error, message, $"{Name} {rowKey}"));
                }
            }

            var byName = _properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
            await foreach (var row in StreamRows<object>(db, type.ClrType).WithCancellation(cancellationToken))
            {
                Rows++;
                current = row;
                string Value(IProperty p) => RowSnapshot.Canonical(p.ClrType, p.PropertyInfo!.GetValue(row));
                var rowKey = RowSnapshot.KeyOf(type, Value);
                seen.Add(rowKey);
                if (IsRedacted)
                {
                    CompareRedacted(row, rowKey, key, Problem);
                    continue;
                }

                if (row is RawFileRow raw && !_masked.Contains(rowKey) && RawFileRow.HashOf(raw.Content) != raw.Sha256)
                {
                    Problem(rowKey, $"The kept raw file '{raw.FileName}' no longer hashes to its key: its bytes were changed or damaged (SHA-256 now {RawFileRow.HashOf(raw.Content)}).");
                }

                if (!_state.TryGetValue(rowKey, out var recorded))
                {
                    Problem(rowKey, $"Row {rowKey} of {Name} is not in the audit trail: added outside Stroma (or its entries were removed).");
                    continue;
                }

                var now = RowSnapshot.Fingerprint(recorded.Columns.Where(byName.ContainsKey).Select(c => (c, Value(byName[c]))));
                if (now != recorded.Fingerprint)
                {
                    Problem(rowKey, $"Row {rowKey} of {Name} differs from what the audit trail records: changed outside Stroma.");
                }
            }

            current = null;
            foreach (var missing in (IsRedacted ? (IEnumerable<string>)_redacted.Keys : _state.Keys).Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal))
            {
                Problem(missing, $"Row {missing} of {Name} is recorded in the audit trail but is not in the table: deleted outside Stroma.");
            }

            if (found > ProblemsPerTable)
            {
                problems.Add(new Issue(AuditIssues.NotIntact, Severity.Error, string.Create(CultureInfo.InvariantCulture, $"… and {found - ProblemsPerTable} more rows of {Name} that do not match the trail."), Name));
            }
        }

        // A redacted row is proven by recomputing its image (reference and keyed content hash) with the key.
        private void CompareRedacted(object row, string rowKey, AuditKey? key, Action<string, string> problem)
        {
            if (!_redacted.TryGetValue(rowKey, out var recorded))
            {
                problem(rowKey, $"Row {rowKey} of {Name} is not in the audit trail: added outside Stroma (or its entries were removed).");
            }
            else if (key is not null)
            {
                var byName = _properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
                var now = ((IKeptOutOfTheTrail)row).TrailImage(key, name => byName[name].PropertyInfo!.GetValue(row));
                if (now != recorded)
                {
                    problem(rowKey, $"Row {rowKey} of {Name} does not match the keyed hash the audit trail records: changed outside Stroma.");
                }
            }
        }

        // The rows of an entity type, streamed without tracking.
        private static IAsyncEnumerable<T> StreamRows<T>(StromaContext db, Type clr) =>
            (IAsyncEnumerable<T>)typeof(TableState).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(clr).Invoke(null, [db])!;

        private static IAsyncEnumerable<TRow> Typed<TRow>(StromaContext db)
            where TRow : class => db.Set<TRow>().AsNoTracking().AsAsyncEnumerable();
    }
}

/// <summary>A row the trail does not account for: its type, key, and the row as it is (null when it is absent from the table).</summary>
internal sealed record TrailMismatch(IEntityType Type, string Key, object? Row);

/// <summary>A row kept with a trail of its own (not replayed from the main trail): a patient identity's audit.</summary>
public interface IOwnTrail;
