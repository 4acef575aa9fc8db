using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Course;

/// <summary>Stable issue codes for lab-result CSV files.</summary>
public static class LabCsvIssues
{
    /// <summary>A required column is missing from the header.</summary>
    public const string MissingColumn = "LAB001";

    /// <summary>A sample time is not an ISO 8601 date-time with a UTC offset.</summary>
    public const string BadTime = "LAB002";

    /// <summary>The analyte is not one Stroma knows.</summary>
    public const string UnknownAnalyte = "LAB003";

    /// <summary>The value is not a number.</summary>
    public const string BadNumber = "LAB004";

    /// <summary>The specimen is not one Stroma knows.</summary>
    public const string UnknownSpecimen = "LAB005";

    /// <summary>Two rows of the file have the same id.</summary>
    public const string DuplicateId = "LAB006";

    /// <summary>The row's id is already stored (the file, or this row, was imported before).</summary>
    public const string AlreadyStored = "LAB007";

    /// <summary>The file has no data rows.</summary>
    public const string NoRows = "LAB008";

    /// <summary>The patient the import is for does not exist.</summary>
    public const string UnknownPatient = "LAB009";

    /// <summary>
    /// The one refusal of a patient id that is not stored (<see cref="UnknownPatient"/> at <c>patient</c>), for every import, form and
    /// use case; <paramref name="database"/>, when given, names where it was looked for.
    /// </summary>
    public static Issue NoSuchPatient(string patientId, string? database = null) =>
        Issue.Error(UnknownPatient, "patient", $"Expected an existing patient id; found '{patientId}'{(database is null ? string.Empty : $" in {database}")}.");

    /// <summary>A row repeats another row of the file, or a result already stored, under another id (the same measurement twice).</summary>
    public const string DuplicateMeasurement = "LAB010";

    /// <summary>Two different values for the same analyte and specimen sampled at the same instant: which one holds is never guessed.</summary>
    public const string ConflictingMeasurement = "LAB011";
}

/// <summary>
/// Reads lab results from CSV. Columns (header names, any order, case-insensitive):
/// <c>sampled_at</c> (ISO 8601 with offset, for example <c>2025-03-03T08:00:00+01:00</c>; a time without an offset is rejected,
/// since a time zone is never guessed), <c>analyte</c> (creatinine, cystatin_c, upcr, uacr, albumin, height, weight),
/// <c>value</c> (<see cref="NumberText"/>: dot decimal, no thousands separators; <c>1,2</c> is refused, never guessed), <c>unit</c> (required on every row), and optionally <c>specimen</c>
/// (serum_or_plasma, spot_urine, first_morning_urine, urine_24h, body_measurement) and <c>id</c>. Without an id a row gets
/// <c>{first 12 hex of the file's SHA-256}-r{row}</c>, so importing the same file twice is detected.
/// </summary>
public static class LabCsv
{
    /// <summary>The required columns.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["sampled_at", "analyte", "value", "unit"];

    private static readonly Dictionary<string, Specimen> Specimens = new(StringComparer.OrdinalIgnoreCase)
    {
        ["serum_or_plasma"] = Specimen.SerumOrPlasma,
        ["spot_urine"] = Specimen.SpotUrine,
        ["first_morning_urine"] = Specimen.FirstMorningUrine,
        ["urine_24h"] = Specimen.Urine24Hour,
        ["body_measurement"] = Specimen.BodyMeasurement,
    };

    /// <summary>The specimen names accepted, in order.</summary>
    public static IReadOnlyList<string> SpecimenNames => [.. Specimens.Keys];

    /// <summary>The CSV name of a specimen.</summary>
    public static string NameOf(Specimen specimen) => Specimens.First(p => p.Value == specimen).Key;

