using Stroma.Core.Course;
using Stroma.Core.Safety;

namespace Stroma.Core.Tests.Safety;

public sealed class AdverseEventLedgerTests
{
    private static readonly DateTimeOffset Zero = new(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(1));

    private static AdverseEvent Ae(string id, int grade, double days, params SeriousnessCriterion[] serious) =>
        new(id, "verbatim", "Fever", Ctcae.Version, grade, Zero.AddDays(days), null, [.. serious], Relatedness.Possible, ProductAction.None, AeOutcome.Recovered);

    // The structured record is the AE record; the course event with the same id is that AE (counted once); a course event of kind
    // adverse event without a structured record is counted as ungraded, never dropped.
    [Fact]
    public void Of_CountsEachAdverseEventOnce()
    {
        ClinicalEvent[] events =
        [
            new("ae-1", Zero.AddDays(2), ClinicalEventKind.AdverseEvent, "fever"),
            new("ev-9", Zero.AddDays(3), ClinicalEventKind.AdverseEvent, "rash, not graded"),
            new("bx", Zero.AddDays(4), ClinicalEventKind.Biopsy, "biopsy"),
        ];

        var ledger = AdverseEventLedger.Of([Ae("ae-1", 1, 2), Ae("ae-2", 3, 5, SeriousnessCriterion.Hospitalisation)], events);

        Assert.Equal(3, ledger.Count);
        Assert.Equal("ev-9", Assert.Single(ledger.Ungraded).Id);
        Assert.Equal("ae-2", Assert.Single(ledger.Serious).Id);
        Assert.Equal("2 graded (grade 1: 1, grade 3: 1); 1 without a CTCAE grade; 1 serious", ledger.Answer);
        Assert.Contains("serious: ae-2 Fever grade 3 on day 5 (hospitalisation; possible)", ledger.Evidence(t => (int)(t - Zero).TotalDays), StringComparison.Ordinal);
    }

    // A window is "no adverse events" only when neither kind falls in it.
    [Fact]
    public void Describe_UngradedEventInTheWindow_IsNotNoAdverseEvents()
    {
        var ledger = AdverseEventLedger.Of([], [new ClinicalEvent("ev-1", Zero.AddHours(3), ClinicalEventKind.AdverseEvent, "chills")]);
        var infusion = Assert.Single(SafetySummary.Summarise([("msc-1", Zero)], [], Zero.AddDays(60)));

        var text = ledger.Describe(infusion, infusion.Windows[0]);

        Assert.Equal("1 adverse event(s) without a CTCAE grade within 24 h (ev-1)", text);
        Assert.Equal("none recorded", AdverseEventLedger.Of([], []).Answer);
    }
}
