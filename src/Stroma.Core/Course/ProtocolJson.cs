using System.Text.Json;
using Stroma.Core.Diagnostics;
using Stroma.Core.Renal;
using Stroma.Core.Text;

namespace Stroma.Core.Course;

/// <summary>Stable issue codes for protocol files.</summary>
public static class ProtocolIssues
{
    /// <summary>The file is not well-formed JSON, or not an object.</summary>
    public const string Malformed = "PROTO001";

    /// <summary>A required property is missing.</summary>
    public const string Missing = "PROTO002";

    /// <summary>A property has a value of the wrong type or outside its range.</summary>
    public const string BadValue = "PROTO003";

    /// <summary>A property is not one a protocol has (a typo would otherwise be silently ignored).</summary>
    public const string UnknownProperty = "PROTO004";
}

/// <summary>
/// Reads a <see cref="TreatmentProtocol"/> from JSON, for centres whose protocol differs from the seed case:
/// <code>
/// { "id": "centre_2026", "target": { "upcrBelowMgPerMg": 3.5, "inclusive": false }, "plasmapheresisFreeDays": 14,
///   "beforeWindowDays": 84, "independenceDays": 84, "oneYearDay": 365, "oneYearToleranceDays": 45,
///   "heightMaxAgeDays": 120, "albuminMaxAgeDays": 7 }
/// </code>
/// <c>id</c> and <c>target</c> are required; every other property defaults to <see cref="TreatmentProtocol.SeedCase"/>'s value.
/// Unknown and duplicate properties are errors; a byte-order mark is allowed. Locations are JSON paths (<c>$.target.upcrBelowMgPerMg</c>).
/// </summary>
public static class ProtocolJson
{
    private static readonly string[] DayProperties =
        ["plasmapheresisFreeDays", "beforeWindowDays", "independenceDays", "oneYearDay", "oneYearToleranceDays", "heightMaxAgeDays", "albuminMaxAgeDays"];

    /// <summary>Reads a protocol; every problem is reported with its JSON path.</summary>
    public static ReadResult<TreatmentProtocol> Read(ReadOnlySpan<byte> json, string fileName)
    {
        var parsed = StrictJson.Parse(json, fileName, ProtocolIssues.Malformed);
        if (parsed.Value is not { } document)
        {
            return ReadResult.Failed<TreatmentProtocol>(parsed.Issues);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ReadResult.Failed<TreatmentProtocol>([Issue.Error(ProtocolIssues.Malformed, $"{fileName} $", $"Expected a JSON object; found {root.ValueKind}.")]);
            }

            var issues = new List<Issue>();
            var seed = TreatmentProtocol.SeedCase;
            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("id" or "target") && !DayProperties.Contains(p.Name, StringComparer.Ordinal)))
            {
                issues.Add(Issue.Error(ProtocolIssues.UnknownProperty, $"{fileName} $.{property.Name}",
                    $"Expected one of id, target, {string.Join(", ", DayProperties)}; found '{property.Name}'."));
            }

            string? id = null;
            if (!root.TryGetProperty("id", out var idElement))
            {
                issues.Add(Issue.Error(ProtocolIssues.Missing, $"{fileName} $.id", $"Expected a protocol id; none was given."));
            }
            else if (idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
            {
                issues.Add(Issue.Error(ProtocolIssues.BadValue, $"{fileName} $.id", $"Expected a non-empty string; found {idElement.ValueKind}."));
            }
            else
            {
                id = idElement.GetString();
            }

            var target = ReadTarget(root, fileName, issues);
            var days = DayProperties.Select(name => ReadDays(root, name, DefaultOf(seed, name), fileName, issues)).ToArray();
            return issues.Count > 0 || id is null || target is null
                ? ReadResult.Failed<TreatmentProtocol>(issues)
                : ReadResult.Of(new TreatmentProtocol(id, target.Value, days[0], days[1], days[2], days[3], days[4], days[5], days[6]));
        }
    }

    private static UpcrThreshold? ReadTarget(JsonElement root, string fileName, List<Issue> issues)
    {
        if (!root.TryGetProperty("target", out var target) || target.ValueKind != JsonValueKind.Object)
        {
            issues.Add(Issue.Error(ProtocolIssues.Missing, $"{fileName} $.target", $"Expected a target object {{\"upcrBelowMgPerMg\": 5, \"inclusive\": false}}."));
            return null;
        }

        if (!target.TryGetProperty("upcrBelowMgPerMg", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var mgPerMg)
            || !double.IsFinite(mgPerMg) || mgPerMg <= 0 || mgPerMg > 50)
        {
            issues.Add(Issue.Error(ProtocolIssues.BadValue, $"{fileName} $.target.upcrBelowMgPerMg", $"Expected a UPCR target in mg/mg above 0 and at most 50; found {Describe(target, "upcrBelowMgPerMg")}."));
            return null;
        }

        var inclusive = false;
        if (target.TryGetProperty("inclusive", out var flag))
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                issues.Add(Issue.Error(ProtocolIssues.BadValue, $"{fileName} $.target.inclusive", $"Expected true or false; found {flag.ValueKind}."));
                return null;
            }

            inclusive = flag.GetBoolean();
        }

        foreach (var extra in target.EnumerateObject().Where(p => p.Name is not ("upcrBelowMgPerMg" or "inclusive")))
        {
            issues.Add(Issue.Error(ProtocolIssues.UnknownProperty, $"{fileName} $.target.{extra.Name}", $"Expected upcrBelowMgPerMg or inclusive; found '{extra.Name}'."));
        }

        return new UpcrThreshold(mgPerMg, inclusive);
    }

    private static int ReadDays(JsonElement root, string name, int fallback, string fileName, List<Issue> issues)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return fallback;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var days) && days is >= 0 and <= 3650)
        {
            return days;
        }

        issues.Add(Issue.Error(ProtocolIssues.BadValue, $"{fileName} $.{name}", $"Expected a whole number of days from 0 to 3650; found {Describe(root, name)}."));
        return fallback;
    }

    private static int DefaultOf(TreatmentProtocol seed, string name) => name switch
    {
        "plasmapheresisFreeDays" => seed.PlasmapheresisFreeDays,
        "beforeWindowDays" => seed.BeforeWindowDays,
        "independenceDays" => seed.IndependenceDays,
        "oneYearDay" => seed.OneYearDay,
        "oneYearToleranceDays" => seed.OneYearToleranceDays,
        "heightMaxAgeDays" => seed.HeightMaxAgeDays,
        _ => seed.AlbuminMaxAgeDays,
    };

    private static string Describe(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) ? (e.ValueKind == JsonValueKind.String ? $"\"{e.GetString()}\"" : e.GetRawText()) : "nothing";
}
