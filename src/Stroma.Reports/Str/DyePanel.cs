using System.Text;
using ScottPlot;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;
using static Stroma.Reports.Str.ElectropherogramSvg;

namespace Stroma.Reports.Str;

/// <summary>One dye's panel of the electropherogram: locus names, label lanes, then the trace over the shaded bins.</summary>
internal static class DyePanel
{
    private const int PlotHeight = 230;
    private const int LocusRow = 18;
    private const int LaneHeight = 17;

    // Trace points kept per panel: the minimum and maximum of each of this many columns (a panel is about 1100 pixels wide).
    private const int Columns = 1600;

    private static readonly PixelPadding Padding = new(left: 70, right: 20, bottom: 40, top: 6);

    /// <summary>Appends the panel at <paramref name="top"/> and returns its height.</summary>
    public static int Render(StringBuilder body, int top, AbifFile file, SampleAnalysis analysis, LadderRun ladder, StrSettings settings, int channel, List<Locus> loci, double minBp, double maxBp)
    {
        var dye = file.DyeNames.ElementAtOrDefault(channel - 1);
        var colour = DyeColour(dye, channel);
        var names = loci.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var calls = analysis.Loci.Where(l => names.Contains(l.Locus)).ToList();
        bool InRange(SizedPeak p) => p.Channel == channel && p.Size.Bp >= minBp && p.Size.Bp <= maxBp;
        var called = calls.SelectMany(l => l.Alleles.Select(a => (l.Locus, Call: a))).Where(x => InRange(x.Call.Peak)).ToList();
        var filtered = calls.SelectMany(l => l.Filtered.Select(f => (l.Locus, Peak: f))).Where(x => InRange(x.Peak.Peak)).ToList();

        var (xs, ys) = Trace(file, analysis.Lane, settings.Peaks.BaselineWindow, channel, minBp, maxBp);
        var tallest = called.Select(c => c.Call.Peak.Peak.Height).Concat(filtered.Select(f => f.Peak.Peak.Peak.Height)).DefaultIfEmpty(0).Max();
        var yMax = Math.Max(tallest > 0 ? tallest : ys.DefaultIfEmpty(0).Max(), settings.Calls.CallThreshold) * 1.12;

        var plot = new Plot();
        var trace = plot.Add.ScatterLine(xs, ys);
        trace.Color = Color.FromHex(colour);
        trace.LineWidth = 1;
        var threshold = plot.Add.HorizontalLine(settings.Calls.CallThreshold, 1, Colors.Gray, LinePattern.Dotted);
        threshold.LabelText = string.Empty;
        plot.Axes.SetLimits(minBp, maxBp, -yMax * 0.02, yMax);
        plot.XLabel("Size (bp)", 12);
        plot.YLabel(Invariant($"{dye ?? $"channel {channel}"} (RFU)"), 12);
        plot.Layout.Fixed(Padding);
        plot.FigureBackground.Color = Colors.Transparent; // the bins are drawn beneath the plot
        plot.DataBackground.Color = Colors.Transparent;
        var svg = plot.GetSvgXml(ElectropherogramSvg.Width, PlotHeight);
        var dataTop = plot.GetPixel(new Coordinates(minBp, yMax)).Y;
        Pixel Apex(SizedPeak p) => plot.GetPixel(new Coordinates(p.Size.Bp, Math.Min(p.Peak.Height, yMax)));

        var labels = called.Select(c => (Text: c.Call.Name, Class: "allele", Peak: c.Call.Peak, Artefact: (string?)null,
                Title: Invariant($"{c.Locus} {c.Call.Name}: {c.Call.Peak.Size.Bp:0.00} bp, {c.Call.Peak.Peak.Height:0} RFU{Flags(c.Call.Flags)}")))
            .Concat(filtered.Select(f => (Text: Artefact(f.Peak.Flag), Class: "artefact", Peak: f.Peak.Peak, Artefact: (string?)f.Peak.Flag,
                Title: Invariant($"{f.Locus}: {f.Peak.Flag} at {f.Peak.Peak.Size.Bp:0.00} bp, {f.Peak.Peak.Peak.Height:0} RFU — {f.Peak.Reason}"))))
            .ToList();
        var (places, lanes) = LabelLanes.Place([.. labels.Select(l => new LaneLabel(Apex(l.Peak).X, TextWidth(l.Text, l.Class == "allele"), l.Class == "allele", l.Artefact == StrFlags.BelowFractionOfMax ? 1 : 0))]);
        var plotTop = top + LocusRow + (Math.Max(lanes, 1) * LaneHeight) + 4;

        body.Append(Invariant($"<g class=\"dye-panel\" data-channel=\"{channel}\" data-dye=\"{Escape(dye ?? string.Empty)}\">"));
        LocusNames(body, plot, top, loci, minBp, maxBp, colour);
        Bins(body, plot, plotTop, ladder, names, settings.Calls.BinHalfWidth, minBp, maxBp, yMax);
        body.Append(Nested(svg, plotTop));
        for (var i = 0; i < labels.Count; i++)
        {
            var (text, kind, peak, artefact, title) = labels[i];
            var apex = Apex(peak);
            var (ax, ay) = (apex.X, apex.Y + plotTop);
            var mark = kind == "allele"
                ? Invariant($"<path d=\"M{ax - 4:0.#},{ay - 7:0.#} L{ax + 4:0.#},{ay - 7:0.#} L{ax:0.#},{ay - 1:0.#} Z\" fill=\"{colour}\"/>")
                : Invariant($"<path d=\"M{ax - 4:0.#},{ay - 8:0.#} L{ax + 4:0.#},{ay:0.#} M{ax + 4:0.#},{ay - 8:0.#} L{ax - 4:0.#},{ay:0.#}\" stroke=\"#b45309\" stroke-width=\"2\"/>");
            var data = artefact is null ? string.Empty : Invariant($" data-artefact=\"{Escape(artefact)}\"");
            body.Append(Invariant($"<g class=\"{kind}\"{data}><title>{Escape(title)}</title>{mark}"));
            if (places[i] is { } place)
            {
                var width = TextWidth(text, kind == "allele");
                var boxBottom = plotTop - 4 - (place.Lane * LaneHeight);
                var dash = kind == "allele" ? string.Empty : " stroke-dasharray=\"3,2\"";
                body.Append(Invariant($"<polyline points=\"{place.Centre:0.#},{boxBottom:0.#} {ax:0.#},{dataTop + plotTop:0.#} {ax:0.#},{ay - 8:0.#}\" fill=\"none\" stroke=\"#9a9a9a\" stroke-width=\"0.8\"{dash}/>"));
                body.Append(Invariant($"<rect x=\"{place.Centre - (width / 2):0.#}\" y=\"{boxBottom - 14:0.#}\" width=\"{width:0.#}\" height=\"14\" rx=\"2\" fill=\"white\" stroke=\"{(kind == "allele" ? colour : "#b45309")}\" stroke-width=\"{(kind == "allele" ? 1 : 0.6)}\"/>"));
                body.Append(Invariant($"<text x=\"{place.Centre:0.#}\" y=\"{boxBottom - 3:0.#}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"{(kind == "allele" ? 12 : 10.5)}\"{(kind == "allele" ? " font-weight=\"bold\"" : " font-style=\"italic\"")} fill=\"{(kind == "allele" ? "#111111" : "#b45309")}\">{Escape(text)}</text>"));
            }

            body.Append("</g>");
        }

        body.Append("</g>");
        return plotTop - top + PlotHeight + 6;
    }

    /// <summary>The short name an artefact's mark carries.</summary>
    internal static string Artefact(string flag) => flag switch
    {
        StrFlags.Stutter => "stutter",
        StrFlags.MinusA => "−A",
        StrFlags.PullUp => "pull-up",
        StrFlags.Spike => "spike",
        StrFlags.DyeBlob => "blob",
        StrFlags.BelowFractionOfMax => "minor",
        StrFlags.Rejected => "rejected",
        _ => flag,
    };

    // A generous estimate of the rendered width (sans-serif at 12 px, bold for alleles; 10.5 px italic for artefacts) plus padding.
    private static double TextWidth(string text, bool isAllele) => (text.Length * (isAllele ? 7.6 : 6.4)) + 8;

    private static string Flags(IReadOnlyCollection<string> flags) => flags.Count == 0 ? string.Empty : " (" + string.Join(", ", flags) + ")";

    // The kit's bins as measured in the run's ladder (allele ± the calling half-width), shaded under the trace; virtual bins lighter.
    private static void Bins(StringBuilder body, Plot plot, int plotTop, LadderRun ladder, HashSet<string> names, double halfWidth, double minBp, double maxBp, double yMax)
    {
        var top = plot.GetPixel(new Coordinates(minBp, yMax)).Y + plotTop;
        var bottom = plot.GetPixel(new Coordinates(minBp, 0)).Y + plotTop;
        foreach (var bins in ladder.Bins.Where(b => names.Contains(b.Locus.Name)))
        {
            foreach (var (allele, bp) in bins.Alleles.Where(a => a.Bp - halfWidth >= minBp && a.Bp + halfWidth <= maxBp))
            {
                var left = plot.GetPixel(new Coordinates(bp - halfWidth, 0)).X;
                var right = plot.GetPixel(new Coordinates(bp + halfWidth, 0)).X;
                body.Append(Invariant($"<rect class=\"bin\" data-locus=\"{Escape(bins.Locus.Name)}\" data-allele=\"{Escape(allele.Name)}\" x=\"{left:0.##}\" y=\"{top:0.#}\" width=\"{Math.Max(right - left, 1):0.##}\" height=\"{bottom - top:0.#}\" fill=\"#8c8c8c\" fill-opacity=\"{(allele.IsVirtual ? 0.10 : 0.22)}\"><title>{Escape(bins.Locus.Name)} {Escape(allele.Name)}{(allele.IsVirtual ? " (virtual)" : string.Empty)}: {bp:0.00} ± {halfWidth:0.##} bp in the ladder</title></rect>"));
            }
        }
    }

    // Each locus's nominal window as a tinted band in the top row with its name, where the panel shows it.
    private static void LocusNames(StringBuilder body, Plot plot, int top, List<Locus> loci, double minBp, double maxBp, string colour)
    {
        foreach (var locus in loci)
        {
            var left = plot.GetPixel(new Coordinates(Math.Max(locus.MinBp, minBp), 0)).X;
            var right = plot.GetPixel(new Coordinates(Math.Min(locus.MaxBp, maxBp), 0)).X;
            if (right <= left)
            {
                continue;
            }

            body.Append(Invariant($"<g class=\"locus\"><title>{Escape(locus.Name)}: {locus.MinBp:0.#}–{locus.MaxBp:0.#} bp</title><rect x=\"{left:0.#}\" y=\"{top + 1}\" width=\"{right - left:0.#}\" height=\"{LocusRow - 3}\" fill=\"{colour}\" fill-opacity=\"0.12\" stroke=\"{colour}\" stroke-width=\"0.5\"/>"));
            body.Append(Invariant($"<text x=\"{(left + right) / 2:0.#}\" y=\"{top + LocusRow - 5}\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#222222\">{Escape(locus.Name)}</text></g>"));
        }
    }

    // The baseline-corrected trace against size, reduced to each column's minimum and maximum (peaks keep their apex).
    private static (double[] Xs, double[] Ys) Trace(AbifFile file, SizedLane lane, int baselineWindow, int channel, double minBp, double maxBp)
    {
        if (file.RawTrace(channel) is not { } raw || raw.IsEmpty)
        {
            return ([], []);
        }

        var baseline = TraceProcessing.Baseline(raw.AsSpan(), baselineWindow);
        var start = lane.Standard.Matched[0].Peak.Begin;
        var column = (maxBp - minBp) / Columns;
        var (xs, ys) = (new List<double>(), new List<double>());
        var current = -1;
        (double X, double Y) low = default, high = default;
        for (var scan = start; scan < raw.Length; scan++)
        {
            var bp = lane.Curve.SizeAt(scan).Bp;
            if (bp < minBp || bp > maxBp)
            {
                continue;
            }

            var value = raw[scan] - baseline[scan];
            var index = (int)((bp - minBp) / column);
            if (index != current)
            {
                Flush();
                (current, low, high) = (index, (bp, value), (bp, value));
            }
            else
            {
                low = value < low.Y ? (bp, value) : low;
                high = value > high.Y ? (bp, value) : high;
            }
        }

        Flush();
        return ([.. xs], [.. ys]);

        void Flush()
        {
            if (current < 0)
            {
                return;
            }

            foreach (var (x, y) in low.X <= high.X ? [low, high] : new[] { high, low })
            {
                xs.Add(x);
                ys.Add(y);
            }
        }
    }
}
