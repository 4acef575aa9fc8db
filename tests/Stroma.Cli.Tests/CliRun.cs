using System.Text.Json;

namespace Stroma.Cli.Tests;

/// <summary>Runs the <c>stroma</c> command in-process and captures what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = StromaCommand.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>The issue codes on stderr, from lines shaped <c>location: CODE severity: message</c>.</summary>
    public IReadOnlyList<(string Location, string Code)> Issues() =>
        [.. Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2 && parts[1].Split(' ').Length > 1 && parts[1].Split(" ")[1] is "error:" or "warning:" or "information:")
            .Select(parts => (parts[0], parts[1].Split(' ')[0]))];
}
