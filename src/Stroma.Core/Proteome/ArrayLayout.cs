using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Proteome;

/// <summary>What a spot is for.</summary>
public enum SpotRole
{
    /// <summary>Positive reference spot (alignment and normalisation).</summary>
    Reference,

    /// <summary>Negative control (background).</summary>
    Negative,

    /// <summary>An analyte's capture antibody.</summary>
    Analyte,
}

/// <summary>One spot of a layout.</summary>
/// <param name="Analyte">Analyte name as the kit prints it (normalised through the synonym map when matched).</param>
/// <param name="Row">Row index from the top, 0-based (row letter A = 0).</param>
/// <param name="Column">Column index, 0-based (printed column 1 = 0).</param>
/// <param name="Role">Role.</param>
/// <param name="Duplicate">Duplicate index (1..n within the analyte or control).</param>
public sealed record LayoutSpot(string Analyte, int Row, int Column, SpotRole Role, int Duplicate)
{
    /// <summary>The position as printed on the membrane, "A15".</summary>
    public string Label => FormattableString.Invariant($"{(char)('A' + Row)}{Column + 1}");
}

/// <summary>
/// An array kit's layout: rows × columns, every spot, and where the rows and columns are printed (research/proteome.md §1). R&amp;D
/// Systems membranes print their spots in blocks — groups of 2 or 4 columns with extra space between groups, reference rows set
/// apart — so a column's position in pitch units (the spacing of neighbouring spots inside a block) is fractional.
/// </summary>
/// <param name="Kit">Kit id.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Spots">Spots.</param>
public sealed record ArrayLayout(string Kit, int Rows, int Columns, ImmutableArray<LayoutSpot> Spots)
{
    /// <summary>The analytes, each once.</summary>
    public ImmutableArray<string> Analytes => [.. Spots.Where(s => s.Role == SpotRole.Analyte).Select(s => s.Analyte).Distinct()];

    /// <summary>Where each column (by index) is printed, in pitch units from column 1; strictly increasing. Integers when the layout
    /// does not state its printed geometry.</summary>
    public ImmutableArray<double> ColumnPositions { get; init; } = [.. Enumerable.Range(0, Columns).Select(c => (double)c)];

    /// <summary>Where each row (by index) is printed, in pitch units from row A; strictly increasing.</summary>
    public ImmutableArray<double> RowPositions { get; init; } = [.. Enumerable.Range(0, Rows).Select(r => (double)r)];

    /// <summary>True when the positions were stated (a proMAD kit file's blocks, or a CSV's x and y columns); false when only the
    /// integer rows and columns are known, and the alignment has to find any block gaps on the image.</summary>
    public bool HasPrintedGeometry { get; init; }

    /// <summary>Where a spot is printed, in pitch units (x along the columns, y along the rows).</summary>
    public (double X, double Y) PositionOf(LayoutSpot spot)
    {
        ArgumentNullException.ThrowIfNull(spot);
        return (ColumnPositions[spot.Column], RowPositions[spot.Row]);
    }
}

/// <summary>Stable issue codes for layouts.</summary>
public static class LayoutIssues
{
    /// <summary>A bad row or header.</summary>
    public const string BadRow = "LAYOUT001";

    /// <summary>Two spots at one position.</summary>
    public const string Collision = "LAYOUT002";

    /// <summary>Printed positions that are not one position per column and per row, increasing with the index.</summary>
    public const string BadGeometry = "LAYOUT003";

    /// <summary>A proMAD kit file that is not valid JSON or lacks a field the layout needs.</summary>
    public const string BadKitFile = "LAYOUT004";

    /// <summary>A layout name that is neither a file, nor in STROMA_LAYOUTS, nor shipped.</summary>
    public const string NotFound = "LAYOUT005";
}

