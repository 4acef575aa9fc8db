using System.Globalization;

namespace Stroma.Cli.Tests.Proteome;

public sealed class CurveCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-curve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(string text)
    {
        var path = Path.Combine(_folder, $"standards-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    // An exact 4PL (a 0.1, b 1.1, c 100, d 2.5) at 7 concentrations in duplicate: parameters recovered, a response inside the range
    // back-calculated, those outside it named, never NaN.
    [Fact]
    public void Fit_Exact4pl_Json_GivesParametersCalibratorsAndValues()
    {
        static double Truth(double x) => 2.5 + ((0.1 - 2.5) / (1 + Math.Pow(x / 100, 1.1)));
        var rows = new[] { 3.0, 10, 30, 100, 300, 1000, 3000 }.SelectMany(x => new[] { x, x }).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x},{Truth(x):R}"));
        var path = Csv("concentration,response\n" + string.Join("\n", rows) + "\n");

        var run = CliRun.Of("curve", "fit", "--model", "4pl", "--weighting", "1/y2", path, "--back-calculate", string.Create(CultureInfo.InvariantCulture, $"{Truth(50):R},0.05,2.49"), "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(100, json.GetProperty("parameters").GetProperty("c").GetDouble(), 1e-3);
        Assert.Equal(1.1, json.GetProperty("parameters").GetProperty("b").GetDouble(), 1e-6);
        Assert.Equal(7, json.GetProperty("calibrators").GetArrayLength());
        var values = json.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(50, values[0].GetProperty("concentration").GetDouble(), 1e-3);
        Assert.Equal("below range", values[1].GetProperty("outOfRange").GetString());
        Assert.Equal("above range", values[2].GetProperty("outOfRange").GetString());
    }

    // An ELISA result kept against the demo patient: the replicates' mean back-calculated concentration × the dilution, in the
    // unit given, with the run's replicate CV; the standards and responses are the raw source. The same sample twice is refused;
    // a response above the top standard, an unknown unit or a missing day writes nothing.
    [Fact]
    public void Fit_WithPatient_KeepsTheSampleConcentration()
    {
        static double Truth(double x) => 2.5 + ((0.1 - 2.5) / (1 + Math.Pow(x / 100, 1.1)));
        var rows = new[] { 3.0, 10, 30, 100, 300, 1000, 3000 }.SelectMany(x => new[] { x, x }).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x},{Truth(x):R}"));
        var path = Csv("concentration,response\n" + string.Join("\n", rows) + "\n");
        var folder = Path.Combine(_folder, "demo-elisa");
        CliRun.Of("demo", "--dir", folder);
        var db = Path.Combine(folder, "stroma.db");
        var replicates = string.Create(CultureInfo.InvariantCulture, $"{Truth(40):R},{Truth(50):R}");
        string[] Args(string unit, string responses, params string[] more) =>
            ["curve", "fit", "--model", "4pl", path, "--back-calculate", responses, "--patient", "DEMO-001", "--analyte", "sICAM-1", "--unit", unit, "--dilution", "2", "--db", db, .. more];

        var kept = CliRun.Of(Args("ng/mL", replicates, "--day", "90"));
        var again = CliRun.Of(Args("ng/mL", replicates, "--day", "90"));
        var above = CliRun.Of(Args("ng/mL", "2.49", "--day", "91"));
        var badUnit = CliRun.Of(Args("ng/g", replicates, "--day", "92"));
        var lowerCaseLitre = CliRun.Of(Args("ng/ml", replicates, "--day", "93"));
        var noDay = CliRun.Of(Args("ng/mL", replicates));

        Assert.Equal(ExitCodes.Ok, kept.ExitCode);
        Assert.Contains("Kept ICAM-1 on day 90 against DEMO-001: 90 ng/mL (CVa 15.7 %).", kept.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains(again.Issues(), i => i.Code == "SERIES001");
        Assert.Contains("--back-calculate: SAMPLE001 error: Expected responses within the standards' range; 1 lie above it (dilute the sample", above.Stderr, StringComparison.Ordinal);
        Assert.Contains("--unit: SAMPLE006 error:", badUnit.Stderr, StringComparison.Ordinal);
        Assert.Contains("found 'ng/g'.", badUnit.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, lowerCaseLitre.ExitCode); // UCUM: l and L are both the litre
        Assert.Contains("Kept ICAM-1 on day 93 against DEMO-001: 90 ng/mL", lowerCaseLitre.Stderr, StringComparison.Ordinal);
        Assert.Contains(noDay.Issues(), i => i.Location == "--day" && i.Code == "SAMPLE007");
        Assert.All(new[] { above, badUnit, noDay }, r => Assert.Contains("Rejected: nothing was written.", r.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_BadRow_NamesTheLine()
    {
        var run = CliRun.Of("curve", "fit", "--model", "4pl", Csv("concentration,response\n1,0.2\nten,0.5\n"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("line 3: CURVECSV001 error: Expected a concentration ≥ 0 and a response, both numbers; found 'ten', '0.5'.", run.Stderr, StringComparison.Ordinal);
    }

    // The hand-computed series of the Core tests, through the command: IL-6 a sustained decrease (q 0.0757), ranked first.
    [Fact]
    public void Biomarkers_Series_Json_RanksTheSustainedDecreaseFirst()
    {
        var path = Csv("analyte,day,value,unit\nIL-6,-30,10,pg/mL\nIL-6,-1,12.1,pg/mL\nIL-6,30,5.5,pg/mL\nIL-6,90,6.0,pg/mL\nIL-6,180,6.5,pg/mL\nIL-6,365,6.6,pg/mL\n"
            + "TNF-α,-30,20,pg/mL\nTNF-α,-1,20,pg/mL\nTNF-α,30,10,pg/mL\nTNF-α,365,19,pg/mL\nIL-8,-30,nd,pg/mL\nIL-8,-1,5,pg/mL\nIL-8,365,2,pg/mL\n");

        var plots = Path.Combine(_folder, "plots");
        var run = CliRun.Of("biomarkers", path, "--cva", "10", "--json", "--plots", plots);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var first = run.Json().GetProperty("analytes")[0];
        Assert.Equal("IL-6", first.GetProperty("analyte").GetString());
        // RCVs at Z 1.645 from CVa 10 % and CVi 21.5 %: symmetric 1.645·√2·√(10² + 21.5²) = 55.16 %; the rule's downward limit with a
        // baseline of two samples, exp(−1.645·√((ln 1.01 + ln 1.046225)·1.5)) − 1 = −37.69 %.
        var rcv = first.GetProperty("rcv");
        Assert.Equal(55.16, rcv.GetProperty("symmetric").GetDouble(), 0.01);
        Assert.Equal(-37.69, rcv.GetProperty("usedDown").GetDouble(), 0.01);
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        string[] files = ["heatmap.png", "trajectories.png"];
        Assert.All(files, f => Assert.Equal(png, File.ReadAllBytes(Path.Combine(plots, f))[..4]));
        Assert.True(first.GetProperty("sustainedDecrease").GetBoolean());
        Assert.Equal(0.0756955, first.GetProperty("q").GetDouble(), 1e-6);
        Assert.Equal(-1, first.GetProperty("points")[0].GetProperty("log2FoldChange").GetDouble(), 1e-9);
    }

    // The same series judged with a centre's own CVi for IL-6 (60 %, so wide an RCV that the halving is within it): no longer a
    // sustained decrease, and the source named is the centre's; a table row without a source refuses the run.
    [Fact]
    public void Biomarkers_OwnCviTable_IsUsedAndNamed()
    {
        var series = Csv("analyte,day,value,unit\nIL-6,-30,10,pg/mL\nIL-6,-1,12.1,pg/mL\nIL-6,30,5.5,pg/mL\nIL-6,90,6.0,pg/mL\nIL-6,180,6.5,pg/mL\nIL-6,365,6.6,pg/mL\n");

        var run = CliRun.Of("biomarkers", series, "--cva", "10", "--cvi-table", Csv("analyte,cvi_percent,source\nIL-6,60,Centre study 2026\n"), "--json");
        var bad = CliRun.Of("biomarkers", series, "--cva", "10", "--cvi-table", Csv("analyte,cvi_percent,source\nIL-6,60,\n"));

        var il6 = run.Json().GetProperty("analytes")[0];
        Assert.Equal("Centre study 2026", il6.GetProperty("cviSource").GetString());
        Assert.Equal(60, il6.GetProperty("cvi").GetDouble());
        Assert.False(il6.GetProperty("sustainedDecrease").GetBoolean());
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Contains(bad.Issues(), i => i.Code == "CVI001");
    }

    // Kept against the demo patient (whose own panel the demo stored): the same file twice is refused, nothing written.
    [Fact]
    public void Biomarkers_WithPatient_KeepsTheSeriesOnce()
    {
        var folder = Path.Combine(_folder, "demo");
        CliRun.Of("demo", "--dir", folder);
        var path = Csv("analyte,day,value,unit\nMCP-1,-1,300,pg/mL\nMCP-1,30,120,pg/mL\nMCP-1,365,110,pg/mL\n");

        var first = CliRun.Of("biomarkers", path, "--cva", "10", "--patient", "DEMO-001", "--db", Path.Combine(folder, "stroma.db"));
        var second = CliRun.Of("biomarkers", path, "--cva", "10", "--patient", "DEMO-001", "--db", Path.Combine(folder, "stroma.db"));

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Contains("Kept 3 results against DEMO-001.", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, second.ExitCode);
        Assert.Contains(second.Issues(), i => i.Code == "SERIES001");
    }

    // A cohort (the CSV has a patient column): five patients whose IL-6 halves after the infusions and stays down, TNF-α flat. The mixed model ranks IL-6 first with its
    // geometric-mean ratio near 0.5 at one year (a ±10 % wobble on top of the halving); the paired tests go with each day.
    // --patient cannot keep a cohort; one patient's series still needs --cva.
    [Fact]
    public void Biomarkers_Cohort_Json_RanksByTheMixedModel()
    {
        double[] levels = [8, 11, 15, 21, 30];
        double[] wobble = [1.05, 0.95, 1.1, 0.9, 1.0];
        int[] days = [0, 30, 180, 365];
        var rows = levels.SelectMany((level, p) => days.SelectMany((day, k) => new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"P{p + 1},IL-6,{day},{level * (day > 0 ? 0.5 : 1) * wobble[(p + k) % 5]:R},pg/mL"),
            string.Create(CultureInfo.InvariantCulture, $"P{p + 1},TNF-α,{day},{level * 2 * wobble[(p + (2 * k)) % 5]:R},pg/mL"),
        }));
        var path = Csv("patient,analyte,day,value,unit\n" + string.Join("\n", rows) + "\n");

        var plots = Path.Combine(_folder, "cohort-plots");
        var run = CliRun.Of("biomarkers", path, "--json", "--plots", plots);
        var keep = CliRun.Of("biomarkers", path, "--patient", "DEMO-001");
        var single = CliRun.Of("biomarkers", Csv("analyte,day,value,unit\nIL-6,-1,12,pg/mL\nIL-6,365,5,pg/mL\n"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("cohort").GetBoolean());
        var first = json.GetProperty("analytes")[0];
        Assert.Equal("IL-6", first.GetProperty("analyte").GetString());
        Assert.True(first.GetProperty("sustainedDecrease").GetBoolean());
        Assert.Equal(5, first.GetProperty("patients").GetInt32());
        var year = first.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("day").GetInt32() == 365);
        Assert.InRange(year.GetProperty("foldChange").GetDouble(), 0.4, 0.6);
        Assert.Equal(5, year.GetProperty("pairedT").GetProperty("pairs").GetInt32());
        Assert.False(json.GetProperty("analytes")[1].GetProperty("sustainedDecrease").GetBoolean());
        Assert.Equal(ExitCodes.InvalidInput, keep.ExitCode);
        Assert.Contains(keep.Issues(), i => i.Location == "--patient");
        Assert.Equal(ExitCodes.InvalidInput, single.ExitCode);
        Assert.Contains(single.Issues(), i => i.Location == "--cva");
        Assert.True(new FileInfo(Path.Combine(plots, "heatmap.png")).Length > 1000 && new FileInfo(Path.Combine(plots, "trajectories.png")).Length > 1000);
    }

    [Fact]
    public void Biomarkers_BadValue_NamesTheLine()
    {
        var run = CliRun.Of("biomarkers", Csv("analyte,day,value,unit\nIL-6,-1,12,pg/mL\nIL-6,thirty,5,pg/mL\nIL-6,30,5,ng/mL\n"), "--cva", "10");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("line 3: CURVECSV001 error:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 4: CURVECSV001 error: Expected the unit of IL-6's series (pg/mL); found 'ng/mL'.", run.Stderr, StringComparison.Ordinal);
    }

    // A cohort whose values are all equal at a day (every pair tied) ended in an unhandled exception from the exact Wilcoxon test (exit
    // 70); now the run succeeds and the day says why it has no paired test.
    [Fact]
    public void Biomarkers_CohortEveryPairTied_SucceedsAndSaysWhy()
    {
        var path = Csv("patient,analyte,day,value,unit\nA,IL-6,-1,5,pg/mL\nA,IL-6,30,5,pg/mL\nA,IL-6,365,4,pg/mL\nB,IL-6,-1,5,pg/mL\nB,IL-6,30,5,pg/mL\nB,IL-6,365,3,pg/mL\n"
            + "C,IL-6,-1,5,pg/mL\nC,IL-6,30,5,pg/mL\nC,IL-6,365,4.5,pg/mL\n");
        var equal = Csv("patient,analyte,day,value,unit\nA,IL-6,-1,5,pg/mL\nA,IL-6,30,5,pg/mL\nA,IL-6,365,5,pg/mL\nB,IL-6,-1,5,pg/mL\nB,IL-6,30,5,pg/mL\nB,IL-6,365,5,pg/mL\n");

        var run = CliRun.Of("biomarkers", path, "--json");
        var allEqual = CliRun.Of("biomarkers", equal);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var day30 = run.Json().GetProperty("analytes")[0].GetProperty("days").EnumerateArray().Single(d => d.GetProperty("day").GetInt32() == 30);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, day30.GetProperty("wilcoxon").ValueKind);
        Assert.StartsWith("all 3 pairs equal to baseline", day30.GetProperty("pairedNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, allEqual.ExitCode);
        Assert.Contains("not assessed", allEqual.Stdout, StringComparison.Ordinal);
    }

    // Two values of one analyte on one day are refused naming both lines, never averaged; for a cohort, per patient.
    [Fact]
    public void Biomarkers_TwoValuesOnADay_AreRefusedNamingBothLines()
    {
        var run = CliRun.Of("biomarkers", Csv("analyte,day,value,unit\nIL-6,-1,12,pg/mL\nIL-6,30,5,pg/mL\nIL-6,30,6,pg/mL\n"), "--cva", "10");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == Cli.Proteome.CurveCommands.Duplicate && i.Location.EndsWith("line 4", StringComparison.Ordinal));
        Assert.Contains("already on line 3", run.Stderr, StringComparison.Ordinal);
    }

    // "TNF-alpha" is TNF-α: its CVi is found and the series judged (it was "not assessed: no within-subject CV").
    [Fact]
    public void Biomarkers_SpelledOutGreekLetter_IsTheSameAnalyte()
    {
        var run = CliRun.Of("biomarkers", Csv("analyte,day,value,unit\nTNF-alpha,-30,20,pg/mL\nTNF alpha,-1,20,pg/mL\ntnf-α,30,10,pg/mL\nTNF-alpha,365,9,pg/mL\n"), "--cva", "10", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var tnf = Assert.Single(run.Json().GetProperty("analytes").EnumerateArray());
        Assert.Equal("TNF-α", tnf.GetProperty("analyte").GetString());
        Assert.Equal(12.7, tnf.GetProperty("cvi").GetDouble());
        Assert.True(tnf.GetProperty("assessable").GetBoolean());
        Assert.EndsWith(".csv", tnf.GetProperty("points")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    // A series kept with the centre's CVi table is ranked by the report with that table (the report used to re-rank it with the
    // built-in one); a second value for a day the demo's panel already holds (IL-6, day 30) is refused, not averaged.
    [Fact]
    public void Biomarkers_KeptWithOwnCviTable_ReportRanksWithThatTable()
    {
        var folder = Path.Combine(_folder, "demo");
        CliRun.Of("demo", "--dir", folder);
        var db = Path.Combine(folder, "stroma.db");
        var table = Csv("analyte,cvi_percent,source\nMCP-1,15,Centre study 2026\n");
        var mcp1 = Csv("analyte,day,value,unit\nCCL2,-30,310,pg/mL\nMCP-1,-1,300,pg/mL\nMCP-1,30,120,pg/mL\nMCP-1,365,110,pg/mL\n");

        var kept = CliRun.Of("biomarkers", mcp1, "--cva", "10", "--cvi-table", table, "--patient", "DEMO-001", "--db", db);
        var second = CliRun.Of("biomarkers", Csv("analyte,day,value,unit\nIL-6,30,9,pg/mL\n"), "--cva", "10", "--patient", "DEMO-001", "--db", db);
        var report = CliRun.Of("report", "--patient", "DEMO-001", "--db", db, "--out", Path.Combine(folder, "case.html"));

        Assert.Equal(ExitCodes.Ok, kept.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, second.ExitCode);
        Assert.Contains(second.Issues(), i => i.Code == Storage.StromaStore.AnalyteSecondSource);
        Assert.Equal(ExitCodes.Ok, report.ExitCode);
        var html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(folder, "case.html")));
        Assert.Contains("<td>MCP-1</td>", html, StringComparison.Ordinal);
        Assert.Contains("15 % (Centre study 2026)", html, StringComparison.Ordinal);
        Assert.Contains("MCP-1 (q ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rcv_Il6_Json()
    {
        var run = CliRun.Of("rcv", "--cva", "6.4", "--cvi", "21.5", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(62.1793, run.Json().GetProperty("symmetric").GetDouble(), 1e-3);
        Assert.Equal(-45.8914, run.Json().GetProperty("logNormalDown").GetDouble(), 1e-3);
    }
}
