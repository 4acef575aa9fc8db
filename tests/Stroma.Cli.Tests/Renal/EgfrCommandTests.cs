using System.Diagnostics;

namespace Stroma.Cli.Tests.Renal;

public sealed class EgfrCommandTests
{
    private static readonly string[] Boy = ["egfr", "--sex", "M", "--age", "13", "--height-cm", "150", "--creatinine", "0.7", "--creatinine-unit", "mg/dL"];

    [Fact]
    public void Egfr_Json_WritesOneObjectWithUnroundedValue()
    {
        var run = CliRun.Of([.. Boy, "--equation", "ckid_u25_cr_2021", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(39.0 * Math.Pow(1.045, 1) * 1.5 / 0.7, json.GetProperty("egfr").GetDouble(), 1e-9);
        Assert.Equal("ckid_u25_cr_2021", json.GetProperty("equation").GetString());
        Assert.Equal("mL/min/{1.73_m2}", json.GetProperty("unit").GetString());
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());
        Assert.Equal("G2", json.GetProperty("category").GetString());
    }

    [Fact]
    public void Egfr_MicromolPerLitre_KeepsTheReportedValueAndUnit()
    {
        var run = CliRun.Of("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--age", "65", "--creatinine", "85", "--creatinine-unit", "µmol/L", "--json");

        var inputs = run.Json().GetProperty("inputs");
        Assert.Equal(85, inputs.GetProperty("creatinineReported").GetProperty("value").GetDouble());
        Assert.Equal("umol/L", inputs.GetProperty("creatinineReported").GetProperty("unit").GetString());
        Assert.Equal(66, Math.Round(run.Json().GetProperty("egfr").GetDouble()));
    }

    [Fact]
    public void Egfr_Recommended_SaysWhichItChoseAndWhy()
    {
        var run = CliRun.Of([.. Boy, "--cystatin", "1.1", "--cystatin-unit", "mg/L", "--equation", "recommended", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal("ckid_u25_cr_2021", json.GetProperty("equation").GetString());
        Assert.Contains("CKiD U25", json.GetProperty("recommended").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["bedside_schwartz_2009", "ckid_u25_cys_2021", "ckid_u25_crcys_avg_2021"],
            json.GetProperty("recommended").GetProperty("companions").EnumerateArray().Select(c => c.GetProperty("equation").GetString()));
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public void Egfr_HumanReadable_PrintsValueCategoryAndEquation()
    {
        var run = CliRun.Of([.. Boy, "--equation", "recommended"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("eGFR 87.3 mL/min/1.73 m2, KDIGO G2, by ckid_u25_cr_2021", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("beside it: bedside_schwartz_2009 88.5", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Egfr_OutsideValidatedPopulation_WarnsOnStderrAndInJson()
    {
        var run = CliRun.Of("egfr", "--equation", "bedside_schwartz_2009", "--sex", "M", "--age", "30", "--height-cm", "175", "--creatinine", "1", "--creatinine-unit", "mg/dL", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal([("--age", "EGFR003")], run.Issues());
        Assert.Equal("EGFR003", run.Json().GetProperty("warnings")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("--creatinine", "-1", "--creatinine", "QTY002")]
    [InlineData("--creatinine", "0", "--creatinine", "QTY002")]
    [InlineData("--creatinine-unit", "mmol/L", "--creatinine", "QTY003")]
    [InlineData("--height-cm", "1.5", "--height-cm", "QTY002")]
    [InlineData("--age", "-3", "--age", "QTY002")]
    [InlineData("--age", "26", "--age", "EGFR002")]
    [InlineData("--age", "0.5", "--age", "EGFR002")]
    [InlineData("--sex", "X", "--sex", "CLI002")]
    [InlineData("--equation", "mdrd", "--equation", "EGFR004")]
    public void Egfr_BadValue_ExitsOneNamingTheOption(string option, string value, string location, string code)
    {
        var args = new List<string> { "egfr", "--equation", "ckid_u25_cr_2021", "--sex", "M", "--age", "13", "--height-cm", "150", "--creatinine", "0.7", "--creatinine-unit", "mg/dL" };
        args[args.IndexOf(option) + 1] = value;

        var run = CliRun.Of([.. args]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains((location, code), run.Issues());
        Assert.Empty(run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Egfr_HeightBasedEquationWithoutHeight_ExitsOneWithEgfr001()
    {
        var run = CliRun.Of("egfr", "--equation", "bedside_schwartz_2009", "--sex", "F", "--age", "9", "--creatinine", "0.5", "--creatinine-unit", "mg/dL");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("--height-cm", "EGFR001")], run.Issues());
    }

    [Fact]
    public void Egfr_CreatinineWithoutUnit_ExitsOneWithQty005()
    {
        var run = CliRun.Of("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--age", "40", "--creatinine", "0.9");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("--creatinine", "QTY005")], run.Issues());
    }

    [Fact]
    public void Egfr_UnitWithoutValue_ExitsOneWithCli001()
    {
        var run = CliRun.Of("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--age", "40", "--creatinine", "0.9", "--creatinine-unit", "mg/dL", "--cystatin-unit", "mg/L");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([("--cystatin-unit", "CLI001")], run.Issues());
    }

    [Fact]
    public void Egfr_SeveralBadValues_ReportsThemAll()
    {
        var run = CliRun.Of("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "Q", "--age", "200", "--creatinine", "-2", "--creatinine-unit", "mg/dL");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["CLI002", "QTY002", "QTY002"], run.Issues().Select(i => i.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--creatinine", "1", "--creatinine-unit", "mg/dL")]
    [InlineData("egfr", "--equation", "ckd_epi_cr_2021", "--sex", "F", "--age", "40", "--weight", "70")]
    [InlineData("nephrons")]
    public void Stroma_BadCommandLine_ExitsTwo(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("usage: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Program_AsAProcess_ReturnsTheExitCodeAndWritesJsonToStdout()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stroma.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "egfr", "--equation", "ckd_epi_cr_2021", "--sex", "M", "--age", "60", "--creatinine", "1.0", "--creatinine-unit", "mg/dL", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(86.16, System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("egfr").GetDouble(), 0.005);
    }

    // Bedside Schwartz (height/creatinine), EKFC cystatin C and FAS cystatin C have no sex term: they must not ask for one.
    [Theory]
    [InlineData("bedside_schwartz_2009", "--height-cm", "150", "--creatinine", "0.7", "--creatinine-unit", "mg/dL")]
    [InlineData("ekfc_cys_2023", "--cystatin", "1.1", "--cystatin-unit", "mg/L")]
    [InlineData("fas_cys_2017", "--cystatin", "1.1", "--cystatin-unit", "mg/L")]
    public void Egfr_EquationWithoutSexTerm_RunsWithoutSex(string equation, params string[] inputs)
    {
        var run = CliRun.Of(["egfr", "--equation", equation, "--age", "13", .. inputs, "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Json().GetProperty("inputs").GetProperty("sex").ValueKind);
    }

    [Theory]
    [InlineData("ckd_epi_cr_2021")]
    [InlineData("recommended")]
    public void Egfr_EquationWithSexTerm_WithoutSex_NamesTheMissingOption(string equation)
    {
        var run = CliRun.Of("egfr", "--equation", equation, "--age", "40", "--creatinine", "1", "--creatinine-unit", "mg/dL");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("--sex", "EGFR001"), run.Issues());
    }
}

