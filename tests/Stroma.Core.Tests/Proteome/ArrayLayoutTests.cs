using System.Text;
using Stroma.Core.Proteome;
using Stroma.Core.Text;

namespace Stroma.Core.Tests.Proteome;

public sealed class ArrayLayoutTests
{
    // shared layouts/ARY022B.csv (verified against proMAD's transcription of the R&D datasheet): 10 rows × 24 columns, 6 reference
    // spots (A1, A2, A23, A24, J1, J2), 2 negative (J23, J24), 105 analytes in duplicate; proMAD's own test: BDNF A15/A16,
    // Serpin E1 I1/I2.
    [Fact]
    public void Read_Ary022b_HasItsGridControlsAndAnalytes()
    {
        var layout = ArrayLayouts.Read(TestData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow();

        Assert.Equal(("ARY022B", 10, 24), (layout.Kit, layout.Rows, layout.Columns));
        Assert.Equal(["A1", "A2", "A23", "A24", "J1", "J2"], layout.Spots.Where(s => s.Role == SpotRole.Reference).Select(s => s.Label));
        Assert.Equal(["J23", "J24"], layout.Spots.Where(s => s.Role == SpotRole.Negative).Select(s => s.Label));
        Assert.Equal(105, layout.Analytes.Length);
        Assert.Equal(["A15", "A16"], layout.Spots.Where(s => s.Analyte == "BDNF").Select(s => s.Label));
        Assert.Equal(["I1", "I2"], layout.Spots.Where(s => s.Analyte == "Serpin E1").Select(s => s.Label));
        Assert.All(layout.Analytes, a => Assert.Equal(2, layout.Spots.Count(s => s.Analyte == a)));
    }

    [Theory]
    [InlineData("sICAM-1", "ICAM-1")]
    [InlineData("PAI-1", "Serpin E1")]
    [InlineData("CXCL1", "GROα")]
    [InlineData("IL-6", "IL-6")]
    public void Normalise_Synonyms(string name, string expected) => Assert.Equal(expected, ArrayLayouts.Normalise(name));

    [Fact]
    public void Read_BadRowAndCollision_AreNamed()
    {
        var csv = "kit,analyte,row,column,spot_role,duplicate_index\nK,IL-6,A,1,analyte,1\nK,IL-8,A,1,analyte,1\nK,TNF,a1,3,analyte,1\n"u8.ToArray();

        var issues = ArrayLayouts.Read(csv, "k.csv").Issues;

        Assert.Contains(issues, i => i.Code == LayoutIssues.BadRow && i.Location == "k.csv line 4");
        Assert.Contains(issues, i => i.Code == LayoutIssues.Collision && i.Message.Contains("A1 holds IL-6 and IL-8", StringComparison.Ordinal));
    }

    // A row with the wrong number of fields is refused at its row, never left out: a lost spot shrank the grid or left an analyte
    // unquantified, and the membrane was blamed for the gap.
    [Theory]
    [InlineData("K,Extra,B,3,analyte")]
    [InlineData("K,Extra,B,3,analyte,1,7")]
    public void Read_RowWithTheWrongNumberOfFields_IsRefusedAtItsRow(string row)
    {
        var csv = Encoding.UTF8.GetBytes($"kit,analyte,row,column,spot_role,duplicate_index\nK,IL-6,A,1,analyte,1\n{row}\nK,IL-8,A,2,analyte,1\n");

        var result = ArrayLayouts.Read(csv, "k.csv");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == CsvIssues.FieldCount && i.Location == "k.csv row 3");
    }
}