    /// <summary>A specimen in words, for messages (for example "first-morning urine").</summary>
    public static string Describe(Specimen specimen) => specimen switch
    {
        Specimen.SerumOrPlasma => "serum or plasma",
        Specimen.SpotUrine => "spot urine",
        Specimen.FirstMorningUrine => "first-morning urine",
        Specimen.Urine24Hour => "24-hour urine",
        Specimen.BodyMeasurement => "body measurement",
        _ => throw new ArgumentOutOfRangeException(nameof(specimen), specimen, "Unknown specimen."),
    };

    /// <summary>Parses a specimen name.</summary>
    public static Specimen? ParseSpecimen(string name) => Specimens.TryGetValue(name.Trim(), out var s) ? s : null;

    /// <summary>Reads every row, reporting every problem with its row and column; the value holds only the good rows.</summary>
    /// <remarks>Sample times are only checked against the system clock (not in the future); see the overload with a <see cref="RecordWindow"/>.</remarks>
    public static ReadResult<IReadOnlyList<LabResult>> Read(byte[] bytes, string fileName, string sha256) =>
        Read(bytes, fileName, sha256, new RecordWindow(null, DateTimeOffset.UtcNow));

    /// <summary>
    /// Reads every row, reporting every problem with its row and column; the value holds only the good rows. A sample time outside
    /// <paramref name="window"/> (before the patient's birth, or in the future) is an error at its row.
    /// </summary>
    public static ReadResult<IReadOnlyList<LabResult>> Read(byte[] bytes, string fileName, string sha256, RecordWindow window)
    {
        var scan = Scan(bytes, fileName, sha256, window);
        if (scan.Value is not { } rows)
        {
            return ReadResult.Failed<IReadOnlyList<LabResult>>(scan.Issues);
        }

        var issues = new List<Issue>(scan.Issues);
        var results = new List<LabResult>();
        foreach (var (lab, rowIssues) in rows.Rows(issues))
        {
            issues.AddRange(rowIssues);
            if (lab is not null)
            {
                results.Add(lab);
            }
        }

        if (results.Count == 0 && !issues.Any(i => i.Severity == Severity.Error))
        {
            issues.Add(Issue.Error(LabCsvIssues.NoRows, fileName, $"Expected at least one data row; found only the header."));
        }

        return ReadResult.Of<IReadOnlyList<LabResult>>(results, issues);
    }

    /// <summary>
    /// Opens a lab CSV for reading row by row (a file of any length, in as many passes as the caller needs): the header is checked
    /// now; each enumeration of <see cref="LabCsvRows.Rows"/> reads the rows again, each with its issues.
    /// </summary>
    public static ReadResult<LabCsvRows> Scan(byte[] bytes, string fileName, string sha256, RecordWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(sha256);
        var csv = CsvRecords.Open(bytes, fileName);
        if (csv.Value is not { } table)
        {
            return ReadResult.Failed<LabCsvRows>(csv.Issues);
        }

        var issues = new List<Issue>(csv.Issues);
        issues.AddRange(CsvColumns.Check(table, [.. RequiredColumns, "specimen", "id"]));
        var missing = RequiredColumns.Where(c => table.ColumnIndex(c) < 0).ToList();
        if (missing.Count > 0)
        {
            issues.Add(Issue.Error(LabCsvIssues.MissingColumn, $"{fileName} row 1",
                $"Expected columns {string.Join(", ", RequiredColumns)}; missing {string.Join(", ", missing)} (found {string.Join(", ", table.Header)})."));
        }

        return issues.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<LabCsvRows>(issues) : ReadResult.Of(new LabCsvRows(table, sha256, window), issues);
    }

