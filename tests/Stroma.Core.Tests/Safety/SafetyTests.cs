using Stroma.Core.Safety;

namespace Stroma.Core.Tests.Safety;

public sealed class SafetyTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(1));

    private static AdverseEvent Ae(string id, string term, int grade, DateTimeOffset onset, Relatedness related = Relatedness.Unrelated, AeOutcome outcome = AeOutcome.Recovered, params SeriousnessCriterion[] serious) =>
        new(id, term.ToLowerInvariant(), term, Ctcae.Version, grade, onset, onset.AddHours(2), [.. serious], related, ProductAction.None, outcome, "inf-1");

    // CTCAE v5.0 Fever: 38.0–39.0 °C grade 1; >39.0–40.0 grade 2; >40.0 for ≤ 24 h grade 3, for > 24 h grade 4.
    [Theory]
    [InlineData(37.9, 1, null)]
    [InlineData(38.0, 1, 1)]
    [InlineData(39.0, 1, 1)]
    [InlineData(39.1, 1, 2)]
    [InlineData(40.0, 1, 2)]
    [InlineData(40.1, 24, 3)]
    [InlineData(40.1, 25, 4)]
    public void GradeFever_AtTheBoundaries(double celsius, double hours, int? grade) =>
        Assert.Equal(grade, Ctcae.GradeFever(celsius, TimeSpan.FromHours(hours)));

    // Anaphylaxis has no grade 1 or 2 in CTCAE v5.0 ("–"); grade 5 needs a fatal outcome and the death criterion.
    [Theory]
    [InlineData("Anaphylaxis", 2, AeOutcome.Recovered, SafetyIssues.NoSuchGrade)]
    [InlineData("Anaphylaxis", 6, AeOutcome.Recovered, SafetyIssues.NoSuchGrade)]
    [InlineData("Headache of doom", 1, AeOutcome.Recovered, SafetyIssues.UnknownTerm)]
    [InlineData("Fever", 5, AeOutcome.Recovered, SafetyIssues.Inconsistent)]
    [InlineData("Fever", 3, AeOutcome.Fatal, SafetyIssues.Inconsistent)]
    public void Validate_ImpossibleRecords_AreRefused(string term, int grade, AeOutcome outcome, string code) =>
        Assert.Contains(Ae("ae-1", term, grade, Start, outcome: outcome).Validate(), i => i.Code == code);

    [Fact]
    public void Validate_AGrade3Anaphylaxis_IsAccepted() =>
        Assert.Empty(Ae("ae-1", "Anaphylaxis", 3, Start, Relatedness.Probable, AeOutcome.Recovered, SeriousnessCriterion.Hospitalisation).Validate());

    // Onsets exactly at the end of a window belong to it; one minute later to the next; none before the infusion start.
    [Fact]
    public void Summarise_WindowsAtTheirEdges()
    {
        var events = new[]
        {
            Ae("before", "Fever", 1, Start.AddMinutes(-1)),
            Ae("at-start", "Infusion related reaction", 1, Start, Relatedness.Probable),
            Ae("at-24h", "Fever", 1, Start.AddHours(24)),
            Ae("after-24h", "Fever", 2, Start.AddHours(24).AddMinutes(1)),
            Ae("at-7d", "Thromboembolic event", 2, Start.AddDays(7)),
            Ae("at-30d", "Fever", 3, Start.AddDays(30), serious: SeriousnessCriterion.Hospitalisation),
            Ae("after-30d", "Fever", 1, Start.AddDays(30).AddMinutes(1)),
        };

        var safety = Assert.Single(SafetySummary.Summarise([("inf-1", Start)], events, Start.AddDays(60)));

        Assert.Equal(["at-start", "at-24h"], safety.Windows[0].Events.Select(e => e.Id));
        Assert.Equal(["at-start", "at-24h", "after-24h", "at-7d"], safety.Windows[1].Events.Select(e => e.Id));
        Assert.Equal(5, safety.Windows[2].Events.Length);
        Assert.Equal(1, safety.Windows[0].Related);
        Assert.Equal(1, safety.Windows[2].Serious);
        Assert.Equal("2 adverse event(s) within 24 h (grade 1: 2; 1 related, 0 serious)", safety.Windows[0].Text);
    }

    // "Without adverse events" is said only when the record covers the window: a follow-up that stops at day 20 cannot say it for 30 days.
    [Fact]
    public void Summarise_NoEvents_IsSaidOnlyWhenFollowUpCoversTheWindow()
    {
        var safety = Assert.Single(SafetySummary.Summarise([("inf-1", Start)], [], Start.AddDays(20)));

        Assert.Equal("no adverse events within 24 h", safety.Windows[0].Text);
        Assert.Equal("no adverse events within 7 days", safety.Windows[1].Text);
        Assert.Equal("not assessable: follow-up does not yet cover 30 days", safety.Windows[2].Text);
    }

    [Fact]
    public void CheckDoubleReporting_InfusionReactionAndAllergicReaction_IsAWarning() =>
        Assert.Equal(SafetyIssues.DoNotReportBoth, Assert.Single(SafetySummary.CheckDoubleReporting([Ae("a", "Infusion related reaction", 2, Start), Ae("b", "Allergic reaction", 2, Start)])).Code);

    // Thresholds at their limits: 38.0 °C is flagged, 37.9 not; a systolic fall of exactly 20 mmHg from the pre-infusion value is.
    [Fact]
    public void VitalThresholds_FlagAtTheLimits()
    {
        var thresholds = new VitalThresholds();
        var signs = new[]
        {
            new VitalSigns("inf-1", Start.AddMinutes(-15), InfusionPhase.Before, 36.8, 90, 110, 70, 18, 99),
            new VitalSigns("inf-1", Start.AddMinutes(15), InfusionPhase.During, 37.9, 109, 91, 60, 20, 92),
            new VitalSigns("inf-1", Start.AddMinutes(30), InfusionPhase.During, 38.0, 110, 90, 60, 20, 91),
        };

        var flagged = Assert.Single(thresholds.Check(signs));

        Assert.Equal(Start.AddMinutes(30), flagged.Signs.At);
        Assert.Equal(4, flagged.Flags.Length);
        Assert.Contains("temperature 38.0 °C ≥ 38.0", flagged.Flags);
        Assert.Contains("systolic fell 20 mmHg from 110 (limit 20)", flagged.Flags);
    }
}
