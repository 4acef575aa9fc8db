using System.Collections.Immutable;
using Stroma.Core.Proteome;

namespace Stroma.Application.Proteome;

/// <summary>The run's analytical CV: overall, from duplicate spots, from the reference spots (percent).</summary>
public sealed record ArrayCvView(double Percent, double DuplicatesPercent, double ReferenceSpotsPercent);

/// <summary>One image of the series as it was read and fitted.</summary>
public sealed record ArrayImageView(
    string File, double? ExposureSeconds, bool Inverted, double Pitch, double Background, double RotationDegrees, double DetectionLimit,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>One printed spot: its place (row letter, column from 1), analyte and role, its signal in each image.</summary>
public sealed record ArraySpotView(string Row, int Column, string Analyte, string Role, IReadOnlyList<double> Signals, bool Saturated);

/// <summary>One analyte's result and its flags.</summary>
public sealed record ArrayAnalyteView(string Analyte, double? Signal, double? NormalizedSignal, double DuplicateCv, bool Detected, int Image, IReadOnlyList<string> Flags);

/// <summary><c>array quantify --json</c>: the layout, the options, each image, every spot and every analyte.</summary>
public sealed record ArrayQuantifiedView(
    string Layout, string Background, string Exposure, ArrayCvView AnalyticalCv, IReadOnlyList<ArrayImageView> Images, IReadOnlyList<ArraySpotView> Spots,
    IReadOnlyList<ArrayAnalyteView> Analytes)
{
    /// <summary>The view of a quantified series (<paramref name="ordered"/>: its images in the order quantified).</summary>
    public static ArrayQuantifiedView Of(string layout, string background, string exposure, ArrayCvView cv, IReadOnlyList<PixelBuffer> ordered, ArrayResult r)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(r);
        return new(layout, background, exposure, cv,
            [.. ordered.Select((b, i) => new ArrayImageView(
                b.Source, b.ExposureSeconds, b.Inverted, r.Grids[i].Pitch, r.Measured[i].Select(s => s.Background).Order().ElementAt(r.Measured[i].Length / 2),
                r.Grids[i].RotationDegrees, r.DetectionLimit[i], b.Metadata ?? ImmutableSortedDictionary<string, string>.Empty))],
            [.. r.Spots.Select(s => new ArraySpotView(((char)('A' + s.Spot.Row)).ToString(), s.Spot.Column + 1, s.Spot.Analyte, s.Spot.Role.ToString().ToLowerInvariant(), s.Signals, s.Saturated.Any(x => x)))],
            [.. r.Analytes.Select(a => new ArrayAnalyteView(a.Analyte, a.Signal, a.NormalizedSignal, a.DuplicateCv, a.Detected, a.ImageIndex, a.Flags))]);
    }
}
