namespace Stroma.Core.Diagnostics;

/// <summary>Thrown by the <c>OrThrow</c> twins of readers when external input has errors. Carries every issue and the partial value.</summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception from the issues found and whatever could be read.</summary>
    public InvalidInputException(IReadOnlyList<Issue> issues, object? partialValue = null)
        : base(Summarise(issues))
    {
        Issues = issues;
        PartialValue = partialValue;
    }

    /// <summary>Creates an exception without issues (for serialisers and tools); prefer the issue-carrying constructor.</summary>
    public InvalidInputException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message only; prefer the issue-carrying constructor.</summary>
    public InvalidInputException(string message)
        : base(message) => Issues = [];

    /// <summary>Creates an exception with a message and an inner exception; prefer the issue-carrying constructor.</summary>
    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException) => Issues = [];

    /// <summary>Every issue found in the input.</summary>
    public IReadOnlyList<Issue> Issues { get; }

    /// <summary>Whatever could be read despite the errors; may be null.</summary>
    public object? PartialValue { get; }

    private static string Summarise(IReadOnlyList<Issue> issues) =>
        issues.Count == 0 ? "The input is invalid." : string.Join(Environment.NewLine, issues.Select(i => i.ToCliLine()));
}
