using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Stroma.Application.Exports;
using Stroma.Core.Text;

namespace Stroma.Application.Tests.Exports;

public sealed class ExportFilesTests
{
    // RFC 4180 quoting, invariant numbers, and OWASP's CSV injection characters neutralised in text (never in numbers).
    private static readonly ExportTable Table = new("t", ["text", "number [mg/dL]", "flag"],
    [
        ["=HYPERLINK(\"http://x\")", -1.5, true],
        ["+1", 0.000012, false],
        ["-2", 1234567.25, null],
        ["@SUM(A1)", 3, null],
        ["a, \"quoted\"\r\nline", null, null],
    ]);

    [Fact]
    public void Csv_FormulaLikeText_IsGuardedAndParsesBack()
    {
        var read = CsvTable.Read(ExportFiles.Csv(Table), "t.csv").ValueOrThrow();

        Assert.Equal(["text", "number [mg/dL]", "flag"], read.Header);
        Assert.Equal(["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "a, \"quoted\"\r\nline"], read.Rows.Select(r => r.Fields[0]));
        Assert.Equal([-1.5, 0.000012, 1234567.25, 3], read.Rows.Take(4).Select(r => double.Parse(r.Fields[1], CultureInfo.InvariantCulture)));
        Assert.Equal(["true", "false", "", "", ""], read.Rows.Select(r => r.Fields[2]));
    }

    [Fact]
    public void Csv_IsUtf8WithoutByteOrderMark_WithCrLfLineEnds()
    {
        var bytes = ExportFiles.Csv(Table with { Rows = [["µmol/L", 88.4, null]] });

        Assert.Equal("text,number [mg/dL],flag\r\nµmol/L,88.4,\r\n", Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Xlsx_NumbersStayNumbers_AndFormulaLikeTextStaysText()
    {
        var xlsx = ExportFiles.Xlsx(new ExportWorkbook([Table], ["P"], false));

        using var stream = new MemoryStream(xlsx);
        var rows = stream.Query(useHeaderRow: true, sheetName: "t").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(-1.5, Assert.IsType<double>(rows[0]["number [mg/dL]"]));
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[0]["text"]);
        Assert.Equal(true, rows[0]["flag"]);
    }
}
