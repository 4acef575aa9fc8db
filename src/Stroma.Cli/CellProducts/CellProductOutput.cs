using System.CommandLine;
using Stroma.Application.Course;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// What the cell-product, custody, infusion and safety commands share: the <c>--json</c> option, one JSON object on standard output
/// (issues included; the issues also go to standard error, one line each).
/// </summary>
internal static class CellProductOutput
{
    /// <summary>A <c>--json</c> option describing what the object holds.</summary>
    public static Option<bool> JsonOption(string fields) => new("--json") { Description = $"Write one JSON object on standard output ({fields}, issues)." };

    /// <summary>Writes the issues to standard error and, with <paramref name="json"/>, the view made with them to standard output.</summary>
    public static void Write<T>(TextWriter stdout, TextWriter stderr, IEnumerable<Issue> issues, bool json, Func<IReadOnlyList<IssueView>, T> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var all = issues.ToList();
        CliIssues.Write(stderr, all);
        if (json)
        {
            CliIssues.WriteJson(stdout, view(CliIssues.Views(all)));
        }
    }

    /// <summary>A refusal: the issues to standard error and, with <paramref name="json"/>, <c>{"done": false, "issues": [...]}</c> to standard output.</summary>
    public static void Refuse(TextWriter stdout, TextWriter stderr, IEnumerable<Issue> issues, bool json) =>
        Write(stdout, stderr, issues, json, Application.Administration.RefusedView.Of);
}
