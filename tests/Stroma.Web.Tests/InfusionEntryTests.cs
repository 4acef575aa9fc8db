using System.Net;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// An MSC infusion through the form: the gate's every reason shown at the form, nothing written; no other way in. Alone (after the
/// parallel classes): "nothing written" is the whole trail's entries unchanged, which another class's write would move.
/// </summary>
[Collection(WebFixture.Alone)]
public sealed class InfusionEntryTests(WebFixture web)
{
    private const string Patient = "DEMO-001";

    private const string Path = $"/patients/{Patient}/infusions/new";

    // The demo's first bag: infused already, and its lot expired long ago. The gate gives both reasons; the form shows them all.
    [Fact]
    public async Task BagTheGateRefuses_ShowsEveryReason_AndWritesNothing()
    {
        var client = await web.SignedInAsync(Roles.Clinician);
        var course = (await web.Store.LoadCourseAsync(Patient))!;
        var lot = course.Infusions[0].LotId;
        var bag = (await web.Store.LoadLotAsync(lot))!.Lot.Bags[0];
        var before = (await web.Store.VerifyAuditAsync()).Entries;

        var response = await WebFixture.PostFormAsync(client, Path, "infusion", new()
        {
            ["Input.Bag"] = bag.Din.Value, ["Input.At"] = "2026-02-14T10:00", ["Input.CellsPerKilogram"] = "1.5e6", ["Input.WeightKg"] = "40", ["Input.Route"] = "IV",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"gate-verdict\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>COC0", html, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Count(html, "<li><code>") >= 2, "expected every reason of the gate");
        Assert.Equal(course.Infusions.Count, (await web.Store.LoadCourseAsync(Patient))!.Infusions.Count);
        Assert.Equal(before, (await web.Store.VerifyAuditAsync()).Entries);
    }

    [Fact]
    public async Task UnknownBag_AndBadDose_AreShownAtTheirFields()
    {
        var client = await web.SignedInAsync(Roles.ResearchNurse);

        var html = await (await WebFixture.PostFormAsync(client, Path, "infusion", new()
        {
            ["Input.Bag"] = "NO-SUCH-BAG", ["Input.At"] = "2026-02-14T10:00", ["Input.CellsPerKilogram"] = "-1", ["Input.WeightKg"] = "40",
        })).Content.ReadAsStringAsync();

        Assert.Contains("data-field=\"bag\"><code>LOT002</code>", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"cellsPerKilogram\"><code>INFUSION001</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Researcher_CannotPost_AndTheFormNeedsItsToken()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var denied = await researcher.PostAsync(Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "infusion" }));
        Assert.Contains("/account/denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);

        var nurse = await web.SignedInAsync(Roles.ResearchNurse);
        var forged = await WebFixture.PostFormAsync(nurse, Path, "infusion", new() { ["Input.Bag"] = "x" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
