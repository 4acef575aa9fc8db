using System.Globalization;
using System.Security;
using System.Text;
using ScottPlot;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Reports.Str;

/// <summary>
/// A sample's electropherogram as one SVG document, as a reviewer reads it in GeneMapper or OSIRIS: a header with the sample, the
/// ladder's and the control's verdicts and the sizing quality; one panel per dye with the kit's bins shaded (as measured in the
/// run's ladder), each locus named over its window, every called peak labelled with its allele (AMEL as X/Y) and every peak the
/// analysis filtered marked with its artefact (stutter, −A, pull-up, spike, blob, under the fraction of the locus maximum); and the
/// sizing curve with its standard's fragments. Every label and mark carries its numbers in an SVG title (hover). ScottPlot draws
/// the traces, bins and axes; the labels are placed over it in lanes so that none overlaps another.
/// </summary>
public static class ElectropherogramSvg
{
    /// <summary>Pixel width of the document (its viewBox; it scales to the width it is given).</summary>
    public const int Width = 1200;

    private const int HeaderLine = 18;
    private const double FontSize = 12;

    // The data area's distance from the panel's edges: the same for every panel, so that base pairs line up from dye to dye.
    private static readonly PixelPadding Padding = new(left: 70, right: 20, bottom: 40, top: 6);

