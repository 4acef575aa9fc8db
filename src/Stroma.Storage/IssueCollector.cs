using System.Globalization;
using Stroma.Core.Diagnostics;

namespace Stroma.Storage;

/// <summary>
/// The issues of a long import: every error counted, the first <see cref="Limit"/> issues kept with their locations, the rest summed
/// up in one line (a million bad rows must not become a million lines, nor a million objects held).
/// </summary>
internal sealed class IssueCollector(string fileName, IEnumerable<Issue> first)
{
    public const int Limit = 1_000;

    /// <summary>An issue not listed (the summary line).</summary>
    public const string MoreIssues = "IMPORT001";

    private readonly List<Issue> _kept = [.. first];
    private long _errors;
    private long _dropped;

    public bool HasErrors => _errors > 0 || _kept.Any(i => i.Severity == Severity.Error);

    public void Add(Issue issue)
    {
        _errors += issue.Severity == Severity.Error ? 1 : 0;
        if (_kept.Count < Limit)
        {
            _kept.Add(issue);
        }
        else
        {
            _dropped++;
        }
    }

    public void AddRange(IEnumerable<Issue> issues)
    {
        foreach (var issue in issues)
        {
            Add(issue);
        }
    }

    public List<Issue> ToList() => _dropped == 0
        ? [.. _kept]
        : [.. _kept, new Issue(MoreIssues, Severity.Information, string.Create(CultureInfo.InvariantCulture, $"{_dropped} more issues are not listed (the first {Limit} are)."), fileName)];
}
