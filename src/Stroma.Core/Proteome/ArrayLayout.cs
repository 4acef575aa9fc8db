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

/// <summary>An array kit's layout: rows × columns and every spot (research/proteome.md §1; shared layouts/*.csv).</summary>
/// <param name="Kit">Kit id.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Spots">Spots.</param>
public sealed record ArrayLayout(string Kit, int Rows, int Columns, ImmutableArray<LayoutSpot> Spots)
{
    /// <summary>The analytes, each once.</summary>
    public ImmutableArray<string> Analytes => [.. Spots.Where(s => s.Role == SpotRole.Analyte).Select(s => s.Analyte).Distinct()];
}

/// <summary>Stable issue codes for layouts.</summary>
public static class LayoutIssues
{
    /// <summary>A bad row or header.</summary>
    public const string BadRow = "LAYOUT001";

    /// <summary>Two spots at one position.</summary>
    public const string Collision = "LAYOUT002";
}

/// <summary>
/// Reads layouts in the CSV format <c>kit,analyte,row,column,spot_role,duplicate_index</c> (row a letter, column 1-based as
/// printed) and normalises analyte names through <see cref="Biomarkers.AnalyteNames"/> (ICAM-1 = sICAM-1 = CD54, Serpin E1 = PAI-1,
/// GROα = CXCL1, TNF-alpha = TNF-α …) so that time courses from different kits and assays meet.
/// </summary>
public static class ArrayLayouts
{
    private static readonly string[] HeaderColumns = ["kit", "analyte", "row", "column", "spot_role", "duplicate_index"];

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
        if (columns.Any(c => c < 0))
        {
            return ReadResult.Failed<ArrayLayout>([Issue.Error(LayoutIssues.BadRow, $"{fileName} line 1", $"Expected the header kit,analyte,row,column,spot_role,duplicate_index; found '{string.Join(",", t.Header)}'.")]);
        }

        var issues = new List<Issue>();
        var spots = new List<LayoutSpot>();
        foreach (var r in t.Rows)
        {
            var f = columns.Select(c => r.Fields[c].Trim()).ToArray();
            var rowOk = f[2].Length == 1 && f[2][0] is >= 'A' and <= 'Z';
            var columnOk = int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var column) && column >= 1;
            var roleOk = Enum.TryParse<SpotRole>(f[4], ignoreCase: true, out var role) && Enum.IsDefined(role);
            var duplicateOk = int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var duplicate) && duplicate >= 1;
            if (!(rowOk && columnOk && roleOk && duplicateOk) || f[1].Length == 0)
            {
                issues.Add(Issue.Error(LayoutIssues.BadRow, $"{fileName} line {r.Line}",
                    $"Expected an analyte, a row letter A–Z, a column ≥ 1, a role (reference, negative, analyte) and a duplicate index ≥ 1; found '{string.Join(",", f[1..])}'."));
                continue;
            }

            spots.Add(new LayoutSpot(role == SpotRole.Analyte ? Normalise(f[1]) : f[1], f[2][0] - 'A', column - 1, role, duplicate));
        }

        foreach (var clash in spots.GroupBy(s => (s.Row, s.Column)).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(LayoutIssues.Collision, fileName, $"Expected one spot per position; {clash.First().Label} holds {string.Join(" and ", clash.Select(s => s.Analyte))}."));
        }

        var kit = t.Rows.Select(r => r.Fields[columns[0]].Trim()).FirstOrDefault() ?? "?";
        return issues.Count > 0 || spots.Count == 0
            ? ReadResult.Failed<ArrayLayout>(issues.Count > 0 ? issues : [Issue.Error(LayoutIssues.BadRow, fileName, $"Expected spots; found none.")])
            : ReadResult.Of(new ArrayLayout(kit, spots.Max(s => s.Row) + 1, spots.Max(s => s.Column) + 1, [.. spots]));
    }
}
