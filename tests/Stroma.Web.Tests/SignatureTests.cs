using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Application.Signatures;
using Stroma.Core.Course;
using Stroma.Core.Signatures;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// Electronic signatures through the trail page's form (21 CFR Part 11): re-authentication on every signing (password, second factor),
/// the content hash bound to the record, the signer's right to the meaning, and "signature no longer valid" once the record changes.
/// Alone (after the parallel classes): its lots and records write many audit entries, and other classes count the entries a refusal
/// leaves unchanged.
/// </summary>
[Collection(WebFixture.Alone)]
public sealed partial class SignatureTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    // A drug of this test's own (the fixture's database is shared): its trail page is where it is signed.
    private async Task<(string Path, SignedRecord Record)> DrugAsync()
    {
        var id = "sig-" + Guid.NewGuid().ToString("N")[..10];
        (await web.Store.AddDrugAsync(Patient, new DrugExposure(id, "Tacrolimus", 2, "mg bid", new DateOnly(2021, 3, 1), null))).ValueOrThrow();
        return ($"/patients/{Patient}/trail/drugs/{id}", SignedRecord.Of(PatientRecordKind.Drug, Patient, id));
    }

    private static Task<HttpResponseMessage> SignAsync(HttpClient client, string path, string meaning, string user, string password, string? hash, string? code = null)
    {
        var fields = new Dictionary<string, string> { ["Sign.Meaning"] = meaning, ["Sign.User"] = user, ["Sign.Password"] = password };
        if (hash is not null)
        {
            fields["Sign.Hash"] = hash;
        }

        if (code is not null)
        {
            fields["Sign.Code"] = code;
        }

        return WebFixture.PostFormAsync(client, path, "sign", fields);
    }

    [Fact]
    public async Task Sign_WithThePassword_IsShownOnTheTrailAndThePatientPage_ThenNoLongerValidOnceChanged()
    {
        var (path, record) = await DrugAsync();
        var client = await web.SignedInAsync(Roles.Clinician);
        var page = await client.GetStringAsync(path);
        var hash = HashPattern().Match(page).Groups[1].Value;
        var stored = await web.Store.ContentHashAsync(record);

        var signed = await SignAsync(client, path, "approval", Roles.Clinician, WebFixture.Password, hash);
        var trail = await client.GetStringAsync(path);
        var patient = await client.GetStringAsync($"/patients/{Patient}");
        (await web.Store.AmendDrugAsync(Patient, new DrugExposure(record.RecordId, "Tacrolimus", 3, "mg bid", new DateOnly(2021, 3, 1), null), "dose was 3 mg")).ValueOrThrow();
        var changed = await client.GetStringAsync(path);

        Assert.Equal(stored, hash);
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Contains("Test clinician", trail, StringComparison.Ordinal);
        Assert.Matches("<td>approval</td>", trail);
        Assert.Contains("signature-valid", trail, StringComparison.Ordinal);
        Assert.Contains(record.RecordId, patient, StringComparison.Ordinal);
        Assert.Contains("signature-valid", patient, StringComparison.Ordinal);
        Assert.Contains("signature no longer valid", changed, StringComparison.Ordinal);
        Assert.Equal(SignatureValidity.RecordChanged, Assert.Single(await web.Store.LoadSignaturesAsync(record)).Validity);
    }

    [Fact]
    public async Task Sign_WrongPassword_IsRefusedAndWritesNothing()
    {
        var (path, record) = await DrugAsync();
        var client = await web.SignedInAsync(Roles.Clinician);

        var refused = await SignAsync(client, path, "review", Roles.Clinician, "not-the-password", await web.Store.ContentHashAsync(record));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"<code>{SignatureIssues.NotAuthenticated}</code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await web.Store.LoadSignaturesAsync(record));
    }

    // 21 CFR 11.70: the hash of another record (a signature copied) or of the record before a change is refused.
    [Fact]
    public async Task Sign_AnotherRecordsHash_IsRefused()
    {
        var (path, record) = await DrugAsync();
        var (_, other) = await DrugAsync();
        var client = await web.SignedInAsync(Roles.Clinician);

        var refused = await SignAsync(client, path, "review", Roles.Clinician, WebFixture.Password, await web.Store.ContentHashAsync(other));

        Assert.Contains($"<code>{SignatureIssues.HashMismatch}</code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await web.Store.LoadSignaturesAsync(record));
    }

    [Fact]
    public async Task Sign_MeaningTheRoleMayNotSign_IsRefused_AndAnotherUsersNameToo()
    {
        var (path, record) = await DrugAsync();
        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var hash = await web.Store.ContentHashAsync(record);

        var approval = await SignAsync(nurse, path, "approval", Roles.ResearchNurse, WebFixture.Password, hash);
        var asClinician = await SignAsync(nurse, path, "authorship", Roles.Clinician, WebFixture.Password, hash);
        var authorship = await SignAsync(nurse, path, "authorship", Roles.ResearchNurse, WebFixture.Password, hash);

        Assert.Contains($"<code>{SignatureIssues.NotEntitled}</code>", await approval.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"<code>{SignatureIssues.NotTheActingUser}</code>", await asClinician.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, authorship.StatusCode);
        Assert.Equal(SignatureMeaning.Authorship, Assert.Single(await web.Store.LoadSignaturesAsync(record)).Signature.Meaning);
    }

    // An account with a second factor signs only with the authenticator's current code; a missing or wrong code is refused.
    [Fact]
    public async Task Sign_AccountWithASecondFactor_NeedsTheCode()
    {
        var (path, record) = await DrugAsync();
        var user = "sig2fa-" + Guid.NewGuid().ToString("N")[..8];
        Assert.False((await web.Admin.AddUserAsync(user, Roles.Clinician, "Grace Hopper", WebFixture.Password, CancellationToken.None)).HasErrors);
        var client = web.Anonymous();
        await WebFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });
        byte[] secret;
        await using (var scope = web.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
            var account = (await users.FindByNameAsync(user))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            secret = OneUseAuthenticatorCodes.Base32((await users.GetAuthenticatorKeyAsync(account))!)!;
        }

        var hash = await web.Store.ContentHashAsync(record);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var good = OneUseAuthenticatorCodes.Code(secret, step);
        var wrongCode = good == "000000" ? "111111" : "000000";

        var none = await SignAsync(client, path, "review", user, WebFixture.Password, hash);
        var wrong = await SignAsync(client, path, "review", user, WebFixture.Password, hash, wrongCode);
        var right = await SignAsync(client, path, "review", user, WebFixture.Password, hash, good);
        var replayed = await SignAsync(client, path, "approval", user, WebFixture.Password, hash, good);

        Assert.Contains($"<code>{SignatureIssues.SecondFactor}</code>", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"<code>{SignatureIssues.SecondFactor}</code>", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains($"<code>{SignatureIssues.SecondFactor}</code>", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Grace Hopper", Assert.Single(await web.Store.LoadSignaturesAsync(record)).Signature.SignerFullName);
    }

    // An account made by single sign-on has no local password: it cannot sign until the administrator gives it one.
    [Fact]
    public async Task Authenticate_SingleSignOnAccountWithoutAPassword_IsRefusedClearly()
    {
        var user = "sigsso-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = web.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>();
        Assert.True((await users.CreateAsync(new StromaUser { UserName = user, FullName = "Single Sign-On" })).Succeeded);

        var refused = await scope.ServiceProvider.GetRequiredService<AccountSigners>().AuthenticateAsync(new SigningCredentials(user, "anything-at-all", null), CancellationToken.None);

        Assert.Equal(SignatureIssues.NoLocalPassword, Assert.Single(refused.Issues).Code);
    }

    // The lot page: the cell factory may not release; the qualified person releases a lot that meets its specification, and one that
    // does not is refused (SIG012). The page then says RELEASED, with the signature.
    [Fact]
    public async Task LotPage_TheQualifiedPersonReleases_OnlyALotThatMeetsItsSpecification()
    {
        var demo = Core.Simulation.DemoCellTherapy.Build();
        var (good, bad) = ("LOT-W-" + Guid.NewGuid().ToString("N")[..6], "LOT-X-" + Guid.NewGuid().ToString("N")[..6]);
        var failing = demo.Results.Select(r => r.Code == "sterility" ? r with { Text = "growth" } : r).ToList();
        var none = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Core.CellProducts.CustodyEvent>>.Empty;
        var inDate = DateTimeOffset.UtcNow.AddYears(1);
        (await web.Store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot with { Id = good, Bags = [], ExpiresAt = inDate }, Core.CellProducts.SpecificationReference.Of(demo.Specification), demo.Results, none))).ValueOrThrow();
        (await web.Store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot with { Id = bad, Bags = [], ExpiresAt = inDate }, Core.CellProducts.SpecificationReference.Of(demo.Specification), [.. failing], none))).ValueOrThrow();
        var factory = await web.SignedInAsync(Roles.CellFactory);
        var qp = await web.SignedInAsync(Roles.QualifiedPerson);

        var unsigned = await qp.GetStringAsync($"/lots/{good}");
        var byFactory = await SignAsync(factory, $"/lots/{good}", "release", Roles.CellFactory, WebFixture.Password, null);
        var refused = await SignAsync(qp, $"/lots/{bad}", "release", Roles.QualifiedPerson, WebFixture.Password, null);
        var released = await SignAsync(qp, $"/lots/{good}", "release", Roles.QualifiedPerson, WebFixture.Password, await web.Store.ContentHashAsync(SignedRecord.Lot(good)));
        var page = await qp.GetStringAsync($"/lots/{good}");

        Assert.Contains("NOT RELEASED", unsigned, StringComparison.Ordinal);
        Assert.Contains($"<code>{SignatureIssues.NotEntitled}</code>", await byFactory.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"<code>{SignatureIssues.NotReleasable}</code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        Assert.Matches("id=\"release-verdict\"[^>]*>\\s*RELEASED\\.", page);
        Assert.Contains("Test qualified-person", page, StringComparison.Ordinal);
        Assert.True((await web.Store.LoadLotAsync(good))!.Decision.Released);
    }

    // The lot page said RELEASED for a released lot past its expiry, which the infusion gate refuses: it shows the effective status
    // by the gate's own rule, with the expiry as messages print times.
    [Fact]
    public async Task LotPage_AReleasedLotPastItsExpiry_SaysReleasedAndExpiredOnItsDate()
    {
        var demo = Core.Simulation.DemoCellTherapy.Build();
        var id = "LOT-E-" + Guid.NewGuid().ToString("N")[..6];
        var none = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Core.CellProducts.CustodyEvent>>.Empty;
        var expiry = new DateTimeOffset(2022, 1, 22, 23, 59, 0, TimeSpan.FromHours(1));
        (await web.Store.SaveLotAsync(new Core.CellProducts.LotDocument(demo.Lot with { Id = id, Bags = [], ExpiresAt = expiry }, Core.CellProducts.SpecificationReference.Of(demo.Specification), demo.Results, none))).ValueOrThrow();
        var qp = await web.SignedInAsync(Roles.QualifiedPerson);

        var released = await SignAsync(qp, $"/lots/{id}", "release", Roles.QualifiedPerson, WebFixture.Password, await web.Store.ContentHashAsync(SignedRecord.Lot(id)));
        var page = await qp.GetStringAsync($"/lots/{id}");

        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        Assert.True((await web.Store.LoadLotAsync(id))!.Decision.Released);
        Assert.Matches("id=\"release-verdict\" class=\"answer-no\">\\s*RELEASED — EXPIRED on 2022-01-22 23:59 \\+01:00, not to be infused\\.", System.Net.WebUtility.HtmlDecode(page));
    }

    // Who may sign is stated once, in Core, with the role words; every one of them is a role of the web app.
    [Fact]
    public void SigningRights_NameOnlyRolesOfTheApp() => Assert.All(SigningRights.Signers, r => Assert.Contains(r, Roles.All));

    [GeneratedRegex("id=\"content-hash\">([0-9a-f]{64})<")]
    private static partial Regex HashPattern();
}
