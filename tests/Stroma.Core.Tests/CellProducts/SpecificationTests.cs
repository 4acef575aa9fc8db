using System.Text;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Tests.CellProducts;

public sealed class SpecificationTests
{
    // A centre's specification that meets the rule: ISCT identity (Dominici et al., Cytotherapy 2006;8:315), sterility (Ph. Eur. 2.6.27),
    // endotoxin (Ph. Eur. 2.6.14), viability and mycoplasma, each mandatory. {0} replaces the tests, {1} the id.
    private const string Good = """
        { "id": "{1}", "version": "3", "product": "BM-MSC, allogeneic", "tests": [ {0} ] }
        """;

    private static readonly string[] GoodTests =
    [
        """{ "code": "viability", "category": "viability", "name": "Viability", "method": "7-AAD", "comparator": "atLeast", "lower": 80, "unit": "%", "mandatory": true }""",
        """{ "code": "CD73", "category": "identity", "name": "CD73+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true }""",
        """{ "code": "CD90", "category": "identity", "name": "CD90+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true }""",
        """{ "code": "CD105", "category": "identity", "name": "CD105+", "method": "flow", "comparator": "atLeast", "lower": 95, "unit": "%", "mandatory": true }""",
        """{ "code": "CD45", "category": "identity", "name": "CD45+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true }""",
        """{ "code": "CD34", "category": "identity", "name": "CD34+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true }""",
        """{ "code": "CD14", "alternatives": ["CD11b"], "category": "identity", "name": "CD14+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true }""",
        """{ "code": "CD79a", "alternatives": ["CD19"], "category": "identity", "name": "CD79a+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true }""",
        """{ "code": "HLA-DR", "category": "identity", "name": "HLA-DR+", "method": "flow", "comparator": "atMost", "upper": 2, "unit": "%", "mandatory": true }""",
        """{ "code": "sterility", "category": "sterility", "name": "Sterility", "method": "BacT/ALERT", "comparator": "is", "expected": "no growth", "mandatory": true }""",
        """{ "code": "endotoxin", "category": "endotoxin", "name": "Endotoxin", "method": "LAL", "comparator": "lessThan", "upper": 0.5, "unit": "[EU]/mL", "mandatory": true }""",
        """{ "code": "mycoplasma", "category": "mycoplasma", "name": "Mycoplasma", "method": "NAT", "comparator": "is", "expected": "negative", "mandatory": true }""",
    ];

    private static ReadResult<ReleaseSpecification> Read(IEnumerable<string> tests, string id = "centre-msc") =>
        SpecificationJson.Read(Encoding.UTF8.GetBytes(Good.Replace("{0}", string.Join(",\n", tests), StringComparison.Ordinal).Replace("{1}", id, StringComparison.Ordinal)), "spec.json");

    [Fact]
    public void Read_CompleteSpecification_IsHeldWithCategoriesAndNoIssue()
    {
        var read = Read(GoodTests);

        Assert.Empty(read.Issues);
        Assert.Equal(TestCategory.Identity, read.Value!.Tests.Single(t => t.Code == "CD73").Category);
        Assert.Equal(["CD19"], read.Value.Tests.Single(t => t.Code == "CD79a").Alternatives);
    }

    [Fact]
    public void Check_BuiltIn_MeetsTheRule() =>
        Assert.Empty(SpecificationRules.Check(ReleaseSpecification.IsctBoneMarrowMsc, "built-in $"));

    // The lot file of issue 11: the built-in id, no tests. Refused for the reserved id and for each mandatory category, all at once.
    [Fact]
    public void Read_ReservedIdWithNoTests_IsRefusedForTheIdAndEveryMandatoryCategory()
    {
        var read = Read([], id: "bm-msc-isct");

        Assert.Null(read.Value);
        Assert.Contains(read.Issues, i => i.Code == SpecificationIssues.ReservedId && i.Location == "spec.json $.id");
        Assert.Equal(3 + 4, read.Issues.Count(i => i.Code == SpecificationIssues.MissingMandatoryTest && i.Location == "spec.json $.tests")); // 3 categories + CD73, CD90, CD105, CD45
    }

    // Each of the four mandatory categories, taken out alone, refuses the specification.
    [Theory]
    [InlineData("sterility")]
    [InlineData("endotoxin")]
    [InlineData("viability")]
    [InlineData("CD73")]
    [InlineData("CD45")]
    public void Read_WithoutAMandatoryTest_IsRefused(string code)
    {
        var read = Read(GoodTests.Where(t => !t.Contains($"\"code\": \"{code}\"", StringComparison.Ordinal)));

        Assert.Null(read.Value);
        Assert.Equal(SpecificationIssues.MissingMandatoryTest, Assert.Single(read.Issues, i => i.Severity == Severity.Error).Code);
    }

