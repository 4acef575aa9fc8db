using System.Net;
using System.Text.RegularExpressions;
using Stroma.Core.Proteome;
using Stroma.Core.Simulation;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// Membrane arrays in the web app (issue 14): the upload form (fields checked, nothing written on a refusal), the review page with the
/// fitted grid, and the grid placed by hand on a run whose search was refused — each run on a study day of its own, so the tests that
/// share the demo patient never meet.
/// </summary>
public sealed partial class ArrayPagesTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    private static readonly Lazy<ArrayLayout> Layout = new(() => ShippedLayouts.Find("ARY022B")!);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Dictionary<string, string> fields, params (string Name, byte[] Bytes)[] files)
    {
        var path = $"/patients/{Patient}/arrays/upload";
        var page = await client.GetStringAsync(path);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("array"), "_handler" },
            { new StringContent(WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
        };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "images", name);
        }

        return await client.PostAsync(path, form);
    }

    private static Dictionary<string, string> Fields(string day, string sample = "serum") => new()
    {
        ["Input.Layout"] = "ARY022B", ["Input.Sample"] = sample, ["Input.Day"] = day,
    };

    private static (string Name, byte[] Bytes) Frame(string number) => ($"promad_ARY022B_prepared_{number}.tif", SharedData.Bytes($"proteome/images/promad_ARY022B_prepared_{number}.tif"));

    // A membrane the grid search refuses (dust specks outweigh the spots: the Imaging tests' HandPlacementTests), with its true corners.
    private static (byte[] Png, SimulatedMembrane Truth) DustyMembrane()
    {
        var random = new Random(3);
        var truth = Layout.Value.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        var membrane = MembraneSimulator.Render(Layout.Value, truth, new MembraneSettings(RotationDegrees: 5, Specks: 400, SpeckPeak: 30000));
        return (Imaging.ImageWriter.Png(membrane.Image), membrane);
    }

    private static string RunOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: " + string.Join("\n", Regex.Matches(response.Content.ReadAsStringAsync().Result, "<code>[^<]+</code>[^<]*").Select(m => m.Value)));
        var match = Regex.Match(response.Headers.Location!.OriginalString, $"^(?:http://localhost)?/patients/{Patient}/arrays/([^/?]+)\\?");
        Assert.True(match.Success, response.Headers.Location.OriginalString);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    [Fact]
    public async Task Upload_Ary022bFrames_KeepsTheRunAndReviewShowsEverySpotAndAnalyte()
    {
        var client = await web.SignedInAsync(Roles.MolecularLab);

        var run = RunOf(await UploadAsync(client, Fields("4301", "serum, day 4301"), Frame("00010"), Frame("00005"), Frame("00016")));
        var html = await client.GetStringAsync($"/patients/{Patient}/arrays/{run}");

        var stored = (await web.Store.LoadArrayRunAsync(Patient, run))!;
        Assert.Equal(("quantified", "molecular-lab", 4301, "serum, day 4301"), (stored.Status, stored.UploadedBy, stored.Day, stored.Sample));
        Assert.Equal(Layout.Value.Spots.Length, Regex.Count(html, "<circle class=\"spot "));
        Assert.Equal(Layout.Value.Analytes.Length, Regex.Count(html, "class=\"spot-number\""));
        Assert.Contains("data-analyte=\"Serpin E1\"", html, StringComparison.Ordinal);
        Assert.Contains($"/patients/{Patient}/arrays/{run}/images/", html, StringComparison.Ordinal);
        var series = await web.Store.LoadAnalyteSeriesAsync(Patient);
        Assert.Contains(series.Series["Serpin E1 (array)"], p => p.Day == 4301 && p.Value > 0);
        var png = await client.GetAsync($"/patients/{Patient}/arrays/{run}/images/0.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Upload_BadFields_CodedErrorAtEachField_NothingWritten()
    {
        var client = await web.SignedInAsync(Roles.Clinician);

        var response = await UploadAsync(client, new() { ["Input.Layout"] = "ARY999", ["Input.Sample"] = " ", ["Input.Day"] = "4,5", ["Input.Exposures"] = "10, 30" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        foreach (var (field, code) in new[] { ("images", "ARRAY011"), ("layout", "LAYOUT005"), ("day", "ARRAY009"), ("sample", "ARRAY010"), ("exposures", "ARRAY012") })
        {
            Assert.Matches($"data-field=\"{field}\"><code>{code}</code>", html);
        }

        Assert.DoesNotContain(await web.Store.LoadArrayRunsAsync(Patient), r => r.UploadedBy == "clinician" && r.Sample == " ");
    }

    [Fact]
    public async Task Upload_WithoutAntiforgeryToken_IsRefused()
    {
        var client = await web.SignedInAsync(Roles.MolecularLab);
        using var form = new MultipartFormDataContent { { new StringContent("array"), "_handler" }, { new StringContent("4302"), "Input.Day" } };
        form.Add(new ByteArrayContent(Frame("00010").Bytes), "images", "forged.tif");

        var response = await client.PostAsync($"/patients/{Patient}/arrays/upload", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await web.Store.LoadArrayRunsAsync(Patient), r => r.Day == 4302);
    }

    [Fact]
    public async Task Researcher_ReadsTheReview_WithoutPlacementOrUpload_AndCannotPostAPlacement()
    {
        var lab = await web.SignedInAsync(Roles.MolecularLab);
        var run = RunOf(await UploadAsync(lab, Fields("4303"), ("dusty.png", DustyMembrane().Png)));
        var researcher = await web.SignedInAsync(Roles.Researcher);

        var html = await researcher.GetStringAsync($"/patients/{Patient}/arrays/{run}");
        var forged = await WebFixture.PostFormAsync(researcher, $"/patients/{Patient}/arrays/{run}", "place", Corners("10", "10", "200", "10", "10", "100", "forged"));

        Assert.Contains("id=\"search-refusal\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"place-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("refused", (await web.Store.LoadArrayRunAsync(Patient, run))!.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await researcher.GetAsync($"/patients/{Patient}/arrays/upload")).StatusCode);
    }

    private static Dictionary<string, string> Corners(string tlx, string tly, string trx, string try_, string blx, string bly, string reason) => new()
    {
        ["Input.TopLeftX"] = tlx, ["Input.TopLeftY"] = tly, ["Input.TopRightX"] = trx, ["Input.TopRightY"] = try_, ["Input.BottomLeftX"] = blx, ["Input.BottomLeftY"] = bly,
        ["Input.Reason"] = reason,
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
