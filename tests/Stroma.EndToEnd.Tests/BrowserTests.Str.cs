using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;
using static Microsoft.Playwright.Assertions;

namespace Stroma.EndToEnd.Tests;

/// <summary>
/// Issue 14's STR run in the browser: the molecular lab uploads the shared Identifiler references (NIST MIX05 person A as the recipient,
/// the kit control 9947A as the kidney donor, with the run's ladder; tests/data/PROVENANCE.md) and a post-treatment sample simulated
/// from them (an in-silico mixture of the two real traces, 30 % donor), first without its sampling time (refused at its row, nothing
/// kept), then whole; and reviews the sample: the electropherogram with its allele labels, a zoom to one locus, the chimerism per locus; rejects
/// one of the donor's calls with a reason (the chimerism recomputed, before and after shown), signs with the password and sees the lock.
/// The demo app finds the kit in the shared kit folder (STROMA_KITS, set by <see cref="DemoSite"/>).
/// </summary>
public sealed partial class BrowserTests
{
    private const string Identifiler = "str/osiris/identifiler/";

    [Fact]
    public async Task Molecular_lab_uploads_an_Identifiler_run_and_reviews_the_post_treatment_sample()
    {
        var folder = Directory.CreateTempSubdirectory("stroma-e2e-str-").FullName;
        try
        {
            var mixture = Path.Combine(folder, "blood-d30-mixture.fsa");
            await File.WriteAllBytesAsync(mixture, AbifWriter.Write(Mixture(0.3)));
            string[] files = [SharedData.PathOf(Identifiler + "Identifiler_LADDER.fsa"), SharedData.PathOf(Identifiler + "MIX05case2_victim.fsa"),
                SharedData.PathOf(Identifiler + "Positive_Control.fsa"), mixture];
            string[] roles = ["ladder", "recipient", "kidney-donor", "post-treatment"];

            var page = await site.NewPageAsync();
            await SignInAsync(page, "molecular-lab");
            await page.GotoAsync($"/patients/{Patient}");
            await page.GetByRole(AriaRole.Link, new() { Name = "+ Upload an STR run" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/str/upload$"));

            // The post-treatment sample without its sampling time: STR015 at its row, nothing kept.
            await FillRunAsync(page, files, roles, sampledAt: null);
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyse and keep" }).ClickAsync();
            await Expect(page.Locator(".field-error[data-field='files[3].sampledAt']")).ToContainTextAsync("STR015");
            await Expect(page.Locator(".error-box[role=alert]")).ToContainTextAsync("Nothing was saved");
            await Expect(page.Locator("#str-kept")).ToHaveCountAsync(0);
            await DemoSite.ScreenshotAsync(page, "30-str-upload-refused");

            // Whole: kept, each sample linked to its review page.
            await FillRunAsync(page, files, roles, sampledAt: "2021-04-02T09:15:00+02:00");
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyse and keep" }).ClickAsync();
            await Expect(page.Locator("#str-kept")).ToContainTextAsync("Kept 3 samples");
            await Expect(page.Locator(".error-box")).ToHaveCountAsync(0); // the mixture's warnings are no errors
            var post = page.Locator("#str-kept-samples tr", new() { HasText = "post-treatment" });
            await Expect(post).ToContainTextAsync("kidney-donor:");
            await DemoSite.ScreenshotAsync(page, "31-str-upload-kept");

            // The review page: verdicts, the electropherogram with allele labels (AMEL X), the chimerism per locus.
            await post.GetByRole(AriaRole.Link).First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/str/STR-[0-9a-f]{{12}}$"));
            await Expect(page.Locator("#str-verdicts")).ToContainTextAsync("passed");
            var svg = page.Locator("#str-svg svg").First;
            await Expect(svg).ToBeVisibleAsync();
            await Expect(page.Locator("#str-svg text", new() { HasTextRegex = new Regex("^X$") }).First).ToBeAttachedAsync();
            await Expect(page.Locator("#str-chimerism")).ToContainTextAsync("kidney-donor");
            await Expect(page.Locator("#str-chimerism-loci tbody tr").First).ToBeVisibleAsync();
            await DemoSite.ScreenshotAsync(page, "32-str-review");
            await DemoSite.ScreenshotAsync(page.Locator("#str-svg"), "32-str-review-electropherogram");

            // Zoom to one locus: its panel alone, its calls labelled.
            await page.Locator("#str-zoom").GetByRole(AriaRole.Link, new() { Name = "D8S1179", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("\\?locus=D8S1179$"));
            await Expect(page.Locator("#str-zoom strong")).ToHaveTextAsync("D8S1179");
            await Expect(page.Locator("#str-svg svg").First).ToBeVisibleAsync();
            await DemoSite.ScreenshotAsync(page.Locator("#str-svg"), "33-str-review-zoom-D8S1179");

            // Reject one of the kidney donor's alleles that the sample calls, with a reason: the chimerism is recomputed from the
            // reviewed calls and its before/after shows the change; the automatic call stays beside the review.
            await page.Locator("#str-zoom").GetByRole(AriaRole.Link, new() { Name = "all dyes", Exact = true }).ClickAsync();
            var (locus, allele) = await DonorCallAsync(page);
            var donorBefore = await page.Locator("#chimerism-kidney-donor .before-after").InnerTextAsync();
            await page.Locator($"#call-{locus}").GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/review\\?locus={locus}$"));
            await page.Locator("#review-action").SelectOptionAsync("reject");
            await page.Locator("#review-allele").FillAsync(allele);
            await page.Locator("#review-reason").FillAsync("shoulder of pull-up from the dye above, not an allele");
            await DemoSite.ScreenshotAsync(page, "34-str-review-form");
            await page.GetByRole(AriaRole.Button, new() { Name = "Keep the review" }).ClickAsync();
            await Expect(page.Locator("#str-reviewed")).ToBeVisibleAsync();
            await Expect(page.Locator("#str-review-list")).ToContainTextAsync($"reject {locus} {allele}");
            await Expect(page.Locator($"#call-{locus} .reviewed-call")).Not.ToContainTextAsync(allele);
            await Expect(page.Locator("#chimerism-kidney-donor")).ToHaveClassAsync("changed");
            Assert.NotEqual(donorBefore, await page.Locator("#chimerism-kidney-donor .before-after").InnerTextAsync());
            await DemoSite.ScreenshotAsync(page, "35-str-reviewed");
            await page.GotoAsync(page.Url.Split('?')[0] + $"?locus={locus}");
            await Expect(page.Locator("#str-svg text", new() { HasText = "rejected" }).First).ToBeAttachedAsync();
            await DemoSite.ScreenshotAsync(page.Locator("#str-svg"), $"36-str-reviewed-zoom-{locus}");

            // Sign with the password typed again; the result is then locked: a further review is refused at its field.
            await page.Locator("#sign-meaning").SelectOptionAsync("review");
            await page.Locator("#sign-password").FillAsync(site.PasswordOf("molecular-lab"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
            await Expect(page.Locator(".signatures .signature-valid")).ToContainTextAsync("Demo molecular-lab");
            await Expect(page.Locator("p#str-locked")).ToBeVisibleAsync();
            await DemoSite.ScreenshotAsync(page, "37-str-signed");
            await page.Locator($"#call-{locus}").GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
            await Expect(page.Locator("#str-locked")).ToBeVisibleAsync();
            await page.Locator("#review-action").SelectOptionAsync("accept");
            var stillCalled = (await page.Locator("#str-review-locus tr", new() { HasText = "Reviewed call" }).Locator("td").InnerTextAsync()).Split(", ")[0];
            await page.Locator("#review-allele").FillAsync(stillCalled);
            await page.Locator("#review-reason").FillAsync("checked again");
            await page.GetByRole(AriaRole.Button, new() { Name = "Keep the review" }).ClickAsync();
            await Expect(page.Locator(".field-error[data-field='locus']")).ToContainTextAsync("STR024");
            await DemoSite.ScreenshotAsync(page, "38-str-locked-review-refused");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A locus where the kidney donor has an allele of its own (the per-locus table's "from alleles") that the sample calls.
    private static async Task<(string Locus, string Allele)> DonorCallAsync(IPage page)
    {
        foreach (var row in await page.Locator("#str-chimerism-loci tbody tr", new() { HasText = "kidney-donor" }).AllAsync())
        {
            var cells = await row.Locator("td").AllInnerTextsAsync();
            var (locus, from) = (cells[0], cells[4].Replace(" (outlier, left out)", string.Empty, StringComparison.Ordinal));
            var called = await page.Locator($"#call-{locus} td").Nth(3).InnerTextAsync();
            if (from != "1 − others" && from.Split(", ").FirstOrDefault(a => called.Split("; ").Any(c => c.StartsWith(a + ":", StringComparison.Ordinal))) is { } allele)
            {
                return (locus, allele);
            }
        }

        throw new InvalidOperationException("The sample calls none of the kidney donor's own alleles.");
    }

    private static async Task FillRunAsync(IPage page, string[] files, string[] roles, string? sampledAt)
    {
        await page.Locator("#kit").SelectOptionAsync("Identifiler");
        for (var i = 0; i < files.Length; i++)
        {
            await page.Locator($"#file-{i}").SetInputFilesAsync(files[i]);
            await page.Locator($"#role-{i}").SelectOptionAsync(roles[i]);
        }

        await page.Locator("#material-3").FillAsync("peripheral blood");
        await page.Locator("#sampledAt-3").FillAsync(sampledAt ?? string.Empty);
    }

    // The recipient's real trace with the donor's warped onto it at the given weight (Core's in-silico mixture, as its tests use it).
    private static AbifFile Mixture(double donorWeight)
    {
        Kit kit;
        using (var stream = File.OpenRead(SharedData.PathOf("str/kits/osiris/Identifiler_LadderInfo.xml")))
        {
            kit = OsirisKitReader.Read(stream, "Identifiler_LadderInfo.xml").ValueOrThrow();
        }

        AbifFile Read(string name) => AbifReader.ReadOrThrow(File.ReadAllBytes(SharedData.PathOf(Identifiler + name)), name);
        var ladder = StrAnalysis.Ladder(Read("Identifiler_LADDER.fsa"), "Identifiler_LADDER.fsa", kit, null, StrSettings.Default).ValueOrThrow();
        var (recipient, donor) = (Read("MIX05case2_victim.fsa"), Read("Positive_Control.fsa"));
        SizingCurve Curve(AbifFile file, string name) => StrAnalysis.Sample(file, name, ladder, null, StrSettings.Default, SampleRole.Sample).ValueOrThrow().Lane.Curve;
        return InSilicoMixture.Mix(recipient, Curve(recipient, "recipient"), donor, Curve(donor, "donor"), donorWeight, kit.StandardFileChannel);
    }
}
