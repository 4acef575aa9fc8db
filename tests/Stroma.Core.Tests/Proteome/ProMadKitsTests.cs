using Stroma.Core.Proteome;

namespace Stroma.Core.Tests.Proteome;

public sealed class ProMadKitsTests
{
    // proMAD's kit files (theia-dev/proMAD, MIT; Proteome/Kits/PROVENANCE.md), each a transcription of the R&D datasheet map: ARY007
    // (human angiogenesis) 6 × 24 in blocks of 4 columns and rows 1 | 4 | 1, 2/3 pitch between blocks, 55 analytes, Serpin E1 at
    // [4, 2] (E3/E4); ARY015 (mouse angiogenesis) 6 × 22 in column blocks 2, 4, 4, 4, 4, 4, 53 analytes, Serpin E1 at [5, 4] (F5/F6);
    // ARY022B and ARY028 (XL cytokine) 10 × 24, blocks of 4 columns and rows 3 | 4 | 3, half a pitch between blocks (Serpin E1 at I1/I2,
    // and J7/J8 as "Serpin E1/PAI-1").
    [Theory]
    [InlineData("ARY007", 6, 24, 55, "Serpin E1", "E3", 6, 2)]
    [InlineData("ARY015", 6, 22, 53, "Serpin E1", "F5", 6, 2)]
    [InlineData("ARY022B", 10, 24, 105, "Serpin E1", "I1", 6, 2)]
    [InlineData("ARY028", 10, 24, 111, "Serpin E1/PAI-1", "J7", 6, 2)]
    public void Find_ShippedKit_HasItsGridBlocksAndControls(string kit, int rows, int columns, int analytes, string analyte, string first, int references, int negatives)
    {
        var layout = ShippedLayouts.Find(kit.ToLowerInvariant())!;

        Assert.Equal((kit, rows, columns, analytes), (layout.Kit, layout.Rows, layout.Columns, layout.Analytes.Length));
        Assert.True(layout.HasPrintedGeometry);
        Assert.Equal(first, layout.Spots.First(s => s.Analyte == ArrayLayouts.Normalise(analyte)).Label);
        Assert.Equal(references, layout.Spots.Count(s => s.Role == SpotRole.Reference));
        Assert.Equal(negatives, layout.Spots.Count(s => s.Role == SpotRole.Negative));
        Assert.All(layout.Analytes, a => Assert.Equal(2, layout.Spots.Count(s => s.Analyte == a)));
    }