    /// <summary>
    /// The electropherogram of one analysed injection; <paramref name="locus"/> zooms to one locus (its dye's panel over its ladder
    /// window). <paramref name="title"/> replaces the file and sample names in the header (a pseudonymised view).
    /// </summary>
    /// <exception cref="ArgumentException">The locus is not one of the kit's.</exception>
    public static string Render(AbifFile file, SampleAnalysis analysis, LadderRun ladder, ControlCheck ladderCheck, StrSettings settings, string? locus = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(ladderCheck);
        ArgumentNullException.ThrowIfNull(settings);
        var zoom = locus is null ? null : ladder.Kit.Loci.FirstOrDefault(l => string.Equals(l.Name, locus, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The kit {ladder.Kit.Name} has no locus '{locus}'.", nameof(locus));
        var channels = zoom is null ? ladder.Kit.Loci.Select(l => l.FileChannel).Distinct().Order().ToList() : [zoom.FileChannel];

        var body = new StringBuilder();
        var header = Header(analysis, ladder, ladderCheck, zoom, title);
        var y = (header.Count * HeaderLine) + 12;
        foreach (var (line, i) in header.Select((l, i) => (l, i)))
        {
            body.Append(Invariant($"<text x=\"10\" y=\"{((i + 1) * HeaderLine) + 2}\" font-family=\"sans-serif\" font-size=\"{(i == 0 ? 15 : FontSize)}\"{(i == 0 ? " font-weight=\"bold\"" : string.Empty)} fill=\"{line.Colour}\">{Escape(line.Text)}</text>"));
        }

        foreach (var channel in channels)
        {
            var loci = zoom is null ? ladder.Kit.Loci.Where(l => l.FileChannel == channel).ToList() : [zoom];
            var (minBp, maxBp) = (loci.Min(l => l.MinGridBp) - 5, loci.Max(l => l.MaxGridBp) + 5);
            y += DyePanel.Render(body, y, file, analysis, ladder, settings, channel, loci, minBp, maxBp);
        }

        y += SizingPanel(body, y, analysis.Lane);
        return Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {y}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" class=\"electropherogram\">")
            + Invariant($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{y}\" fill=\"white\"/>") + body + "</svg>";
    }

    /// <summary>The dye's display colour (yellow dyes drawn black, as GeneMapper does), by its name, else by the channel's place.</summary>
    internal static string DyeColour(string? dye, int channel) => dye?.ToUpperInvariant() switch
    {
        "6-FAM" or "FAM" or "5-FAM" or "FL" or "B" => "#1f4fd1",
        "VIC" or "HEX" or "JOE" or "G" => "#1a8a2e",
        "NED" or "TAMRA" or "TMR" or "Y" => "#222222",
        "PET" or "ROX" or "CXR" or "R" => "#c0262d",
        "TAZ" => "#7b2cbf",
        "LIZ" or "WEN" or "CC5" or "O" => "#e07b00",
        _ => channel switch { 1 => "#1f4fd1", 2 => "#1a8a2e", 3 => "#222222", 4 => "#c0262d", 5 => "#e07b00", _ => "#7b2cbf" },
    };

    private static List<(string Text, string Colour)> Header(SampleAnalysis analysis, LadderRun ladder, ControlCheck ladderCheck, Locus? zoom, string? title)
    {
        const string ok = "#1a7f37", bad = "#b42318", plain = "#222222";
        var lane = analysis.Lane.Standard;
        var lines = new List<(string, string)>
        {
            (Invariant($"{title ?? $"{analysis.File} — sample {analysis.SampleName ?? "?"}, well {analysis.Well ?? "?"}"} · {ladder.Kit.Name}{(zoom is null ? string.Empty : $" · {zoom.Name}")}"), plain),
            (Invariant($"Ladder {(title is null ? ladder.File : "of the run")}: {ladder.Found}/{ladder.Expected} alleles, {(ladderCheck.Passed ? "passed" : "FAILED: " + string.Join("; ", ladderCheck.Differences))}"), ladderCheck.Passed ? ok : bad),
            (Invariant($"Sizing: {lane.Standard.Id}, {lane.Matched.Length}/{lane.Standard.Fragments.Length} fragments, quality {lane.Quality:0.000}, r {lane.Correlation:0.00000}, largest residual {lane.MaxResidualBp:0.00} bp, {analysis.Lane.Curve.Method}"),
                lane.Missing.IsEmpty && lane.Correlation >= SizeStandardMatcher.MinCorrelation ? ok : bad),
        };
        if (analysis.Check is { } check)
        {
            lines.Add((Invariant($"{char.ToUpperInvariant(check.Control[0])}{check.Control[1..]}: {(check.Passed ? "passed" : "FAILED: " + string.Join("; ", check.Differences))}"), check.Passed ? ok : bad));
        }
        else if (analysis.Role == SampleRole.PositiveControl)
        {
            lines.Add(("Positive control: not judged (no expected profile)", bad));
        }

        if (!analysis.Flags.IsEmpty)
        {
            lines.Add(("Sample flags: " + string.Join(", ", analysis.Flags), bad));
        }

        return lines;
    }

    // The sizing curve: the standard's matched fragments (scan → bp) and the curve through them, the missing fragments named.
    private static int SizingPanel(StringBuilder body, int top, SizedLane lane)
    {
        const int height = 260;
        var plot = new Plot();
        var points = lane.Curve.Points;
        var (first, last) = (points[0].Scan, points[^1].Scan);
        var scans = Enumerable.Range(0, 200).Select(i => first + ((last - first) * i / 199)).ToArray();
        var curve = plot.Add.ScatterLine(scans, scans.Select(s => lane.Curve.SizeAt(s).Bp).ToArray());
        curve.Color = Colors.SteelBlue;
        curve.LineWidth = 1.5f;
        curve.LegendText = "Sizing curve (" + lane.Curve.Method + ")";
        var markers = plot.Add.Markers(points.Select(p => p.Scan).ToArray(), points.Select(p => p.Bp).ToArray(), MarkerShape.FilledCircle, 6, Colors.DarkOrange);
        markers.LegendText = "Size-standard fragments";
        var missing = lane.Standard.Missing.IsEmpty ? string.Empty : "; missing " + string.Join(", ", lane.Standard.Missing.Select(m => m.ToString("0.#", CultureInfo.InvariantCulture))) + " bp";
        plot.Title(Invariant($"Sizing curve: {lane.Standard.Standard.Id}, quality {lane.Standard.Quality:0.000}{missing}"), 13);
        plot.XLabel("Scan");
        plot.YLabel("Size (bp)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Layout.Fixed(new PixelPadding(Padding.Left, Padding.Right, Padding.Bottom, 30));
        var svg = plot.GetSvgXml(Width, height);
        body.Append(Nested(svg, top));
        foreach (var point in points)
        {
            var pixel = plot.GetPixel(new Coordinates(point.Scan, point.Bp));
            body.Append(Invariant($"<circle cx=\"{pixel.X + 0:0.#}\" cy=\"{pixel.Y + top:0.#}\" r=\"6\" fill=\"transparent\" class=\"standard-point\"><title>{point.Bp:0.##} bp at scan {point.Scan:0.0}</title></circle>"));
        }

        return height + 8;
    }

    /// <summary>A ScottPlot SVG document placed at a vertical offset inside the composite document.</summary>
    internal static string Nested(string svg, double top)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return Invariant($"<svg y=\"{top:0.#}\"") + svg[(start + 4)..];
    }

    internal static string Escape(string text) => SecurityElement.Escape(text);

    internal static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
