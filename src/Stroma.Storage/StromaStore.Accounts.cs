using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Stroma.Storage.Accounts;

namespace Stroma.Storage;

/// <summary>
/// Account events: a change to a web account (made by the web app's own tables on this database) and its event in the audited
/// <c>account_events</c> table commit together, or neither does.
/// </summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Runs <paramref name="change"/> inside one write transaction on this database, handing it the open connection and transaction so
    /// that the accounts' own context can enlist; the events it returns are recorded (audited, as <see cref="Actor"/>) in the same
    /// transaction. When it returns none the change was refused (or changed nothing): the transaction is rolled back and nothing is written.
    /// </summary>
    public async Task<T> ChangeAccountAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<(T Result, IReadOnlyList<AccountEvent> Events)>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var (result, done) = await change(db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        if (done.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        db.Set<AccountEventRow>().AddRange(done.Select(e => new AccountEventRow
        {
            Id = Guid.NewGuid().ToString("N"), AtUtc = at, Actor = Actor, UserName = e.UserName, Event = e.Event, Detail = e.Detail,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The events of one account, oldest first, each with the audit entry that records it.</summary>
    public async Task<IReadOnlyList<RecordedAccountEvent>> LoadAccountEventsAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.Set<AccountEventRow>().AsNoTracking().Where(e => e.UserName == userName).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.TableName == AccountsModel.Table && e.Action == "insert" && ids.Contains(e.EntityKey))
            .Select(e => new { e.EntityKey, e.Sequence }).ToListAsync(cancellationToken);
        var sequenceOf = entries.ToDictionary(e => e.EntityKey, e => e.Sequence, StringComparer.Ordinal);
        return [.. rows.OrderBy(r => r.AtUtc).ThenBy(r => sequenceOf.GetValueOrDefault(r.Id))
            .Select(r => new RecordedAccountEvent(r.AtUtc, r.Actor, r.UserName, r.Event, r.Detail, sequenceOf.TryGetValue(r.Id, out var s) ? s : null))];
    }
}
