using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Stroma.Core;
using Stroma.Core.Signatures;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Storage.Tests;

/// <summary>Reviews of STR calls as stored: in order, audited, append-only, part of the signed result; on SQLite and PostgreSQL.</summary>
public abstract class StrReviewStoreTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(StromaStore Store, StrSampleRecord Sample)> StoreAsync()
    {
        var store = (await fixture.NewStoreAsync()).WithActor("lab-1");
        (await store.SaveCourseAsync(DemoCase.Build() with { Infusions = [] }, cancellationToken: Ct)).ValueOrThrow();
        var (file, ladder) = (RawInput.Of("recipient.fsa", [1, 2, 3]), RawInput.Of("ladder.fsa", [4, 5, 6]));
        var sample = new StrSampleRecord("STR-0123456789ab", "recipient", "buccal swab", null, file.Name, file.Sha256, "Synthetic", "GS500LIZ", ladder.Sha256, StrRecords.Method,
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("L1", ImmutableArray.Create("10", "12"))]), []);
        await store.SaveStrAsync(DemoCase.PatientId, [file, ladder], [sample], [], Ct);
        return (store, sample);
    }

    private static NewStrCallReview Reject(string sampleId, int ordinal) =>
        new(DemoCase.PatientId, sampleId, CallReviewAction.Reject, new CheckedCallReview(CallReviewAction.Reject, "L1", "12", null, "pull-up"), "pull-up", At, ordinal);

    [Fact]
    public async Task AddReview_IsKeptInOrder_Audited_AndAppendOnly()
    {
        var (store, sample) = await StoreAsync();

        var kept = (await store.AddStrCallReviewAsync(Reject(sample.Id, 1), Ct)).ValueOrThrow();
        var report = await store.VerifyAuditAsync(cancellationToken: Ct);
        await using var db = store.Context();
        var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE str_call_reviews SET \"Reason\" = 'changed'", Ct));
        var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM str_call_reviews", Ct));

        Assert.Equal((1, "lab-1", At, "L1", "12"), (kept.Ordinal, kept.Reviewer, kept.ReviewedAt, kept.Locus, kept.Allele));
        Assert.Equal(At.Offset, kept.ReviewedAt.Offset);
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Equal("lab-1", Assert.Single(await store.AuditOfAsync("str_call_reviews", kept.Id, Ct)).Actor);
        Assert.NotNull(update);
        Assert.NotNull(delete);
        Assert.Equal("pull-up", Assert.Single(await store.LoadStrCallReviewsAsync(DemoCase.PatientId, Ct)).Reason);
    }

    [Fact]
    public async Task AddReview_AfterAnotherWasKeptMeanwhile_IsStr026AndWritesNothing()
    {
        var (store, sample) = await StoreAsync();
        (await store.AddStrCallReviewAsync(Reject(sample.Id, 1), Ct)).ValueOrThrow();

        var stale = await store.AddStrCallReviewAsync(Reject(sample.Id, 1), Ct);

        Assert.Equal(StromaStore.StrReviewedMeanwhile, Assert.Single(stale.Issues).Code);
        Assert.Single(await store.LoadStrCallReviewsAsync(DemoCase.PatientId, Ct));
    }

    // The reviews are part of the signed result: a review kept after the signature would change it, so it is refused (STR024); a new
    // version changes it on purpose, and the signature shows as no longer valid.
    [Fact]
    public async Task SignedResult_RefusesAReview_UntilANewVersion()
    {
        var (store, sample) = await StoreAsync();
        var record = SignedRecord.Of(PatientRecordKind.StrResult, DemoCase.PatientId, sample.Id);
        var hash = await store.ContentHashAsync(record, Ct);
        (await store.SignAsync(record, SignatureMeaning.Review, "lab-1", "Rosalind Franklin", At, hash, Ct)).ValueOrThrow();

        var locked = await store.AddStrCallReviewAsync(Reject(sample.Id, 1), Ct);
        var version = await store.AddStrCallReviewAsync(new NewStrCallReview(DemoCase.PatientId, sample.Id, CallReviewAction.NewVersion, null, "re-read", At, 1), Ct);
        var reviewed = await store.AddStrCallReviewAsync(Reject(sample.Id, 2), Ct);

        Assert.Equal((StrIssues.ResultLocked, "locus"), (Assert.Single(locked.Issues).Code, locked.Issues[0].Location));
        Assert.False(version.HasErrors, string.Join("; ", version.Issues));
        Assert.False(reviewed.HasErrors, string.Join("; ", reviewed.Issues));
        Assert.NotEqual(hash, await store.ContentHashAsync(record, Ct));
        Assert.Equal(SignatureValidity.RecordChanged, Assert.Single(await store.LoadSignaturesAsync(record, Ct)).Validity);
    }
}

public sealed class SqliteStrReviewStoreTests(SqliteFixture fixture) : StrReviewStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresStrReviewStoreTests(PostgresFixture fixture) : StrReviewStoreTests(fixture), IClassFixture<PostgresFixture>;
