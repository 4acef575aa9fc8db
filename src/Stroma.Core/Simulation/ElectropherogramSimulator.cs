using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Core.Simulation;

/// <summary>One contributor of a simulated sample: its genotype per locus (one name for a homozygote) and its share of the DNA.</summary>
/// <param name="Name">Name (recipient, kidney donor, MSC donor).</param>
/// <param name="Genotype">Locus → alleles.</param>
/// <param name="Fraction">Share of the template (the shares of a sample add up to 1).</param>
public sealed record SimulatedContributor(string Name, IReadOnlyDictionary<string, ImmutableArray<string>> Genotype, double Fraction);

/// <summary>Settings of the electropherogram simulator.</summary>
/// <param name="Scans">Scans per trace.</param>
/// <param name="FirstBp">Size at scan 0 (bp).</param>
/// <param name="BpPerScan">Size step per scan at the start (bp).</param>
/// <param name="Curvature">Quadratic term of size on scan (bp per scan²), to make sizing non-linear like real runs.</param>
/// <param name="PeakSigmaScans">Peak width (Gaussian σ, scans).</param>
/// <param name="AlleleHeight">Height of one allele copy of a pure single-source sample (RFU).</param>
/// <param name="StandardHeight">Height of size-standard and ladder peaks (RFU).</param>
/// <param name="StutterRatio">Back stutter (n − 1 repeat) as a fraction of its parent.</param>
/// <param name="PullUpRatio">Bleed of every peak into the next channel at the same scan.</param>
/// <param name="NoiseRfu">Gaussian noise (SD, RFU).</param>
/// <param name="BaselineRfu">Constant baseline offset (RFU).</param>
/// <param name="SaturationCap">Values are clamped here, as the instrument's detector is.</param>
/// <param name="Seed">Random seed: the same settings give the same file.</param>
public sealed record SimulationSettings(
    int Scans = 10000, double FirstBp = 20, double BpPerScan = 0.06, double Curvature = 1e-7, double PeakSigmaScans = 4, double AlleleHeight = 2000,
    double StandardHeight = 1200, double StutterRatio = 0.08, double PullUpRatio = 0.01, double NoiseRfu = 4, double BaselineRfu = 40, short SaturationCap = 32767, int Seed = 1)
{
    /// <summary>Electrical spikes: at each size (bp), a spike one scan wide and 1000 RFU tall in every dye at once.</summary>
    public ImmutableArray<double> SpikesBp { get; init; } = [];

    /// <summary>Dye blobs: broad humps (five times a peak's width) in one channel at a size, of a height (RFU).</summary>
    public ImmutableArray<(int Channel, double Bp, double Height)> DyeBlobs { get; init; } = [];
}

/// <summary>
/// Synthetic electropherograms with known ground truth, written as ABIF files that Stroma (and Biopython) read back: a kit's
/// alleles at their nominal sizes for any number of contributors and fractions, the size standard in its channel, back stutter,
/// pull-up into the next dye, baseline, noise and detector saturation; or the kit's allelic ladder.
/// </summary>
public static class ElectropherogramSimulator
{
    /// <summary>A sample with the given contributors.</summary>
    public static AbifFile Sample(Kit kit, SizeStandard standard, IReadOnlyList<SimulatedContributor> contributors, SimulationSettings settings, string sampleName = "simulated")
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(contributors);
        var peaks = new List<(int Channel, double Bp, double Height)>();
        foreach (var locus in kit.Loci)
        {
            foreach (var contributor in contributors)
            {
                if (!contributor.Genotype.TryGetValue(locus.Name, out var alleles))
                {
                    continue;
                }

                foreach (var allele in alleles.Length == 1 ? [alleles[0], alleles[0]] : alleles)
                {
                    var bp = locus.Ladder.First(a => a.Name == allele).NominalBp;
                    var height = contributor.Fraction * settings.AlleleHeight;
                    peaks.Add((locus.FileChannel, bp, height));
                    peaks.Add((locus.FileChannel, bp - locus.RepeatBp, height * settings.StutterRatio));
                }
            }
        }

