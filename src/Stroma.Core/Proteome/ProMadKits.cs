using System.Collections.Immutable;
using System.Text.Json;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Proteome;

/// <summary>
/// Reads proMAD's kit files (github.com/theia-dev/proMAD, <c>proMAD/data/array/*.json</c>, MIT) so that its users can bring their
/// layouts: <c>id</c> the kit; <c>net_layout_x</c> and <c>net_layout_y</c> the printed blocks (how many columns, and rows, in each
/// group); <c>net_skip_size</c> the extra space between two groups in pitch units; <c>spots[].position</c> the 0-based
/// <c>[row, column]</c> of a spot and <c>spots[].info[0]</c> its name; <c>double_spot</c> the <c>[row, column]</c> offset of each
/// spot's duplicate. A column in group g sits at its index + g × net_skip_size pitch units (proMAD's own grid), so the layout states
/// its printed geometry. "Reference …" spots are references, "Negative …" spots negatives, the rest analytes (names through the
/// synonym map). Other fields (company, source, Entrez ids) are not used.
/// </summary>
public static class ProMadKits
{
    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, AllowDuplicateProperties = false };

    /// <summary>Reads a proMAD kit file.</summary>
    public static ReadResult<ArrayLayout> Read(ReadOnlySpan<byte> json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), Strict);
        }
        catch (JsonException e)
        {
            return Failed(fileName, $"line {(e.LineNumber ?? 0) + 1}", $"Expected a proMAD kit file (JSON); {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed(fileName, "$", $"Expected a JSON object with id, net_layout_x, net_layout_y, net_skip_size and spots; found {root.ValueKind}.");
            }

            var issues = new List<Issue>();
            var kit = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } k ? k.Trim() : null;
            var blocksX = Blocks(root, "net_layout_x", fileName, issues);
            var blocksY = Blocks(root, "net_layout_y", fileName, issues);
            var skip = root.TryGetProperty("net_skip_size", out var s) && s.ValueKind == JsonValueKind.Number && s.GetDouble() is >= 0 and <= 10 and var v ? v : double.NaN;
            var (dRow, dColumn) = (0, 0);
            if (kit is null)
            {
                issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.id", $"Expected the kit id as a non-empty string."));
            }

            if (double.IsNaN(skip))
            {
                issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.net_skip_size", $"Expected the space between blocks as a number of pitch units from 0 to 10."));
            }

            if (root.TryGetProperty("double_spot", out var d) && !(Pair(d, out dRow, out dColumn) && dRow >= 0 && dColumn >= 0 && dRow + dColumn > 0))
            {
                issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.double_spot", $"Expected the duplicate's offset as [rows, columns] of non-negative integers, not both 0; found {d.GetRawText()}."));
            }

            if (!root.TryGetProperty("spots", out var spotsElement) || spotsElement.ValueKind != JsonValueKind.Array)
            {
                issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.spots", $"Expected the spots as an array of {{position, info}}."));
            }

            if (issues.Count > 0)
            {
                return ReadResult.Failed<ArrayLayout>(issues);
            }

            var (rows, columns) = (blocksY.Sum(), blocksX.Sum());
            var spots = new List<LayoutSpot>();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var spot in spotsElement.EnumerateArray())
            {
                var at = $"{fileName} $.spots[{i++}]";
                var name = spot.ValueKind == JsonValueKind.Object && spot.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Array && info.GetArrayLength() > 0
                    && info[0].ValueKind == JsonValueKind.String ? info[0].GetString()!.Trim() : string.Empty;
                if (name.Length == 0 || !spot.TryGetProperty("position", out var position) || !Pair(position, out var row, out var column))
                {
                    issues.Add(Issue.Error(LayoutIssues.BadKitFile, at, $"Expected {{\"position\": [row, column], \"info\": [name, …]}}; found {spot.GetRawText()}."));
                    continue;
                }

                var role = name.StartsWith("Reference", StringComparison.OrdinalIgnoreCase) ? SpotRole.Reference
                    : name.StartsWith("Negative", StringComparison.OrdinalIgnoreCase) ? SpotRole.Negative : SpotRole.Analyte;
                name = role == SpotRole.Analyte ? ArrayLayouts.Normalise(name) : name;
                foreach (var (r, c) in dRow + dColumn > 0 ? [(row, column), (row + dRow, column + dColumn)] : new[] { (row, column) })
                {
                    if (r < 0 || c < 0 || r >= rows || c >= columns)
                    {
                        issues.Add(Issue.Error(LayoutIssues.BadKitFile, at, $"Expected a position inside the {rows} × {columns} grid of net_layout_y × net_layout_x; found [{r}, {c}] for {name}."));
                        continue;
                    }

                    counts[name] = counts.GetValueOrDefault(name) + 1;
                    spots.Add(new LayoutSpot(name, r, c, role, counts[name]));
                }
            }

            foreach (var clash in spots.GroupBy(p => (p.Row, p.Column)).Where(g => g.Count() > 1))
            {
                issues.Add(Issue.Error(LayoutIssues.Collision, fileName, $"Expected one spot per position; {clash.First().Label} holds {string.Join(" and ", clash.Select(p => p.Analyte))}."));
            }

            if (spots.Count == 0 && issues.Count == 0)
            {
                issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.spots", $"Expected spots; found none."));
            }

            return issues.Count > 0
                ? ReadResult.Failed<ArrayLayout>(issues)
                : ReadResult.Of(new ArrayLayout(kit!, rows, columns, [.. spots])
                {
                    ColumnPositions = Grid(blocksX, skip),
                    RowPositions = Grid(blocksY, skip),
                    HasPrintedGeometry = true,
                });
        }
    }

    // Index + (its block's number) × skip: proMAD's grid_position in pitch units.
    private static ImmutableArray<double> Grid(IReadOnlyList<int> blocks, double skip) =>
        [.. blocks.SelectMany((size, block) => Enumerable.Repeat(block * skip, size)).Select((gap, index) => index + gap)];

    private static List<int> Blocks(JsonElement root, string name, string fileName, List<Issue> issues)
    {
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() is > 0 and <= 100
            && e.EnumerateArray().All(b => b.ValueKind == JsonValueKind.Number && b.TryGetInt32(out var n) && n is > 0 and <= 100))
        {
            return [.. e.EnumerateArray().Select(b => b.GetInt32())];
        }

        issues.Add(Issue.Error(LayoutIssues.BadKitFile, $"{fileName} $.{name}", $"Expected the printed blocks as an array of 1 to 100 positive counts of {(name.EndsWith('x') ? "columns" : "rows")}."));
        return [];
    }

    private static bool Pair(JsonElement e, out int first, out int second)
    {
        (first, second) = (0, 0);
        return e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && e[0].ValueKind == JsonValueKind.Number && e[0].TryGetInt32(out first)
            && e[1].ValueKind == JsonValueKind.Number && e[1].TryGetInt32(out second);
    }

    private static ReadResult<ArrayLayout> Failed(string fileName, string at, FormattableString message) =>
        ReadResult.Failed<ArrayLayout>([Issue.Error(LayoutIssues.BadKitFile, $"{fileName} {at}", message)]);
}