/// <summary>
/// Reads layouts in the CSV format <c>kit,analyte,row,column,spot_role,duplicate_index[,x,y]</c> (row a letter, column 1-based as
/// printed; the optional <c>x</c> and <c>y</c> give where the spot is printed in pitch units from spot A1, fractional where the
/// membrane prints its spots in blocks) and normalises analyte names through <see cref="Biomarkers.AnalyteNames"/> (ICAM-1 = sICAM-1 = CD54,
/// Serpin E1 = PAI-1, GROα = CXCL1, TNF-alpha = TNF-α …) so that time courses from different kits meet. proMAD's kit files are read by <see cref="ProMadKits"/>.
/// </summary>
public static class ArrayLayouts
{
    private static readonly string[] HeaderColumns = ["kit", "analyte", "row", "column", "spot_role", "duplicate_index"];

    /// <summary>The most columns a membrane layout has (R&amp;D's widest Proteome Profiler membranes print 24; a macroarray a few dozen).</summary>
    public const int MaximumColumns = 100;

    /// <summary>The name Stroma uses for an analyte (<see cref="Biomarkers.AnalyteNames.Resolve"/>: one resolver for every source).</summary>
    public static string Normalise(string analyte) => Biomarkers.AnalyteNames.Resolve(analyte);

    /// <summary>Reads a layout CSV.</summary>
    public static ReadResult<ArrayLayout> Read(ReadOnlySpan<byte> csv, string fileName)
    {
        var table = CsvTable.Read(csv, fileName);
        if (table.Value is not { } t)
        {
            return ReadResult.Failed<ArrayLayout>(table.Issues);
        }

        var columns = HeaderColumns.Select(t.ColumnIndex).ToArray();
        var (xColumn, yColumn) = (t.ColumnIndex("x"), t.ColumnIndex("y"));
        if (columns.Any(c => c < 0) || (xColumn < 0) != (yColumn < 0))
        {
            return ReadResult.Failed<ArrayLayout>([Issue.Error(LayoutIssues.BadRow, $"{fileName} line 1", $"Expected the header kit,analyte,row,column,spot_role,duplicate_index (and optionally x,y together); found '{string.Join(",", t.Header)}'.")]);
        }

        // The table's own issues first: a row with too few or too many fields is left out of its rows, so reading on without them
        // would quietly lose a spot (and the membrane would be blamed for the gap).
        var issues = new List<Issue>(table.Issues);
        var spots = new List<(LayoutSpot Spot, double X, double Y, int Line)>();
        foreach (var r in t.Rows)
        {
            var f = columns.Select(c => r.Fields[c].Trim()).ToArray();
            var rowOk = f[2].Length == 1 && f[2][0] is >= 'A' and <= 'Z';
            var columnOk = int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var column) && column is >= 1 and <= MaximumColumns;
            var roleOk = EnumText.TryParse<SpotRole>(f[4], out var role);
            var duplicateOk = int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var duplicate) && duplicate is >= 1 and <= 10;
            if (!(rowOk && columnOk && roleOk && duplicateOk) || f[1].Length == 0)
            {
                issues.Add(Issue.Error(LayoutIssues.BadRow, $"{fileName} line {r.Line}",
                    $"Expected an analyte, a row letter A–Z, a column from 1 to {MaximumColumns}, a role (reference, negative, analyte) and a duplicate index from 1 to 10; found '{string.Join(",", f[1..])}'."));
                continue;
            }

            var (x, y) = (double.NaN, double.NaN);
            if (xColumn >= 0 && !(PitchUnits(r.Fields[xColumn], out x) && PitchUnits(r.Fields[yColumn], out y)))
            {
                issues.Add(Issue.Error(LayoutIssues.BadGeometry, $"{fileName} line {r.Line}",
                    $"Expected x and y as numbers of pitch units from 0 to 1000 (a point as the decimal separator); found '{r.Fields[xColumn]}' and '{r.Fields[yColumn]}'."));
                continue;
            }

