using System.Net;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>Plasma exchange sessions, drugs and clinical events entered, amended and retracted through the forms, and their trails.</summary>
public sealed class CourseEntryTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    private const string NewSession = $"/patients/{Patient}/plasma-exchanges/new";

    // "Nothing was written" is checked at the refused session's time, not by counting: other test classes write to the same patient.
    private async Task NoSessionAtAsync(DateTimeOffset at) =>
        Assert.DoesNotContain((await web.Store.LoadCourseAsync(Patient))!.Sessions, s => s.At == at);

    [Fact]
    public async Task PlasmaExchange_BadPost_ShowsEachFieldsError_AndWritesNothing()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var response = await WebFixture.PostFormAsync(client, NewSession, "plasma-exchange", Session("2026-02-10T08:00", "1,2", ""));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"plasmaVolumes\"><code>COURSEJSON002</code>", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"replacementFluid\"><code>COURSEJSON002</code>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"plasmaVolumes\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"plasmaVolumes\"", html);
        await NoSessionAtAsync(new DateTimeOffset(2026, 2, 10, 8, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task PlasmaExchange_Entered_Amended_Retracted_AllInTheTrail()
    {
        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var saved = await WebFixture.PostFormAsync(nurse, NewSession, "plasma-exchange", Session("2026-02-11T08:00", "1.1", "5% albumin"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var session = Assert.Single((await web.Store.LoadCourseAsync(Patient))!.Sessions, s => s.At == new DateTimeOffset(2026, 2, 11, 8, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal((1.1, "5% albumin"), (session.PlasmaVolumes, session.ReplacementFluid));
        var page = await nurse.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains($"Plasma exchange session {session.Id} saved", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{Patient}/plasma-exchanges/{session.Id}/amend\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{Patient}/trail/plasma-exchanges/{session.Id}\"", page, StringComparison.Ordinal);

        var amendPath = $"/patients/{Patient}/plasma-exchanges/{session.Id}/amend";
        var noReason = await WebFixture.PostFormAsync(nurse, amendPath, "plasma-exchange", Session("2026-02-11T08:00", "1.3", "5% albumin"));
        Assert.Contains("data-field=\"reason\"><code>COR002</code>", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1.1, (await web.Store.LoadPlasmaExchangeAsync(Patient, session.Id))!.PlasmaVolumes);
        var amended = await WebFixture.PostFormAsync(nurse, amendPath, "plasma-exchange", new(Session("2026-02-11T08:00", "1.3", "5% albumin")) { ["Input.Reason"] = "machine log says 1.3" });
        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        Assert.Equal(1.3, (await web.Store.LoadPlasmaExchangeAsync(Patient, session.Id))!.PlasmaVolumes);

        var retracted = await WebFixture.PostFormAsync(nurse, amendPath, "retract", new() { ["Retract.Reason"] = "session was cancelled" });
        Assert.Equal(HttpStatusCode.Redirect, retracted.StatusCode);
        Assert.Null(await web.Store.LoadPlasmaExchangeAsync(Patient, session.Id));

        var trail = await (await web.SignedInAsync(Roles.Clinician)).GetStringAsync($"/patients/{Patient}/trail/plasma-exchanges/{session.Id}");
        var rows = System.Text.RegularExpressions.Regex.Matches(trail, "<tr class=\"entry\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("entered", rows[0], StringComparison.Ordinal);
        Assert.Contains("amended", rows[1], StringComparison.Ordinal);
        Assert.Contains("machine log says 1.3", rows[1], StringComparison.Ordinal);
        Assert.Contains("<td>PlasmaVolumes</td><td><code>&#x27;1.1&#x27;</code></td><td><code>&#x27;1.3&#x27;</code></td>", rows[1], StringComparison.Ordinal);
        Assert.Contains("retracted", rows[2], StringComparison.Ordinal);
        Assert.Contains("session was cancelled", rows[2], StringComparison.Ordinal);
        Assert.Contains("Europe/Rome", trail, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""when""[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d &#x2B;0[12]:00</td>", trail);
    }

    // The trail shows a value whole: it cut every value at 40 characters, so a long one (an adverse event's or a biopsy's JSON, a
    // replacement fluid written out) lost its end exactly where a reviewer compares before and after.
    [Fact]
    public async Task TheTrail_ShowsALongValueWhole()
    {
        const string Fluid = "4% human albumin in 0.9% saline, 50:50 with fresh frozen plasma (last 500 mL)";
        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var saved = await WebFixture.PostFormAsync(nurse, NewSession, "plasma-exchange", Session("2026-02-15T08:00", "1.0", Fluid));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var session = Assert.Single((await web.Store.LoadCourseAsync(Patient))!.Sessions, s => s.ReplacementFluid == Fluid);

        var trail = await (await web.SignedInAsync(Roles.Clinician)).GetStringAsync($"/patients/{Patient}/trail/plasma-exchanges/{session.Id}");
        var after = System.Text.RegularExpressions.Regex.Match(trail, "<td>ReplacementFluid</td><td><code>[^<]*</code></td><td><code>([^<]*)</code></td>");
        Assert.True(after.Success, "no ReplacementFluid row in the trail");
        Assert.Equal($"'{Fluid}'", System.Net.WebUtility.HtmlDecode(after.Groups[1].Value));
        Assert.DoesNotContain("characters)", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drug_And_Event_AreEntered_AndAmendedWithAReason()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var drug = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/drugs/new", "drug", new()
        {
            ["Input.Name"] = "belatacept (web test)", ["Input.Dose"] = "5", ["Input.DoseUnit"] = "mg/kg", ["Input.Start"] = "2026-02-12",
        });
        Assert.Equal(HttpStatusCode.Redirect, drug.StatusCode);
        var stored = Assert.Single((await web.Store.LoadCourseAsync(Patient))!.Drugs, d => d.Name == "belatacept (web test)");
        var stop = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/drugs/{stored.Id}/amend", "drug", new()
        {
            ["Input.Name"] = "belatacept (web test)", ["Input.Dose"] = "5", ["Input.DoseUnit"] = "mg/kg", ["Input.Start"] = "2026-02-12", ["Input.Stop"] = "2026-02-10", ["Input.Reason"] = "stopped",
        });
        Assert.Contains("data-field=\"stop\"><code>QTY006</code>", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var clinicalEvent = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/events/new", "event", new()
        {
            ["Input.At"] = "2026-02-12T10:30", ["Input.Kind"] = "Sample", ["Input.Description"] = "research sample for cytokines",
        });
        Assert.Equal(HttpStatusCode.Redirect, clinicalEvent.StatusCode);
        var evt = Assert.Single((await web.Store.LoadCourseAsync(Patient))!.Events, e => e.Description == "research sample for cytokines");
        var amended = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/events/{evt.Id}/amend", "event", new()
        {
            ["Input.At"] = "2026-02-12T11:30", ["Input.Kind"] = "Sample", ["Input.Description"] = "research sample for cytokines", ["Input.Reason"] = "time from the lab log",
        });
        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        Assert.Equal(11, (await web.Store.LoadClinicalEventAsync(Patient, evt.Id))!.At.Hour);
    }

    [Theory]
    [InlineData("plasma-exchanges/new", "plasma-exchange")]
    [InlineData("drugs/new", "drug")]
    [InlineData("events/new", "event")]
    public async Task Researcher_CannotPostTheForms(string path, string form)
    {
        var client = await web.SignedInAsync(Roles.Researcher);
        var response = await client.PostAsync($"/patients/{Patient}/{path}", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = form }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormWithoutItsAntiforgeryToken_IsRefused_AndWritesNothing()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var response = await WebFixture.PostFormAsync(client, NewSession, "plasma-exchange", Session("2026-02-13T08:00", "1.0", "5% albumin"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await NoSessionAtAsync(new DateTimeOffset(2026, 2, 13, 8, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task PatientPage_ShowsAddLinks_ToThoseWhoMayEnterData_Only()
    {
        var nurse = await (await web.SignedInAsync(Roles.ResearchNurse)).GetStringAsync($"/patients/{Patient}");
        var researcher = await (await web.SignedInAsync(Roles.Researcher)).GetStringAsync($"/patients/{Patient}");

        Assert.Contains($"href=\"/patients/{Patient}/plasma-exchanges/new\"", nurse, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{Patient}/drugs/new\"", nurse, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{Patient}/events/new\"", nurse, StringComparison.Ordinal);
        Assert.DoesNotContain("/new\"", researcher, StringComparison.Ordinal);
        Assert.DoesNotContain("/trail/", researcher, StringComparison.Ordinal);
        Assert.Contains("id=\"plasma-exchange-table\"", researcher, StringComparison.Ordinal);
    }

    // The lab's trail keeps its address, and is the same page as every other kind's.
    [Fact]
    public async Task LabTrail_KeepsItsAddress_AndHasTheGenericOne()
    {
        var client = await web.SignedInAsync(Roles.Administrator);
        var lab = (await web.Store.LoadCourseAsync(Patient))!.Labs[0].Id;

        var old = await client.GetStringAsync($"/patients/{Patient}/labs/{lab}/trail");
        var generic = await client.GetStringAsync($"/patients/{Patient}/trail/labs/{lab}");

        Assert.Contains($"Audit trail of lab result {lab}", old, StringComparison.Ordinal);
        Assert.Contains($"Audit trail of lab result {lab}", generic, StringComparison.Ordinal);
        var unknownKind = await client.GetAsync($"/patients/{Patient}/trail/things/{lab}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Contains("No kind of record is called", await unknownKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Session(string at, string volumes, string fluid) => new()
    {
        ["Input.At"] = at, ["Input.PlasmaVolumes"] = volumes, ["Input.ReplacementFluid"] = fluid,
    };
}
