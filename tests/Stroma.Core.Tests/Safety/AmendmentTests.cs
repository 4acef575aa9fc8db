using Stroma.Core.Safety;

namespace Stroma.Core.Tests.Safety;

public sealed class AmendmentTests
{
    private static readonly DateTimeOffset Onset = new(2025, 4, 12, 20, 0, 0, TimeSpan.FromHours(2));

    private static readonly AdverseEvent Fever = new("ae-1", "fever 38.3", "Fever", Ctcae.Version, 1, Onset, null, [], Relatedness.Unlikely, ProductAction.None, AeOutcome.Recovering);

    [Fact]
    public void Apply_GradeAndSeriousness_GivesTheAmendedEventWithItsId()
    {
        var amended = new AdverseEventAmendment("Re-graded after review: 39.4 °C") { Grade = 2, Seriousness = [SeriousnessCriterion.Hospitalisation] }.Apply(Fever);

        Assert.False(amended.HasErrors);
        Assert.Equal(("ae-1", 2, true), (amended.Value!.Id, amended.Value.Grade, amended.Value.IsSerious));
    }

    [Theory]
    [InlineData(" ", 2, SafetyIssues.NoReason)]
    [InlineData("no change", 1, SafetyIssues.NoChange)]
    [InlineData("typo", 6, SafetyIssues.NoSuchGrade)]
    [InlineData("typo", 5, SafetyIssues.Inconsistent)]
    public void Apply_WithoutReasonChangeOrAPossibleGrade_IsRefused(string reason, int grade, string code) =>
        Assert.Contains(new AdverseEventAmendment(reason) { Grade = grade }.Apply(Fever).Issues, i => i.Code == code);

    // CTCAE v5.0: anaphylaxis has no grade 1 or 2, so re-coding a grade 1 fever as anaphylaxis needs a grade too.
    [Fact]
    public void Apply_NewTermWithoutItsGrade_IsRefusedPerTerm() =>
        Assert.Contains(new AdverseEventAmendment("re-coded") { Term = "Anaphylaxis" }.Apply(Fever).Issues, i => i.Code == SafetyIssues.NoSuchGrade);
}
