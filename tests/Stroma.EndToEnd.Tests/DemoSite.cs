using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Stroma.EndToEnd.Tests.DemoSite))]

namespace Stroma.EndToEnd.Tests;

/// <summary>
/// The real app, started as a user starts it (<c>dotnet stroma.dll demo --serve --dir TEMP --port P</c>, a child process), and
/// Debian's Chromium driven by Playwright. One for the assembly: the demo load takes about 15 seconds. The child's demo accounts
/// and their one-time passwords are read from its standard output. Without <see cref="BrowserPath"/> the tests skip with the
/// reason (nothing is started), and fail instead under <c>STROMA_REQUIRE_BROWSER=1</c> (set by <c>.ci/run</c>).
/// </summary>
public sealed partial class DemoSite : IAsyncLifetime
{
    /// <summary>Debian's Chromium: the only browser these tests use (none is ever downloaded).</summary>
    public const string BrowserPath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-e2e-").FullName;
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _app;
    private IPlaywright? _playwright;
    private string? _skipReason;

    /// <summary>The address the app serves on (http://127.0.0.1:P).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The browser, shared by the tests; each test opens its own context (its own cookies).</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: <c>STROMA_SCREENSHOTS</c>, else <c>screenshots</c> in the test output folder.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("STROMA_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(BrowserPath))
        {
            _skipReason = $"No browser at {BrowserPath}: install Debian's chromium (apt-get install chromium) to run the browser tests; "
                + "none is downloaded.";
            return;
        }

        try
        {
            Address = await StartAppAsync();
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserPath,
                Headless = true,
                // A container's root user has no sandbox to drop into; /dev/shm is small in containers.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
            // The first page of each kind is rendered cold, on a 2-core machine that may be running the other suites too.
            Assertions.SetDefaultExpectTimeout(30_000);
            Directory.CreateDirectory(ScreenshotFolder);
        }
        catch
        {
            await StopAsync(requireCleanStop: false);
            throw;
        }
    }

    /// <summary>
    /// Closes the browser and stops the app as a user does, with Ctrl+C (SIGINT): the app says Ctrl+C stops it, and a run in which it
    /// does not stop, or stops with an error, fails here. Then the temporary folder goes.
    /// </summary>
    public ValueTask DisposeAsync() => StopAsync(requireCleanStop: true);

    // Safe to call twice (a failed start stops what it started, and xunit may dispose again).
    private async ValueTask StopAsync(bool requireCleanStop)
    {
        if (Browser is { } browser)
        {
            Browser = null!;
            await browser.CloseAsync();
        }

        _playwright?.Dispose();
        _playwright = null;
        string? failure = null;
        if (_app is { } app)
        {
            _app = null;
            failure = await InterruptAsync(app);
            if (failure is not null && !app.HasExited)
            {
                app.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.WaitForExitAsync(wait.Token);
            app.Dispose();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        if (failure is not null && requireCleanStop)
        {
            throw new InvalidOperationException($"{failure}\n{Output}");
        }
    }

    // Ctrl+C: SIGINT to the app; null when it then stops within StopTimeout with exit code 0, else what went wrong.
    private static async Task<string?> InterruptAsync(Process app)
    {
        if (app.HasExited)
        {
            return $"The app had exited by itself (exit code {app.ExitCode}).";
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", app.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            await app.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return $"The app did not stop within {StopTimeout.TotalSeconds} s of SIGINT (Ctrl+C); killed.";
        }

        return app.ExitCode == 0 ? null : $"The app stopped on SIGINT (Ctrl+C) with exit code {app.ExitCode}, not 0.";
    }

    /// <summary>A new browser context (no cookies) and its page, on the app's address; skips or fails when there is no browser.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (_skipReason is { } reason)
        {
            if (Environment.GetEnvironmentVariable("STROMA_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail("STROMA_REQUIRE_BROWSER=1: " + reason);
            }

            Assert.Skip(reason);
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "Europe/Rome",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>The one-time password the app printed for a demo account.</summary>
    public string PasswordOf(string user) =>
        _passwords.TryGetValue(user, out var password) ? password : throw new InvalidOperationException($"The app printed no password for '{user}':\n{Output}");

    /// <summary>What the app printed so far (standard output and error).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Saves a full-page screenshot named <paramref name="name"/>.png; a page much longer than the window (the patient page with
    /// its whole lab table) also gets NAME-window.png, what the user sees first without scrolling.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        var height = await page.EvaluateAsync<int>("document.documentElement.scrollHeight");
        if (page.ViewportSize is { } window && height > 2 * window.Height)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + "-window.png") });
        }
    }

    /// <summary>Saves a screenshot of one element (a plot, a table) named <paramref name="name"/>.png.</summary>
    public static async Task ScreenshotAsync(ILocator element, string name)
    {
        ArgumentNullException.ThrowIfNull(element);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });
    }

    private async Task<Uri> StartAppAsync()
    {
        var dll = StromaDll();
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { dll, "demo", "--serve", "--dir", _folder, "--port", FreePort().ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        // The lab's kit folder: the shared OSIRIS kit definitions (the STR upload offers Identifiler from there).
        start.Environment["STROMA_KITS"] = Path.GetDirectoryName(global::Stroma.Tests.SharedData.PathOf("str/kits/osiris/Identifiler_LadderInfo.xml"));
        _app = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {dll}.");
        _ = Task.Run(() => ReadOutputAsync(_app.StandardOutput));
        _ = Task.Run(() => ReadErrorsAsync(_app.StandardError));

        var exited = _app.WaitForExitAsync();
        var first = await Task.WhenAny(_serving.Task, exited, Task.Delay(StartTimeout));
        if (first == _serving.Task)
        {
            return await _serving.Task;
        }

        throw new InvalidOperationException(first == exited
            ? $"The app exited with {_app.ExitCode} before serving:\n{Output}"
            : $"The app did not serve within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private async Task ReadOutputAsync(StreamReader reader)
    {
        var inAccounts = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            Append(line);
            if (line.StartsWith("Demo accounts", StringComparison.Ordinal))
            {
                inAccounts = true;
            }
            else if (ServingLine().Match(line) is { Success: true } serving)
            {
                inAccounts = false;
                _serving.TrySetResult(new Uri(serving.Groups["address"].Value));
            }
            else if (inAccounts && AccountLine().Match(line) is { Success: true } account)
            {
                lock (_passwords)
                {
                    _passwords[account.Groups["user"].Value] = account.Groups["password"].Value;
                }
            }
        }
    }

    private async Task ReadErrorsAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            Append("stderr: " + line);
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // The CLI built beside this test project, in the same configuration and framework (the ProjectReference builds it first):
    // this assembly is in tests/Stroma.EndToEnd.Tests/bin/CONFIGURATION/FRAMEWORK/.
    private static string StromaDll()
    {
        var here = new DirectoryInfo(Path.GetDirectoryName(typeof(DemoSite).Assembly.Location)!);
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var dll = Path.Combine(SharedData.RepositoryRoot, "src", "Stroma.Cli", "bin", configuration, framework, "stroma.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The CLI is not built at {dll} (build this test project: it builds the CLI first).", dll);
    }

    // The dotnet host running these tests (dotnet test names it), else the one beside the running runtime, else the PATH's.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var beside = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^Stroma is serving .* at (?<address>http://\S+) \(")]
    private static partial Regex ServingLine();

    [GeneratedRegex(@"^\s+(?<user>[a-z-]+)\s+(?<role>[a-z-]+)\s+(?<password>\S{12,})$")]
    private static partial Regex AccountLine();
}
