using Microsoft.EntityFrameworkCore;
using Stroma.Core.Signatures;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests.Signatures;

/// <summary>Electronic signatures as stored: bound to the record's content, append-only, audited; on SQLite and PostgreSQL.</summary>
public abstract class SignatureStoreTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 11, 30, 0, TimeSpan.FromHours(1));

    private async Task<(StromaStore Store, Core.Course.DrugExposure Drug, Core.Course.DrugExposure Other)> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] })).ValueOrThrow();
        return (store, course.Drugs[0], course.Drugs[1]);
    }

    private static SignedRecord Drug(string id) => SignedRecord.Of(PatientRecordKind.Drug, DemoCase.PatientId, id);

    [Fact]
    public async Task Sign_ThenAmend_ThenRetract_ValidThenChangedThenRemoved()
    {
        var (store, drug, _) = await StoreAsync();
        var hash = await store.ContentHashAsync(Drug(drug.Id));

        var signed = await store.SignAsync(Drug(drug.Id), SignatureMeaning.Review, "doc", "Ada Lovelace", At, hash);
        var valid = await store.LoadSignaturesAsync(Drug(drug.Id));
        (await store.AmendDrugAsync(DemoCase.PatientId, drug with { Dose = (drug.Dose ?? 1) + 1 }, "dose transcribed wrongly")).ValueOrThrow();
        var changed = await store.LoadSignaturesAsync(Drug(drug.Id));
        (await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.Drug, drug.Id, "entered for the wrong patient")).ValueOrThrow();
        var removed = await store.LoadSignaturesAsync(Drug(drug.Id));

        Assert.False(signed.HasErrors, string.Join("; ", signed.Issues));
        Assert.Equal(hash, signed.Value!.ContentHash);
        Assert.Equal(At, signed.Value.SignedAt);
        Assert.Equal(At.Offset, Assert.Single(valid).Signature.SignedAt.Offset);
        Assert.Equal(SignatureValidity.Valid, Assert.Single(valid).Validity);
        Assert.Equal(SignatureValidity.RecordChanged, Assert.Single(changed).Validity);
        Assert.Equal(SignatureValidity.RecordRemoved, Assert.Single(removed).Validity);
        Assert.Equal("Ada Lovelace", Assert.Single(await store.LoadPatientSignaturesAsync(DemoCase.PatientId)).Signature.SignerFullName);
    }

    // 21 CFR 11.70: a signature cannot be moved to another record. Two records of the same kind have different content hashes (their
    // ids are part of the content), so one's hash given for the other is refused and nothing is written.
    [Fact]
    public async Task Sign_WithAnotherRecordsHash_IsRefusedAndWritesNothing()
    {
        var (store, drug, other) = await StoreAsync();
        var before = (await store.VerifyAuditAsync()).Entries;

        var copied = await store.SignAsync(Drug(other.Id), SignatureMeaning.Review, "doc", "Ada Lovelace", At, await store.ContentHashAsync(Drug(drug.Id)));
        var unknown = await store.SignAsync(Drug("no-such-drug"), SignatureMeaning.Review, "doc", "Ada Lovelace", At, null);

        Assert.Equal(SignatureIssues.HashMismatch, Assert.Single(copied.Issues).Code);
        Assert.Equal(SignatureIssues.UnknownRecord, Assert.Single(unknown.Issues).Code);
        Assert.Empty(await store.LoadPatientSignaturesAsync(DemoCase.PatientId));
        Assert.Equal(before, (await store.VerifyAuditAsync()).Entries);
    }

    [Fact]
    public async Task Sign_TheSameContentTwiceWithTheSameMeaning_IsRefused()
    {
        var (store, drug, _) = await StoreAsync();

        await store.SignAsync(Drug(drug.Id), SignatureMeaning.Review, "doc", "Ada Lovelace", At, null);
        var again = await store.SignAsync(Drug(drug.Id), SignatureMeaning.Review, "doc", "Ada Lovelace", At.AddMinutes(1), null);
        var approval = await store.SignAsync(Drug(drug.Id), SignatureMeaning.Approval, "doc", "Ada Lovelace", At.AddMinutes(2), null);

        Assert.Equal(SignatureIssues.AlreadySigned, Assert.Single(again.Issues).Code);
        Assert.False(approval.HasErrors);
    }

    // The trail proves the signatures as every other row: verify is intact with them, and they cannot be changed in place.
    [Fact]
    public async Task Signatures_AreAuditedAndAppendOnly()
    {
        var (store, drug, _) = await StoreAsync();
        var signed = (await store.SignAsync(Drug(drug.Id), SignatureMeaning.Authorship, "doc", "Ada Lovelace", At, null)).ValueOrThrow();

        var report = await store.VerifyAuditAsync();
        await using var db = store.Context();
        var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("UPDATE electronic_signatures SET \"SignerFullName\" = 'Someone Else'"));
        var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("DELETE FROM electronic_signatures"));

        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
        Assert.Single(await store.AuditOfAsync("electronic_signatures", signed.Id));
        Assert.NotNull(update);
        Assert.NotNull(delete);
        Assert.Equal("Ada Lovelace", Assert.Single(await store.LoadSignaturesAsync(Drug(drug.Id))).Signature.SignerFullName);
    }

    // A lot's release is signed only when the lot meets its specification; then the stored lot is released, and a late result makes
    // the signature (and the release) no longer valid.
    [Fact]
    public async Task ReleaseSignature_OnlyForALotThatMeetsItsSpecification_AndReleasesIt()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build() with { Infusions = [] })).ValueOrThrow();
        var demo = DemoCellTherapy.Build();
        var failing = demo.Results.Select(r => r.Code == "sterility" ? r with { Text = "growth: S. epidermidis" } : r).ToList();
        (await store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot, Core.CellProducts.SpecificationReference.Of(demo.Specification), [.. failing], demo.Custody))).ValueOrThrow();
        (await store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot with { Id = "GOOD", Bags = [] }, Core.CellProducts.SpecificationReference.Of(demo.Specification), demo.Results, System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Core.CellProducts.CustodyEvent>>.Empty))).ValueOrThrow();

        var refused = await store.SignAsync(SignedRecord.Lot(demo.Lot.Id), SignatureMeaning.Release, "qp", "Quinn Person", At, null);
        var before = (await store.LoadLotAsync("GOOD"))!.Decision;
        var signed = await store.SignAsync(SignedRecord.Lot("GOOD"), SignatureMeaning.Release, "qp", "Quinn Person", At, null);
        var after = (await store.LoadLotAsync("GOOD"))!.Decision;

        Assert.Equal(SignatureIssues.NotReleasable, Assert.Single(refused.Issues).Code);
        Assert.False((await store.LoadLotAsync(demo.Lot.Id))!.Decision.Released);
        Assert.False(before.Released);
        Assert.False(signed.HasErrors, string.Join("; ", signed.Issues));
        Assert.True(after.Released);
        Assert.Equal("Quinn Person", after.ReleaseSignature!.Signature.SignerFullName);
    }
}

public sealed class SqliteSignatureStoreTests(SqliteFixture fixture) : SignatureStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresSignatureStoreTests(PostgresFixture fixture) : SignatureStoreTests(fixture), IClassFixture<PostgresFixture>;
