using System.CommandLine;
using System.CommandLine.Parsing;
using Stroma.Core.Course;

namespace Stroma.Cli;

/// <summary>
/// The <c>--patient</c> option of every command: read as a <see cref="PatientId"/> when parsed, so a malformed id is a usage error
/// (CLI007, exit 2) naming the option, before any store is opened.
/// </summary>
internal static class PatientOptions
{
    /// <summary>A required <c>--patient</c>.</summary>
    public static Option<PatientId> Required(string description) => new("--patient")
    {
        Description = description, Required = true, CustomParser = r => Read(r) ?? default,
    };

    /// <summary>An optional <c>--patient</c> (null when not given).</summary>
    public static Option<PatientId?> Optional(string description) => new("--patient") { Description = description, CustomParser = Read };

    private static PatientId? Read(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var read = PatientId.Read(result.Tokens[0].Value, "--patient", CliCodes.BadPatientId);
        foreach (var issue in read.Issues)
        {
            result.AddError(issue.ToCliLine());
        }

        return read.HasErrors ? null : read.Value;
    }
}
