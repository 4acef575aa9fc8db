using Stroma.Core.Biomarkers;
using Stroma.Core.Text;

namespace Stroma.Core.Tests.Biomarkers;

public sealed class AnalyteNamesTests
{
    // Spellings and synonyms of one analyte meet under one name; an unknown name is kept as given (trimmed), never guessed.
    [Theory]
    [InlineData("TNF-alpha", "TNF-α")]
    [InlineData("TNF alpha", "TNF-α")]
    [InlineData("tnf-α", "TNF-α")]
    [InlineData("TNF-a", "TNF-α")]
    [InlineData("IL-1 beta", "IL-1β")]
    [InlineData("IFN-gamma", "IFN-γ")]
    [InlineData("IL-1Ra", "IL-1ra")]
    [InlineData("IL-1RA", "IL-1ra")]
    [InlineData("il6", "IL-6")]
    [InlineData("GRO alpha", "GROα")]
    [InlineData("CXCL1", "GROα")]
    [InlineData("PAI-1", "Serpin E1")]
    [InlineData("sICAM-1", "ICAM-1")]
    [InlineData("  MCP-5 ", "MCP-5")]
    [InlineData("IL-17A", "IL-17A")]
    public void Resolve_SynonymsAndSpellings(string name, string expected) => Assert.Equal(expected, AnalyteNames.Resolve(name));

    // The CVi table finds an analyte by any of its spellings, in a series name or in a centre's own table.
    [Fact]
    public void Lookup_SpelledOutGreekLetter_FindsTheCvi()
    {
        Assert.Equal(12.7, BiologicalVariation.Defaults.Lookup("TNF-alpha")?.CviPercent);
        Assert.Equal(12.7, BiologicalVariation.Defaults.Lookup("TNF-alpha (array)")?.CviPercent);
        var own = BiologicalVariation.Read("analyte,cvi_percent,source\nIL-1 beta,25,own study\n"u8, "cvi.csv").Value!;
        Assert.Equal(25, own.Lookup("IL-1β")?.CviPercent);
    }

    [Fact]
    public void Read_TwoSpellingsOfOneAnalyte_IsRefused()
    {
        var result = BiologicalVariation.Read("analyte,cvi_percent,source\nTNF-α,12,a\nTNF-alpha,13,b\n"u8, "cvi.csv");

        Assert.Equal(BiologicalVariation.BadTable, Assert.Single(result.Issues).Code);
        Assert.Equal("cvi.csv line 3", result.Issues[0].Location);
    }

    // A CVi row with a field too many is refused at its row, not left out (its analyte then took the default CVi silently).
    [Fact]
    public void Read_RowWithTheWrongNumberOfFields_IsRefusedAtItsRow()
    {
        var result = BiologicalVariation.Read("analyte,cvi_percent,source\nIL-1 beta,25,own study\nIL-6,30,own,study\n"u8, "cvi.csv");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == CsvIssues.FieldCount && i.Location == "cvi.csv row 3");
    }
}
