using System.Text.RegularExpressions;
using Stroma.Core.Simulation;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The patient page's lab results a page at a time, filtered by analyte, from the query string (the demo has over a hundred); and
/// for a researcher, record ids that tell nothing, with links that still find their rows.
/// </summary>
public sealed partial class LabTableTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    [Fact]
    public async Task PatientPage_ShowsOnePageOfLabs_WithALinkToTheNext()
    {
        var client = await web.SignedInAsync(Roles.Clinician);

        var html = await client.GetStringAsync($"/patients/{Patient}");

        Assert.Equal(25, Rows(html).Count);
        Assert.Matches("Page 1 of [2-9]", html);
        Assert.Contains("href=\"/patients/DEMO-001?labs-page=2#labs\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyteFilter_ShowsThatAnalyteOnly_AndLinksKeepTheOtherParameters()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var heights = DemoCase.Build().Labs.Count(l => l.Analyte == Core.Course.Analyte.Height);

        var height = await client.GetStringAsync($"/patients/{Patient}?labs-analyte=height");
        var upcr = await client.GetStringAsync($"/patients/{Patient}?other=kept&labs-analyte=upcr");

        Assert.Equal(heights, Rows(height).Count);
        Assert.All(Rows(height), r => Assert.Contains("<td>height</td>", r, StringComparison.Ordinal));
        var next = Assert.Single(NextLink().Matches(upcr)).Groups[1].Value;
        Assert.Contains("other=kept", next, StringComparison.Ordinal);
        Assert.Contains("labs-analyte=upcr", next, StringComparison.Ordinal);
        Assert.Contains("labs-page=2", next, StringComparison.Ordinal);
        var second = await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(next));
        Assert.Matches("Page 2 of", second);
        Assert.All(Rows(second), r => Assert.Contains("<td>upcr</td>", r, StringComparison.Ordinal));
    }

    // A plot point's link (lab=) or a saved result (saved=) opens the page that holds it, highlighted.
    [Fact]
    public async Task LinkToAnOldResult_OpensItsPage()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var oldest = DemoCase.Build().Labs.MinBy(l => l.SampledAt)!.Id;

        var html = await client.GetStringAsync($"/patients/{Patient}?lab={oldest}");

        Assert.Contains($"<tr id=\"lab-{oldest}\" class=\"saved\">", html, StringComparison.Ordinal);
        Assert.Matches(@"Page (\d+) of \1 ", html);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task BadPageNumber_ShowsTheFirstPage(string page)
    {
        var client = await web.SignedInAsync(Roles.Clinician);

        var html = await client.GetStringAsync($"/patients/{Patient}?labs-page={page}");

        Assert.Matches("Page 1 of", html);
        Assert.Equal(25, Rows(html).Count);
    }

    // A CSV imported without ids has ids made from its SHA-256: a researcher sees keyed, opaque ids instead (pages and API), and the
    // plots' links still reach their rows. The clinician sees the stored ids, so the test can fail.
    [Fact]
    public async Task Researcher_SeesOpaqueRecordIds_WhoseLinksStillWork()
    {
        var csv = "sampled_at,analyte,value,unit\n2026-04-07T08:00:00+02:00,upcr,2.2,mg/mg\n2026-04-07T08:00:00+02:00,creatinine,0.95,mg/dL\n"u8.ToArray();
        var sha = (await web.Store.WithActor("test-setup").ImportLabsAsync(Patient, "april.csv", csv)).ValueOrThrow().FileSha256;
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var clinician = await web.SignedInAsync(Roles.Clinician);

        Assert.Contains(sha[..12], await clinician.GetStringAsync($"/api/patients/{Patient}"), StringComparison.Ordinal);
        foreach (var path in new[] { $"/patients/{Patient}", $"/patients/{Patient}?labs-analyte=upcr", $"/patients/{Patient}/plots/upcr.svg", $"/patients/{Patient}/plots/egfr.svg", $"/api/patients/{Patient}", $"/api/patients/{Patient}/assessment" })
        {
            var body = await researcher.GetStringAsync(path);
            Assert.DoesNotContain(sha[..12], body, StringComparison.Ordinal);
            Assert.DoesNotContain("lab-upcr-", body, StringComparison.Ordinal);
            Assert.DoesNotContain("lab-creatinine-", body, StringComparison.Ordinal);
        }

        var plot = await researcher.GetStringAsync($"/patients/{Patient}/plots/upcr.svg");
        var links = PlotLink().Matches(plot).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(links);
        foreach (var id in new[] { links[0], links[^1] })
        {
            Assert.Contains($"<tr id=\"lab-{id}\" class=\"saved\">", await researcher.GetStringAsync($"/patients/{Patient}?lab={id}"), StringComparison.Ordinal);
        }
    }

    private static List<string> Rows(string html) =>
        [.. RowPattern().Matches(LabTable().Match(html).Groups[1].Value).Select(m => m.Value)];

    [GeneratedRegex("<table id=\"lab-table\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex LabTable();

    [GeneratedRegex("<tr id=\"lab-.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">")]
    private static partial Regex NextLink();

    [GeneratedRegex(@"\?lab=(r-[0-9a-f]{16})#lab-")]
    private static partial Regex PlotLink();
}
