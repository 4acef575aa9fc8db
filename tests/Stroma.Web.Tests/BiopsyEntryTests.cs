using System.Net;
using Stroma.Core.Biopsy;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>A biopsy report through its form, by the pathologist who reports it: scores checked at their fields, the categories shown after saving.</summary>
public sealed class BiopsyEntryTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    private const string NewBiopsy = $"/patients/{Patient}/biopsies/new";

    [Fact]
    public async Task Pathologist_EntersAReport_TheScoreOutOfRangeFirst_ThenSeesTheDerivedCategories()
    {
        var client = await web.SignedInAsync(Roles.Pathologist);
        var before = (await web.Store.LoadCellTherapyRecordAsync(Patient)).Biopsies.Length;

        var bad = await (await WebFixture.PostFormAsync(client, NewBiopsy, "biopsy", Fields("web test: bad score", ci: "5"))).Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"ci\"><code>BX001</code>", bad, StringComparison.Ordinal);
        Assert.Equal(before, (await web.Store.LoadCellTherapyRecordAsync(Patient)).Biopsies.Length);

        var good = await WebFixture.PostFormAsync(client, NewBiopsy, "biopsy", Fields("web test: good report", ci: "1"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var stored = Assert.Single((await web.Store.LoadCellTherapyRecordAsync(Patient)).Biopsies, b => b.Indication == "web test: good report");
        Assert.Equal((1, 18), (stored.Scores.Ci, stored.Glomeruli));
        var page = await client.GetStringAsync(good.Headers.Location!.ToString());
        Assert.Contains($"<strong id=\"columbia\">{ColumbiaVariant.Tip}</strong>", page, StringComparison.Ordinal);
        Assert.Contains($"<strong id=\"adequacy\">{Adequacy.Adequate}</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Banff category", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_AdmitsThePathologist_ButNotTheResearcher_AndThePathologistEntersNoOtherClinicalData()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var denied = await researcher.PostAsync(NewBiopsy, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "biopsy" }));
        Assert.Contains("/account/denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);

        var pathologist = await web.SignedInAsync(Roles.Pathologist);
        Assert.Equal(HttpStatusCode.OK, (await pathologist.GetAsync(NewBiopsy)).StatusCode);
        var session = await pathologist.GetAsync($"/patients/{Patient}/plasma-exchanges/new");
        Assert.Contains("/account/denied", session.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_LabelsEachCountAndScore_AsTheReportNamesIt_NotByItsFieldId()
    {
        var page = await (await web.SignedInAsync(Roles.Pathologist)).GetStringAsync(NewBiopsy);

        // The field ids stay the issues' locations; what the pathologist reads is the report's own name (Banff's i-IFTA, C4d).
        Assert.Contains("<label for=\"iIfta\">i-IFTA <input id=\"iIfta\"", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"c4d\">C4d <input id=\"c4d\"", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"globallySclerosed\">Globally sclerosed glomeruli <input", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"emGlomeruli\">Glomeruli by electron microscopy (empty without EM) <input", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">segmentallySclerosed <input", page, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Fields(string indication, string ci)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.TakenAt"] = "2026-03-10T09:00", ["Input.Indication"] = indication, ["Input.Effacement"] = "60", ["Input.C4dMethod"] = "Immunofluorescence", ["Input.Dsa"] = "no",
            ["Input.Counts[glomeruli]"] = "18", ["Input.Counts[globallySclerosed]"] = "1", ["Input.Counts[arteries]"] = "2", ["Input.Counts[emGlomeruli]"] = "3",
            ["Input.Counts[collapsing]"] = "0", ["Input.Counts[tip]"] = "1", ["Input.Counts[cellular]"] = "0", ["Input.Counts[perihilar]"] = "0", ["Input.Counts[segmentallySclerosed]"] = "3",
        };
        foreach (var (field, _) in BiopsyEntry.ScoreFields)
        {
            fields[$"Input.Counts[{field}]"] = field == "ci" ? ci : "0";
        }

        return fields;
    }
}
