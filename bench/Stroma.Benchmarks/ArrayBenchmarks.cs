using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Stroma.Core.Proteome;
using Stroma.Core.Simulation;
using Stroma.Imaging;

namespace Stroma.Benchmarks;

/// <summary>
/// Membrane quantification as <c>stroma array quantify</c> does it, one image at a time as proMAD does (issue 5: proMAD takes
/// 200–300 ms per image here; the goal is under 20 ms and time growing no faster than the pixel count). The shared membranes with
/// a layout stating their printed blocks (five ARY022B frames, 233 × 490 16-bit, with the shipped ARY022B; the ARY017 example,
/// 700 × 300, with tests/data/proteome/layouts/ARY017_blocks.csv) are decoded and quantified from their bytes; simulated ARY022B
/// membranes (printed in blocks) at pitch 18, 36 and 72 px (0.19, 0.75 and 3.0 Mpx) are quantified from pixels, so the growth with
/// the pixel count reads off their ratio. The baseline is decoding the shared files alone. Figures are per image.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 10, iterationCount: 15)]
[MemoryDiagnoser]
public class ArrayBenchmarks
{
    private readonly List<(string Name, byte[] Bytes, ArrayLayout Layout)> _files = [];
    private readonly Dictionary<int, PixelBuffer> _simulated = [];
    private ArrayLayout _ary022b = null!;

    public const int FileCount = 6;

    /// <summary>Simulated spot pitch (px); the image grows with its square.</summary>
    [Params(18, 36, 72)]
    public int Pitch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var proteome = BenchData.Folder("proteome");
        _ary022b = ShippedLayouts.Find("ARY022B")!;
        foreach (var frame in new[] { "00001", "00005", "00010", "00016", "00033" })
        {
            var name = $"promad_ARY022B_prepared_{frame}.tif";
            _files.Add((name, File.ReadAllBytes(Path.Combine(proteome, "images", name)), _ary022b));
        }

        var ary017 = Path.Combine(BenchData.Repository(), "tests", "data", "proteome", "layouts", "ARY017_blocks.csv");
        _files.Add(("dotblot_ARY017_example.tif", File.ReadAllBytes(Path.Combine(proteome, "images", "dotblot_ARY017_example.tif")), ArrayLayouts.Read(File.ReadAllBytes(ary017), "ARY017_blocks.csv").ValueOrThrow()));
        if (_files.Count != FileCount)
        {
            throw new InvalidOperationException($"Expected {FileCount} shared membrane images; found {_files.Count}.");
        }

        var random = new Random(5);
        var truth = _ary022b.Analytes.ToDictionary(a => a, _ => 0.05 + (0.9 * random.NextDouble()));
        _simulated[Pitch] = MembraneSimulator.Render(_ary022b, truth, new MembraneSettings(PitchPx: Pitch, SpotSigmaPx: Pitch / 6.0, RotationDegrees: 4, MarginPx: Pitch * 2)).Image;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FileCount, Description = "decode the shared membranes only, per image")]
    public int Decode()
    {
        var pixels = 0;
        foreach (var (name, bytes, _) in _files)
        {
            pixels += ImageReader.Read(bytes, name).Value[0].Pixels.Length;
        }

        return pixels;
    }

    [Benchmark(OperationsPerInvoke = FileCount, Description = "decode, align, measure, quantify the shared membranes, per image")]
    public int Quantify()
    {
        var detected = 0;
        foreach (var (name, bytes, layout) in _files)
        {
            var image = ImageReader.Read(bytes, name).Value[0];
            detected += ArrayQuantification.Quantify([image], layout).ValueOrThrow().Analytes.Count(a => a.Detected);
        }

        return detected;
    }

    [Benchmark(Description = "align, measure, quantify a simulated ARY022B membrane at this pitch")]
    public int QuantifySimulated() => ArrayQuantification.Quantify([_simulated[Pitch]], _ary022b).ValueOrThrow().Analytes.Count(a => a.Detected);
}
