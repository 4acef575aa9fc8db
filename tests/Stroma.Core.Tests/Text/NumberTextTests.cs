using Stroma.Core.Text;

namespace Stroma.Core.Tests.Text;

public sealed class NumberTextTests
{
    [Theory]
    [InlineData("1.2", 1.2)]
    [InlineData("-0.5", -0.5)]
    [InlineData("+3", 3)]
    [InlineData(".5", 0.5)]
    [InlineData("1.5e6", 1.5e6)]
    [InlineData("1.5E-3", 1.5e-3)]
    [InlineData("0", 0)]
    [InlineData("0.000e0", 0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void TryParse_DotDecimal_ReadsTheValue(string text, double expected)
    {
        Assert.True(NumberText.TryParse(text, out var value, out var problem));
        Assert.Equal(expected, value);
        Assert.Equal(NumberTextProblem.None, problem);
    }

    [Theory]
    [InlineData("1,2", NumberTextProblem.Comma)]
    [InlineData("1,234.5", NumberTextProblem.Comma)]
    [InlineData("1.234,5", NumberTextProblem.Comma)]
    [InlineData("", NumberTextProblem.Empty)]
    [InlineData(" 1", NumberTextProblem.NotANumber)]
    [InlineData("1 200", NumberTextProblem.NotANumber)]
    [InlineData("1'200", NumberTextProblem.NotANumber)]
    [InlineData("NaN", NumberTextProblem.NotANumber)]
    [InlineData("Infinity", NumberTextProblem.NotANumber)]
    [InlineData("-∞", NumberTextProblem.NotANumber)]
    [InlineData("0x1F", NumberTextProblem.NotANumber)]
    [InlineData("1.", NumberTextProblem.NotANumber)]
    [InlineData("1e", NumberTextProblem.NotANumber)]
    [InlineData("١٢", NumberTextProblem.NotANumber)]
    [InlineData("1e400", NumberTextProblem.OutOfRange)]
    [InlineData("-1e400", NumberTextProblem.OutOfRange)]
    [InlineData("1e-320", NumberTextProblem.OutOfRange)]
    [InlineData("5e-400", NumberTextProblem.OutOfRange)]
    public void TryParse_AnythingElse_IsRefusedWithItsProblem(string text, NumberTextProblem expected)
    {
        Assert.False(NumberText.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData("1,2", "1.2")]
    [InlineData("0,5", "0.5")]
    [InlineData("1,234.5", "1234.5")]
    public void Describe_Comma_SuggestsTheDotForm(string text, string suggestion) =>
        Assert.Contains(suggestion, NumberText.Describe(text, NumberTextProblem.Comma), StringComparison.Ordinal);

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    public void TryParseWhole_Integer_ReadsTheValue(string text, int expected)
    {
        Assert.True(NumberText.TryParseWhole(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.0", NumberTextProblem.NotWhole)]
    [InlineData("1e3", NumberTextProblem.NotWhole)]
    [InlineData("99999999999", NumberTextProblem.OutOfRange)]
    [InlineData("1,000", NumberTextProblem.Comma)]
    public void TryParseWhole_AnythingElse_IsRefused(string text, NumberTextProblem expected)
    {
        Assert.False(NumberText.TryParseWhole(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }
}
