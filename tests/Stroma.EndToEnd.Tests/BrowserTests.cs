using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Stroma.EndToEnd.Tests;

/// <summary>
/// Issue 13's "done when", in a real browser on the real app: a research nurse enters a lab result through a typo and an
/// amendment and finds both in the record's trail; a researcher, on the same browser after a sign-out, sees no identity; a wrong
/// password is refused. One class, so the tests run one after another (a 2-core machine runs the app and the browser).
/// </summary>
public sealed partial class BrowserTests(DemoSite site)
{
    private const string Patient = "DEMO-001";

    // The demo case's identity (Stroma.Core's DemoCase and the demo load): what a researcher must never be shown.
    private const string Name = "Synthetic Demo Patient";
    private const string HospitalNumber = "DEMO-HN-0001";
    private static readonly DateOnly BirthDate = new(2007, 10, 15);

    // The birth date as a page might write it.
    private static readonly string[] BirthDateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "d MMM yyyy", "d MMMM yyyy", "MMMM d, yyyy"];


    [Fact]
    public async Task Research_nurse_fixes_a_decimal_comma_saves_a_creatinine_amends_it_and_finds_the_amendment_in_its_trail()
    {
        var page = await site.NewPageAsync();
        await SignInAsync(page, "nurse", "01-nurse-sign-in");
        await Expect(page.Locator("header.top .who")).ToContainTextAsync("nurse (research-nurse)");

        // The patient list, then the demo patient's page: the answer card, both plots, the lab table.
        await page.GotoAsync("/patients");
        await page.GetByRole(AriaRole.Link, new() { Name = Patient, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}$"));
        await Expect(page.Locator("#answer")).ToBeVisibleAsync();
        await Expect(Plot(page, "upcr").Locator("svg")).ToBeVisibleAsync();
        await Expect(Plot(page, "egfr").Locator("svg")).ToBeVisibleAsync();
        var rows = page.Locator("#lab-table tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var labsBefore = await LabCountAsync(page);
        await DemoSite.ScreenshotAsync(page, "02-nurse-patient-page");

        // A creatinine typed with a decimal comma: LAB004 at the value field, nothing saved, the typo kept to correct.
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Enter a lab result" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/labs/new$"));
        var sampledAt = SampleTime();
        await page.Locator("#analyte").SelectOptionAsync("creatinine");
        await page.Locator("#value").FillAsync("0,93");
        await page.Locator("#unit").SelectOptionAsync("mg/dL");
        await page.Locator("#sampledAt").FillAsync(sampledAt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field=value]")).ToContainTextAsync("LAB004");
        await Expect(page.Locator(".error-box[role=alert]")).ToContainTextAsync("Nothing was saved");
        await Expect(page.Locator(".field-error:not([data-field=value])")).ToHaveCountAsync(0);
        await Expect(page.Locator("#value")).ToHaveValueAsync("0,93");
        await Expect(page.Locator("#value")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.DoesNotContain("saved=", page.Url, StringComparison.Ordinal);
        await DemoSite.ScreenshotAsync(page, "03-lab-field-error");

        // Corrected to 0.93 and saved: the notice, one new row (the typo saved nothing), and a new point on the eGFR plot.
        await page.Locator("#value").FillAsync("0.93");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}\?saved=[^&#]+"));
        var labId = SavedId(page.Url);
        await Expect(page.Locator(".notice[role=status]")).ToContainTextAsync($"Lab result {labId} saved");
        await Expect(page.Locator("#lab-pages")).ToContainTextAsync($" of {labsBefore + 1})");
        var row = page.Locator($"#lab-table tr[id='lab-{labId}']");
        await Expect(row).ToHaveClassAsync("saved");
        await Expect(row).ToBeInViewportAsync();
        await Expect(row).ToContainTextAsync("creatinine");
        await Expect(row).ToContainTextAsync(sampledAt[..10]);
        await Expect(row.Locator("td.num").First).ToContainTextAsync("0.93");
        await Expect(EgfrPoint(page, labId)).ToHaveCountAsync(1);
        await DemoSite.ScreenshotAsync(page, "04-lab-saved");
        await DemoSite.ScreenshotAsync(page.Locator("#egfr-plot"), "04-lab-saved-egfr-plot");

        // Amended to 0.95 with a reason: the form shows the stored value and time; the row shows the new value.
        await row.GetByRole(AriaRole.Link, new() { Name = "amend" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/labs/{Regex.Escape(labId)}/amend$"));
        await Expect(page.Locator("#value")).ToHaveValueAsync("0.93");
        await Expect(page.Locator("#sampledAt")).ToHaveValueAsync(sampledAt);
        const string reason = "Transcription error: the laboratory report reads 0.95 mg/dL";
        await page.Locator("#value").FillAsync("0.95");
        await page.Locator("#reason").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}\?saved={Regex.Escape(labId)}"));
        await Expect(page.Locator("#lab-pages")).ToContainTextAsync($" of {labsBefore + 1})");
        await Expect(row.Locator("td.num").First).ToContainTextAsync("0.95");
        await Expect(EgfrPoint(page, labId)).ToHaveCountAsync(1);

        // The record's trail, reached from its point on the eGFR plot (the plot's link opens in the page, not in the plot's frame):
        // entered, then amended by the nurse with the reason, the value before (0.93) and after (0.95).
        await EgfrPoint(page, labId).Locator("xpath=..").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/labs/{Regex.Escape(labId)}/trail$"));
        var trail = page.Locator("#trail");
        await Expect(trail.Locator("tr.entry")).ToHaveCountAsync(2);
        var entered = trail.Locator("tr.entry").Nth(0);
        var amended = trail.Locator("tr.entry").Nth(1);
        await Expect(entered).ToContainTextAsync("entered");
        await Expect(amended).ToContainTextAsync("amended");
        await Expect(amended).ToContainTextAsync("nurse");
        await Expect(amended).ToContainTextAsync(reason);
        var changes = await ChangesAsync(trail);
        Assert.Contains(("0.93", "0.95"), changes);
        await DemoSite.ScreenshotAsync(page, "05-lab-trail");

        // Signing out ends the session: the patient page asks for a sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await page.GotoAsync($"/patients/{Patient}");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("#lab-table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Researcher_signed_in_after_a_nurse_signs_out_is_shown_no_name_hospital_number_or_birth_date()
    {
        // The nurse first, on the same browser: the identity is there to be hidden (and the tests' strings are the page's).
        var page = await site.NewPageAsync();
        await SignInAsync(page, "nurse");
        await page.GotoAsync($"/patients/{Patient}");
        await Expect(page.Locator("#lab-table")).ToBeVisibleAsync();
        var careTeamView = await page.ContentAsync();
        Assert.Contains(Name, careTeamView, StringComparison.Ordinal);
        Assert.Contains(HospitalNumber, careTeamView, StringComparison.Ordinal);
        Assert.Contains(BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), careTeamView, StringComparison.Ordinal);
        var firstLab = page.Locator("#lab-table tbody tr").First;
        var firstLabId = await firstLab.GetAttributeAsync("id");
        var firstLabSampled = await firstLab.Locator("td").Nth(2).InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login$"));

        await SignInAsync(page, "researcher");
        await Expect(page.Locator("header.top .who")).ToContainTextAsync("researcher (researcher)");

        // The patient list: the patient is listed, by pseudonymous id only.
        await page.GotoAsync("/patients");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = Patient, Exact = true })).ToBeVisibleAsync();
        AssertNoIdentity(await page.ContentAsync(), "/patients");
        await DemoSite.ScreenshotAsync(page, "06-researcher-patients");

        // The patient page: the answer, the plots and the labs, with no identity, every date shifted and no trail links.
        await page.GetByRole(AriaRole.Link, new() { Name = Patient, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}$"));
        await Expect(page.Locator("#answer")).ToBeVisibleAsync();
        await Expect(Plot(page, "egfr").Locator("svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#lab-table tbody tr").First).ToBeVisibleAsync();
        AssertNoIdentity(await page.ContentAsync(), $"/patients/{Patient}");
        var plots = page.Frames.Where(f => f.Url.Contains("/plots/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, plots.Count);
        foreach (var frame in plots)
        {
            AssertNoIdentity(await frame.ContentAsync(), frame.Url);
            Assert.DoesNotContain(firstLabId!, await frame.ContentAsync(), StringComparison.Ordinal);
        }

        // The same newest result, under an opaque id (a keyed hash: an id can be made from a file's hash) and at a shifted time.
        var sameLab = page.Locator("#lab-table tbody tr").First;
        Assert.Matches("^lab-r-[0-9a-f]{16}$", await sameLab.GetAttributeAsync("id"));
        Assert.DoesNotContain(firstLabId!, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.NotEqual(firstLabSampled, await sameLab.Locator("td").Nth(2).InnerTextAsync());
        await Expect(page.Locator("#lab-table").GetByRole(AriaRole.Link, new() { Name = "trail" })).ToHaveCountAsync(0);
        await DemoSite.ScreenshotAsync(page, "07-researcher-patient-page");
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_stays_on_the_sign_in_page()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#user").FillAsync("admin");
        await page.Locator("#password").FillAsync(site.PasswordOf("admin") + "-wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("user name or password is not right");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        await DemoSite.ScreenshotAsync(page, "00-wrong-password");

        // Still signed out: the patient list sends the browser back to the sign-in page.
        await page.GotoAsync("/patients");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("#password")).ToBeVisibleAsync();
    }

    private async Task SignInAsync(IPage page, string user, string? screenshot = null)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#user").FillAsync(user);
        await page.Locator("#password").FillAsync(site.PasswordOf(user));
        if (screenshot is not null)
        {
            await DemoSite.ScreenshotAsync(page, screenshot);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    // A follow-up visit in the demo course (between its day-540 and day-660 visits; the course lies in the past), 09:30 in the site's
    // time zone, as the form's datetime-local field takes it.
    private static string SampleTime() => "2022-10-26T09:30";

    // The number of lab results, from the lab table's pager ("Page 1 of 6 (1–25 of 142)"): the table shows one page of them.
    private static async Task<int> LabCountAsync(IPage page) =>
        int.Parse(Regex.Match(await page.Locator("#lab-pages").InnerTextAsync(), @" of (\d+)\)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string SavedId(string url)
    {
        var query = new Uri(url).Query.TrimStart('?').Split('&');
        var saved = query.Single(p => p.StartsWith("saved=", StringComparison.Ordinal));
        return Uri.UnescapeDataString(saved["saved=".Length..]);
    }

    // A plot of the patient page: its own SVG document in a frame.
    private static IFrameLocator Plot(IPage page, string name) => page.FrameLocator($"#{name}-plot iframe");

    // The eGFR plot's hover titles name the creatinine each point comes from.
    private static ILocator EgfrPoint(IPage page, string labId) =>
        Plot(page, "egfr").Locator("svg circle.point title").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(labId)}: eGFR ") });

    // Each changed column's (before, after) in the trail: the two code cells of its row, without the quotes a text value is shown in.
    private static async Task<List<(string Before, string After)>> ChangesAsync(ILocator trail)
    {
        var changes = new List<(string, string)>();
        foreach (var tr in await trail.Locator("tbody tr").AllAsync())
        {
            var codes = await tr.Locator("code").AllInnerTextsAsync();
            if (codes.Count == 2)
            {
                changes.Add((codes[0].Trim('\''), codes[1].Trim('\'')));
            }
        }

        return changes;
    }

    private static void AssertNoIdentity(string html, string page)
    {
        var birth = BirthDate.ToDateTime(TimeOnly.MinValue);
        string[] forbidden =
        [
            Name, HospitalNumber,
            .. BirthDateFormats.Select(f => birth.ToString(f, CultureInfo.InvariantCulture)),
        ];
        foreach (var text in forbidden)
        {
            Assert.False(html.Contains(text, StringComparison.OrdinalIgnoreCase), $"The researcher's {page} shows '{text}'.");
        }
    }
}
