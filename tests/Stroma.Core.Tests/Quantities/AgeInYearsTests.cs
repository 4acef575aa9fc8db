using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Quantities;

public sealed class AgeInYearsTests
{
    // Decimal age = completed years + days since the last birthday ÷ days in that year of life (exact on birthdays).
    [Theory]
    [InlineData("2012-03-10", "2025-03-10", 13.0)]
    [InlineData("2012-03-10", "2025-03-09", 12.0 + (364.0 / 365.0))]
    [InlineData("2007-06-01", "2025-06-01", 18.0)]
    [InlineData("2007-06-01", "2025-05-31", 17.0 + (364.0 / 365.0))]
    [InlineData("2012-03-10", "2012-03-10", 0.0)]
    [InlineData("2000-01-01", "2000-07-01", 182.0 / 366.0)]
    public void Between_Dates_GivesDecimalYears(string birth, string at, double expected) =>
        Assert.Equal(expected, AgeInYears.Between(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Years, 1e-12);

    [Fact]
    public void Between_LeapDayBirth_TurnsOneOnTheTwentyEighthOfFebruary() =>
        Assert.Equal(1.0, AgeInYears.Between(new DateOnly(2008, 2, 29), new DateOnly(2009, 2, 28)).Years, 1e-12);

    [Fact]
    public void Between_SampleBeforeBirth_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeInYears.Between(new DateOnly(2012, 3, 10), new DateOnly(2012, 3, 9)));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(131.0)]
    [InlineData(double.NaN)]
    public void FromYears_OutOfRange_Throws(double years) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeInYears.FromYears(years));

    [Fact]
    public void Read_NaN_ReportsQty001() =>
        Assert.Equal(QuantityIssues.NotFinite, Assert.Single(AgeInYears.Read(double.NaN, "--age").Issues).Code);

    [Fact]
    public void Read_Negative_ReportsQty002() =>
        Assert.Equal(QuantityIssues.Impossible, Assert.Single(AgeInYears.Read(-2, "--age").Issues).Code);
}
