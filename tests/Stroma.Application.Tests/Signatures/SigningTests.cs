using Stroma.Application.Signatures;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Signatures;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Signatures;

/// <summary>The signing use case: meaning, re-authentication, rights, one transaction as the signer; on SQLite and PostgreSQL.</summary>
public abstract class SigningTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Accounts as the web app's would answer: each user's password, full name and role; every call counted.</summary>
    private sealed class Accounts : ISignerAuthenticator
    {
        public int Calls { get; private set; }

        public Task<ReadResult<Signer>> AuthenticateAsync(SigningCredentials credentials, CancellationToken cancellationToken)
        {
            Calls++;
            (string Password, string FullName, string Role)? account = credentials.UserName switch
            {
                "doc" => ("doc-password-1", "Ada Lovelace", SigningRights.Clinician),
                "nurse" => ("nurse-password-1", "Florence Nightingale", SigningRights.ResearchNurse),
                "qp" => ("qp-password-1", "Quinn Person", SigningRights.QualifiedPerson),
                "nameless" => ("nameless-password", "", SigningRights.Clinician),
                _ => null,
            };
            return Task.FromResult(account is { } a && a.Password == credentials.Password
                ? ReadResult.Of(new Signer(credentials.UserName, a.FullName, [a.Role]))
                : ReadResult.Failed<Signer>([Issue.Error(SignatureIssues.NotAuthenticated, "password", $"Expected the user name and password of an enabled account.")]));
        }
    }

    private async Task<(StromaStore Store, SignedRecord Drug)> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] }, null, "demo", Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return (store.WithActor("web-user"), SignedRecord.Of(PatientRecordKind.Drug, DemoCase.PatientId, course.Drugs[0].Id));
    }

    private static SignRequest Request(SignedRecord record, string meaning, string user, string password, string? hash = null, string? acting = null) =>
        new(record, meaning, hash, new SigningCredentials(user, password, null), acting);

    [Fact]
    public async Task Sign_Authenticated_IsWrittenAsTheSignerAtTheSitesOffset()
    {
        var (store, drug) = await StoreAsync();
        var hash = await store.ContentHashAsync(drug, Ct);

        var signed = await Signing.SignAsync(store, new Accounts(), Request(drug, "approval", "doc", "doc-password-1", hash, acting: "doc"), Now, Ct);

        Assert.False(signed.HasErrors, string.Join("; ", signed.Issues));
        Assert.Equal(("doc", "Ada Lovelace", SignatureMeaning.Approval, hash), (signed.Value!.SignerUserName, signed.Value.SignerFullName, signed.Value.Meaning, signed.Value.ContentHash));
        Assert.Equal(TimeSpan.FromHours(1), signed.Value.SignedAt.Offset); // Europe/Rome in December
        Assert.Equal(Now, signed.Value.SignedAt);
        Assert.Equal("doc", Assert.Single(await store.AuditOfAsync("electronic_signatures", signed.Value.Id, Ct)).Actor);
        Assert.True(Assert.Single(await Signing.OfRecordAsync(store, drug, Ct)).IsValid);
    }

    [Theory]
    [InlineData("approval", "doc", "wrong-password", null, SignatureIssues.NotAuthenticated)]
    [InlineData("approval", "nurse", "nurse-password-1", null, SignatureIssues.NotEntitled)]
    [InlineData("release", "doc", "doc-password-1", null, SignatureIssues.NotEntitled)]
    [InlineData("approved", "doc", "doc-password-1", null, SignatureIssues.UnknownMeaning)]
    [InlineData("approval", "doc", "doc-password-1", "nurse", SignatureIssues.NotTheActingUser)]
    [InlineData("approval", "nameless", "nameless-password", null, SignatureIssues.NoFullName)]
    [InlineData("approval", "doc", "doc-password-1", "hash", SignatureIssues.HashMismatch)]
    public async Task Sign_Refused_WritesNothing(string meaning, string user, string password, string? twist, string code)
    {
        var (store, drug) = await StoreAsync();
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var refused = await Signing.SignAsync(store, new Accounts(),
            Request(drug, meaning, user, password, hash: twist == "hash" ? new string('0', 64) : null, acting: twist is "nurse" ? "nurse" : null), Now, Ct);

        Assert.Equal(code, Assert.Single(refused.Issues).Code);
        Assert.Empty(await Signing.OfPatientAsync(store, DemoCase.Id, Ct));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }

    // A meaning that applies to no record of this kind, or a signer acting for another, is refused before any password is checked.
    [Fact]
    public async Task Sign_MeaningOfNoRoleForThisKind_IsRefusedWithoutAskingTheAccounts()
    {
        var (store, drug) = await StoreAsync();
        var accounts = new Accounts();

        var refused = await Signing.SignAsync(store, accounts, Request(drug, "release", "qp", "qp-password-1"), Now, Ct);

        Assert.Equal(SignatureIssues.NotEntitled, Assert.Single(refused.Issues).Code);
        Assert.Equal(0, accounts.Calls);
    }

    // The lot's release: only the qualified person, only for a lot that meets its specification; then the gate sees it released.
    [Fact]
    public async Task Release_ByTheQualifiedPerson_ReleasesTheLot()
    {
        var (store, _) = await StoreAsync();
        var demo = DemoCellTherapy.Build();
        (await store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot, Core.CellProducts.SpecificationReference.Of(demo.Specification), demo.Results, demo.Custody), cancellationToken: Ct)).ValueOrThrow();
        var lot = SignedRecord.Lot(demo.Lot.Id);

        var byClinician = await Signing.SignAsync(store, new Accounts(), Request(lot, "release", "doc", "doc-password-1"), Now, Ct);
        var byQp = await Signing.SignAsync(store, new Accounts(), Request(lot, "release", "qp", "qp-password-1"), Now, Ct);

        Assert.Equal(SignatureIssues.NotEntitled, Assert.Single(byClinician.Issues).Code);
        Assert.False(byQp.HasErrors, string.Join("; ", byQp.Issues));
        Assert.True((await store.LoadLotAsync(demo.Lot.Id, Ct))!.Decision.Released);
    }
}

public sealed class SqliteSigningTests(SqliteFixture fixture) : SigningTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresSigningTests(PostgresFixture fixture) : SigningTests(fixture), IClassFixture<PostgresFixture>;
