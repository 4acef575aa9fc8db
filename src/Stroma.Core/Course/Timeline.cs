namespace Stroma.Core.Course;

/// <summary>Times sorted once and searched by bisection, so judging n samples against m sessions costs n log m, not n × m.</summary>
internal sealed class Timeline<T>
{
    private readonly DateTimeOffset[] _times;
    private readonly T[] _items;

    public Timeline(IEnumerable<T> items, Func<T, DateTimeOffset> time)
    {
        _items = [.. items.OrderBy(time)];
        _times = [.. _items.Select(time)];
    }

    public int Count => _items.Length;

    public T? LastItem => _items.Length == 0 ? default : _items[^1];

    /// <summary>The last item strictly before <paramref name="at"/> (or at or before it when <paramref name="inclusive"/>).</summary>
    public T? LastBefore(DateTimeOffset at, bool inclusive = false)
    {
        var index = Bisect(at, inclusive) - 1;
        return index >= 0 ? _items[index] : default;
    }

    /// <summary>The item nearest in time to <paramref name="at"/>, or default when there is none within <paramref name="maxDays"/>.</summary>
    public T? Nearest(DateTimeOffset at, double maxDays)
    {
        var after = Bisect(at, inclusive: false);
        var best = -1;
        foreach (var candidate in new[] { after - 1, after })
        {
            if (candidate >= 0 && candidate < _times.Length
                && Math.Abs((_times[candidate] - at).TotalDays) <= maxDays
                && (best < 0 || Math.Abs((_times[candidate] - at).Ticks) < Math.Abs((_times[best] - at).Ticks)))
            {
                best = candidate;
            }
        }

        return best >= 0 ? _items[best] : default;
    }

    // The number of items before `at` (or at or before it when inclusive).
    private int Bisect(DateTimeOffset at, bool inclusive)
    {
        int lo = 0, hi = _times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var before = inclusive ? _times[mid] <= at : _times[mid] < at;
            if (before)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
