using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Benchmarks;

/// <summary>
/// Every shared ABIF file (../shared/data/str, or STROMA_TESTDATA) analysed end to end as a lab would a plate: read, baseline,
/// peaks, size-standard match, sizing, and, for files of a kit, the run's ladder calibrated and the alleles called with their flags.
/// The baseline is parsing the same files alone (Biopython's share of its own analysis). Figures are per file.
/// </summary>
// One invocation analyses all 25 files (~100 ms), so tiered JIT needs many warm-up iterations before the figures settle.
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 25, iterationCount: 15)]
[MemoryDiagnoser]
public class StrBenchmarks
{
    private readonly List<(string Name, byte[] Bytes, Kit? Kit, string? Ladder)> _files = [];

    public const int FileCount = 25;

    [GlobalSetup]
    public void Setup()
    {
        var str = BenchData.Folder("str");

        Kit Osiris(string name)
        {
            using var stream = File.OpenRead(Path.Combine(str, "kits", "osiris", name));
            return OsirisKitReader.Read(stream, name).ValueOrThrow();
        }

        var (identifiler, globalFiler, fusion, pp16) = (Osiris("Identifiler_LadderInfo.xml"), Osiris("GlobalFiler_LadderInfo.xml"), Osiris("PPFusion_LadderInfo.xml"), Osiris("PowerPlex16_LadderInfo.xml"));
        foreach (var path in Directory.EnumerateFiles(str, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".fsa", StringComparison.Ordinal) || f.EndsWith(".hid", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var folder = Path.GetFileName(Path.GetDirectoryName(path))!;
            var (kit, ladder) = folder switch
            {
                "identifiler" => (identifiler, name switch
                {
                    _ when name.Contains("2003-01-06", StringComparison.Ordinal) || name.Contains("TT50", StringComparison.Ordinal) => "A01_LADDER_Run_3100_1465_027_2003-01-06_445_01.fsa",
                    _ when name.StartsWith("artifact_", StringComparison.Ordinal) || name.StartsWith("A12_", StringComparison.Ordinal) => "A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa",
                    _ => "Identifiler_LADDER.fsa",
                }),
                "globalfiler_hid" => (globalFiler, "GF_ladder1_A11_01.hid"),
                "ppfusion_hid" => (fusion, "PPF_ladder1_A12_01.hid"),
                "powerplex16" => (pp16, "PP16_LADDER.fsa"),
                _ => ((Kit?)null, (string?)null),
            };
            _files.Add((name, File.ReadAllBytes(path), kit, ladder));
        }

        // Ladders first, as a run is analysed.
        _files.Sort((a, b) => (a.Name == a.Ladder ? 0 : 1).CompareTo(b.Name == b.Ladder ? 0 : 1));
        if (_files.Count != FileCount)
        {
            throw new InvalidOperationException($"Expected {FileCount} shared ABIF files; found {_files.Count}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FileCount, Description = "parse ABIF only, per file")]
    public int Parse()
    {
        var tags = 0;
        foreach (var (name, bytes, _, _) in _files)
        {
            tags += AbifReader.Read(bytes, name).Value?.Tags.Length ?? 0;
        }

        return tags;
    }

    [Benchmark(OperationsPerInvoke = FileCount, Description = "full analysis (read, baseline, peaks, sizing, ladder, calls), per file")]
    public int Analyze()
    {
        var ladders = new Dictionary<string, LadderRun>();
        var alleles = 0;
        foreach (var (name, bytes, kit, ladder) in _files)
        {
            var read = AbifReader.Read(bytes, name);
            if (read.Value is not { } abif)
            {
                continue;
            }

            if (kit is null)
            {
                // Fragment analysis without a kit: size against the standard the file names, if any.
                if (StrAnalysis.Standard(abif, name, null).Value is { } standard)
                {
                    alleles += LaneSizing.Size(abif, name, standard, abif.DyeCount, StrSettings.Default.Peaks).Value?.Peaks.Length ?? 0;
                }
            }
            else if (name == ladder)
            {
                if (StrAnalysis.Ladder(abif, name, kit, StandardOf(kit), StrSettings.Default).Value is { } run)
                {
                    ladders[name] = run;
                }
            }
            else if (ladders.TryGetValue(ladder!, out var run))
            {
                alleles += StrAnalysis.Sample(abif, name, run, StandardOf(kit), StrSettings.Default, SampleRole.Sample).Value?.Loci.Sum(l => l.Alleles.Length) ?? 0;
            }
        }

        return alleles;
    }

    private static string StandardOf(Kit kit) => kit.Name switch
    {
        var n when n.Contains("GlobalFiler", StringComparison.OrdinalIgnoreCase) => "GS600LIZv2",
        var n when n.Contains("Fusion", StringComparison.OrdinalIgnoreCase) => "CC5ILS500",
        var n when n.Contains("16", StringComparison.Ordinal) => "ILS600",
        _ => "GS500LIZ",
    };
}
