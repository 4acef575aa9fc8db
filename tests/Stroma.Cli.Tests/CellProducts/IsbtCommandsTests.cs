namespace Stroma.Cli.Tests.CellProducts;

public sealed class IsbtCommandsTests
{
    // JPAC Red Book worked example: G1234 98 654321 → H, type-3 flag 77.
    [Fact]
    public void Check_RedBookExample_Json_IsValidWithItsCheckCharacter()
    {
        var run = CliRun.Of("isbt", "check", "G123498654321H", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal("G123498654321", json.GetProperty("din").GetString());
        Assert.Equal("H", json.GetProperty("checkCharacter").GetString());
        Assert.Equal("77", json.GetProperty("flag").GetString());
        Assert.True(json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Check_WrongCheckCharacter_ExitsOneAndGivesTheRightOne()
    {
        var run = CliRun.Of("isbt", "check", "G123498654321I", "--json");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.False(run.Json().GetProperty("valid").GetBoolean());
        Assert.Equal("H", run.Json().GetProperty("checkCharacter").GetString());
        Assert.Contains(("DIN position 14", "ISBT003"), run.Issues());
    }

    [Fact]
    public void Check_LetterO_NamesPositionOneAndTheRule()
    {
        var run = CliRun.Of("isbt", "check", "O123498654321");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("DIN position 1: ISBT002 error: Expected the first facility character to be A–N, P–Z or 1–9", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Din_FromParts_IsTheDinWithCheckCharacter()
    {
        var run = CliRun.Of("isbt", "din", "--facility", "G1234", "--year", "17", "--sequence", "654321");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("G1234 17 654321 A: valid", run.Stdout, StringComparison.Ordinal);
    }
}
