using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Stroma.EndToEnd.Tests;

/// <summary>The course and safety forms in the browser: a plasma exchange session, then an adverse event through a grade its term does not have.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Research_nurse_enters_a_plasma_exchange_session_and_an_adverse_event_fixing_a_grade_the_term_does_not_have()
    {
        var page = await site.NewPageAsync();
        await SignInAsync(page, "nurse");
        await page.GotoAsync($"/patients/{Patient}");
        var at = SampleTime();

        // A plasma exchange session at the site's local time: saved, its row highlighted in the patient page's section.
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Enter a plasma exchange session" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/plasma-exchanges/new$"));
        await page.Locator("#at").FillAsync(at);
        await page.Locator("#plasmaVolumes").FillAsync("1.2");
        await page.Locator("#replacementFluid").FillAsync("5% albumin");
        await DemoSite.ScreenshotAsync(page, "08-plasma-exchange-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}\?entered=pe-[^&#]+"));
        var sessionId = EnteredId(page.Url);
        await Expect(page.Locator("#entered-notice")).ToContainTextAsync($"Plasma exchange session {sessionId} saved");
        var session = page.Locator($"#plasma-exchange-table tr[id='plasma-exchanges-{sessionId}']");
        await Expect(session).ToHaveClassAsync("saved");
        await Expect(session).ToContainTextAsync(at[..10]);
        await Expect(session).ToContainTextAsync("5% albumin");
        await DemoSite.ScreenshotAsync(page, "09-plasma-exchange-saved");

        // An anaphylaxis at grade 2, which CTCAE v5 does not have: AE002 at the grade, nothing saved, the other fields kept.
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Record an adverse event" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/adverse-events/new$"));
        await page.Locator("#verbatim").FillAsync("wheeze and urticaria during plasma exchange");
        await page.Locator("#term").SelectOptionAsync("Anaphylaxis");
        await page.Locator("#grade").SelectOptionAsync("2");
        await page.Locator("#onset").FillAsync(at);
        await page.Locator("#relatedness").SelectOptionAsync("Unlikely");
        await page.Locator("#outcome").SelectOptionAsync("Recovered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".field-error[data-field=grade]")).ToContainTextAsync("AE002");
        await Expect(page.Locator(".error-box[role=alert]")).ToContainTextAsync("Nothing was saved");
        await Expect(page.Locator(".field-error:not([data-field=grade])")).ToHaveCountAsync(0);
        await Expect(page.Locator("#grade")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#verbatim")).ToHaveValueAsync("wheeze and urticaria during plasma exchange");
        await DemoSite.ScreenshotAsync(page, "10-adverse-event-grade-error");

        // Grade 3, which it has: saved, listed in the safety table with its links.
        await page.Locator("#grade").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/patients/{Patient}\?entered=ae-[^&#]+"));
        var eventId = EnteredId(page.Url);
        await Expect(page.Locator("#entered-notice")).ToContainTextAsync($"Adverse event {eventId} saved");
        var row = page.Locator($"tr[id='adverse-events-{eventId}']");
        await Expect(row).ToContainTextAsync("Anaphylaxis");
        await Expect(row.Locator("td.num")).ToHaveTextAsync("3");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "trail" })).ToHaveCountAsync(1);
        await DemoSite.ScreenshotAsync(page, "11-adverse-event-saved");

        // Its trail: entered by the nurse, with the time in the site's zone and offset.
        await row.GetByRole(AriaRole.Link, new() { Name = "trail" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/patients/{Patient}/trail/adverse-events/{Regex.Escape(eventId)}$"));
        await Expect(page.Locator("#trail tr.entry")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trail tr.entry")).ToContainTextAsync("entered");
        await Expect(page.Locator("#trail tr.entry td.when")).ToHaveTextAsync(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0[12]:00$"));
        await DemoSite.ScreenshotAsync(page, "12-adverse-event-trail");
    }

    private static string EnteredId(string url)
    {
        var query = new Uri(url).Query.TrimStart('?').Split('&');
        return Uri.UnescapeDataString(query.Single(p => p.StartsWith("entered=", StringComparison.Ordinal))["entered=".Length..]);
    }
}