    internal static (LabResult? Lab, List<Issue> Issues) ReadRow(CsvRecords table, CsvRow row, string sha256, RecordWindow window, HashSet<string> ids)
    {
        var fileName = table.FileName;
        var (time, analyte, value, unit) = (table.ColumnIndex("sampled_at"), table.ColumnIndex("analyte"), table.ColumnIndex("value"), table.ColumnIndex("unit"));
        var (specimen, id) = (table.ColumnIndex("specimen"), table.ColumnIndex("id"));
        string At(int column) => $"{fileName} row {row.Line}, column {table.Header[column]}";
        var rowIssues = new List<Issue>();
        var timeText = row.Fields[time].Trim();
        if (!IsoTime.TryParse(timeText, out var sampledAt))
        {
            rowIssues.Add(Issue.Error(LabCsvIssues.BadTime, At(time), $"Expected an ISO 8601 date-time with a UTC offset ({IsoTime.Example}); found '{timeText}'."));
        }
        else if (window.Check(sampledAt, At(time), "sample time") is { } outside)
        {
            rowIssues.Add(outside);
        }

        if (!Analytes.ByName.TryGetValue(row.Fields[analyte].Trim(), out var kind))
        {
            rowIssues.Add(Issue.Error(LabCsvIssues.UnknownAnalyte, At(analyte),
                $"Expected one of {string.Join(", ", Analytes.ByName.Keys)}; found '{row.Fields[analyte]}'."));
        }

        var valueText = row.Fields[value].Trim();
        if (!NumberText.TryParse(valueText, out var number, out var problem))
        {
            rowIssues.Add(Issue.Error(LabCsvIssues.BadNumber, At(value), $"{NumberText.Describe(valueText, problem)}"));
        }

        Specimen? chosen = null;
        if (specimen >= 0 && row.Fields[specimen].Trim().Length > 0)
        {
            chosen = ParseSpecimen(row.Fields[specimen]);
            if (chosen is null)
            {
                rowIssues.Add(Issue.Error(LabCsvIssues.UnknownSpecimen, At(specimen), $"Expected one of {string.Join(", ", Specimens.Keys)}; found '{row.Fields[specimen]}'."));
            }
        }

        var rowId = id >= 0 && row.Fields[id].Trim().Length > 0 ? row.Fields[id].Trim() : string.Create(CultureInfo.InvariantCulture, $"{sha256[..12]}-r{row.Line}");
        if (!ids.Add(rowId))
        {
            rowIssues.Add(Issue.Error(LabCsvIssues.DuplicateId, At(Math.Max(id, 0)), $"Expected a unique id; '{rowId}' is used by an earlier row."));
        }

        if (rowIssues.Count > 0)
        {
            return (null, rowIssues);
        }

        var lab = LabResult.Read(rowId, kind, sampledAt, number, row.Fields[unit].Trim(), chosen, At(unit), sha256);
        rowIssues.AddRange(lab.Issues.Select(i => i.Code is Quantities.QuantityIssues.Impossible or Quantities.QuantityIssues.Implausible or Quantities.QuantityIssues.NotFinite ? i with { Location = At(value) } : i));
        return (lab.Value, rowIssues);
    }
}

/// <summary>A lab CSV opened for reading row by row (<see cref="LabCsv.Scan"/>).</summary>
public sealed class LabCsvRows
{
    private readonly CsvRecords _table;
    private readonly string _sha256;
    private readonly RecordWindow _window;

    internal LabCsvRows(CsvRecords table, string sha256, RecordWindow window) => (_table, _sha256, _window) = (table, sha256, window);

    /// <summary>The file name, for issue locations.</summary>
    public string FileName => _table.FileName;

    /// <summary>Each data row read as a result (null when it has an error) with its issues; file-level issues go into <paramref name="fileIssues"/>.</summary>
    public IEnumerable<(LabResult? Lab, List<Issue> Issues)> Rows(List<Issue> fileIssues) => Lines(fileIssues).Select(r => (r.Lab, r.Issues));

    /// <summary><see cref="Rows"/> with each row's line in the file (the header is line 1), to locate what is found later.</summary>
    public IEnumerable<(LabResult? Lab, List<Issue> Issues, int Line)> Lines(List<Issue> fileIssues)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in _table.Rows(fileIssues))
        {
            var (lab, issues) = LabCsv.ReadRow(_table, row, _sha256, _window, ids);
            yield return (lab, issues, row.Line);
        }
    }
}
