namespace Stroma.Storage.Course;

/// <summary>Walks rows ordered by patient id and hands out each patient's rows in turn (a merge join with the patients scan).</summary>
internal sealed class PatientCursor<T>(IAsyncEnumerable<T> rows, Func<T, string> patientOf, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _rows = rows.GetAsyncEnumerator(cancellationToken);
    private bool _started;
    private bool _hasCurrent;

    /// <summary>The rows of <paramref name="patientId"/>. Both scans sort by the same column in the same database collation, and
    /// foreign keys guarantee every row has a patient, so each patient's rows are exactly the next run.</summary>
    public async Task<List<T>> TakeAsync(string patientId)
    {
        if (!_started)
        {
            _started = true;
            _hasCurrent = await _rows.MoveNextAsync();
        }

        var taken = new List<T>();
        while (_hasCurrent && patientOf(_rows.Current) == patientId)
        {
            taken.Add(_rows.Current);
            _hasCurrent = await _rows.MoveNextAsync();
        }

        return taken;
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}
