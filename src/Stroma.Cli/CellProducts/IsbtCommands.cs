using System.CommandLine;
using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli.CellProducts;

/// <summary><c>stroma isbt check DIN</c> and <c>stroma isbt din --facility F --year YY --sequence N</c>.</summary>
public static class IsbtCommands
{
    /// <summary>The <c>isbt</c> command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var din = new Argument<string>("DIN") { Description = "A DIN: 13 characters, 14 with the check character, or the bar-code data '=' + 13 + 2 flag characters." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (din, checkCharacter, flag, valid, issues)." };
        var check = new Command("check", "Validate an ISBT 128 Donation Identification Number and give its check character.") { din, json };
        check.SetAction(parsed => Write(Isbt128.Parse(parsed.GetValue(din)!), parsed.GetValue(json), stdout, stderr));

        var facility = new Option<string>("--facility") { Description = "Facility identification number (5 characters, assigned by ICCBBA).", Required = true };
        var year = new Option<int>("--year") { Description = "Year, two digits.", Required = true };
        var sequence = new Option<int>("--sequence") { Description = "Sequence number within the year (0–999999).", Required = true };
        var json2 = new Option<bool>("--json") { Description = "Write one JSON object (din, checkCharacter, flag, valid, issues)." };
        var make = new Command("din", "Make a DIN from its parts, with its check character and type-3 flag.") { facility, year, sequence, json2 };
        make.SetAction(parsed => Write(Isbt128.Create(parsed.GetValue(facility)!, parsed.GetValue(year), parsed.GetValue(sequence)), parsed.GetValue(json2), stdout, stderr));
        return new Command("isbt", "ISBT 128 identifiers of cell-therapy products.") { check, make };
    }

    private static int Write(ReadResult<Din> result, bool json, TextWriter stdout, TextWriter stderr)
    {
        CliIssues.Write(stderr, result.Issues);
        var valid = !result.HasErrors && result.Value is not null;
        if (json)
        {
            CliIssues.WriteJson(stdout, new DinView(
                result.Value?.Value, result.Value?.CheckCharacter.ToString(), result.Value?.Type3Flag, valid, CliIssues.Views(result.Issues)));
        }
        else if (result.Value is { } d && valid)
        {
            stdout.WriteLine($"{d}: valid; check character {d.CheckCharacter}, type-3 flag {d.Type3Flag}; bar-code data ={d.Value}{d.Flags ?? "00"}");
        }

        return valid ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
