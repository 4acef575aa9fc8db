using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Stroma.Benchmarks -- --filter '*'
// STROMA_BENCH_PATIENTS and STROMA_BENCH_LABS size the registry (default 10000 x 1000); STROMA_BENCH_DIR keeps it between runs.
// STROMA_TESTDATA (or ../shared/data) must hold the shared STR files (StrBenchmarks) and proteome images (ArrayBenchmarks).
// dotnet run -c Release --project bench/Stroma.Benchmarks -- web-load [SECONDS]: the web app under 50 concurrent clients (WebLoad).
if (args.Length > 0 && args[0] == "web-load")
{
    return await Stroma.Benchmarks.WebLoad.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Stroma.Benchmarks.RegistryBenchmarks).Assembly).Run(args);
return 0;
