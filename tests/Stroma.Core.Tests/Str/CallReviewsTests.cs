using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

/// <summary>
/// The rules of reviewing a call: what may be accepted, rejected, relabelled or added, at which field a refusal is, and what the reviewed
/// calls are. A single-source sample simulated with the built-in synthetic kit (ground truth: the genotype it was simulated with).
/// </summary>
public sealed class CallReviewsTests
{
    private static readonly Kit Kit = SyntheticKit.Kit;
    private static readonly Locus First = Kit.Loci[0];

    // Two alleles at every locus, a few ladder steps apart (as the application's run tests simulate a recipient).
    private static readonly Dictionary<string, ImmutableArray<string>> Genotype = Kit.Loci.Select((l, i) => (l, i)).ToDictionary(
        x => x.l.Name, x => ImmutableArray.Create(x.l.Ladder[x.i % x.l.Ladder.Length].Name, x.l.Ladder[((2 * x.i) + 4) % x.l.Ladder.Length].Name));

    private static readonly Lazy<(LadderRun Ladder, SampleAnalysis Sample)> Analysed = new(() =>
    {
        var settings = new SimulationSettings();
        var ladder = StrAnalysis.Ladder(ElectropherogramSimulator.Ladder(Kit, SizeStandard.Gs500Liz, settings), "ladder.fsa", Kit, null, StrSettings.Default).ValueOrThrow();
        var file = ElectropherogramSimulator.Sample(Kit, SizeStandard.Gs500Liz, [new SimulatedContributor("recipient", Genotype, 1)], settings with { Seed = 7 }, "recipient");
        return (ladder, StrAnalysis.Sample(file, "recipient.fsa", ladder, null, StrSettings.Default, SampleRole.Sample).ValueOrThrow());
    });

    private static LadderRun Ladder => Analysed.Value.Ladder;

    private static SampleAnalysis Sample => Analysed.Value.Sample;

    private static string Called(int index) => Genotype[First.Name][index];

    // A ladder allele of the first locus that the sample does not have (and no peak sits in its bin).
    private static string Absent => Ladder.Bins[0].Alleles.Select(a => a.Allele.Name).First(a => !Genotype[First.Name].Contains(a) && Ladder.Bins[0].Alleles.All(b => b.Allele.Name != a || Sample.Lane.Peaks.All(p => p.Channel != First.FileChannel || Math.Abs(p.Size.Bp - b.Bp) > 0.5)));

