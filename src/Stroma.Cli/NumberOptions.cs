using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Cli;

/// <summary>
/// Numbers on the command line are read one way, Core's <see cref="NumberText"/>: invariant, a dot as the decimal separator, no
/// thousands separators, finite. System.CommandLine's own parsing follows the culture and accepts group separators (<c>1,2</c> became
/// 12); every numeric option of every command is given this parser instead, in one place, so a new option cannot miss it.
/// </summary>
internal static partial class NumberOptions
{
    /// <summary>Gives every numeric option under <paramref name="command"/> (recursively) the strict parser.</summary>
    public static void MakeStrict(Command command)
    {
        foreach (var option in command.Options)
        {
            _ = option switch
            {
                Option<double> o => Set(o, r => Number(r, o) ?? default),
                Option<double?> o => Set(o, r => Number(r, o)),
                Option<int> o => Set(o, r => Whole(r, o) ?? default),
                Option<int?> o => Set(o, r => Whole(r, o)),
                _ => option,
            };
        }

        foreach (var subcommand in command.Subcommands)
        {
            MakeStrict(subcommand);
        }
    }

    /// <summary>Whether an option has a custom parser (every numeric option must: see <see cref="MakeStrict"/>).</summary>
    public static bool IsStrict(Option option) => option.GetType().GetProperty("CustomParser")?.GetValue(option) is not null;

    /// <summary>Whether a parse error is one of ours, already a coded <c>location: CODE error: message</c> line.</summary>
    public static bool IsCodedLine(string message) => CodedLine().IsMatch(message);

    private static Option<T> Set<T>(Option<T> option, Func<ArgumentResult, T?> parse)
    {
        option.CustomParser = parse;
        return option;
    }

    private static double? Number(ArgumentResult result, Option option)
    {
        if (result.Tokens.Count == 0)
        {
            return option.HasDefaultValue ? (double?)option.GetDefaultValue() : null;
        }

        var text = result.Tokens[0].Value;
        if (NumberText.TryParse(text, out var value, out var problem))
        {
            return value;
        }

        result.AddError(Issue.Error(CliCodes.NotANumber, option.Name, $"{NumberText.Describe(text, problem)}").ToCliLine());
        return null;
    }

    private static int? Whole(ArgumentResult result, Option option)
    {
        if (result.Tokens.Count == 0)
        {
            return option.HasDefaultValue ? (int?)option.GetDefaultValue() : null;
        }

        var text = result.Tokens[0].Value;
        if (NumberText.TryParseWhole(text, out var value, out var problem))
        {
            return value;
        }

        result.AddError(Issue.Error(CliCodes.NotANumber, option.Name, $"{NumberText.Describe(text, problem, whole: true)}").ToCliLine());
        return null;
    }

    [GeneratedRegex(@"^\S+: [A-Z]+[0-9]{3} error: ", RegexOptions.CultureInvariant)]
    private static partial Regex CodedLine();
}
