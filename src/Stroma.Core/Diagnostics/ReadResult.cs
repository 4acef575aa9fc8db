namespace Stroma.Core.Diagnostics;

/// <summary>
/// The outcome of reading external data: a best-effort <see cref="Value"/> (absent when nothing usable could be read)
/// and every <see cref="Issue"/> found on the way. Readers return this instead of throwing.
/// </summary>
/// <typeparam name="T">The type read.</typeparam>
public sealed record ReadResult<T>
{
    private ReadResult(T? value, IReadOnlyList<Issue> issues)
    {
        Value = value;
        Issues = issues;
    }

    /// <summary>The value read; may be partial when there are issues, and is absent when nothing could be read.</summary>
    public T? Value { get; }

    /// <summary>Every issue found, in the order found.</summary>
    public IReadOnlyList<Issue> Issues { get; }

    /// <summary>True when at least one issue has <see cref="Severity.Error"/>.</summary>
    public bool HasErrors => Issues.Any(i => i.Severity == Severity.Error);

    internal static ReadResult<T> Create(T? value, IReadOnlyList<Issue> issues) => new(value, issues);

    /// <summary>The value, or an <see cref="InvalidInputException"/> carrying every issue when there is an error.</summary>
    /// <exception cref="InvalidInputException">The input had at least one error, or no value could be read.</exception>
    public T ValueOrThrow() =>
        HasErrors || Value is null ? throw new InvalidInputException(Issues, Value) : Value;
}

/// <summary>Factories for <see cref="ReadResult{T}"/>.</summary>
public static class ReadResult
{
    /// <summary>A result holding a value and any warnings.</summary>
    public static ReadResult<T> Of<T>(T value, IEnumerable<Issue>? issues = null) => ReadResult<T>.Create(value, [.. issues ?? []]);

    /// <summary>A result with no usable value.</summary>
    /// <exception cref="ArgumentException"><paramref name="issues"/> is empty.</exception>
    public static ReadResult<T> Failed<T>(IEnumerable<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var list = issues.ToList();
        return list.Count == 0 ? throw new ArgumentException("A failed result needs at least one issue.", nameof(issues)) : ReadResult<T>.Create(default, list);
    }
}
