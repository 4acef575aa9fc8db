using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Stroma.Benchmarks -- --filter '*'
// STROMA_BENCH_PATIENTS and STROMA_BENCH_LABS size the registry (default 10000 x 1000); STROMA_BENCH_DIR keeps it between runs.
// STROMA_TESTDATA (or ../shared/data) must hold the shared STR files (StrBenchmarks) and proteome images (ArrayBenchmarks).
BenchmarkSwitcher.FromAssembly(typeof(Stroma.Benchmarks.RegistryBenchmarks).Assembly).Run(args);
