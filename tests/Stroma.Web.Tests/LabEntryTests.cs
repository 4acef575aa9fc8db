using System.Net;
using Stroma.Core.Course;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>Entering, amending and retracting a lab result through the forms, as a research nurse would.</summary>
public sealed class LabEntryTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    [Fact]
    public async Task DecimalComma_IsRefusedAtItsField_AndNothingIsWritten()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var before = (await web.Store.LoadCourseAsync(Patient))!.Labs.Count;
        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0,85", "2026-01-10T08:30"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-field=\"value\"><code>LAB004</code>", html, StringComparison.Ordinal);
        Assert.Contains("use a dot as the decimal separator", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Equal(before, (await web.Store.LoadCourseAsync(Patient))!.Labs.Count);
    }

    [Fact]
    public async Task TimeInTheSpringGap_IsRefused_NotGuessed()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0.85", "2026-03-29T02:30"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"sampledAt\"><code>TIME002</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodEntry_IsStoredWithItsForm_ThenAmendedWithAReason_ThenRetracted_AllInTheTrail()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var saved = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0.91", "2026-02-03T09:15"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var course = (await web.Store.LoadCourseAsync(Patient))!;
        var lab = Assert.Single(course.Labs, l => l.Analyte == Analyte.Creatinine && l.SampledAt == new DateTimeOffset(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1)));
        Assert.Equal(0.91, lab.Reported.Value);
        Assert.Equal("mg/dL", lab.Reported.Unit);
        var form = System.Text.Encoding.UTF8.GetString((await web.Store.LoadRawFileAsync(lab.SourceSha256!))!);
        Assert.Contains("\"value\":\"0.91\"", form, StringComparison.Ordinal);
        Assert.Contains("Europe/Rome", form, StringComparison.Ordinal);

        var page = await client.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains($"Lab result {lab.Id} saved", page, StringComparison.Ordinal);

        // Amending without a reason is refused; with one, the value changes and the trail holds both values and the reason.
        var amendPath = $"/patients/{Patient}/labs/{lab.Id}/amend";
        var noReason = await WebFixture.PostFormAsync(client, amendPath, "lab", Fields("0.81", "2026-02-03T09:15"));
        Assert.Contains("<code>COR002</code>", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var amended = await WebFixture.PostFormAsync(client, amendPath, "lab", new(Fields("0.81", "2026-02-03T09:15")) { ["Input.Reason"] = "transcription error: the report says 0.81" });
        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        Assert.Equal(0.81, (await web.Store.LoadLabAsync(Patient, lab.Id))!.Reported.Value);

        var trail = await (await web.SignedInAsync(Roles.Clinician)).GetStringAsync($"/patients/{Patient}/labs/{lab.Id}/trail");
        Assert.Contains("entered", trail, StringComparison.Ordinal);
        Assert.Contains("amended", trail, StringComparison.Ordinal);
        Assert.Contains("transcription error: the report says 0.81", trail, StringComparison.Ordinal);
        Assert.Contains("0.91", trail, StringComparison.Ordinal);
        Assert.Contains(Roles.ResearchNurse, trail, StringComparison.Ordinal);

        var retracted = await WebFixture.PostFormAsync(client, amendPath, "retract", new() { ["Retract.Reason"] = "sample from another patient" });
        Assert.Equal(HttpStatusCode.Redirect, retracted.StatusCode);
        Assert.Null(await web.Store.LoadLabAsync(Patient, lab.Id));
        var corrections = await web.Store.LoadCorrectionsAsync(Patient, StromaStore.LabTable, lab.Id);
        Assert.Equal(["amend", "retract"], corrections.Select(c => c.Action));
        Assert.All(corrections, c => Assert.Equal(Roles.ResearchNurse, c.Actor));
    }

    [Fact]
    public async Task FormWithoutItsAntiforgeryToken_IsRefused()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var before = (await web.Store.LoadCourseAsync(Patient))!.Labs.Count;
        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0.77", "2026-02-04T09:15"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await web.Store.LoadCourseAsync(Patient))!.Labs.Count);
    }

    [Fact]
    public async Task Researcher_CannotPostTheForm()
    {
        var client = await web.SignedInAsync(Roles.Researcher);
        var response = await client.PostAsync($"/patients/{Patient}/labs/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "lab" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Fields(string value, string at) => new()
    {
        ["Input.Analyte"] = "creatinine", ["Input.Value"] = value, ["Input.Unit"] = "mg/dL", ["Input.SampledAt"] = at,
    };
}
