using Stroma.Application.Course;
using Stroma.Application.Json;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli;

/// <summary>How issues leave the command line: one stderr line each, and as views for the --json records.</summary>
internal static class CliIssues
{
    /// <summary>Writes one line per issue to standard error.</summary>
    public static void Write(TextWriter stderr, IEnumerable<Issue> issues)
    {
        foreach (var issue in issues)
        {
            // One line each, whatever a value carried: control and direction characters escaped, a runaway value cut.
            stderr.WriteLine(Clip(AtOption(issue).ToCliLine(), 2000));
        }
    }

    // The fields the use cases, the store and Core locate issues at, as the options that give them on the command line: the one
    // place the CLI's option names meet the rules (a web form maps the same fields to its own inputs).
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["patient"] = "--patient", ["reason"] = "--reason", ["name"] = "--name", ["hospitalNumber"] = "--hospital-number",
        ["sizeStandard"] = "--size-standard", ["kit"] = "--kit", ["bins"] = "--bins", ["bag"] = "--bag", ["cellsPerKilogram"] = "--cells-per-kg", ["weightKg"] = "--weight-kg",
    };

    /// <summary>An issue located at a use case's field (<c>patient</c>, <c>reason</c>…), located at the option that gives it.</summary>
    public static Issue AtOption(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Options.TryGetValue(issue.Location, out var option) ? issue with { Location = option } : issue;
    }

    /// <summary>The issues as the front ends show them (code, severity, message, location), located at the options.</summary>
    public static IReadOnlyList<IssueView> Views(IEnumerable<Issue> issues) => [.. issues.Select(AtOption).Select(IssueView.Of)];

    /// <summary>Writes one result record as JSON on standard output, through the one set of options.</summary>
    public static void WriteJson<T>(TextWriter stdout, T value) => stdout.WriteLine(StromaJson.Serialize(value));

    /// <summary>Reads an optional value: absent stays absent; present goes through the reader, which may add issues.</summary>
    public static T? ReadOptional<T>(double? value, Func<double, ReadResult<T>> read, List<Issue> issues)
        where T : struct
    {
        if (value is not { } v)
        {
            return null;
        }

        var result = read(v);
        issues.AddRange(result.Issues);
        return result.HasErrors ? null : result.Value;
    }

    /// <summary>Reads an optional value that comes with a unit option; a unit without its value is an error.</summary>
    public static T? ReadPaired<T>(double? value, string? unit, string option, Func<double, string?, string, ReadResult<T>> read, List<Issue> issues)
        where T : struct
    {
        if (value is not { } v)
        {
            if (unit is not null)
            {
                issues.Add(Issue.Error(CliCodes.UnpairedOption, option + "-unit", $"{option}-unit was given without {option}."));
            }

            return null;
        }

        var result = read(v, unit, option);
        issues.AddRange(result.Issues);
        return result.HasErrors ? null : result.Value;
    }

    /// <summary>Text for one line: control characters escaped, cut to <paramref name="limit"/> characters with the rest counted.</summary>
    public static string Clip(string text, int limit = 300)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (builder.Length >= limit)
            {
                break;
            }

            _ = Core.Text.OneLine.IsForbidden(c) ? builder.Append(System.FormattableString.Invariant($"\\u{(int)c:x4}")) : builder.Append(c);
        }

        return builder.Length >= limit && text.Length > limit
            ? System.FormattableString.Invariant($"{builder}… ({text.Length - limit} more characters)")
            : builder.ToString();
    }

    /// <summary>Whether a file exists; when not, says so on standard error as <c>path: IO001 error: ...</c>.</summary>
    public static bool Exists(FileInfo file, TextWriter stderr, string what = "a readable file")
    {
        if (file.Exists)
        {
            return true;
        }

        stderr.WriteLine($"{file.FullName}: {CliCodes.MissingFile} error: Expected {what}; {(Directory.Exists(file.FullName) ? "it is a folder" : "it does not exist")}.");
        return false;
    }
}
