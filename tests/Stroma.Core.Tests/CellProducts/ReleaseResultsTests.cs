using Stroma.Core.CellProducts;

namespace Stroma.Core.Tests.CellProducts;

public sealed class ReleaseResultsTests
{
    private static readonly DateTimeOffset At = new(2025, 2, 20, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly ReleaseSpecification Spec = ReleaseSpecification.IsctBoneMarrowMsc;

    // UCUM is case-sensitive except for the litre, which has two symbols (l and L): ml is mL, but ML is a megalitre. The spellings labs
    // print for endotoxin units and cells are read as their code; nothing else is guessed.
    [Theory]
    [InlineData("mL", "mL", UnitMatch.Exact)]
    [InlineData("ml", "mL", UnitMatch.Normalised)]
    [InlineData("[EU]/mL", "[EU]/mL", UnitMatch.Exact)]
    [InlineData("EU/mL", "[EU]/mL", UnitMatch.Normalised)]
    [InlineData("EU/ml", "[EU]/mL", UnitMatch.Normalised)]
    [InlineData(" [EU]/ml ", "[EU]/mL", UnitMatch.Normalised)]
    [InlineData("µg/mL", "ug/mL", UnitMatch.Normalised)]
    [InlineData("cells", "{cells}", UnitMatch.Normalised)]
    [InlineData("ML", null, UnitMatch.Unknown)]
    [InlineData("eu/mL", null, UnitMatch.Unknown)]
    [InlineData("{CELLS}", null, UnitMatch.Unknown)]
    [InlineData("", null, UnitMatch.Unknown)]
    public void Normalise_WrittenUnit_GivesItsUcumCode(string written, string? code, UnitMatch match) =>
        Assert.Equal((code, match), ReleaseUnits.Normalise(written));

    // Issue 11: "EU/mL" was accepted at import and then failed release as "not converted". Now it is read as [EU]/mL when the lot is
    // entered, with a warning, and stored as the code.
    [Fact]
    public void CheckResults_EndotoxinInEuPerMl_IsStoredAsTheUcumCodeWithAWarning()
    {
        var checkedResults = Release.CheckResults(Spec, [new ReleaseResult("endotoxin", 0.1, null, "EU/mL", At)], i => $"lot.json $.results[{i}]");

        Assert.False(checkedResults.HasErrors);
        Assert.Equal("[EU]/mL", Assert.Single(checkedResults.Value!).Unit);
        var warning = Assert.Single(checkedResults.Issues);
        Assert.Equal((ReleaseIssues.UnitNormalised, "lot.json $.results[0].unit"), (warning.Code, warning.Location));
    }

    [Theory]
    [InlineData("endotoxin", 0.1, null, "ng/mL", ReleaseIssues.WrongUnit)]
    [InlineData("endotoxin", 0.1, null, "furlongs", ReleaseIssues.WrongUnit)]
    [InlineData("viability", 0.9, null, "1", ReleaseIssues.WrongUnit)]
    [InlineData("viability", null, "90 %", null, ReleaseIssues.WrongKind)]
    [InlineData("sterility", 0.0, null, "%", ReleaseIssues.WrongKind)]
    [InlineData("viability", double.PositiveInfinity, null, "%", ReleaseIssues.WrongKind)]
    public void CheckResults_ResultTheTestCannotJudge_IsRefusedAtEntry(string code, double? value, string? text, string? unit, string issue)
    {
        var checkedResults = Release.CheckResults(Spec, [new ReleaseResult(code, value, text, unit, At)], i => $"lot.json $.results[{i}]");

        Assert.True(checkedResults.HasErrors);
        Assert.Equal(issue, Assert.Single(checkedResults.Issues).Code);
    }

    [Fact]
    public void CheckResults_CodeOfNoTest_IsKeptWithAWarning()
    {
        var checkedResults = Release.CheckResults(Spec, [new ReleaseResult("viabilty", 90, null, "%", At)], i => $"lot.json $.results[{i}]");

        Assert.Single(checkedResults.Value!);
        Assert.Equal((ReleaseIssues.UnknownTest, "lot.json $.results[0].code"), (checkedResults.Issues[0].Code, checkedResults.Issues[0].Location));
    }

    // A result stored before units were checked at entry ("EU/mL") is the same unit at release, not "not converted".
    [Fact]
    public void Decide_StoredEuPerMl_IsJudgedAsEndotoxinUnits()
    {
        var verdict = Release.Decide("L", Spec, [new ReleaseResult("endotoxin", 0.1, null, "EU/mL", At)], SpecificationStatus.BuiltIn).Verdicts.Single(v => v.Test.Code == "endotoxin");

        Assert.Equal(VerdictStatus.Pass, verdict.Status);
    }

    // A legacy specification (a lot's own, carried before specifications were master data) releases nothing, whatever its tests say:
    // the forged lot of issue 11 had no tests at all.
    [Fact]
    public void Decide_LegacySpecificationWithNoTests_IsNotReleasedAndSaysWhy()
    {
        var decision = Release.Decide("LOT-ATTACK", Spec with { Tests = [] }, [], SpecificationStatus.Legacy);

        Assert.False(decision.Released);
        Assert.Contains("legacy", decision.Refusal, StringComparison.Ordinal);
    }
}
