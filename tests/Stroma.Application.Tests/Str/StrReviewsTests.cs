using Stroma.Application.Str;
using Stroma.Core.Signatures;
using Stroma.Core.Simulation;
using Stroma.Core.Str;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Str;

/// <summary>
/// Reviewing a kept run's calls through the use case, on SQLite and PostgreSQL: the review kept beside the automatic call (audited,
/// append-only), the chimerism recomputed from the reviewed calls, the result signed and then locked until a new version is started.
/// The run is <see cref="StrRunsTests.Run"/>'s: a recipient, a kidney donor and a graft biopsy simulated at 30 % recipient.
/// </summary>
public abstract class StrReviewsTests(IStoreFixture fixture)
{
    private static readonly Core.Course.PatientId Patient = DemoCase.Id;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(StromaStore Store, StrRunKept Kept)> KeptAsync()
    {
        var store = (await fixture.NewStoreAsync()).WithActor("lab-1");
        await store.SaveCourseAsync(DemoCase.Build(), new Core.Course.PatientIdentity(Patient, "Synthetic Demo", "H-000"), cancellationToken: Ct);
        return (store, (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, StrRunsTests.Run(), Ct)).ValueOrThrow());
    }

    private static async Task<StrSampleReview> ShownAsync(StromaStore store, string sampleId) =>
        (await StrSamples.ReviewAsync(store, Patient, sampleId, null, Ct))!.ValueOrThrow();

    // A locus where the recipient has an allele the kidney donor lacks and the biopsy calls it: rejecting that call changes the share.
    private static (string Locus, string Allele) RecipientOnlyCall(StrSampleReview biopsy)
    {
        foreach (var locus in biopsy.Recomputed!.Loci)
        {
            var unique = locus.References["recipient"].Except(locus.References["kidney-donor"]).ToList();
            var called = biopsy.Calls.Loci.First(l => l.Locus == locus.Name).Alleles.Select(a => a.Name);
            if (unique.FirstOrDefault(called.Contains) is { } allele)
            {
                return (locus.Name, allele);
            }
        }

        throw new InvalidOperationException("The simulated biopsy has no called recipient-only allele.");
    }

    [Fact]
    public async Task Reject_ACallOfTheBiopsy_ChangesTheChimerismByTheAmountItsSignalCarried()
    {
        var (store, kept) = await KeptAsync();
        var biopsy = kept.Samples[2];
        var before = await ShownAsync(store, biopsy.Id);
        var (locus, allele) = RecipientOnlyCall(before);
        var peak = before.Calls.Loci.First(l => l.Locus == locus).Alleles.First(a => a.Name == allele).Peak;

        var review = (await StrReviews.ReviewAsync(store, Patient, biopsy.Id, new StrReviewRequest("reject", locus, allele, null, "pull-up from the dye above"), Now, Ct))!.ValueOrThrow();
        var after = await ShownAsync(store, biopsy.Id);

        // Independently of the review code: the same loci with that allele's signal read again without the rejected peak (the tallest
        // other peak of the dye in its bin, or none), estimated by the same Core estimator with the result's settings.
        var bins = before.Bins.First(b => b.Locus.Name == locus);
        var binBp = bins.Alleles.First(a => a.Allele.Name == allele).Bp;
        var rest = before.Analysis.Lane.Peaks.Where(p => p != peak && p.Channel == bins.Locus.FileChannel && Math.Abs(p.Size.Bp - binBp) <= 0.5).Select(p => p.Peak.Height).DefaultIfEmpty(0).Max();
        var loci = before.Recomputed!.Loci.Select(l => l.Name != locus ? l : l with { Signals = new Dictionary<string, double>(l.Signals) { [allele] = rest } }).ToList();
        var expected = Chimerism.Estimate([.. loci], StrRuns.Settings);
        Assert.Equal(before.Recomputed.Contributors.Select(c => c.Percent), before.Reviewed!.Contributors.Select(c => c.Percent));
        foreach (var contributor in expected)
        {
            var reviewed = after.Reviewed!.Contributors.First(c => c.Contributor == contributor.Contributor);
            Assert.Equal(contributor.Percent!.Value, reviewed.Percent!.Value, 6);
        }

        // The recipient read at that locus from one allele without its signal: far off the other loci, so left out as an outlier; the
        // share over the loci used moves with it.
        static LocusFraction At(StrSampleReview r, string locus) => r.Reviewed!.Contributors.First(c => c.Contributor == "recipient").Loci.First(l => l.Locus == locus);
        Assert.True(Math.Abs(At(after, locus).Fraction - At(before, locus).Fraction) > 0.2, $"{At(before, locus)} → {At(after, locus)}");
        Assert.NotEqual(before.Reviewed.Contributors.First(c => c.Contributor == "recipient").Percent, after.Reviewed!.Contributors.First(c => c.Contributor == "recipient").Percent);
        Assert.Equal((1, CallReviewAction.Reject, "lab-1"), (review.Ordinal, review.Action, review.Reviewer));
        Assert.Equal(after.Recomputed!.Contributors.Select(c => c.Percent), before.Recomputed.Contributors.Select(c => c.Percent)); // the automatic result stays
    }

    [Fact]
    public async Task Relabel_IsKeptBesideTheAutomaticCall_AndAudited()
    {
        var (store, kept) = await KeptAsync();
        var recipient = kept.Samples[0];
        var shown = await ShownAsync(store, recipient.Id);
        var locus = shown.Calls.Loci.First(l => l.Alleles.Length == 2);
        var target = shown.Bins.First(b => b.Locus.Name == locus.Locus).Alleles.Select(a => a.Allele.Name).First(a => !locus.Genotype.Contains(a));

        var review = (await StrReviews.ReviewAsync(store, Patient, recipient.Id, new StrReviewRequest("relabel", locus.Locus, locus.Alleles[1].Name, target, "microvariant read against the ladder"), Now, Ct))!.ValueOrThrow();
        var after = await ShownAsync(store, recipient.Id);

        Assert.Equal((locus.Alleles[1].Name, target, "microvariant read against the ladder"), (review.Allele, review.NewAllele, review.Reason));
        Assert.Contains(target, after.Calls.Loci.First(l => l.Locus == locus.Locus).Genotype);
        Assert.Equal(locus.Genotype, after.Analysis.Loci.First(l => l.Locus == locus.Locus).Genotype); // the automatic call as it was
        Assert.Equal(recipient.Genotype[locus.Locus], (await store.LoadStrSamplesAsync(Patient, Ct)).First(s => s.Id == recipient.Id).Genotype[locus.Locus]);
        Assert.Equal(review, Assert.Single(after.Reviews));
        Assert.Equal("lab-1", Assert.Single(await store.AuditOfAsync("str_call_reviews", review.Id, Ct)).Actor);
        Assert.True((await store.VerifyAuditAsync(cancellationToken: Ct)).IsIntact);
    }

    [Fact]
    public async Task Review_Refused_WritesNothing()
    {
        var (store, kept) = await KeptAsync();
        var shown = await ShownAsync(store, kept.Samples[0].Id);
        var locus = shown.Calls.Loci[0];

        var refused = (await StrReviews.ReviewAsync(store, Patient, kept.Samples[0].Id, new StrReviewRequest("relabel", locus.Locus, locus.Alleles[0].Name, "99.9", "typo"), Now, Ct))!;
        var unknown = await StrReviews.ReviewAsync(store, Patient, "STR-000000000000", new StrReviewRequest("accept", locus.Locus, locus.Alleles[0].Name, null, "fine"), Now, Ct);

        Assert.Equal((StrIssues.AlleleNotInBins, "newAllele"), (Assert.Single(refused.Issues).Code, refused.Issues[0].Location));
        Assert.Null(unknown);
        Assert.Empty(await store.LoadStrCallReviewsAsync(Patient, Ct));
    }

    // The export carried the share recomputed from the calls as kept while the review page showed the reviewed one: both are
    // exported, labelled, with the review version, the number of reviews and whether the result is signed as it stands.
    [Fact]
    public async Task Export_AReviewedAndSignedBiopsy_CarriesTheAutomaticAndTheReviewedShareLabelled()
    {
        var (store, kept) = await KeptAsync();
        var biopsy = kept.Samples[2];
        var (locus, allele) = RecipientOnlyCall(await ShownAsync(store, biopsy.Id));
        (await StrReviews.ReviewAsync(store, Patient, biopsy.Id, new StrReviewRequest("reject", locus, allele, null, "pull-up from the dye above"), Now, Ct))!.ValueOrThrow();
        var record = SignedRecord.Of(PatientRecordKind.StrResult, Patient, biopsy.Id);
        (await store.SignAsync(record, SignatureMeaning.Review, "lab-1", "Rosalind Franklin", Now, await store.ContentHashAsync(record, Ct), Ct)).ValueOrThrow();
        var shown = await ShownAsync(store, biopsy.Id);

        var export = (await Stroma.Application.Exports.PatientExports.PatientAsync(store, Patient, pseudonymise: false, Ct)).ValueOrThrow();

        var table = export.Tables.Single(t => t.Name == "chimerism");
        int Column(string name) => table.Columns.ToList().IndexOf(name);
        foreach (var kept1 in kept.Chimerism)
        {
            var row = table.Rows.Single(r => (string?)r[Column("result_id")] == kept1.Id);
            var reviewed = shown.Reviewed!.Contributors.Single(c => c.Contributor == kept1.Contributor);
            Assert.Equal(kept1.Percent, row[Column("automatic_percent_corrected [%]")]);
            Assert.Equal(reviewed.Percent, row[Column("reviewed_percent_corrected [%]")]);
            Assert.Equal(reviewed.UncorrectedPercent, row[Column("reviewed_percent_uncorrected [%]")]);
            Assert.Equal(reviewed.Text, row[Column("reviewed_result")]);
            Assert.Equal<object?>(1, row[Column("review_version")]);
            Assert.Equal<object?>(1, row[Column("reviews")]);
            Assert.Equal<object?>(true, row[Column("signed_as_it_stands")]);
        }

        var recipient = table.Rows.Single(r => (string?)r[Column("contributor")] == "recipient");
        Assert.NotEqual(recipient[Column("automatic_percent_corrected [%]")], recipient[Column("reviewed_percent_corrected [%]")]);
    }

    [Fact]
    public async Task Signed_IsLocked_UntilANewVersion_WhoseChangeLeavesTheOldSignatureListedAsNoLongerValid()
    {
        var (store, kept) = await KeptAsync();
        var (recipient, biopsy) = (kept.Samples[0], kept.Samples[2]);
        var record = SignedRecord.Of(PatientRecordKind.StrResult, Patient, biopsy.Id);
        var shown = await ShownAsync(store, biopsy.Id);
        var (locus, allele) = RecipientOnlyCall(shown);
        (await StrReviews.ReviewAsync(store, Patient, biopsy.Id, new StrReviewRequest("accept", locus, allele, null, "clean peak"), Now, Ct))!.ValueOrThrow();
        var first = (await store.SignAsync(record, SignatureMeaning.Review, "lab-1", "Rosalind Franklin", Now, await store.ContentHashAsync(record, Ct), Ct)).ValueOrThrow();

        var locked = (await StrReviews.ReviewAsync(store, Patient, biopsy.Id, new StrReviewRequest("reject", locus, allele, null, "second thoughts"), Now, Ct))!;
        var reference = (await StrReviews.ReviewAsync(store, Patient, recipient.Id, new StrReviewRequest("accept", locus, shown.Calls.Loci.First(l => l.Locus == locus).Alleles[0].Name, null, "ok"), Now, Ct))!;
        var unsigned = await StrReviews.NewVersionAsync(store, Patient, recipient.Id, "nothing signed", null, Now, Ct);

        Assert.Equal((StrIssues.ResultLocked, "locus"), (Assert.Single(locked.Issues).Code, locked.Issues[0].Location));
        Assert.Equal(StrIssues.ResultLocked, Assert.Single(reference.Issues).Code); // a reference of a signed result is locked with it
        Assert.Equal(StrIssues.NothingToSupersede, Assert.Single(unsigned.Issues).Code);
        Assert.Equal([biopsy.Id], (await ShownAsync(store, biopsy.Id)).SignedResults);
        Assert.Single(await store.LoadStrCallReviewsAsync(Patient, Ct));

        var version = (await StrReviews.NewVersionAsync(store, Patient, biopsy.Id, "the recipient's peak at this locus is pull-up", null, Now, Ct)).ValueOrThrow();
        var rejected = (await StrReviews.ReviewAsync(store, Patient, biopsy.Id, new StrReviewRequest("reject", locus, allele, null, "pull-up"), Now, Ct))!;
        var second = await store.SignAsync(record, SignatureMeaning.Review, "lab-1", "Rosalind Franklin", Now.AddMinutes(5), await store.ContentHashAsync(record, Ct), Ct);
        var signatures = await store.LoadSignaturesAsync(record, Ct);

        Assert.Equal(CallReviewAction.NewVersion, version.Action);
        Assert.False(rejected.HasErrors, string.Join("; ", rejected.Issues));
        Assert.False(second.HasErrors, string.Join("; ", second.Issues));
        Assert.Equal([(first.Id, SignatureValidity.RecordChanged), (second.Value!.Id, SignatureValidity.Valid)], signatures.Select(s => (s.Signature.Id, s.Validity)));
        Assert.Equal(2, (await ShownAsync(store, biopsy.Id)).Version);
    }
}

public sealed class SqliteStrReviewsTests(SqliteFixture fixture) : StrReviewsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresStrReviewsTests(PostgresFixture fixture) : StrReviewsTests(fixture), IClassFixture<PostgresFixture>;
