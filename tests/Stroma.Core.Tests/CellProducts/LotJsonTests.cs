using System.Text;
using Stroma.Core.CellProducts;
using Stroma.Core.Tests.Text;

namespace Stroma.Core.Tests.CellProducts;

public sealed class LotJsonTests
{
    private static Diagnostics.ReadResult<LotDocument> Read(string find, string replace) =>
        LotJson.Read(Encoding.UTF8.GetBytes(StrictJsonTests.Lot.Replace(find.Length == 0 ? "\u0000" : find, replace, StringComparison.Ordinal)), "l.json");

    [Fact]
    public void Read_GoodLot_HasNoErrors() => Assert.False(Read("", "").HasErrors);

    [Theory]
    [InlineData(-3)]
    [InlineData(1000)]
    public void Read_ImpossiblePassage_IsRefusedAtItsPath(int passage)
    {
        var result = Read("\"passage\": 3", $"\"passage\": {passage}");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == LotJsonIssues.BadValue && i.Location == "l.json $.lot.passage");
    }

    [Fact]
    public void Read_SpecificationComparatorGivenAsANumber_IsRefused()
    {
        const string Own = """{ "id": "centre-msc", "version": "3", "product": "BM-MSC", "tests": [ { "code": "viability", "name": "Viability", "method": "flow", "comparator": "0", "lower": 95, "unit": "%", "mandatory": true } ] }""";

        var result = Read("\"specification\": \"bm-msc-isct\"", $"\"specification\": {Own}");

        Assert.Contains(result.Issues, i => i.Code == LotJsonIssues.BadValue && i.Location == "l.json $.specification.tests[0].comparator");
    }
}
