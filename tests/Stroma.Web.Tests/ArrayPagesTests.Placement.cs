using System.Globalization;
using System.Net;
using Stroma.Core.Proteome;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

public sealed partial class ArrayPagesTests
{
    // A run whose search was refused: corners clicked in the wrong order are refused (ARRAY006) and so is a placement without a reason,
    // nothing written; the right corners quantify it, kept with who placed it, the reason in its trail and the search's refusal.
    [Fact]
    public async Task Place_RefusedRun_QuantifiedFromTheCorners_RefusalKept_ReasonInTheTrail()
    {
        var client = await web.SignedInAsync(Roles.MolecularLab);
        var (png, membrane) = DustyMembrane();
        var run = RunOf(await UploadAsync(client, Fields("4304"), ("dusty.png", png)));
        var path = $"/patients/{Patient}/arrays/{run}";
        var (tl, tr, bl) = HandPlacement.CornersOf(Layout.Value)!.Value;
        string X(LayoutSpot s) => membrane.Centres[s.Label].X.ToString("0.0", CultureInfo.InvariantCulture);
        string Y(LayoutSpot s) => membrane.Centres[s.Label].Y.ToString("0.0", CultureInfo.InvariantCulture);

        var refusedPage = await client.GetStringAsync(path);
        var swapped = await (await WebFixture.PostFormAsync(client, path, "place", Corners(X(tl), Y(tl), X(bl), Y(bl), X(tr), Y(tr), "dust"))).Content.ReadAsStringAsync();
        var unexplained = await (await WebFixture.PostFormAsync(client, path, "place", Corners(X(tl), Y(tl), X(tr), Y(tr), X(bl), Y(bl), ""))).Content.ReadAsStringAsync();
        var stillRefused = (await web.Store.LoadArrayRunAsync(Patient, run))!;
        var placed = await WebFixture.PostFormAsync(client, path, "place", Corners(X(tl), Y(tl), X(tr), Y(tr), X(bl), Y(bl), "search refused: dust specks"));

        Assert.Contains("id=\"place-form\"", refusedPage, StringComparison.Ordinal);
        Assert.Contains("<code>ARRAY006</code>", swapped, StringComparison.Ordinal);
        Assert.Contains("data-field=\"reason\"", unexplained, StringComparison.Ordinal);
        Assert.Equal(("refused", null), (stillRefused.Status, stillRefused.PlacedCorners));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var stored = (await web.Store.LoadArrayRunAsync(Patient, run))!;
        Assert.Equal(("placed", "molecular-lab"), (stored.Status, stored.PlacedBy));
        Assert.Matches("ARRAY00[145]", stored.SearchRefusal ?? string.Empty);
        var series = await web.Store.LoadAnalyteSeriesAsync(Patient);
        Assert.All(Layout.Value.Analytes, a => Assert.Contains(series.Series[$"{a} (array)"], p => p.Day == 4304 && p.Value > 0));
        var trail = await web.Store.LoadTrailAsync(Patient, PatientRecordKind.ArrayRun, run);
        Assert.Equal(["insert", "update"], trail.Entries.Select(e => e.Action));
        Assert.Equal("search refused: dust specks", trail.ReasonOf(trail.Entries[1]));
        var review = await client.GetStringAsync(path);
        Assert.Contains("grid placed by hand", review, StringComparison.Ordinal);
        Assert.Contains("id=\"analyte-table\"", review, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-form\"", review, StringComparison.Ordinal);
    }
}
