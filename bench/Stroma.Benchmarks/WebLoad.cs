using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Stroma.Core.Simulation;

namespace Stroma.Benchmarks;

/// <summary>
/// The web app under load (issue 13): <c>stroma serve</c> (the Release build, its own process) on a synthetic registry of
/// STROMA_BENCH_PATIENTS patients (default 10,000) with STROMA_BENCH_WEB_LABS lab results each (default 100), on loopback, each
/// request for a random patient, authenticated by an API token. Two loads per target: 50 concurrent users, each waiting a think
/// time of 0.5 to 1.5 s between requests (people reading a page), and saturation (50 clients, no think time: the throughput
/// ceiling). Reported for the patient page, one of its plots (the page embeds two, each its own request) and the assessment API beside
/// the baseline measured in the same run: a static file from the same server (the framework's script). p50/p95/p99 in milliseconds and the rate; every request must answer 200.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/Stroma.Benchmarks -- web-load [SECONDS]</c>.</remarks>
public static class WebLoad
{
    private const int Clients = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var patients = Registry.Patients;
        var labs = int.Parse(Environment.GetEnvironmentVariable("STROMA_BENCH_WEB_LABS") ?? "100", CultureInfo.InvariantCulture);
        var store = await Registry.EnsureAsync(patients, labs);
        var db = store.Location.FilePath!;
        var cli = Path.Combine(BenchData.Repository(), "src", "Stroma.Cli", "bin", "Release", "net10.0", "stroma.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"web-load: {cli} is missing: build it with 'dotnet build -c Release src/Stroma.Cli'.");
            return 2;
        }

        await Stroma("user add --db " + db + " --user load-test --role clinician", cli, allowFailure: true);
        var token = JsonDocument.Parse(await Stroma($"token create --db {db} --user load-test --expires 1d --json", cli)).RootElement.GetProperty("token").GetString()!;
        var port = FreePort();
        using var server = Start(cli, $"serve --db {db} --port {port}");
        var address = $"http://127.0.0.1:{port}";
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, UseCookies = false }) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await WaitForAsync(client);

        Console.WriteLine($"// web load: {patients} patients x {labs} labs, {Clients} clients, {seconds} s per target and round, loopback {address}");
        var targets = new (string Name, Func<Random, string> Path)[]
        {
            ("static file (baseline)", _ => "/_framework/blazor.web.js"),
            ("GET /api/patients/{id}/assessment", r => $"/api/patients/{SyntheticRegistry.PatientId(r.Next(1, patients + 1))}/assessment"),
            ("GET /patients/{id} (page)", r => $"/patients/{SyntheticRegistry.PatientId(r.Next(1, patients + 1))}"),
            ("GET /patients/{id}/plots/egfr.svg", r => $"/patients/{SyntheticRegistry.PatientId(r.Next(1, patients + 1))}/plots/egfr.svg"),
        };

        // Warm-up (every patient's page drawn once would take long: a sample), then per load two rounds with the targets alternating,
        // so that a slow phase of the machine does not fall on one target only.
        foreach (var t in targets)
        {
            await MeasureAsync(client, t.Path, Math.Max(2, seconds / 5), thinking: false);
        }

        var failed = false;
        foreach (var thinking in new[] { true, false })
        {
            var results = targets.ToDictionary(t => t.Name, _ => new List<double>());
            var counts = targets.ToDictionary(t => t.Name, _ => (Requests: 0, Seconds: 0.0, Failures: 0));
            for (var round = 0; round < 2; round++)
            {
                foreach (var t in targets)
                {
                    var (latencies, elapsed, failures) = await MeasureAsync(client, t.Path, seconds, thinking);
                    results[t.Name].AddRange(latencies);
                    var c = counts[t.Name];
                    counts[t.Name] = (c.Requests + latencies.Count, c.Seconds + elapsed, c.Failures + failures);
                }
            }

            var baseline = Percentile(results[targets[0].Name], 95);
            Console.WriteLine(thinking ? $"// {Clients} users, think time 0.5-1.5 s" : $"// saturation: {Clients} clients, no think time");
            Console.WriteLine($"{"target",-36} {"requests",9} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"p95/baseline",13} {"failed",7}");
            foreach (var t in targets)
            {
                var l = results[t.Name];
                var c = counts[t.Name];
                failed |= c.Failures > 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Name,-36} {c.Requests,9} {c.Requests / c.Seconds,8:0} {Percentile(l, 50),8:0.0} {Percentile(l, 95),8:0.0} {Percentile(l, 99),8:0.0} {Percentile(l, 95) / baseline,13:0.0} {c.Failures,7}"));
            }
        }

        server.Kill(entireProcessTree: true);
        return failed ? 1 : 0;
    }

    private static async Task<(List<double> Latencies, double Seconds, int Failures)> MeasureAsync(HttpClient client, Func<Random, string> path, int seconds, bool thinking)
    {
        var latencies = new List<double>[Clients];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            var random = new Random(i * 7919 + seconds);
            latencies[i] = [];
            if (thinking)
            {
                // Users arrive over one think time, as people do, not all in the same millisecond: a burst of 50 at each phase's start
                // was an eighth of a phase's requests and set its p95 (the static file's too).
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500)));
            }

            while (clock.Elapsed < end)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path(random), HttpCompletionOption.ResponseContentRead);
                latencies[i].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }

                if (thinking)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(1000)));
                }
            }
        }));
        return ([.. latencies.SelectMany(l => l)], clock.Elapsed.TotalSeconds, failures);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task WaitForAsync(HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/_framework/blazor.web.js")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("stroma serve did not answer within 60 s.");
    }

    private static async Task<string> Stroma(string arguments, string cli, bool allowFailure = false)
    {
        using var process = Start(cli, arguments);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 || allowFailure ? output : throw new InvalidOperationException($"stroma {arguments}: exit {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
    }

    private static Process Start(string cli, string arguments) =>
        Process.Start(new ProcessStartInfo("dotnet", $"{cli} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