    // A mandatory test that cannot do its job counts for nothing: sterility as a number or expecting a finding, endotoxin as a lower
    // limit or a limit of 0, CD73 as an upper, viability above 0 %.
    [Theory]
    [InlineData(9, """{ "code": "sterility", "category": "sterility", "name": "S", "method": "m", "comparator": "atMost", "upper": 0, "unit": "%", "mandatory": true }""")]
    [InlineData(10, """{ "code": "endotoxin", "category": "endotoxin", "name": "E", "method": "m", "comparator": "atLeast", "lower": 0, "unit": "[EU]/mL", "mandatory": true }""")]
    [InlineData(1, """{ "code": "CD73", "category": "identity", "name": "C", "method": "m", "comparator": "atMost", "upper": 95, "unit": "%", "mandatory": true }""")]
    [InlineData(9, """{ "code": "sterility", "category": "sterility", "name": "S", "method": "m", "comparator": "is", "expected": "growth: S. aureus", "mandatory": true }""")]
    [InlineData(9, """{ "code": "sterility", "category": "sterility", "name": "S", "method": "m", "comparator": "is", "expected": "not sterile", "mandatory": true }""")]
    [InlineData(9, """{ "code": "sterility", "category": "sterility", "name": "S", "method": "m", "comparator": "is", "expected": "negative: growth of E. coli", "mandatory": true }""")]
    [InlineData(9, """{ "code": "sterility", "category": "sterility", "name": "S", "method": "m", "comparator": "is", "expected": "no growth; growth on day 5", "mandatory": true }""")]
    [InlineData(10, """{ "code": "endotoxin", "category": "endotoxin", "name": "E", "method": "m", "comparator": "atMost", "upper": 0, "unit": "[EU]/mL", "mandatory": true }""")]
    [InlineData(0, """{ "code": "viability", "category": "viability", "name": "V", "method": "m", "comparator": "atLeast", "lower": 0, "unit": "%", "mandatory": true }""")]
    public void Read_MandatoryTestThatCannotDoItsJob_IsRefusedAtTheTest(int index, string test)
    {
        var tests = GoodTests.ToArray();
        tests[index] = test;

        var read = Read(tests);

        Assert.Null(read.Value);
        Assert.Contains(read.Issues, i => i.Code == SpecificationIssues.MissingMandatoryTest && i.Location == $"spec.json $.tests[{index}]");
    }

    // Published specifications differ from ISCT on the other negative markers: held, with a warning naming each deviation.
    [Fact]
    public void Read_LooserOrMissingNegativeMarkers_IsHeldWithWarnings()
    {
        var tests = GoodTests.Where(t => !t.Contains("HLA-DR", StringComparison.Ordinal)).Select(t => t.Replace("\"upper\": 2, \"unit\": \"%\", \"mandatory\": true }", "\"upper\": 5, \"unit\": \"%\", \"mandatory\": true }", StringComparison.Ordinal));

        var read = Read(tests);

        Assert.NotNull(read.Value);
        Assert.All(read.Issues, i => Assert.Equal((SpecificationIssues.BelowMinimalCriteria, Severity.Warning), (i.Code, i.Severity)));
        Assert.Equal(5, read.Issues.Count); // HLA-DR missing; CD45, CD34, CD14, CD79a looser than ≤ 2 %
    }

    [Theory]
    [InlineData("\"unit\": \"[EU]/mL\"", "\"unit\": \"EU/mL\"", "$.tests[10].unit")]
    [InlineData("\"category\": \"viability\"", "\"category\": \"0\"", "$.tests[0].category")]
    [InlineData("\"comparator\": \"lessThan\"", "\"comparator\": \"1\"", "$.tests[10].comparator")]
    [InlineData("\"code\": \"CD90\"", "\"code\": \"cd73\"", "$.tests[2].code")]
    public void Read_BadValue_IsRefusedAtItsPath(string from, string to, string path)
    {
        var read = SpecificationJson.Read(Encoding.UTF8.GetBytes(Good.Replace("{0}", string.Join(",\n", GoodTests), StringComparison.Ordinal)
            .Replace("{1}", "centre-msc", StringComparison.Ordinal).Replace(from, to, StringComparison.Ordinal)), "spec.json");

        Assert.Null(read.Value);
        Assert.Contains(read.Issues, i => i.Code == SpecificationIssues.BadValue && i.Location == "spec.json " + path);
    }

    [Theory]
    [InlineData("\"lower\": 80", "\"lower\": 150")]
    [InlineData("\"lower\": 80", "\"lower\": -5")]
    public void Read_PercentOutsideZeroToHundred_IsRefused(string from, string to)
    {
        var tests = GoodTests.ToArray();
        tests[0] = tests[0].Replace(from, to, StringComparison.Ordinal);

        var read = Read(tests);

        Assert.Null(read.Value);
        Assert.Contains(read.Issues, i => i.Code == SpecificationIssues.BadValue && i.Location == "spec.json $.tests[0]" && i.Message.Contains("between 0 and 100", StringComparison.Ordinal));
    }

    // FDA's 2008 CMC guidance for somatic cell therapy INDs recommends a viability of at least 70 %: lower is held with a warning.
    [Fact]
    public void Read_ViabilityBelowSeventyPercent_IsHeldWithAWarning()
    {
        var tests = GoodTests.ToArray();
        tests[0] = tests[0].Replace("\"lower\": 80", "\"lower\": 60", StringComparison.Ordinal);

        var read = Read(tests);

        Assert.NotNull(read.Value);
        var warning = Assert.Single(read.Issues, i => i.Location == "spec.json $.tests[0]");
        Assert.Equal((SpecificationIssues.BelowMinimalCriteria, Severity.Warning), (warning.Code, warning.Severity));
    }
}
