using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Stroma.Storage.Audit;

/// <summary>
/// How a row is written into the audit trail (a JSON object of every column, bytes summarised by their SHA-256) and how a trail
/// snapshot and a table row are compared: each value in a canonical form by its column's type (an instant as UTC microseconds,
/// since PostgreSQL keeps no finer; a number round-trip; bytes by hash), so a row read back from either database compares equal
/// to the image written when it was stored, and a row changed outside Stroma does not.
/// </summary>
internal static class RowSnapshot
{
    /// <summary>The JSON image of a tracked row, before (<paramref name="original"/>) or after the change.</summary>
    public static string Of(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[property.Metadata.Name] = value is byte[] bytes ? BytesSummary(bytes) : value;
        }

        return JsonSerializer.Serialize(values);
    }

    /// <summary>How bytes appear in an image: which bytes (their hash and length), not the bytes themselves.</summary>
    public static string BytesSummary(byte[] bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))} ({bytes.Length} bytes)");

    /// <summary>The canonical text of a value of a column of type <paramref name="clr"/>.</summary>
    public static string Canonical(Type clr, object? value)
    {
        if (value is null)
        {
            return "\u2205";
        }

        return value switch
        {
            DateTimeOffset t => (t.UtcTicks / 10).ToString(CultureInfo.InvariantCulture),
            DateTime t => (t.Ticks / 10).ToString(CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            byte[] bytes => BytesSummary(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>The canonical text of a value as the trail's JSON image holds it, read by the column's type.</summary>
    public static string Canonical(Type clr, JsonElement element)
    {
        ArgumentNullException.ThrowIfNull(clr);
        if (element.ValueKind == JsonValueKind.Null)
        {
            return "\u2205";
        }

        var type = Nullable.GetUnderlyingType(clr) ?? clr;
        try
        {
            return type switch
            {
                _ when type == typeof(DateTimeOffset) => Canonical(type, DateTimeOffset.Parse(element.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
                _ when type == typeof(DateTime) => Canonical(type, DateTime.Parse(element.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
                _ when type == typeof(DateOnly) => Canonical(type, DateOnly.Parse(element.GetString()!, CultureInfo.InvariantCulture)),
                _ when type == typeof(double) || type == typeof(float) => Canonical(typeof(double), element.GetDouble()),
                _ when type == typeof(bool) => Canonical(type, element.GetBoolean()),
                _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => element.GetInt64().ToString(CultureInfo.InvariantCulture),
                _ => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return "\u2260" + element.GetRawText(); // not a value of this type: it cannot equal any row's value
        }
    }

    /// <summary>
    /// The fingerprint of a row restricted to the named columns: a SHA-256 (first 16 bytes) of "name=canonical" lines. The trail's
    /// image and the table's row are fingerprinted over the same columns (those the image holds and the table still has).
    /// </summary>
    public static UInt128 Fingerprint(IEnumerable<(string Name, string Canonical)> columns)
    {
        var text = new StringBuilder();
        foreach (var (name, canonical) in columns.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(canonical).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return new UInt128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
    }

    /// <summary>The row's key as the table's primary key columns, in canonical form, joined by "|".</summary>
    public static string KeyOf(IEntityType type, Func<IProperty, string> canonical) =>
        string.Join("|", type.FindPrimaryKey()!.Properties.Select(canonical));
}
