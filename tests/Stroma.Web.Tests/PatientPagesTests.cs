using System.Net;
using System.Text.RegularExpressions;
using Stroma.Core.Course;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// From a fresh-clone walkthrough: an unknown patient's pages answer 404 as the API does; a retracted result's forms say who retracted it
/// and when instead of a bare 400; an amendment keeps its analyte; the trail's times are the site's.
/// </summary>
public sealed partial class PatientPagesTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    [Theory]
    [InlineData("/patients/NO-SUCH")]
    [InlineData("/patients/NO-SUCH/labs/new")]
    [InlineData("/patients/NO-SUCH/labs/import")]
    [InlineData("/patients/NO-SUCH/labs/lab-1/amend")]
    [InlineData("/patients/NO-SUCH/labs/lab-1/trail")]
    public async Task UnknownPatient_Is404_WithAClearPage(string path)
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Matches("No patient (&#x27;|')NO-SUCH(&#x27;|') is stored", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FormPostedForAnUnknownPatient_Is404_AndWritesNothing()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var token = await TokenAsync(client);
        var entries = (await web.Store.VerifyAuditAsync()).Entries;

        var response = await client.PostAsync("/patients/NO-SUCH/labs/new", new FormUrlEncodedContent(new Dictionary<string, string>(Fields("0.9", "2026-02-09T08:00"))
        {
            ["_handler"] = "lab", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Matches("No patient (&#x27;|')NO-SUCH(&#x27;|') is stored", await response.Content.ReadAsStringAsync());
        Assert.False(await web.Store.PatientExistsAsync("NO-SUCH"));
        Assert.True((await web.Store.VerifyAuditAsync()).Entries >= entries);
    }

    [Fact]
    public async Task NeverStoredLab_Is404_OnItsFormAndTrail()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/patients/{Patient}/labs/lab-never/amend")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/patients/{Patient}/labs/lab-never/trail")).StatusCode);
    }

    // A retraction posted twice (a double click, the back button) was a bare 400 from the framework, which found no form to post to.
    [Fact]
    public async Task RetractionPostedTwice_SaysWhoRetractedItAndWhen()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var lab = await EnterAsync(client, "0.97", "2026-02-11T08:20");
        var path = $"/patients/{Patient}/labs/{lab.Id}/amend";
        var token = await TokenAsync(client);
        Task<HttpResponseMessage> Retract() => client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "retract", ["__RequestVerificationToken"] = token, ["Retract.Reason"] = "entered twice",
        }));
        Assert.Equal(HttpStatusCode.Redirect, (await Retract()).StatusCode);

        var again = await Retract();
        var page = await client.GetAsync(path);
        var amend = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(Fields("0.98", "2026-02-11T08:20"))
        {
            ["_handler"] = "lab", ["__RequestVerificationToken"] = token, ["Input.Reason"] = "typo",
        }));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, amend.StatusCode);
        foreach (var response in new[] { again, page, amend })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("<code>COR004</code>", html, StringComparison.Ordinal);
            Assert.Contains($"already retracted by {Roles.ResearchNurse} on ", html, StringComparison.Ordinal);
        }

        Assert.Equal(["retract"], (await web.Store.LoadCorrectionsAsync(Patient, StromaStore.LabTable, lab.Id)).Select(c => c.Action));
    }

    [Fact]
    public async Task AmendmentToAnotherAnalyte_IsRefusedAtTheAnalyteField()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var lab = await EnterAsync(client, "0.96", "2026-02-12T08:25");

        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/{lab.Id}/amend", "lab", new()
        {
            ["Input.Analyte"] = "upcr", ["Input.Value"] = "0.96", ["Input.Unit"] = "mg/mg", ["Input.SampledAt"] = "2026-02-12T08:25", ["Input.Reason"] = "it was the urine",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-field=\"analyte\"><code>COR005</code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Analyte.Creatinine, (await web.Store.LoadLabAsync(Patient, lab.Id))!.Analyte);
    }

    // The trail showed UTC beside pages in local time: it shows the site's zone (Europe/Rome here) with the offset.
    [Fact]
    public async Task Trail_ShowsTheSitesLocalTimeWithItsOffset()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var lab = await EnterAsync(client, "0.95", "2026-02-13T08:30");
        var entry = Assert.Single(await web.Store.AuditOfAsync(StromaStore.LabTable, StromaStore.RecordKey(Patient, lab.Id)));
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

        var trail = await client.GetStringAsync($"/patients/{Patient}/labs/{lab.Id}/trail");

        var local = TimeZoneInfo.ConvertTime(entry.AtUtc, rome).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@" [+-]\d\d:\d\d$", local);
        Assert.Contains($">{local.Replace("+", "&#x2B;", StringComparison.Ordinal)}</td>", trail, StringComparison.Ordinal);
        Assert.Contains("When (Europe/Rome)", trail, StringComparison.Ordinal);
    }

    private async Task<LabResult> EnterAsync(HttpClient client, string value, string at)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields(value, at))).StatusCode);
        return (await web.Store.LoadCourseAsync(Patient))!.Labs.Single(l => l.Reported.Value == double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            && Core.Course.SiteTime.ToLocalField(l.SampledAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")) == at);
    }

    // The anti-forgery token belongs to the signed-in user, not to one page: any form's will do for a page that shows none.
    private static async Task<string> TokenAsync(HttpClient client) =>
        WebUtility.HtmlDecode(TokenPattern().Match(await client.GetStringAsync($"/patients/{Patient}/labs/new")).Groups[1].Value);

    private static Dictionary<string, string> Fields(string value, string at) => new()
    {
        ["Input.Analyte"] = "creatinine", ["Input.Value"] = value, ["Input.Unit"] = "mg/dL", ["Input.SampledAt"] = at,
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
