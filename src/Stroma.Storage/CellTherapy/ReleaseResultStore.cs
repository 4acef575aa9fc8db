using Microsoft.EntityFrameworkCore;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Storage.CellTherapy;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>Release results added to a stored lot after it was made (late results: a sterility culture read at day 14, a retest).</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Adds release results to a stored lot, checked against its specification's tests and units (<see cref="Release.CheckResults"/>)
    /// in one audited transaction; refused whole, nothing written, when one is wrong or the lot is not stored. Results are appended,
    /// never replacing one: the decision judges each test on its newest result. The lot's content changes, so a release signature given
    /// before no longer holds (its content hash no longer matches) and the lot is released again only by a new signature.
    /// <paramref name="where"/> gives the location of result i (a form's field, a file's row).
    /// </summary>
    public async Task<ReadResult<StoredLot>> AddReleaseResultsAsync(string lotId, IReadOnlyList<ReleaseResult> results, Func<int, string> where, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(where);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var stored = await LoadLotAsync(db, lotId, cancellationToken);
        if (stored is null)
        {
            return ReadResult.Failed<StoredLot>([Issue.Error(UnknownLot, $"lot {lotId}", $"Expected a stored lot; there is none with the id '{lotId}'.")]);
        }

        if (results.Count == 0)
        {
            return ReadResult.Failed<StoredLot>([Issue.Error(ReleaseIssues.WrongKind, where(0), $"Expected at least one result to add; found none.")]);
        }

        var checkedResults = Release.CheckResults(stored.Specification, results, where);
        if (checkedResults.HasErrors)
        {
            return ReadResult.Failed<StoredLot>(checkedResults.Issues);
        }

        var accepted = checkedResults.Value;

        var taken = await db.ReleaseResults.AsNoTracking().Where(r => r.LotId == lotId).Select(r => r.Id).ToListAsync(cancellationToken);
        var next = taken.Count + 1;
        foreach (var r in accepted)
        {
            string id;
            do
            {
                id = FormattableString.Invariant($"{lotId}-r{next++:0000}");
            }
            while (taken.Contains(id, StringComparer.Ordinal));

            var (at, offset) = CourseRows.Split(r.At);
            db.ReleaseResults.Add(new ReleaseResultRow { Id = id, LotId = lotId, Code = r.Code, Value = r.Value, Text = r.Text, Unit = r.Unit, AtUtc = at, AtOffsetMinutes = offset });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of((await LoadLotAsync(db, lotId, cancellationToken))!, checkedResults.Issues);
    }
}