            spots.Add((new LayoutSpot(role == SpotRole.Analyte ? Normalise(f[1]) : f[1], f[2][0] - 'A', column - 1, role, duplicate), x, y, r.Line));
        }

        foreach (var clash in spots.GroupBy(s => (s.Spot.Row, s.Spot.Column)).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(LayoutIssues.Collision, fileName, $"Expected one spot per position; {clash.First().Spot.Label} holds {string.Join(" and ", clash.Select(s => s.Spot.Analyte))}."));
        }

        var kit = t.Rows.Select(r => r.Fields[columns[0]].Trim()).FirstOrDefault() ?? "?";
        if (issues.Count > 0 || spots.Count == 0)
        {
            return ReadResult.Failed<ArrayLayout>(issues.Count > 0 ? issues : [Issue.Error(LayoutIssues.BadRow, fileName, $"Expected spots; found none.")]);
        }

        var layout = new ArrayLayout(kit, spots.Max(s => s.Spot.Row) + 1, spots.Max(s => s.Spot.Column) + 1, [.. spots.Select(s => s.Spot)]);
        if (xColumn < 0)
        {
            return ReadResult.Of(layout);
        }

        var columnPositions = Positions(spots.Select(s => (s.Spot.Column, s.X, s.Line)), layout.Columns, "column", "x", fileName, issues);
        var rowPositions = Positions(spots.Select(s => (s.Spot.Row, s.Y, s.Line)), layout.Rows, "row", "y", fileName, issues);
        return issues.Count > 0
            ? ReadResult.Failed<ArrayLayout>(issues)
            : ReadResult.Of(layout with { ColumnPositions = columnPositions, RowPositions = rowPositions, HasPrintedGeometry = true });
    }

    /// <summary>
    /// One position per index from the spots' own (every spot of a column at the same x, within 0.001 pitch), increasing by at least
    /// half a pitch from index to index; an index without spots sits one pitch after the one before it.
    /// </summary>
    internal static ImmutableArray<double> Positions(IEnumerable<(int Index, double At, int Line)> spots, int count, string what, string axis, string fileName, List<Issue> issues)
    {
        var positions = new double?[count];
        foreach (var (index, at, line) in spots)
        {
            if (positions[index] is { } first && Math.Abs(first - at) > 1e-3)
            {
                issues.Add(Issue.Error(LayoutIssues.BadGeometry, $"{fileName} line {line}", $"Expected every spot of {what} {index + 1} at one {axis}; found {first} and {at}."));
            }

            positions[index] ??= at;
        }

        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = positions[i] ?? (i == 0 ? 0 : result[i - 1] + 1);
            if (i > 0 && result[i] - result[i - 1] < 0.5)
            {
                issues.Add(Issue.Error(LayoutIssues.BadGeometry, fileName, $"Expected each {what}'s {axis} at least half a pitch after the previous {what}'s; {what} {i + 1} is at {result[i]}, {what} {i} at {result[i - 1]}."));
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The layout as a CSV this reader reads back to the same layout (with <c>x</c> and <c>y</c> from spot A1 when it states its printed
    /// geometry): how a run keeps the layout it was quantified with beside its images, whatever file or kit it came from.
    /// </summary>
    public static string ToCsv(ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        static string Field(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
        var builder = new System.Text.StringBuilder(string.Join(",", HeaderColumns) + (layout.HasPrintedGeometry ? ",x,y" : string.Empty) + "\n");
        foreach (var s in layout.Spots)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{Field(layout.Kit)},{Field(s.Analyte)},{(char)('A' + s.Row)},{s.Column + 1},{s.Role.ToString().ToLowerInvariant()},{s.Duplicate}");
            builder.Append(layout.HasPrintedGeometry
                ? string.Create(CultureInfo.InvariantCulture, $",{layout.ColumnPositions[s.Column] - layout.ColumnPositions[0]:R},{layout.RowPositions[s.Row] - layout.RowPositions[0]:R}\n")
                : "\n");
        }

        return builder.ToString();
    }

    private static bool PitchUnits(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1000;
}
