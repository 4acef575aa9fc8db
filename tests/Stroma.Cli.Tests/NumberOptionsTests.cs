using System.CommandLine;

namespace Stroma.Cli.Tests;

/// <summary>Every number on the command line is read one way: invariant, dot decimal, no thousands separators, finite.</summary>
public sealed class NumberOptionsTests
{
    private static readonly string[] Creatinine = ["egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--age", "65", "--creatinine-unit", "mg/dL", "--creatinine"];

    [Fact]
    public void Egfr_DecimalComma_IsAUsageErrorNamingTheOptionWithTheDotForm()
    {
        var run = CliRun.Of([.. Creatinine, "1,2"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(("--creatinine", CliCodes.NotANumber), run.Issues());
        Assert.Contains("1.2", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Upcr_DecimalComma_IsAUsageError()
    {
        var run = CliRun.Of("upcr", "--value", "0,5", "--unit", "mg/mg");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(("--value", CliCodes.NotANumber), run.Issues());
        Assert.Contains("0.5", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e-320")]
    [InlineData("1 200")]
    [InlineData("0x10")]
    public void Egfr_NotAPlainFiniteNumber_IsAUsageError(string text)
    {
        var run = CliRun.Of([.. Creatinine, text]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Location == "--creatinine");
    }

    [Fact]
    public void Egfr_DotDecimal_StillWorks() => Assert.Equal(ExitCodes.Ok, CliRun.Of([.. Creatinine, "1.2"]).ExitCode);

    [Theory]
    [InlineData("rcv", "--cva", "1,5", "--cvi", "20")]
    [InlineData("isbt", "din", "--facility", "G1234", "--year", "2.5", "--sequence", "17")]
    [InlineData("isbt", "din", "--facility", "G1234", "--year", "25", "--sequence", "1,000")]
    public void OtherCommands_BadNumber_IsAUsageError(params string[] args) => Assert.Equal(ExitCodes.Usage, CliRun.Of(args).ExitCode);

    [Fact]
    public void EveryNumericOption_OfEveryCommand_UsesTheStrictParser()
    {
        var numeric = Options(StromaCommand.Build(TextWriter.Null, TextWriter.Null))
            .Where(o => o.ValueType is var t && (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(double) || u == typeof(int) || u == typeof(long) || u == typeof(float) || u == typeof(decimal)))
            .ToList();

        Assert.NotEmpty(numeric);
        Assert.All(numeric, o => Assert.True(NumberOptions.IsStrict(o), $"{o.Name} is parsed leniently"));
    }

    private static IEnumerable<Option> Options(Command command) => command.Options.Concat(command.Subcommands.SelectMany(Options));
}
