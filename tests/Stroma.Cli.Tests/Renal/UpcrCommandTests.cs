namespace Stroma.Cli.Tests.Renal;

public sealed class UpcrCommandTests
{
    [Fact]
    public void Upcr_MgPerMmol_ConvertsToEveryUnit()
    {
        var run = CliRun.Of("upcr", "--value", "565.6", "--unit", "mg/mmol", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(5.0, json.GetProperty("mgPerMg").GetDouble(), 1e-9);
        Assert.Equal(5000.0, json.GetProperty("mgPerG").GetDouble(), 1e-6);
        Assert.Equal(565.6, json.GetProperty("mgPerMmol").GetDouble(), 1e-9);
        Assert.Equal("mg/mmol", json.GetProperty("reported").GetProperty("unit").GetString());
    }

    // One escaping policy for every command's JSON (StromaJson): a reason's "<" is written as itself, not \u003C.
    [Fact]
    public void Upcr_Json_WritesComparisonSignsAsThemselves()
    {
        var run = CliRun.Of("upcr", "--value", "565.6", "--unit", "mg/mmol", "--json");

        Assert.Contains("is not < 2 mg/mg", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", run.Stdout, StringComparison.Ordinal);
    }

    // Levels and remission states read as words, never as enum names (NephroticRange, None).
    [Fact]
    public void Upcr_Text_NamesLevelsInWords()
    {
        var run = CliRun.Of("upcr", "--value", "2", "--unit", "mg/mg");

        Assert.Contains("ipna_2022_children: nephrotic range, remission none", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("kdigo_2021_adults: subnephrotic, remission indeterminate", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4.9", true)]
    [InlineData("5", false)]
    public void Upcr_Target_IsStrictlyBelow(string value, bool met)
    {
        var run = CliRun.Of("upcr", "--value", value, "--unit", "mg/mg", "--target", "5", "--json");

        Assert.Equal(met, run.Json().GetProperty("targetMet").GetBoolean());
    }

    [Fact]
    public void Upcr_Child_ClassifiesUnderIpna()
    {
        var run = CliRun.Of("upcr", "--value", "1.2", "--unit", "g/g", "--population", "child", "--albumin", "3.2", "--albumin-unit", "g/dL", "--json");

        var assessment = Assert.Single(run.Json().GetProperty("assessments").EnumerateArray());
        Assert.Equal("ipna_2022_children", assessment.GetProperty("ruleSet").GetString());
        Assert.Equal("Partial", assessment.GetProperty("remission").GetString());
    }

    [Fact]
    public void Upcr_Baseline_EvaluatesTheFpre()
    {
        var run = CliRun.Of("upcr", "--value", "1.2", "--unit", "g/g", "--baseline", "3", "--baseline-unit", "g/g", "--json");

        Assert.True(run.Json().GetProperty("fpre").GetBoolean());
    }

    [Fact]
    public void Upcr_HumanReadable_ShowsConversionAndClasses()
    {
        var run = CliRun.Of("upcr", "--value", "560", "--unit", "mg/mmol", "--target", "5");

        Assert.StartsWith("UPCR 4.95 mg/mg = 4.95 g/g = 4950.5 mg/g = 560 mg/mmol (KDIGO A3 equivalent)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Protocol target UPCR < 5 mg/mg: met", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--unit", "mmol/L", "--value", "QTY003")]
    [InlineData("--value", "-1", "--value", "QTY002")]
    [InlineData("--population", "elderly", "--population", "CLI003")]
    [InlineData("--target", "0", "--target", "QTY002")]
    public void Upcr_BadValue_ExitsOneNamingTheOption(string option, string value, string location, string code)
    {
        var args = new List<string> { "upcr", "--value", "2", "--unit", "mg/mg", "--population", "both", "--target", "5" };
        args[args.IndexOf(option) + 1] = value;

        var run = CliRun.Of([.. args]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([(location, code)], run.Issues());
    }

    [Fact]
    public void Upcr_NoUnit_ExitsTwo() => Assert.Equal(ExitCodes.Usage, CliRun.Of("upcr", "--value", "2").ExitCode);
}
