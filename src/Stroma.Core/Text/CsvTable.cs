using System.Collections.Immutable;
using System.Text;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

/// <summary>Stable issue codes for CSV files.</summary>
public static class CsvIssues
{
    /// <summary>The file is empty or has no header row.</summary>
    public const string NoHeader = "CSV001";

    /// <summary>A quoted field is not closed before the end of the file.</summary>
    public const string UnterminatedQuote = "CSV002";

    /// <summary>A row has a different number of fields from the header.</summary>
    public const string FieldCount = "CSV003";

    /// <summary>Two header columns have the same name.</summary>
    public const string DuplicateColumn = "CSV004";

    /// <summary>The bytes are not valid UTF-8 text.</summary>
    public const string NotUtf8 = "CSV005";

    /// <summary>A column the file's format does not know (refused, never ignored).</summary>
    public const string UnknownColumn = "CSV006";

    /// <summary>A column that identifies a person, in a file that holds pseudonymous data only.</summary>
    public const string IdentifyingColumn = "CSV007";
}

/// <summary>One data row: its 1-based line number in the file (the header is line 1) and its fields.</summary>
/// <param name="Line">Line number where the row starts.</param>
/// <param name="Fields">The fields, unquoted.</param>
public sealed record CsvRow(int Line, ImmutableArray<string> Fields);

/// <summary>
/// A CSV file (RFC 4180: comma-separated, optional double quotes, "" inside quotes, CRLF or LF) with a header row. Column names are
/// trimmed and compared case-insensitively. Rows with the wrong number of fields are reported, never silently padded.
/// </summary>
/// <param name="FileName">The file name used in issue locations.</param>
/// <param name="Header">Column names as written.</param>
/// <param name="Rows">Data rows (blank lines skipped).</param>
public sealed record CsvTable(string FileName, ImmutableArray<string> Header, ImmutableArray<CsvRow> Rows)
{
    /// <summary>The index of a column, or −1.</summary>
    public int ColumnIndex(string name) => Header.IndexOf(name, 0, Header.Length, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads UTF-8 bytes (a byte-order mark is allowed).</summary>
    public static ReadResult<CsvTable> Read(ReadOnlySpan<byte> bytes, string fileName)
    {
        var opened = CsvRecords.Open(bytes, fileName);
        return opened.Value is { } stream ? Materialise(stream, opened.Issues) : ReadResult.Failed<CsvTable>(opened.Issues);
    }

    /// <summary>Parses CSV text.</summary>
    public static ReadResult<CsvTable> Parse(string text, string fileName)
    {
        var opened = CsvRecords.Parse(text, fileName);
        return opened.Value is { } stream ? Materialise(stream, opened.Issues) : ReadResult.Failed<CsvTable>(opened.Issues);
    }

    private static ReadResult<CsvTable> Materialise(CsvRecords stream, IReadOnlyList<Issue> headerIssues)
    {
        var issues = new List<Issue>(headerIssues);
        var rows = stream.Rows(issues).ToImmutableArray();
        return ReadResult.Of(new CsvTable(stream.FileName, stream.Header, rows), issues);
    }
}

/// <summary>
/// A CSV file read lazily: the header at once, the data rows one at a time as they are enumerated (again on each enumeration), so
/// a file of a million rows is checked and written in passes without holding its rows. Same rules as <see cref="CsvTable"/>.
/// </summary>
public sealed class CsvRecords
{
    private readonly string _text;

    private CsvRecords(string text, string fileName, ImmutableArray<string> header)
    {
        _text = text;
        FileName = fileName;
        Header = header;
    }

    /// <summary>The file name used in issue locations.</summary>
    public string FileName { get; }

    /// <summary>Column names as written.</summary>
    public ImmutableArray<string> Header { get; }

    /// <summary>The index of a column, or −1.</summary>
    public int ColumnIndex(string name) => Header.IndexOf(name, 0, Header.Length, StringComparer.OrdinalIgnoreCase);

    /// <summary>Opens UTF-8 bytes (a byte-order mark is allowed): the header is read and checked now.</summary>
    public static ReadResult<CsvRecords> Open(ReadOnlySpan<byte> bytes, string fileName)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return ReadResult.Failed<CsvRecords>([Issue.Error(CsvIssues.NotUtf8, fileName, $"Expected UTF-8 text; found an invalid byte sequence at byte {e.Index}.")]);
        }

        return Parse(text.TrimStart('\uFEFF'), fileName);
    }

    /// <summary>Opens CSV text.</summary>
    public static ReadResult<CsvRecords> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var issues = new List<Issue>();
        var first = Records(text, fileName, issues).Take(1).ToList();
        if (first.Count == 0)
        {
            issues.Add(Issue.Error(CsvIssues.NoHeader, fileName, $"Expected a header row; the file is empty."));
            return ReadResult.Failed<CsvRecords>(issues);
        }

        issues.Clear(); // an unterminated quote is reported when the rows are read
        var header = first[0].Fields.Select(h => h.Trim()).ToImmutableArray();
        foreach (var duplicate in header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(CsvIssues.DuplicateColumn, $"{fileName} row 1", $"Column '{duplicate.Key}' appears {duplicate.Count()} times in the header."));
        }

        return ReadResult.Of(new CsvRecords(text, fileName, header), issues);
    }

    /// <summary>The data rows (blank lines skipped); a row with the wrong number of fields is reported into <paramref name="issues"/> and left out.</summary>
    public IEnumerable<CsvRow> Rows(List<Issue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        foreach (var record in Records(_text, FileName, issues).Skip(1))
        {
            if (record.Fields.Length == 1 && record.Fields[0].Length == 0)
            {
                continue;
            }

            if (record.Fields.Length != Header.Length)
            {
                issues.Add(Issue.Error(CsvIssues.FieldCount, $"{FileName} row {record.Line}",
                    $"Expected {Header.Length} fields as in the header; found {record.Fields.Length}."));
                continue;
            }

            yield return record;
        }
    }

    private static IEnumerable<CsvRow> Records(string text, string fileName, List<Issue> issues)
    {
        var fields = ImmutableArray.CreateBuilder<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRow(start, fields.ToImmutable());
                    fields.Clear();
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            issues.Add(Issue.Error(CsvIssues.UnterminatedQuote, $"{fileName} row {quoteLine}", $"Expected a closing double quote; the file ended inside a quoted field."));
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(start, fields.ToImmutable());
        }
    }
}
