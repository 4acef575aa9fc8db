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
    /// that the accounts' own context can enlist; the event it returns is recorded (audited, as <see cref="Actor"/>) in the same
    /// transaction. When it returns no event the change was refused: the transaction is rolled back and nothing is written.
    /// </summary>
    public async Task<T> ChangeAccountAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<(T Result, AccountEvent? Event)>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var (result, done) = await change(db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        if (done is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }

        db.Set<AccountEventRow>().Add(new AccountEventRow
        {
            Id = Guid.NewGuid().ToString("N"), AtUtc = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Actor = Actor,
            UserName = done.UserName, Event = done.Event, Detail = done.Detail,
        });
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
