using System.Collections.Immutable;
using System.Net;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The cell factory's pages (release results against the specification, custody handoffs) and the bedside page (scan a DIN, see the
/// gate's verdict, a wrong DIN refused): each on its own lot with its own DINs, so the shared demo records do not move.
/// </summary>
public sealed class CellFactoryPagesTests(WebFixture web)
{
    private static readonly ReleaseSpecification Specification = ReleaseSpecification.IsctBoneMarrowMsc;

    // An hour ago at the site (the fixture's zone is Europe/Rome), as a datetime-local field.
    private static string HourAgo() => SiteTime.ToLocalField(DateTimeOffset.UtcNow.AddHours(-1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"));

    // The results form as a browser posts it: one value per test of the specification (empty where none is typed), and the time.
    private static Dictionary<string, string> Values(params (string Code, string Value)[] typed)
    {
        var form = Specification.Tests.Select((t, i) => (t, i)).ToDictionary(x => $"Input.Values[{x.i}]", x => typed.FirstOrDefault(v => v.Code == x.t.Code).Value ?? string.Empty);
        form["Input.At"] = HourAgo();
        return form;
    }

    // A lot of its own (all demo results passing, not signed) with one bag at the bedside, dispensed for the given patient.
    private async Task<(string LotId, Bag Bag)> LotAsync(string patientId = "DEMO-001")
    {
        var demo = DemoCellTherapy.Build();
        var id = "LOT-CF-" + Guid.NewGuid().ToString("N")[..8];
        var din = Isbt128.Create("A9998", 26, Random.Shared.Next(100000, 999999)).ValueOrThrow();
        var bag = demo.Lot.Bags[0] with { Id = id + "-B1", Din = din, AllocatedToPatientId = patientId };
        var now = DateTimeOffset.UtcNow;
        var lot = demo.Lot with { Id = id, Bags = [bag], ManufacturedAt = now.AddDays(-20), ExpiresAt = now.AddDays(60) };
        var results = demo.Results.Select(r => r with { At = now.AddDays(-5) }).ToImmutableArray();
        ImmutableArray<CustodyEvent> chain =
        [
            new($"{bag.Id}-c1", bag.Id, CustodyEventKind.Dispensed, "factory-qp", "courier", now.AddHours(-5), "Cell factory", -150),
            new($"{bag.Id}-c2", din.Value, CustodyEventKind.Received, "courier", "ward-nurse", now.AddHours(-4), "Ward", -145),
            new($"{bag.Id}-c3", bag.Id, CustodyEventKind.AtBedside, "ward-nurse", "physician", now.AddHours(-3), "Bed 4"),
        ];
        (await web.Store.SaveLotAsync(new LotDocument(lot, SpecificationReference.Of(Specification), results,
            ImmutableDictionary<string, ImmutableArray<CustodyEvent>>.Empty.Add(bag.Id, chain)))).ValueOrThrow();
        return (id, bag);
    }

    [Fact]
    public async Task ResultsPage_ShowsEachTestWithItsUnitAndLimits_AndTheVerdictAtTheField()
    {
        var (lot, _) = await LotAsync();
        var factory = await web.SignedInAsync(Roles.CellFactory);
        var path = $"/lots/{lot}/results";

        var form = await factory.GetStringAsync(path);
        var html = await (await WebFixture.PostFormAsync(factory, path, "release-results", Values(("endotoxin", "0.7"), ("viability", "91")))).Content.ReadAsStringAsync();

        Assert.Contains("id=\"result.endotoxin\"", form, StringComparison.Ordinal);
        Assert.Contains("EU/mL", form, StringComparison.Ordinal);
        Assert.Contains("id=\"results-saved\"", html, StringComparison.Ordinal);
        Assert.Matches("data-verdict=\"endotoxin\">\\s*<strong>fail</strong>", html);
        Assert.Matches("data-verdict=\"viability\">\\s*<strong>pass</strong>", html);
        var stored = (await web.Store.LoadLotAsync(lot))!;
        Assert.Equal(VerdictStatus.Fail, stored.Decision.Verdicts.Single(v => v.Test.Code == "endotoxin").Status);
    }

    [Fact]
    public async Task ResultsPage_ACommaDecimal_IsRefusedAtItsField_AndNothingIsWritten()
    {
        var (lot, _) = await LotAsync();
        var factory = await web.SignedInAsync(Roles.CellFactory);
        var before = (await web.Store.LoadLotAsync(lot))!.Results.Length;

        var html = await (await WebFixture.PostFormAsync(factory, $"/lots/{lot}/results", "release-results", Values(("endotoxin", "0,3")))).Content.ReadAsStringAsync();

        Assert.Contains($"data-field=\"result.endotoxin\"><code>{ReleaseIssues.WrongKind}</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"results-saved\"", html, StringComparison.Ordinal);
        Assert.Equal(before, (await web.Store.LoadLotAsync(lot))!.Results.Length);
    }

    [Fact]
    public async Task CellFactoryForms_AreRefusedToOtherRoles_AndNeedTheirToken()
    {
        var (lot, _) = await LotAsync();
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var qp = await web.SignedInAsync(Roles.QualifiedPerson);
        var factory = await web.SignedInAsync(Roles.CellFactory);

        var byClinician = await clinician.PostAsync($"/lots/{lot}/results", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "release-results" }));
        var byQp = await qp.PostAsync($"/lots/{lot}/custody", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "custody" }));
        var forged = await WebFixture.PostFormAsync(factory, $"/lots/{lot}/results", "release-results", new() { ["Input.Values[0]"] = "90" }, withToken: false);

        Assert.Contains("/account/denied", byClinician.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/account/denied", byQp.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task CustodyPage_RefusesAGap_ThenRecordsTheHandoff_ShownOnTheLotPage()
    {
        var (lot, bag) = await LotAsync();
        var factory = await web.SignedInAsync(Roles.CellFactory);
        Dictionary<string, string> Handoff(string from) => new()
        {
            ["Input.Bag"] = bag.Id, ["Input.Kind"] = "at-bedside", ["Input.From"] = from, ["Input.To"] = "second-physician",
            ["Input.At"] = HourAgo(), ["Input.Location"] = "Bed 5", ["Input.Scanned"] = bag.Din.Value, ["Input.SealIntact"] = "true",
        };

        var gap = await (await WebFixture.PostFormAsync(factory, $"/lots/{lot}/custody", "custody", Handoff("nobody"))).Content.ReadAsStringAsync();
        Assert.Equal(3, (await web.Store.LoadCustodyAsync(lot, bag.Id)).Length);
        var saved = await WebFixture.PostFormAsync(factory, $"/lots/{lot}/custody", "custody", Handoff("physician"));
        var page = await factory.GetStringAsync(saved.Headers.Location!.ToString());

        Assert.Contains($"<code>{CustodyIssues.Gap}</code>", gap, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("second-physician", (await web.Store.LoadCustodyAsync(lot, bag.Id))[^1].To);
        Assert.Contains("<tr class=\"saved\">", page, StringComparison.Ordinal);
        Assert.Contains("custody whole", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bedside_AWrongDin_IsRefusedWithItsReason()
    {
        var other = "BEDSIDE-" + Guid.NewGuid().ToString("N")[..6];
        (await web.Store.SaveCourseAsync(new PatientCourse(new Patient(other, new DateOnly(2012, 5, 4), Core.Quantities.Sex.Female, "FSGS", [], null), [], [], [], [], []))).ValueOrThrow();
        var (_, bag) = await LotAsync(other);
        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var path = "/patients/DEMO-001/bedside";
        var wrongCheck = bag.Din.CheckCharacter == 'A' ? 'B' : 'A';
        var unknown = Isbt128.Create("A9997", 26, 424242).ValueOrThrow();
        async Task<string> ScanAsync(string din) => await (await WebFixture.PostFormAsync(nurse, path, "bedside-scan", new() { ["Scan.Din"] = din })).Content.ReadAsStringAsync();

        var form = await nurse.GetStringAsync(path);
        var badCheck = await ScanAsync(bag.Din.Value + wrongCheck);
        var notStored = await ScanAsync(unknown.Value + unknown.CheckCharacter);
        var othersBag = await ScanAsync(bag.Din.Value + bag.Din.CheckCharacter);

        Assert.Matches("<input[^>]*id=\"din\"[^>]*autofocus", form);
        Assert.Contains($"id=\"bedside-refusal\"", badCheck, StringComparison.Ordinal);
        Assert.Contains($"<code>{IsbtIssues.WrongCheckCharacter}</code>", badCheck, StringComparison.Ordinal);
        Assert.Contains($"<code>{Storage.StromaStore.UnknownLot}</code>", notStored, StringComparison.Ordinal);
        Assert.Contains("DO NOT INFUSE", othersBag, StringComparison.Ordinal);
        Assert.Matches($"class=\"verdict-fail\" data-condition=\"dispensed for this patient\">[^<]*<div><code>{CustodyIssues.WrongPatient}</code>", othersBag);
        Assert.DoesNotContain("id=\"infusion-form\"", othersBag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bedside_IsRefusedToTheResearcher_AndNeedsItsToken()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var denied = await researcher.PostAsync("/patients/DEMO-001/bedside", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "bedside-scan" }));
        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var forged = await WebFixture.PostFormAsync(nurse, "/patients/DEMO-001/bedside", "bedside-scan", new() { ["Scan.Din"] = "x" }, withToken: false);

        Assert.Contains("/account/denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    // 21 CFR 11.300(d): an attempt to sign with a wrong password is recorded in the account's events, as the account's other events are.
    [Fact]
    public async Task FailedSigningAttempt_IsAnAccountEvent()
    {
        var (lot, _) = await LotAsync();
        var user = "qp-" + Guid.NewGuid().ToString("N")[..8];
        Assert.False((await web.Admin.AddUserAsync(user, Roles.QualifiedPerson, "Quinn Failing", WebFixture.Password, CancellationToken.None)).HasErrors);
        var client = web.Anonymous();
        await WebFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.User"] = user, ["Input.Password"] = WebFixture.Password });

        var refused = await WebFixture.PostFormAsync(client, $"/lots/{lot}", "sign", new() { ["Sign.Meaning"] = "release", ["Sign.User"] = user, ["Sign.Password"] = "not-the-password" });

        Assert.Contains($"<code>{Core.Signatures.SignatureIssues.NotAuthenticated}</code>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var failed = Assert.Single(await web.Store.LoadAccountEventsAsync(user), e => e.Event == AccountEventNames.SigningFailed);
        Assert.Equal(("wrong user name or password (SIG004)", user), (failed.Detail, failed.Actor));
        Assert.NotNull(failed.AuditSequence);
    }
}
