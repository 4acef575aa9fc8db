using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli.CellProducts;

/// <summary>
/// What the cell-product, custody, infusion and safety commands share: the <c>--json</c> option, one JSON object on standard output
/// (issues included; the issues also go to standard error, one line each), and finding a bag from its id or DIN.
/// </summary>
internal static class CellProductOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A <c>--json</c> option describing what the object holds.</summary>
    public static Option<bool> JsonOption(string fields) => new("--json") { Description = $"Write one JSON object on standard output ({fields}, issues)." };

    /// <summary>Writes the issues to standard error and, with <paramref name="json"/>, the object (with the issues) to standard output.</summary>
    public static void Write(TextWriter stdout, TextWriter stderr, IEnumerable<Issue> issues, JsonObject? json)
    {
        var all = issues.ToList();
        CliIssues.Write(stderr, all);
        if (json is not null)
        {
            json["issues"] = CliIssues.ToJson(all);
            stdout.WriteLine(json.ToJsonString(Indented));
        }
    }

    /// <summary>A time as written in the JSON: ISO 8601 with its offset.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A custody event as JSON.</summary>
    public static JsonObject Event(CustodyEvent e) => new()
    {
        ["id"] = e.Id,
        ["kind"] = SpecificationRules.Json(e.Kind),
        ["from"] = e.From,
        ["to"] = e.To,
        ["at"] = Time(e.At),
        ["location"] = e.Location,
        ["scannedItemId"] = e.ScannedItemId,
        ["temperatureC"] = e.TemperatureC,
        ["sealIntact"] = e.SealIntact,
        ["witness"] = e.Witness,
    };
}