    // proMAD's grid: column index + block number × net_skip_size (ARY007: blocks of 4, skip 2/3; rows 1 | 4 | 1).
    [Fact]
    public void Find_Ary007_PositionsFollowTheBlocks()
    {
        var layout = ShippedLayouts.Find("ARY007")!;

        Assert.Equal([0, 1, 2, 3, 4 + (2 / 3.0), 5 + (2 / 3.0)], layout.ColumnPositions.Take(6).ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(23 + (5 * 2 / 3.0), layout.ColumnPositions[^1], 9);
        Assert.Equal([0, 1 + (2 / 3.0), 2 + (2 / 3.0), 3 + (2 / 3.0), 4 + (2 / 3.0), 5 + (4 / 3.0)], layout.RowPositions.ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    // The shipped ARY022B (proMAD's file) and the shared CSV transcribed from it have the same role at every position and name the same
    // analyte (the controls' names differ: "Negative Controls" there, "Negative Control" here).
    [Fact]
    public void Find_Ary022b_AgreesWithTheSharedCsvSpotForSpot()
    {
        var csv = ArrayLayouts.Read(TestData.Bytes("proteome/layouts/ARY022B.csv"), "ARY022B.csv").ValueOrThrow();
        var shipped = ShippedLayouts.Find("ARY022B")!;

        static (string, SpotRole, string) Key(LayoutSpot s) => (s.Label, s.Role, s.Role == SpotRole.Analyte ? s.Analyte : string.Empty);
        Assert.Equal(csv.Spots.Select(Key).Order(), shipped.Spots.Select(Key).Order());
        Assert.False(csv.HasPrintedGeometry);
    }

    [Fact]
    public void Find_UnknownKit_IsNull() => Assert.Null(ShippedLayouts.Find("ARY999"));

    [Theory]
    [InlineData("{ not json", "k.json line 1")]
    [InlineData("[1, 2]", "k.json $")]
    [InlineData("""{"id":"K","net_layout_y":[1],"net_skip_size":0.5,"spots":[]}""", "k.json $.net_layout_x")]
    [InlineData("""{"id":"K","net_layout_x":[2],"net_layout_y":[1],"net_skip_size":"half","spots":[]}""", "k.json $.net_skip_size")]
    [InlineData("""{"id":"K","net_layout_x":[2],"net_layout_y":[1],"net_skip_size":0.5,"double_spot":[0,1],"spots":[{"position":[0,1],"info":["IL-6"]}]}""", "k.json $.spots[0]")]
    [InlineData("""{"id":"K","id":"L","net_layout_x":[2],"net_layout_y":[1],"net_skip_size":0.5,"spots":[]}""", "k.json line 1")]
    public void Read_BadKitFile_IsLayout004WithItsPlace(string json, string location)
    {
        var result = ProMadKits.Read(System.Text.Encoding.UTF8.GetBytes(json), "k.json");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == LayoutIssues.BadKitFile && i.Location == location);
    }

    [Fact]
    public void Read_TwoSpotsAtOnePosition_IsLayout002()
    {
        var json = """{"id":"K","net_layout_x":[4],"net_layout_y":[1],"net_skip_size":0.5,"double_spot":[0,1],"spots":[{"position":[0,0],"info":["IL-6"]},{"position":[0,1],"info":["IL-8"]}]}""";

        var result = ProMadKits.Read(System.Text.Encoding.UTF8.GetBytes(json), "k.json");

        Assert.Contains(result.Issues, i => i.Code == LayoutIssues.Collision && i.Message.Contains("A2 holds IL-6 and IL-8", StringComparison.Ordinal));
    }
}

public sealed class LayoutGeometryCsvTests
{
    private const string Header = "kit,analyte,row,column,spot_role,duplicate_index,x,y\n";

    // The optional x and y state the printed position in pitch units: one per column and row, increasing; a column without spots
    // sits one pitch after the one before it.
    [Fact]
    public void Read_XAndY_StateThePrintedGeometry()
    {
        var csv = Header + "K,Ref,A,1,reference,1,0,0\nK,Ref,A,2,reference,2,1,0\nK,IL-6,A,4,analyte,1,3.5,0\nK,Ref,C,1,reference,3,0,2.5\n";

        var layout = ArrayLayouts.Read(System.Text.Encoding.UTF8.GetBytes(csv), "k.csv").ValueOrThrow();

        Assert.True(layout.HasPrintedGeometry);
        Assert.Equal([0, 1, 2, 3.5], layout.ColumnPositions.ToArray());
        Assert.Equal([0, 1, 2.5], layout.RowPositions.ToArray());
    }

    [Theory]
    [InlineData("K,Ref,A,1,reference,1,0,0\nK,IL-6,B,1,analyte,1,0.5,1\n", "k.csv line 3")]
    [InlineData("K,Ref,A,1,reference,1,0,0\nK,IL-6,A,2,analyte,1,0.2,0\n", "k.csv")]
    [InlineData("K,Ref,A,1,reference,1,0,0\nK,IL-6,A,2,analyte,1,1;5,0\n", "k.csv line 3")]
    public void Read_InconsistentOrBadPositions_AreLayout003(string rows, string location)
    {
        var result = ArrayLayouts.Read(System.Text.Encoding.UTF8.GetBytes(Header + rows), "k.csv");

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == LayoutIssues.BadGeometry && i.Location == location);
    }

    [Fact]
    public void Read_XWithoutY_IsAHeaderError()
    {
        var result = ArrayLayouts.Read("kit,analyte,row,column,spot_role,duplicate_index,x\nK,Ref,A,1,reference,1,0\n"u8, "k.csv");

        Assert.Contains(result.Issues, i => i.Code == LayoutIssues.BadRow && i.Location == "k.csv line 1");
    }

    // ARY022B (human XL cytokine) and ARY028 (mouse XL cytokine) are printed on one grid, references in the same places: a fit of
    // either kit's image accepts the other's layout, so each names the other; the angiogenesis kits share it with no shipped kit.
    [Theory]
    [InlineData("ARY022B", "ARY028")]
    [InlineData("ARY028", "ARY022B")]
    [InlineData("ARY007", "")]
    [InlineData("ARY015", "")]
    public void OnTheSameGrid_NamesTheShippedKitsTheImageCannotTellApart(string kit, string twins) =>
        Assert.Equal(twins.Length == 0 ? [] : twins.Split(','), ShippedLayouts.OnTheSameGrid(ShippedLayouts.Find(kit)!));
}
