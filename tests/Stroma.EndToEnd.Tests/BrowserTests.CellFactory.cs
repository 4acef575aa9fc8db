using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Stroma.EndToEnd.Tests;

/// <summary>
/// Issue 14's cell factory and bedside, in the browser: a late failing release result makes the demo lot unreleasable (the qualified
/// person's signature is refused), a passing retest lets her release it; at the bedside a DIN with a wrong check character is refused.
/// </summary>
public sealed partial class BrowserTests
{
    private const string Lot = "MSC-DEMO-001";

    [Fact]
    public async Task Cell_factory_enters_a_failing_result_the_qp_is_refused_a_passing_retest_is_released_and_a_wrong_din_is_refused_at_the_bedside()
    {
        // A day ago and twenty hours ago, as datetime-local fields: in the past whatever the site's zone, the retest the newer.
        static string Local(double hoursAgo) => DateTime.UtcNow.AddHours(-hoursAgo).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var factory = await site.NewPageAsync();
        await SignInAsync(factory, "cell-factory");
        await factory.GotoAsync($"/lots/{Lot}");
        await factory.GetByRole(AriaRole.Link, new() { Name = "Enter release results" }).ClickAsync();
        await Expect(factory).ToHaveURLAsync(new Regex($"/lots/{Lot}/results$"));
        await factory.Locator("[id='result.viability']").FillAsync("65");
        await factory.Locator("#at").FillAsync(Local(24));
        await factory.GetByRole(AriaRole.Button, new() { Name = "Check and add results" }).ClickAsync();
        await Expect(factory.Locator("#results-saved")).ToContainTextAsync("does not meet its specification");
        await Expect(factory.Locator("[data-verdict=viability]")).ToContainTextAsync("fail");
        await DemoSite.ScreenshotAsync(factory, "40-release-result-failing");

        // The qualified person: the release signature is refused (SIG012), the lot is not released.
        var qp = await site.NewPageAsync();
        await SignInAsync(qp, "qp");
        await qp.GotoAsync($"/lots/{Lot}");
        await Expect(qp.Locator("#release-verdict")).ToContainTextAsync("NOT RELEASED");
        await qp.Locator("#sign-meaning").SelectOptionAsync("release");
        await qp.Locator("#sign-password").FillAsync(site.PasswordOf("qp"));
        await qp.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        await Expect(qp.Locator("#sign-form")).ToContainTextAsync("SIG012");
        await Expect(qp.Locator("#release-verdict")).ToContainTextAsync("NOT RELEASED");
        await DemoSite.ScreenshotAsync(qp, "41-release-refused");

        // The retest passes; the qualified person signs the release.
        await factory.GotoAsync($"/lots/{Lot}/results");
        await factory.Locator("[id='result.viability']").FillAsync("88.5");
        await factory.Locator("#at").FillAsync(Local(20));
        await factory.GetByRole(AriaRole.Button, new() { Name = "Check and add results" }).ClickAsync();
        await Expect(factory.Locator("#results-saved")).ToContainTextAsync("meets its specification");
        await Expect(factory.Locator("[data-verdict=viability]")).ToContainTextAsync("pass");
        await qp.GotoAsync($"/lots/{Lot}");
        await qp.Locator("#sign-meaning").SelectOptionAsync("release");
        await qp.Locator("#sign-password").FillAsync(site.PasswordOf("qp"));
        await qp.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        // Released, and past its expiry (the demo lot expired on 2022-01-22 23:59 +01:00): the page says both, as the gate would refuse it.
        await Expect(qp.Locator("#release-verdict")).ToContainTextAsync("RELEASED — EXPIRED on 2022-01-22 23:59 +01:00, not to be infused.");
        await Expect(qp.Locator("#release-verdict")).Not.ToContainTextAsync("NOT RELEASED");
        await DemoSite.ScreenshotAsync(qp, "42-released");

        // The bedside: the demo bag's DIN with a wrong check character, typed as a scanner does (then Enter): refused with ISBT003.
        var nurse = await site.NewPageAsync();
        await SignInAsync(nurse, "nurse");
        await nurse.GotoAsync($"/patients/{Patient}/bedside");
        await Expect(nurse.Locator("#din")).ToBeFocusedAsync();
        // The first bag's DIN as the lot page prints it ("A9999 25 017001 K": facility, year, sequence, check character).
        var din = DinPattern().Match(await qp.Locator("#custody ~ h3").First.InnerTextAsync()).Groups[1].Value;
        var wrong = din[..^1] + (din[^1] == 'A' ? 'B' : 'A');
        await nurse.Keyboard.TypeAsync(wrong);
        await nurse.Keyboard.PressAsync("Enter");
        await Expect(nurse.Locator("#bedside-refusal")).ToContainTextAsync("ISBT003");
        await Expect(nurse.Locator("#infusion-form")).ToHaveCountAsync(0);
        await DemoSite.ScreenshotAsync(nurse, "43-bedside-wrong-din");

        // The right DIN: the gate's verdict with every failing reason (the demo bag was infused long ago).
        await nurse.Locator("#din").FillAsync(din);
        await nurse.Keyboard.PressAsync("Enter");
        await Expect(nurse.Locator("#bedside-verdict")).ToContainTextAsync("DO NOT INFUSE");
        await Expect(nurse.Locator("[data-condition='custody whole']")).ToContainTextAsync("COC009");
        await DemoSite.ScreenshotAsync(nurse, "44-bedside-verdict");
    }

    [GeneratedRegex(@"DIN ([A-Z0-9]{5} \d\d \d{6} [A-Z0-9*])")]
    private static partial Regex DinPattern();
}
