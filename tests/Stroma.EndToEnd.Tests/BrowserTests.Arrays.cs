using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stroma.Core.Proteome;
using Stroma.Core.Simulation;
using static Microsoft.Playwright.Assertions;

namespace Stroma.EndToEnd.Tests;

// Issue 14's membrane arrays in the browser: the molecular lab uploads the shared ARY022B exposure series and sees the fitted grid
// with every analyte numbered; then a membrane the grid search refuses (a simulated one under dust specks), places its grid by clicking
// the three corner reference spots on the image, and sees the analyte table.
public sealed partial class BrowserTests
{
    private static readonly string[] ArrayFrames = ["00005", "00010", "00016"];

    [Fact]
    public async Task Molecular_lab_uploads_the_ARY022B_frames_sees_the_grid_then_places_a_refused_membrane_by_hand()
    {
        var page = await site.NewPageAsync();
        await SignInAsync(page, "molecular-lab");
        var layout = ShippedLayouts.Find("ARY022B")!;

        // The shared proMAD frames (each TIFF states its exposure): the grid found, every spot outlined, every analyte numbered.
        await page.GotoAsync($"/patients/{Patient}");
        await page.Locator("#upload-array").ClickAsync();
        await page.Locator("#images").SetInputFilesAsync(ArrayFrames.Select(n => SharedData.PathOf($"proteome/images/promad_ARY022B_prepared_{n}.tif")));
        await page.Locator("#layout").SelectOptionAsync("ARY022B");
        await page.Locator("#sample").FillAsync("serum, before the 3rd infusion");
        await page.Locator("#day").FillAsync("901");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check, quantify and keep" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}/arrays/[^/?]+\?uploaded=1$"));
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("grid found");
        await Expect(page.Locator("#array-grid circle.spot")).ToHaveCountAsync(layout.Spots.Length);
        await Expect(page.Locator("#array-grid text.spot-number")).ToHaveCountAsync(layout.Analytes.Length);
        await Expect(page.Locator("#analyte-table tr[data-analyte='Serpin E1']")).ToContainTextAsync("E1");
        await Expect(page.Locator("#array-grid image")).ToHaveAttributeAsync("href", new Regex(@"/images/\d+\.png$"));
        await DemoSite.ScreenshotAsync(page, "arrays-01-ary022b-review");
        await DemoSite.ScreenshotAsync(page.Locator("#array-figure"), "arrays-01-ary022b-grid");

        // A membrane the search refuses: kept with its refusal; nothing quantified until the grid is placed.
        var (file, truth) = DustyMembrane();
        await page.GotoAsync($"/patients/{Patient}/arrays/upload");
        await page.Locator("#images").SetInputFilesAsync([file]);
        await page.Locator("#layout").SelectOptionAsync("ARY022B");
        await page.Locator("#sample").FillAsync("urine, day 902");
        await page.Locator("#day").FillAsync("902");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check, quantify and keep" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}/arrays/[^/?]+\?uploaded=1$"));
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("grid search refused");
        await Expect(page.Locator("#search-refusal")).ToContainTextAsync("ARRAY00");
        await Expect(page.Locator("#no-analytes")).ToBeVisibleAsync();
        await DemoSite.ScreenshotAsync(page, "arrays-02-refused");

        // Three clicks on the image at the true corner spots fill the form; the run is quantified from them.
        var (tl, tr, bl) = HandPlacement.CornersOf(layout)!.Value;
        var svg = page.Locator("#array-grid");
        await svg.ScrollIntoViewIfNeededAsync();
        foreach (var spot in new[] { tl, tr, bl })
        {
            var (x, y) = truth.Centres[spot.Label];
            var box = (await svg.BoundingBoxAsync())!;
            var scale = Math.Min(box.Width / truth.Image.Width, box.Height / truth.Image.Height);
            var (left, top) = (box.X + ((box.Width - (truth.Image.Width * scale)) / 2), box.Y + ((box.Height - (truth.Image.Height * scale)) / 2));
            await page.Mouse.ClickAsync((float)(left + (x * scale)), (float)(top + (y * scale)));
        }

        await Expect(page.Locator("#place-next")).ToContainTextAsync($"Next click: {tl.Label}");
        var clickedX = double.Parse(await page.Locator("#top-right-x").InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(clickedX, truth.Centres[tr.Label].X - 3, truth.Centres[tr.Label].X + 3);
        await page.Locator("#place-reason").FillAsync("search refused: dust specks on the membrane");
        await DemoSite.ScreenshotAsync(page.Locator("#array-figure"), "arrays-03-corners-clicked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Quantify from this placement" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}/arrays/[^/?]+\?placed=1$"));
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("grid placed by hand");
        await Expect(page.Locator("#grid-origin")).ToContainTextAsync("placed by hand by molecular-lab");
        await Expect(page.Locator("#search-refusal")).ToBeVisibleAsync();
        await Expect(page.Locator("#analyte-table tbody tr")).ToHaveCountAsync(layout.Analytes.Length);
        await Expect(page.Locator("#array-grid circle.spot")).ToHaveCountAsync(layout.Spots.Length);
        await DemoSite.ScreenshotAsync(page, "arrays-04-placed");
        await DemoSite.ScreenshotAsync(page.Locator("#array-figure"), "arrays-04-placed-grid");
    }

    // The Imaging tests' membrane the search refuses (dust specks outweigh the spots), written as a PNG, with its truth.
    private static (string File, SimulatedMembrane Truth) DustyMembrane()
    {
        var layout = ShippedLayouts.Find("ARY022B")!;
        var random = new Random(3);
        var intensities = layout.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        var membrane = MembraneSimulator.Render(layout, intensities, new MembraneSettings(RotationDegrees: 5, Specks: 400, SpeckPeak: 30000));
        var file = Path.Combine(Directory.CreateTempSubdirectory("stroma-e2e-membrane-").FullName, "dusty-membrane.png");
        File.WriteAllBytes(file, Imaging.ImageWriter.Png(membrane.Image));
        return (file, membrane);
    }
}
