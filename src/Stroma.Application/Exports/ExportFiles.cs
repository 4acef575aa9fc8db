using System.Data;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Stroma.Application.Exports;

/// <summary>
/// An export's bytes: each table as a CSV file (RFC 4180: comma, CRLF line ends, fields with a comma, quote or line break quoted,
/// quotes doubled; UTF-8 without a byte-order mark; invariant culture: '.' as the decimal separator, no thousands separators, ISO 8601
/// times with their offset), the CSV files in a zip archive, or every table as a sheet of one .xlsx workbook (MiniExcel) with numbers
/// as numbers. Text that a spreadsheet would run as a formula — a cell starting with =, +, -, @, a tab or a carriage return (OWASP's
/// CSV injection list) — gets a leading apostrophe in both formats, so a value typed into a form can never run in someone's
/// spreadsheet; numbers are written as numbers and never changed.
/// </summary>
public static class ExportFiles
{
    /// <summary>The media type of an .xlsx workbook.</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The CSV file of one table (UTF-8 bytes).</summary>
    public static byte[] Csv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns.Select(Quoted)).Append("\r\n");
        foreach (var row in table.Rows)
        {
            text.AppendJoin(',', row.Select(cell => Quoted(CsvCell(cell)))).Append("\r\n");
        }

        return Utf8.GetBytes(text.ToString());
    }

    /// <summary>Every table as <c>NAME.csv</c>, in the workbook's order.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> CsvFiles(ExportWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        return [.. workbook.Tables.Select(t => (t.Name + ".csv", Csv(t)))];
    }

    /// <summary>The CSV files in one zip archive (for a download).</summary>
    public static byte[] CsvZip(ExportWorkbook workbook)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in CsvFiles(workbook))
            {
                // A fixed time: the same records give the same archive.
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The workbook as .xlsx bytes: one sheet per table, the headers on the first row, numbers as numbers.</summary>
    public static byte[] Xlsx(ExportWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var table in workbook.Tables)
        {
            // A DataTable keeps the header of a table without rows (a list of rows would give an empty sheet).
            var data = new DataTable(table.Name) { Locale = CultureInfo.InvariantCulture };
            foreach (var column in table.Columns)
            {
                data.Columns.Add(column, typeof(object));
            }

            foreach (var row in table.Rows)
            {
                data.Rows.Add([.. row.Select(cell => cell switch { null => DBNull.Value, string s => Guarded(s), _ => cell })]);
            }

            sheets[table.Name] = data;
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { TableStyles = TableStyles.None, AutoFilter = true });
        return buffer.ToArray();
    }

    /// <summary>A text cell with a leading apostrophe when it starts with a character a spreadsheet reads as the start of a formula.</summary>
    public static string Guarded(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    private static string CsvCell(object? cell) => cell switch
    {
        null => string.Empty,
        string s => Guarded(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new ArgumentException($"An export cell is text, a number, a boolean or empty; found {cell.GetType().Name}.", nameof(cell)),
    };

    private static string Quoted(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
