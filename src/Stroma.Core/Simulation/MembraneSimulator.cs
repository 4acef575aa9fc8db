using System.Collections.Immutable;
using Stroma.Core.Proteome;

namespace Stroma.Core.Simulation;

/// <summary>Settings of the membrane simulator.</summary>
/// <param name="PitchPx">Distance between neighbouring spot centres (pixels).</param>
/// <param name="SpotSigmaPx">Spot width (Gaussian σ, pixels).</param>
/// <param name="PeakAtUnit">Peak height of a spot of relative intensity 1 (the reference spots) at exposure 1.</param>
/// <param name="RotationDegrees">Rotation of the grid about the image centre.</param>
/// <param name="Background">Background level.</param>
/// <param name="GradientPerPx">Background gradient along x (per pixel).</param>
/// <param name="NoiseSd">Gaussian noise SD.</param>
/// <param name="Exposure">Exposure multiplier (a series scales the signal).</param>
/// <param name="MarginPx">Margin around the grid (pixels).</param>
/// <param name="Seed">Random seed.</param>
/// <param name="SpotCv">Spot-to-spot print variation: each spot's intensity times a log-normal factor of this CV (0 = none; real
/// membranes show duplicate CVs of about 5–10 %).</param>
/// <param name="RingDip">Strongly exposed spots as rings (issue 16: a bright edge, a dimmer centre): the depth of the dip at the
/// centre, 0–1 (0 = none), a Gaussian of half the spot's width taken away.</param>
/// <param name="RingAbove">The relative intensity (reference spots 1) from which spots are rings.</param>
/// <param name="Specks">Specks of dust or precipitate: this many 3 × 3-pixel blobs of <paramref name="SpeckPeak"/> above the
/// background, anywhere on the image at least 0.7 pitch from every spot centre (between spots, in block gaps and margins), so that
/// they test the alignment without touching any spot's signal.</param>
/// <param name="SpeckPeak">Height of each speck.</param>
/// <param name="PrintJitter">Print misplacement: each spot moved from its printed position by a Gaussian of this SD along each axis
/// (pitch units; 0 = none). The truth's centres are where the spots land.</param>
public sealed record MembraneSettings(
    double PitchPx = 18, double SpotSigmaPx = 3.0, double PeakAtUnit = 20000, double RotationDegrees = 0, double Background = 600, double GradientPerPx = 0.5,
    double NoiseSd = 15, double Exposure = 1, int MarginPx = 30, int Seed = 1, double SpotCv = 0, double RingDip = 0, double RingAbove = 0.5,
    int Specks = 0, double SpeckPeak = 20000, double PrintJitter = 0);

/// <summary>A simulated membrane and its truth: every spot's centre and integrated signal above background.</summary>
/// <param name="Image">The image (16-bit).</param>
/// <param name="Centres">Spot label → centre (x, y) in pixels.</param>
/// <param name="Signals">Spot label → true integrated signal (before saturation).</param>
public sealed record SimulatedMembrane(PixelBuffer Image, ImmutableDictionary<string, (double X, double Y)> Centres, ImmutableDictionary<string, double> Signals);

