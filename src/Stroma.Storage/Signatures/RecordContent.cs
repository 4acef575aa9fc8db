using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Stroma.Storage.Audit;

namespace Stroma.Storage.Signatures;

/// <summary>
/// The canonical content of a stored record, the thing an electronic signature's hash is taken over (21 CFR 11.70: a signature is
/// linked to its record). Defined once, here:
/// <list type="bullet">
/// <item>the record's rows in a fixed order (a lot: its <c>msc_lots</c> row, then its bags by id, then its release results by id;
/// a patient's record: its one row), each as the pair <c>[table, columns]</c>;</item>
/// <item><c>columns</c> is an object of every column of the row, by name in ordinal order, each value in the audit trail's
/// canonical text (<see cref="RowSnapshot.Canonical(Type, object?)"/>: an instant as UTC microseconds, a number round-trip, a date
/// <c>yyyy-MM-dd</c>, null as <c>∅</c>), so the same row read from SQLite or PostgreSQL has the same content;</item>
/// <item>the whole a JSON array written by System.Text.Json with its default encoder (non-ASCII escaped as <c>\uXXXX</c>), hashed as
/// UTF-8 with SHA-256, written as lower-case hex.</item>
/// </list>
/// The id and patient are columns, so two records with the same values still have different hashes: a signature cannot be moved to
/// another record.
/// </summary>
public static class RecordContent
{
    /// <summary>The canonical text of rows, each given as its table and its columns' canonical values.</summary>
    public static string Canonical(IEnumerable<(string Table, IReadOnlyDictionary<string, string> Columns)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var array = rows.Select(r => new object[] { r.Table, new SortedDictionary<string, string>(r.Columns.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal) }).ToList();
        return JsonSerializer.Serialize(array);
    }

    /// <summary>SHA-256 of the canonical text, lower-case hex.</summary>
    public static string Hash(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The columns of a row of <paramref name="type"/>, each in its canonical text.</summary>
    internal static (string Table, IReadOnlyDictionary<string, string> Columns) Of(IEntityType type, object row) =>
        (type.GetTableName()!, type.GetProperties().ToDictionary(p => p.Name, p => RowSnapshot.Canonical(p.ClrType, p.PropertyInfo!.GetValue(row)), StringComparer.Ordinal));
}