        return Write(kit, standard, peaks, settings, sampleName);
    }

    /// <summary>The kit's allelic ladder (every physical ladder allele at its nominal size).</summary>
    public static AbifFile Ladder(Kit kit, SizeStandard standard, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var peaks = kit.Loci.SelectMany(l => l.Ladder.Where(a => !a.IsVirtual).Select(a => (l.FileChannel, a.NominalBp, settings.StandardHeight))).ToList();
        return Write(kit, standard, peaks, settings, "Ladder");
    }

    /// <summary>The size at a scan under these settings (the simulator's true sizing curve).</summary>
    public static double SizeAt(SimulationSettings settings, double scan)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.FirstBp + (settings.BpPerScan * scan) + (settings.Curvature * scan * scan);
    }

    private static double ScanOf(SimulationSettings s, double bp)
    {
        // Solve FirstBp + k·m + c·m² = bp for m ≥ 0.
        var (a, b, c) = (s.Curvature, s.BpPerScan, s.FirstBp - bp);
        return a == 0 ? -c / b : (-b + Math.Sqrt((b * b) - (4 * a * c))) / (2 * a);
    }

    private static AbifFile Write(Kit kit, SizeStandard standard, List<(int Channel, double Bp, double Height)> peaks, SimulationSettings settings, string sampleName)
    {
        var channels = Math.Max(kit.StandardFileChannel, kit.Loci.Max(l => l.FileChannel));
        var signal = new double[channels + 1, settings.Scans];
        void AddPeak(int channel, double bp, double height, double sigma = 0)
        {
            var centre = ScanOf(settings, bp);
            sigma = sigma > 0 ? sigma : settings.PeakSigmaScans;
            var reach = (int)Math.Ceiling(6 * sigma);
            for (var s = Math.Max(0, (int)centre - reach); s < Math.Min(settings.Scans, (int)centre + reach); s++)
            {
                signal[channel, s] += height * Math.Exp(-0.5 * Math.Pow((s - centre) / sigma, 2));
            }
        }

        foreach (var bp in settings.SpikesBp)
        {
            // A spike lands on one scan in every dye: centre it on a whole scan so its width is the same everywhere.
            var scan = Math.Round(ScanOf(settings, bp));
            for (var channel = 1; channel <= channels; channel++)
            {
                AddPeak(channel, SizeAt(settings, scan), 1000, 0.45);
            }
        }

        foreach (var (channel, bp, height) in settings.DyeBlobs)
        {
            AddPeak(channel, bp, height, 5 * settings.PeakSigmaScans);
        }

        foreach (var (channel, bp, height) in peaks)
        {
            AddPeak(channel, bp, height);
            if (channel < channels)
            {
                AddPeak(channel + 1, bp, height * settings.PullUpRatio);
            }
        }

        foreach (var bp in standard.Fragments)
        {
            AddPeak(kit.StandardFileChannel, bp, settings.StandardHeight);
        }

        var random = new Random(settings.Seed);
        var tags = new List<AbifTag>();
        for (var channel = 1; channel <= channels; channel++)
        {
            var data = new byte[settings.Scans * 2];
            for (var s = 0; s < settings.Scans; s++)
            {
                var noise = settings.NoiseRfu * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var value = Math.Clamp(Math.Round(settings.BaselineRfu + signal[channel, s] + noise), short.MinValue, settings.SaturationCap);
                BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * s), (short)value);
            }

            tags.Add(new AbifTag("DATA", channel <= 4 ? channel : 100 + channel, AbifElementType.ShortInteger, 2, settings.Scans, [.. data]));
        }

        tags.Add(new AbifTag("Dye#", 1, AbifElementType.ShortInteger, 2, 1, [0, (byte)channels]));
        tags.Add(new AbifTag("SCAN", 1, AbifElementType.LongInteger, 4, 1, [.. BigEndian(settings.Scans)]));
        tags.Add(Text("StdF", standard.Id));
        tags.Add(Text("SpNm", sampleName));
        tags.Add(Text("TUBE", "A01"));
        tags.Add(Text("MCHN", "Stroma simulator"));
        for (var channel = 1; channel <= channels; channel++)
        {
            tags.Add(Text("DyeN", channel == kit.StandardFileChannel ? "STD" : FormattableString.Invariant($"DYE{channel}"), channel));
            tags.Add(new AbifTag("DyeB", channel, AbifElementType.Character, 1, 1, [(byte)(channel == kit.StandardFileChannel ? 'S' : ' ')])); // as a 3100 marks its standard dye
        }

        return new AbifFile(101, tags);
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static AbifTag Text(string name, string text, int number = 1)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        return new AbifTag(name, number, AbifElementType.PString, 1, bytes.Length + 1, [(byte)bytes.Length, .. bytes]);
    }
}