    private static StrCallReview Kept(int ordinal, CheckedCallReview review) =>
        new($"r{ordinal}", "STR-1", ordinal, review.Action, review.Locus, review.Allele, review.NewAllele, review.Reason, "lab-1", new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(1)));

    [Fact]
    public void Simulation_CallsTheGenotypeItWasSimulatedWith() =>
        Assert.Equal(Genotype[First.Name].Order(StringComparer.Ordinal), Sample.Loci.First(l => l.Locus == First.Name).Genotype.Order(StringComparer.Ordinal));

    [Fact]
    public void Check_RejectACalledAllele_IsAcceptedWithTheLocusAsTheKitNamesIt()
    {
        var result = CallReviews.Check(Sample, Ladder.Bins, " Reject ", First.Name.ToLowerInvariant(), Called(0), null, " a spike the calling missed ");

        Assert.False(result.HasErrors);
        Assert.Equal(new CheckedCallReview(CallReviewAction.Reject, First.Name, Called(0), null, "a spike the calling missed"), result.Value);
    }

    [Theory]
    [InlineData("approve", "x", null, "why", StrIssues.UnknownReviewAction, "action")]
    [InlineData("reject", "x", null, null, StrIssues.ReviewReasonMissing, "reason")]
    [InlineData("reject", "x", null, "two\nlines", StrIssues.ReviewReasonMissing, "reason")]
    [InlineData("reject", "99", null, "why", StrIssues.CallNotFound, "allele")]
    [InlineData("accept", "x", "12", "why", StrIssues.UnknownReviewAction, "newAllele")]
    [InlineData("relabel", "called", "10.1x", "why", StrIssues.AlleleNotInBins, "newAllele")]
    [InlineData("relabel", "called", "other", "why", StrIssues.AlleleAlreadyCalled, "newAllele")]
    [InlineData("add", "called", null, "why", StrIssues.AlleleAlreadyCalled, "allele")]
    [InlineData("add", "10.1x", null, "why", StrIssues.AlleleNotInBins, "allele")]
    [InlineData("add", "absent", null, "why", StrIssues.NoPeakInBin, "allele")]
    public void Check_Refused_IsItsCodeAtItsField(string action, string allele, string? newAllele, string? reason, string code, string field)
    {
        static string? Name(string? word) => word switch { "called" or "x" => Called(0), "other" => Called(1), "absent" => Absent, _ => word };

        var result = CallReviews.Check(Sample, Ladder.Bins, action, First.Name, Name(allele), Name(newAllele), reason);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Code == code && i.Location == field);
    }

    [Fact]
    public void Check_AnUnknownLocus_IsStr017AtTheLocus()
    {
        var result = CallReviews.Check(Sample, Ladder.Bins, "reject", "D99S999", "10", null, "why");

        Assert.Equal((StrIssues.UnknownLocus, "locus"), (Assert.Single(result.Issues).Code, result.Issues[0].Location));
    }

    [Fact]
    public void Apply_Reject_SetsThePeakAsideWithTheReason_AndLeavesTheAutomaticCallsAsTheyWere()
    {
        var before = Sample.Loci.First(l => l.Locus == First.Name);
        var peak = before.Alleles.First(a => a.Name == Called(0)).Peak;
        var review = CallReviews.Check(Sample, Ladder.Bins, "reject", First.Name, Called(0), null, "pull-up from the blue dye").ValueOrThrow();

        var reviewed = CallReviews.Apply(Sample, Ladder.Bins, [Kept(1, review)]).Loci.First(l => l.Locus == First.Name);

        Assert.Equal([Called(1)], reviewed.Genotype);
        var aside = Assert.Single(reviewed.Filtered, f => f.Flag == StrFlags.Rejected);
        Assert.Equal(peak, aside.Peak);
        Assert.Equal("rejected by lab-1: pull-up from the blue dye", aside.Reason);
        Assert.Equal(2, Sample.Loci.First(l => l.Locus == First.Name).Alleles.Length);
    }

    [Fact]
    public void Apply_Relabel_RenamesTheCallOnItsOwnPeak()
    {
        var target = Ladder.Bins[0].Alleles.Select(a => a.Allele.Name).First(a => !Genotype[First.Name].Contains(a));
        var review = CallReviews.Check(Sample, Ladder.Bins, "relabel", First.Name, Called(1), target, "shifted bin").ValueOrThrow();

        var reviewed = CallReviews.Apply(Sample, Ladder.Bins, [Kept(1, review)]).Loci.First(l => l.Locus == First.Name);

        var relabelled = Assert.Single(reviewed.Alleles, a => a.Name == target);
        Assert.Equal(Sample.Loci.First(l => l.Locus == First.Name).Alleles.First(a => a.Name == Called(1)).Peak, relabelled.Peak);
        Assert.Contains(StrFlags.Relabelled, relabelled.Flags);
    }

    [Fact]
    public void Apply_AddAfterReject_CallsTheSamePeakAgain_AndTheCheckSeesTheReviewsBefore()
    {
        var reject = CallReviews.Check(Sample, Ladder.Bins, "reject", First.Name, Called(0), null, "looked like pull-up").ValueOrThrow();
        var afterReject = CallReviews.Apply(Sample, Ladder.Bins, [Kept(1, reject)]);
        var add = CallReviews.Check(afterReject, Ladder.Bins, "add", First.Name, Called(0), null, "it is the allele after all").ValueOrThrow();
        var rejectAgain = CallReviews.Check(afterReject, Ladder.Bins, "reject", First.Name, Called(0), null, "twice");

        var reviewed = CallReviews.Apply(Sample, Ladder.Bins, [Kept(1, reject), Kept(2, add)]).Loci.First(l => l.Locus == First.Name);

        Assert.Equal(StrIssues.CallNotFound, Assert.Single(rejectAgain.Issues).Code);
        Assert.Equal(Sample.Loci.First(l => l.Locus == First.Name).Alleles.Select(a => a.Peak), reviewed.Alleles.Select(a => a.Peak));
        Assert.DoesNotContain(reviewed.Filtered, f => f.Flag == StrFlags.Rejected);
        Assert.Contains(StrFlags.AddedByReview, reviewed.Alleles.First(a => a.Name == Called(0)).Flags);
    }

    [Fact]
    public void ParseAndWord_RoundTripEveryAction() =>
        Assert.All(Enum.GetValues<CallReviewAction>(), a => Assert.Equal(a, CallReviews.Parse(CallReviews.Word(a))));
}
