using System.Text;
using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

public sealed class LabCsvTests
{
    private static readonly RecordWindow Window = new(new DateOnly(2012, 5, 4), new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private static Diagnostics.ReadResult<IReadOnlyList<LabResult>> Read(string rows, RecordWindow? window = null) =>
        LabCsv.Read(Encoding.UTF8.GetBytes("sampled_at,analyte,value,unit\n" + rows), "labs.csv", new string('a', 64), window ?? Window);

    [Fact]
    public void Read_GoodRow_IsRead() => Assert.Equal(1.2, Assert.Single(Read("2025-01-10T08:00:00+01:00,creatinine,1.2,mg/dL\n").ValueOrThrow()).Value, 12);

    [Theory]
    [InlineData("\"1,2\"")]
    [InlineData("\"1.234,5\"")]
    [InlineData("1 200")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("1e-320")]
    [InlineData("0x10")]
    [InlineData("")]
    public void Read_NotAPlainDotDecimalNumber_IsRefusedAtTheValue(string value)
    {
        var result = Read($"2025-01-10T08:00:00+01:00,creatinine,{value},mg/dL\n");

        Assert.Empty(result.Value!);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(LabCsvIssues.BadNumber, issue.Code);
        Assert.Equal("labs.csv row 2, column value", issue.Location);
    }

    [Fact]
    public void Read_DecimalComma_SuggestsTheDotForm() =>
        Assert.Contains("1.2", Assert.Single(Read("2025-01-10T08:00:00+01:00,creatinine,\"1,2\",mg/dL\n").Issues).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("1900-01-10T08:00:00+01:00")]
    [InlineData("2012-05-03T23:00:00+01:00")]
    [InlineData("9999-12-31T08:00:00+01:00")]
    [InlineData("2026-01-03T08:00:00+00:00")]
    public void Read_SampleBeforeBirthOrInTheFuture_IsRefusedAtTheTime(string at)
    {
        var result = Read($"{at},creatinine,1.2,mg/dL\n");

        var issue = Assert.Single(result.Issues);
        Assert.Equal(QuantityIssues.ImpossibleDate, issue.Code);
        Assert.Equal("labs.csv row 2, column sampled_at", issue.Location);
    }

    [Fact]
    public void Read_LitreInLowerCase_IsTheSameUnit() =>
        Assert.Equal("mg/dL", Assert.Single(Read("2025-01-10T08:00:00+01:00,creatinine,1.2,mg/dl\n").ValueOrThrow()).Reported.Unit);
}
