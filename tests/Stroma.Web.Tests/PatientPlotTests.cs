using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The patient page's plots are their own SVG documents: embedded by the page under the records' version, each point's hover value and
/// link to its record, revalidated by ETag, redrawn after a write, and pseudonymised for the researcher. The ETag is the records'
/// version, which any write moves: these tests run alone, never beside another class writing to the shared database.
/// </summary>
[Collection(WebFixture.Alone)]
public sealed partial class PatientPlotTests(WebFixture web)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task ThePageEmbedsBothPlots_EachPointTitledAndLinkedToItsTrailInThePage()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var page = await clinician.GetStringAsync("/patients/DEMO-001");
        var frames = FrameSource().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Matches(@"^/patients/DEMO-001/plots/(upcr|egfr)\.svg\?v=\d+$", f));

        var labs = await clinician.GetStringAsync("/api/patients/DEMO-001");
        foreach (var frame in frames)
        {
            var svg = XDocument.Parse(await clinician.GetStringAsync(frame)).Root!;
            Assert.Equal("0 0 1000 420", (string?)svg.Attribute("viewBox"));
            var links = svg.Descendants(Svg + "a").ToList();
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                Assert.Equal("_top", (string?)link.Attribute("target"));
                var match = Regex.Match((string)link.Attribute("href")!, "^/patients/DEMO-001/labs/([^/]+)/trail$");
                Assert.True(match.Success, (string?)link.Attribute("href"));
                var labId = Uri.UnescapeDataString(match.Groups[1].Value);
                Assert.Contains($"\"{labId}\"", labs, StringComparison.Ordinal); // a lab of this patient
                Assert.StartsWith(labId + ": ", link.Descendants(Svg + "title").Single().Value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task APlotIsRevalidatedByItsVersion_AndRedrawnAfterAWrite()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var first = await clinician.GetAsync("/patients/DEMO-001/plots/upcr.svg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/svg+xml", first.Content.Headers.ContentType!.MediaType);
        var tag = first.Headers.ETag!;
        Assert.True(first.Headers.CacheControl!.NoCache);

        using (var again = new HttpRequestMessage(HttpMethod.Get, "/patients/DEMO-001/plots/upcr.svg"))
        {
            again.Headers.IfNoneMatch.Add(tag);
            var notModified = await clinician.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        var lab = Core.Course.LabResult.Create("plot-fresh-1", Core.Course.Analyte.Upcr, new DateTimeOffset(2026, 4, 3, 8, 0, 0, TimeSpan.FromHours(2)), 1.9, "mg/mg");
        (await web.Store.AddLabAsync("DEMO-001", lab, Core.RawInput.Of("plot-fresh.json", "{}"u8.ToArray()))).ValueOrThrow();
        using (var after = new HttpRequestMessage(HttpMethod.Get, "/patients/DEMO-001/plots/upcr.svg"))
        {
            after.Headers.IfNoneMatch.Add(tag);
            var redrawn = await clinician.SendAsync(after);
            Assert.Equal(HttpStatusCode.OK, redrawn.StatusCode);
            Assert.NotEqual(tag, redrawn.Headers.ETag);
            Assert.Contains("plot-fresh-1: UPCR 1.90 mg/mg", await redrawn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheResearchersPlotsLinkToTheLabRows_NotTheTrail()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var svg = XDocument.Parse(await researcher.GetStringAsync("/patients/DEMO-001/plots/egfr.svg")).Root!;
        var hrefs = svg.Descendants(Svg + "a").Select(a => (string)a.Attribute("href")!).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.Matches("^/patients/DEMO-001\\?lab=r-[0-9a-f]{16}#lab-r-[0-9a-f]{16}$", h));
    }

    [Theory]
    [InlineData("/patients/DEMO-001/plots/other.svg")]
    [InlineData("/patients/NO-SUCH-PATIENT/plots/egfr.svg")]
    public async Task AnUnknownPlotOrPatientIsNotFound(string path)
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var response = await clinician.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ReadingPagesPlotsAndTheApi_WritesNothing()
    {
        // A creatinine written outside the application layer has no derived eGFR stored yet; readers compute it, never store it (the
        // writes that change a derivation's inputs keep it: LabEntries).
        var ct = TestContext.Current.CancellationToken;
        var lab = Core.Course.LabResult.Create("plot-read-only-1", Core.Course.Analyte.Creatinine, new DateTimeOffset(2022, 6, 7, 8, 0, 0, TimeSpan.FromHours(2)), 0.91, "mg/dL");
        (await web.Store.AddLabAsync("DEMO-001", lab, Core.RawInput.Of("plot-read-only.json", "{}"u8.ToArray()), ct)).ValueOrThrow();
        var clinician = await web.SignedInAsync(Roles.Clinician);
        foreach (var path in new[] { "/patients/DEMO-001", "/patients/DEMO-001/plots/egfr.svg", "/api/patients/DEMO-001", "/api/patients/DEMO-001/assessment" })
        {
            Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync(path, ct)).StatusCode);
        }

        Assert.Contains("plot-read-only-1: eGFR", await clinician.GetStringAsync("/patients/DEMO-001/plots/egfr.svg", ct), StringComparison.Ordinal);
        Assert.Contains("plot-read-only-1", await clinician.GetStringAsync("/api/patients/DEMO-001/assessment", ct), StringComparison.Ordinal);
        Assert.DoesNotContain(await web.Store.LoadDerivedEgfrAsync("DEMO-001", ct), d => d.CreatinineLabId == "plot-read-only-1");
    }

    [GeneratedRegex("<iframe src=\"([^\"]+)\"")]
    private static partial Regex FrameSource();
}
