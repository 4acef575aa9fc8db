using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Stroma.Storage;

/// <summary>
/// A write transaction (<see cref="StromaContext.BeginWriteAsync"/>) that, as it commits, first brings the stored assessments of the
/// patients it changed in line (<see cref="StromaContext.RefreshAssessmentsAsync"/>): every write path keeps them, none can forget.
/// </summary>
internal sealed class WriteTransaction(StromaContext db, IDbContextTransaction inner) : IDbContextTransaction, IInfrastructure<DbTransaction>
{
    // The ADO.NET transaction beneath, for callers that enlist another context in it (GetDbTransaction(): the accounts' changes).
    public DbTransaction Instance => inner.GetDbTransaction();

    public Guid TransactionId => inner.TransactionId;

    public void Commit() => CommitAsync().GetAwaiter().GetResult();

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await db.RefreshAssessmentsAsync(cancellationToken);
        await inner.CommitAsync(cancellationToken);
    }

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
