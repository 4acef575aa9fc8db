using System.Text.Json;

namespace Stroma.Storage.Audit;

/// <summary>One column of an audit entry's row images: its value before and after (null where the row did not exist).</summary>
/// <param name="Column">The column.</param>
/// <param name="Before">The value before, as JSON text, or null.</param>
/// <param name="After">The value after, as JSON text, or null.</param>
public sealed record ColumnChange(string Column, string? Before, string? After);

/// <summary>Reads an audit entry's before and after row images (JSON objects of every column) for people.</summary>
public static class RowImage
{
    /// <summary>
    /// The columns of an entry: for an update only those that changed, for an insert or a delete every column of the row. Values are
    /// shown as the trail holds them (numbers round-trip, strings unquoted).
    /// </summary>
    public static IReadOnlyList<ColumnChange> Changes(string? before, string? after)
    {
        var (b, a) = (Columns(before), Columns(after));
        return [.. b.Keys.Union(a.Keys).Order(StringComparer.Ordinal)
            .Select(c => new ColumnChange(c, b.GetValueOrDefault(c), a.GetValueOrDefault(c)))
            .Where(c => before is null || after is null || c.Before != c.After)];
    }

    private static Dictionary<string, string?> Columns(string? image)
    {
        if (image is null)
        {
            return [];
        }

        using var json = JsonDocument.Parse(image);
        return json.RootElement.ValueKind != JsonValueKind.Object ? []
            : json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                _ => p.Value.GetRawText(),
            }, StringComparer.Ordinal);
    }
}
