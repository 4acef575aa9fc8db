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
        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0,85", "2026-01-10T08:30"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-field=\"value\"><code>LAB004</code>", html, StringComparison.Ordinal);
        Assert.Contains("use a dot as the decimal separator", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        await web.AssertNoLabAtAsync(Patient, new DateTimeOffset(2026, 1, 10, 8, 30, 0, TimeSpan.FromHours(1)));
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
        using (var kept = System.Text.Json.JsonDocument.Parse(form))
        {
            Assert.Equal("0.91", kept.RootElement.GetProperty("fields").GetProperty("value").GetString());
            Assert.Equal("Europe/Rome", kept.RootElement.GetProperty("timeZone").GetString());
        }

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

    // Several amendments within a second: each change in the trail shows its own reason (paired through the audit entries written
    // with it, not by time and user).
    [Fact]
    public async Task QuickAmendments_EachShowTheirOwnReason()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("1.01", "2026-02-06T07:45"))).StatusCode);
        var lab = (await web.Store.LoadCourseAsync(Patient))!.Labs.Single(l => l.Reported.Value == 1.01 && l.SampledAt.Day == 6 && l.SampledAt.Month == 2);
        var path = $"/patients/{Patient}/labs/{lab.Id}/amend";
        foreach (var (value, reason) in new[] { ("1.02", "first reason"), ("1.03", "second reason"), ("1.04", "third reason") })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await WebFixture.PostFormAsync(client, path, "lab", new(Fields(value, "2026-02-06T07:45")) { ["Input.Reason"] = reason })).StatusCode);
        }

        var trail = await client.GetStringAsync($"/patients/{Patient}/labs/{lab.Id}/trail");
        var rows = System.Text.RegularExpressions.Regex.Matches(trail, "<tr class=\"entry\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("first reason", rows[1], StringComparison.Ordinal);
        Assert.Contains("second reason", rows[2], StringComparison.Ordinal);
        Assert.Contains("third reason", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormWithoutItsAntiforgeryToken_IsRefused()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var response = await WebFixture.PostFormAsync(client, $"/patients/{Patient}/labs/new", "lab", Fields("0.77", "2026-02-04T09:15"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await web.AssertNoLabAtAsync(Patient, new DateTimeOffset(2026, 2, 4, 9, 15, 0, TimeSpan.FromHours(1)));
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

/// <summary>A lab CSV uploaded from the browser: the same rules as stroma import labs, every row or none, the report row by row.</summary>
public sealed class LabImportTests(WebFixture web)
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string name = "labs.csv")
    {
        const string path = "/patients/DEMO-001/labs/import";
        var page = await client.GetStringAsync(path);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("csv"), "_handler" },
            { new StringContent(System.Net.WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "File", name },
        };
        return await client.PostAsync(path, form);
    }

    [Fact]
    public async Task BadRows_AreReportedRowByRow_AndNothingIsWritten()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);
        var html = await (await UploadAsync(client, "sampled_at,analyte,value,unit\n2026-03-01T08:00:00+01:00,creatinine,\"0,8\",mg/dL\n2026-03-02T08:00,creatinine,0.8,mg/dL\n")).Content.ReadAsStringAsync();

        Assert.Contains("Nothing was written.", html, StringComparison.Ordinal);
        Assert.Contains("labs.csv row 2, column value", html, StringComparison.Ordinal);
        Assert.Contains("<code>LAB004</code>", html, StringComparison.Ordinal);
        Assert.Contains("labs.csv row 3, column sampled_at", html, StringComparison.Ordinal);
        Assert.Contains("<code>LAB002</code>", html, StringComparison.Ordinal);
        // A code is read whole: its cell never breaks it ("LAB00" over "4"), as the table's other code cells may a hash.
        Assert.Contains("<td class=\"code\"><code>LAB004</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("td.code { white-space:nowrap; }", Components.Style.Css, StringComparison.Ordinal);
        await web.AssertNoLabAtAsync("DEMO-001", new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task GoodFile_IsImported_AndKept()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var csv = "sampled_at,analyte,value,unit,id\n2026-03-05T08:00:00+01:00,upcr,1.9,mg/mg,csv-web-1\n2026-03-05T08:00:00+01:00,creatinine,71,umol/L,csv-web-2\n";
        var html = await (await UploadAsync(client, csv, "march.csv")).Content.ReadAsStringAsync();

        Assert.Contains("Imported 2 lab results from march.csv", html, StringComparison.Ordinal);
        var labs = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs;
        var creatinine = Assert.Single(labs, l => l.Id == "csv-web-2");
        Assert.Equal(new Core.Quantities.ReportedValue(71, "umol/L"), creatinine.Reported);
        Assert.Equal(csv, System.Text.Encoding.UTF8.GetString((await web.Store.LoadRawFileAsync(creatinine.SourceSha256!))!));
    }

    [Fact]
    public async Task NoFile_IsAFieldError()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var html = await (await UploadAsync(client, "")).Content.ReadAsStringAsync();
        Assert.Contains("<code>LAB008</code>", html, StringComparison.Ordinal);
    }
}
