using System.Collections.Immutable;

namespace Stroma.Application.Exports;

/// <summary>
/// One table of an export (one sheet of the workbook, one CSV file): its name, its column headers — a column holding a quantity names
/// its UCUM unit in brackets (<c>volume [mL]</c>), or a unit column stands beside it where the unit differs by row — and its rows.
/// A cell is a <see cref="string"/>, a <see cref="double"/>, an <see cref="int"/>, a <see cref="bool"/> or null (nothing recorded);
/// times are ISO 8601 text with their offset, so that no spreadsheet converts them into its own time zone.
/// </summary>
/// <param name="Name">The sheet's and the file's name (lower case, underscores).</param>
/// <param name="Columns">The headers.</param>
/// <param name="Rows">The rows, each as many cells as there are columns.</param>
public sealed record ExportTable(string Name, ImmutableArray<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>A patient's or a cohort's tables, in a fixed order.</summary>
/// <param name="Tables">patients, labs, plasma_exchange, infusions, adverse_events, chimerism, biomarkers.</param>
/// <param name="PatientIds">The patients exported.</param>
/// <param name="Pseudonymised">Whether every date is shifted, every record id opaque and free text withheld.</param>
public sealed record ExportWorkbook(IReadOnlyList<ExportTable> Tables, IReadOnlyList<string> PatientIds, bool Pseudonymised)
{
    /// <summary>The table named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public ExportTable this[string name] => Tables.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException(name);
}

/// <summary>The export formats.</summary>
public enum ExportFormat
{
    /// <summary>One CSV file per table (RFC 4180, UTF-8): a folder, or a zip archive on the web.</summary>
    Csv,

    /// <summary>One Excel workbook (Office Open XML), one sheet per table, numbers kept as numbers.</summary>
    Xlsx,
}

/// <summary>What an export wrote (<c>stroma export --json</c>).</summary>
/// <param name="Path">The workbook or the folder written.</param>
/// <param name="Format">csv or xlsx.</param>
/// <param name="Pseudonymised">Whether the export is pseudonymised.</param>
/// <param name="Patients">The patients exported.</param>
/// <param name="Files">Each file written (the workbook, or each CSV file) with its SHA-256 and size.</param>
/// <param name="Tables">Each table with its number of rows.</param>
public sealed record ExportWrittenView(string Path, string Format, bool Pseudonymised, IReadOnlyList<string> Patients, IReadOnlyList<ExportFileView> Files, IReadOnlyList<ExportTableView> Tables);

/// <summary>A file an export wrote.</summary>
/// <param name="Name">File name.</param>
/// <param name="Sha256">SHA-256 of its bytes.</param>
/// <param name="Bytes">Its size.</param>
public sealed record ExportFileView(string Name, string Sha256, int Bytes);

/// <summary>A table of an export and its row count.</summary>
/// <param name="Name">Table name.</param>
/// <param name="Rows">Rows.</param>
public sealed record ExportTableView(string Name, int Rows);
