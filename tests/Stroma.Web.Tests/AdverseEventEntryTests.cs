using System.Net;
using Stroma.Application.Safety;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>An adverse event recorded through its form (the CTCAE term's own grades checked at the field), amended and found in its trail.</summary>
public sealed class AdverseEventEntryTests(WebFixture web)
{
    private static readonly Core.Course.PatientId Patient = Core.Simulation.DemoCase.Id;

    private const string NewEvent = $"/patients/{Core.Simulation.DemoCase.PatientId}/adverse-events/new";

    [Fact]
    public async Task GradeTheTermDoesNotHave_IsShownAtTheGrade_AndNothingIsWritten_ThenAGoodOneIsSaved()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var before = (await web.Store.LoadCellTherapyRecordAsync(Patient)).AdverseEvents.Length;

        var bad = await WebFixture.PostFormAsync(client, NewEvent, "adverse-event", Fields("Anaphylaxis", "2", "web test: bad grade"));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("data-field=\"grade\"><code>AE002</code>", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Equal(before, (await web.Store.LoadCellTherapyRecordAsync(Patient)).AdverseEvents.Length);

        var good = await WebFixture.PostFormAsync(client, NewEvent, "adverse-event", Fields("Anaphylaxis", "3", "web test: good grade"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var stored = Assert.Single((await web.Store.LoadCellTherapyRecordAsync(Patient)).AdverseEvents, e => e.Verbatim == "web test: good grade");
        Assert.Equal((3, true), (stored.Grade, stored.IsSerious));
        Assert.Contains($"Adverse event {stored.Id} saved", await client.GetStringAsync(good.Headers.Location!.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amendment_IsVersioned_AndItsReasonIsInTheTrail()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, NewEvent, "adverse-event", Fields("Fever", "1", "web test: to amend"))).StatusCode);
        var e = Assert.Single((await web.Store.LoadCellTherapyRecordAsync(Patient)).AdverseEvents, x => x.Verbatim == "web test: to amend");
        var amendPath = $"/patients/{Patient}/adverse-events/{e.Id}/amend";

        var amended = await WebFixture.PostFormAsync(client, amendPath, "adverse-event", new(Fields("Fever", "2", null)) { ["Input.Reason"] = "39.6 C on the chart" });

        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        Assert.Equal(2, (await AdverseEventEntries.LoadAsync(web.Store, Patient, e.Id, CancellationToken.None))!.Grade);
        var trail = await client.GetStringAsync($"/patients/{Patient}/trail/adverse-events/{e.Id}");
        Assert.Contains("39.6 C on the chart", trail, StringComparison.Ordinal);
        Assert.Contains("<td>Grade</td><td><code>&#x27;1&#x27;</code></td><td><code>&#x27;2&#x27;</code></td>", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Researcher_CannotPost_AndTheFormNeedsItsToken()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var denied = await researcher.PostAsync(NewEvent, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "adverse-event" }));
        Assert.Contains("/account/denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);

        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var forged = await WebFixture.PostFormAsync(nurse, NewEvent, "adverse-event", Fields("Fever", "1", "web test: forged"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain((await web.Store.LoadCellTherapyRecordAsync(Patient)).AdverseEvents, x => x.Verbatim == "web test: forged");
    }

    private static Dictionary<string, string> Fields(string term, string grade, string? verbatim)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Term"] = term, ["Input.Grade"] = grade, ["Input.Onset"] = "2026-03-02T10:15", ["Input.Relatedness"] = "Possible",
            ["Input.Action"] = "Interrupted", ["Input.Outcome"] = "Recovered", ["Input.Hospitalisation"] = "true",
        };
        if (verbatim is not null)
        {
            fields["Input.Verbatim"] = verbatim;
        }

        return fields;
    }
}