/// <summary>
/// Synthetic membrane images with known truth (issue 5's ground truth): a layout's spots as Gaussians of given relative intensity
/// (reference spots 1) at their printed positions (the layout's blocks), on a sloping background with noise, the grid rotated about
/// the image centre, values clamped at 65535 (so spots brighter than that saturate); with <see cref="MembraneSettings.RingDip"/>,
/// the strong spots are rings: peak × (exp(−r²/2σ²) − dip × exp(−r²/2(σ/2)²)), whose integral is peak × 2π(σ² − dip × σ²/4); with
/// <see cref="MembraneSettings.Specks"/>, specks of dust lie between the spots.
/// </summary>
public static class MembraneSimulator
{
    /// <summary>Renders a membrane; analytes not in <paramref name="intensities"/> are absent (0), negatives 0.</summary>
    public static SimulatedMembrane Render(ArrayLayout layout, IReadOnlyDictionary<string, double> intensities, MembraneSettings s)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(intensities);
        ArgumentNullException.ThrowIfNull(s);
        var (left, top) = (layout.ColumnPositions[0], layout.RowPositions[0]);
        var (gridW, gridH) = ((layout.ColumnPositions[^1] - left) * s.PitchPx, (layout.RowPositions[^1] - top) * s.PitchPx);
        var diagonal = Math.Sqrt((gridW * gridW) + (gridH * gridH));
        var size = (int)Math.Ceiling(diagonal + (2 * s.MarginPx));
        var (width, height) = (size, (int)Math.Ceiling(Math.Max(gridH, gridW * Math.Abs(Math.Sin(s.RotationDegrees * Math.PI / 180)) + (gridH * Math.Abs(Math.Cos(s.RotationDegrees * Math.PI / 180)))) + (2 * s.MarginPx)));
        var (cx, cy) = (width / 2.0, height / 2.0);
        var (cos, sin) = (Math.Cos(s.RotationDegrees * Math.PI / 180), Math.Sin(s.RotationDegrees * Math.PI / 180));
        var field = new double[width * height];
        var centres = ImmutableDictionary.CreateBuilder<string, (double, double)>();
        var print = new Random(s.Seed + 7919);
        var jitter = new Random(s.Seed + 15485863);
        var printSigma = Math.Sqrt(Math.Log(1 + (s.SpotCv * s.SpotCv)));
        var signals = ImmutableDictionary.CreateBuilder<string, double>();
        foreach (var spot in layout.Spots)
        {
            var relative = spot.Role switch { SpotRole.Reference => 1.0, SpotRole.Negative => 0.0, _ => intensities.GetValueOrDefault(spot.Analyte) };
            if (printSigma > 0)
            {
                // Log-normal with mean 1: exp(σz − σ²/2).
                var z = Math.Sqrt(-2 * Math.Log(1 - print.NextDouble())) * Math.Cos(2 * Math.PI * print.NextDouble());
                relative *= Math.Exp((printSigma * z) - (printSigma * printSigma / 2));
            }

            var (gx, gy) = (((layout.ColumnPositions[spot.Column] - left) * s.PitchPx) - (gridW / 2), ((layout.RowPositions[spot.Row] - top) * s.PitchPx) - (gridH / 2));
            if (s.PrintJitter > 0)
            {
                var (r, a) = (Math.Sqrt(-2 * Math.Log(1 - jitter.NextDouble())), 2 * Math.PI * jitter.NextDouble());
                (gx, gy) = (gx + (s.PrintJitter * s.PitchPx * r * Math.Cos(a)), gy + (s.PrintJitter * s.PitchPx * r * Math.Sin(a)));
            }

            var (x0, y0) = (cx + (gx * cos) - (gy * sin), cy + (gx * sin) + (gy * cos));
            centres[spot.Label] = (x0, y0);
            var peak = relative * s.PeakAtUnit * s.Exposure;
            var (sigma2, dip) = (s.SpotSigmaPx * s.SpotSigmaPx, s.RingDip > 0 && relative >= s.RingAbove ? s.RingDip : 0);
            signals[spot.Label] = peak * 2 * Math.PI * (sigma2 - (dip * sigma2 / 4));
            var reach = (int)Math.Ceiling(5 * s.SpotSigmaPx);
            for (var y = Math.Max(0, (int)y0 - reach); y <= Math.Min(height - 1, (int)y0 + reach); y++)
            {
                for (var x = Math.Max(0, (int)x0 - reach); x <= Math.Min(width - 1, (int)x0 + reach); x++)
                {
                    var r2 = ((x - x0) * (x - x0)) + ((y - y0) * (y - y0));
                    field[(y * width) + x] += peak * (Math.Exp(-r2 / (2 * sigma2)) - (dip * Math.Exp(-r2 / (2 * sigma2 / 4))));
                }
            }
        }

        var dust = new Random(s.Seed + 104729);
        // Tries are bounded: an image with no room between its spots gets fewer specks, never a hang.
        for (var (placed, tries) = (0, 0); placed < s.Specks && tries < 1000 * s.Specks; tries++)
        {
            var (x, y) = (dust.Next(1, width - 1), dust.Next(1, height - 1));
            if (centres.Values.Any(c => ((c.Item1 - x) * (c.Item1 - x)) + ((c.Item2 - y) * (c.Item2 - y)) < 0.49 * s.PitchPx * s.PitchPx))
            {
                continue;
            }

            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    field[((y + dy) * width) + x + dx] += s.SpeckPeak;
                }
            }

            placed++;
        }

        var random = new Random(s.Seed);
        var pixels = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = s.NoiseSd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                pixels[(y * width) + x] = (ushort)Math.Clamp(Math.Round(s.Background + (s.GradientPerPx * x) + field[(y * width) + x] + noise), 0, ushort.MaxValue);
            }
        }

        return new SimulatedMembrane(new PixelBuffer(width, height, [.. pixels], 16, false, s.Exposure, "simulated membrane"), centres.ToImmutable(), signals.ToImmutable());
    }
}
