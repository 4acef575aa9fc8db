using ScottPlot;
using Stroma.Core.Course;

namespace Stroma.Reports.Course;

/// <summary>The case report's plots, rendered to PNG with ScottPlot.</summary>
public static class CoursePlots
{
    /// <summary>Pixel size of every plot.</summary>
    public const int Width = 1000;

    /// <summary>Pixel height of every plot.</summary>
    public const int Height = 420;

    /// <summary>
    /// The seed paper's timeline: UPCR against the target line, plasma exchange sessions as markers along the bottom, MSC infusions as
    /// vertical lines; samples that met the target without plasmapheresis are filled, the others hollow.
    /// </summary>
    /// <remarks>The period shown starts at <paramref name="firstDay"/> (default: the protocol's before window, as the report's tables do).</remarks>
    public static byte[] UpcrTimeline(PatientCourse course, CourseAssessment assessment, int? firstDay = null) =>
        UpcrTimelinePlot(course, assessment, firstDay ?? ReportPeriod.UpcrFirstDay(assessment)).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The resolution factor of the report's plots: twice the layout's pixels, about 300 dpi across an A4 page.</summary>
    public const int PrintScale = 2;

    /// <summary>
    /// A plot as PNG at print resolution: the same layout as <see cref="Width"/> × <see cref="Height"/> (fonts, lines and markers scaled
    /// with it), drawn with <see cref="PrintScale"/> times the pixels, for the case report (shown at the layout's size).
    /// </summary>
    internal static byte[] PrintPng(Plot plot)
    {
        plot.ScaleFactor = PrintScale;
        return plot.GetImageBytes(Width * PrintScale, Height * PrintScale, ImageFormat.Png);
    }

    internal static Plot UpcrTimelinePlot(PatientCourse course, CourseAssessment assessment, int firstDay)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(assessment);
        var plot = new Plot();
        var points = assessment.Attainment.Points.Where(p => p.Day >= firstDay).ToList();
        var top = Math.Max(assessment.Protocol.Target.MgPerMg * 1.6, points.Count == 0 ? 1 : points.Max(p => p.Upcr.MgPerMg) * 1.15);

        var line = plot.Add.ScatterLine(points.Select(p => (double)p.Day).ToArray(), points.Select(p => p.Upcr.MgPerMg).ToArray());
        line.Color = Colors.SteelBlue.WithAlpha(0.5);
        line.LineWidth = 1.5f;
        AddMarkers(plot, points.Where(p => p.MeetsTarget && p.IsPlasmapheresisFree), MarkerShape.FilledCircle, Colors.SteelBlue, "UPCR, target met without plasmapheresis");
        AddMarkers(plot, points.Where(p => !(p.MeetsTarget && p.IsPlasmapheresisFree)), MarkerShape.OpenCircle, Colors.SteelBlue, "UPCR, other samples");

        var target = plot.Add.HorizontalLine(assessment.Protocol.Target.MgPerMg, 2, Colors.FireBrick, LinePattern.Dashed);
        target.LegendText = $"Target {assessment.Protocol.Target}";

        var sessions = course.Sessions.Select(s => (double)course.DayOf(s.At)).Where(d => d >= firstDay).ToArray();
        if (sessions.Length > 0)
        {
            var markers = plot.Add.Markers(sessions, sessions.Select(_ => top * 0.03).ToArray(), MarkerShape.FilledTriangleUp, 9, Colors.DarkOrange);
            markers.LegendText = "Plasma exchange session";
        }

        foreach (var (infusion, i) in course.Infusions.OrderBy(x => x.At).Select((x, i) => (x, i)))
        {
            var vertical = plot.Add.VerticalLine(course.DayOf(infusion.At), 2, Colors.SeaGreen);
            vertical.LegendText = i == 0 ? "MSC infusion" : string.Empty;
        }

        plot.Title("Proteinuria, plasma exchange and MSC infusions");
        plot.XLabel("Study day (day 0 = first MSC infusion)");
        plot.YLabel("UPCR (mg/mg)");
        plot.Axes.SetLimitsY(0, top);
        plot.Axes.SetLimitsX(firstDay - 5, Math.Max(assessment.LastFollowUpDay, 30) + 10);
        ShowLegendBelow(plot);
        return plot;
    }

    /// <summary>eGFR over time with the equation named, infusions as vertical lines, and the before/after slopes drawn as lines.</summary>
    /// <remarks>
    /// The period shown starts at <paramref name="firstDay"/> (default: the year the slope before day 0 uses, or the protocol's before
    /// window, as the report's tables do).
    /// </remarks>
    public static byte[] EgfrTimeline(PatientCourse course, CourseAssessment assessment, int? firstDay = null) =>
        EgfrTimelinePlot(course, assessment, firstDay ?? ReportPeriod.EgfrFirstDay(assessment)).GetImageBytes(Width, Height, ImageFormat.Png);

    internal static Plot EgfrTimelinePlot(PatientCourse course, CourseAssessment assessment, int firstDay)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(assessment);
        var plot = new Plot();
        var points = assessment.Renal.Points.Where(p => p.Day >= firstDay).ToList();
        foreach (var group in points.GroupBy(p => p.Result.Equation))
        {
            var scatter = plot.Add.Scatter(group.Select(p => (double)p.Day).ToArray(), group.Select(p => p.Result.Egfr.MlPerMinPer173M2).ToArray());
            scatter.LegendText = "eGFR (" + group.Key + ")";
            scatter.MarkerSize = 7;
        }

        AddSlope(plot, assessment.Renal.SlopeBefore, assessment, "slope before", Colors.Gray);
        AddSlope(plot, assessment.Renal.SlopeAfter, assessment, "slope after", Colors.Black);
        foreach (var (infusion, i) in course.Infusions.OrderBy(x => x.At).Select((x, i) => (x, i)))
        {
            var vertical = plot.Add.VerticalLine(course.DayOf(infusion.At), 2, Colors.SeaGreen);
            vertical.LegendText = i == 0 ? "MSC infusion" : string.Empty;
        }

        var values = points.Select(p => p.Result.Egfr.MlPerMinPer173M2).DefaultIfEmpty(60).ToList();
        plot.Title("Renal function");
        plot.XLabel("Study day (day 0 = first MSC infusion)");
        plot.YLabel("eGFR (mL/min/1.73 m²)");
        plot.Axes.SetLimitsY(Math.Max(0, values.Min() - 20), values.Max() + 20);
        plot.Axes.SetLimitsX(firstDay - 5, Math.Max(assessment.LastFollowUpDay, 30) + 10);
        ShowLegendBelow(plot);
        return plot;
    }

    // Every legend goes beside the data area, never over it (the one-year points were hidden under one).
    private static void ShowLegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    // The timelines' few legend items go in a row under the data, so the data keep the plot's whole width (beside it they took 40 %).
    private static void ShowLegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
    }

    private static void AddMarkers(Plot plot, IEnumerable<UpcrTimePoint> points, MarkerShape shape, Color color, string legend)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(list.Select(p => (double)p.Day).ToArray(), list.Select(p => p.Upcr.MgPerMg).ToArray(), shape, 8, color);
        markers.LegendText = legend;
    }

    private static void AddSlope(Plot plot, Core.Renal.EgfrSlope? slope, CourseAssessment assessment, string name, Color color)
    {
        if (slope is null)
        {
            return;
        }

        var fitted = assessment.Renal.Points.Where(p => p.Day >= Day(slope.From, assessment) && p.Day <= Day(slope.To, assessment)).ToList();
        var meanDay = fitted.Average(p => p.Day);
        var meanValue = fitted.Average(p => p.Result.Egfr.MlPerMinPer173M2);
        double At(int day) => meanValue + (slope.PerYear * (day - meanDay) / Core.Renal.EgfrSlope.DaysPerYear);
        var (x1, x2) = (Day(slope.From, assessment), Day(slope.To, assessment));
        var line = plot.Add.Line(x1, At(x1), x2, At(x2));
        line.Color = color;
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 2;
        line.LegendText = FormattableString.Invariant($"{name}: {slope.PerYear:+0.0;-0.0} mL/min/1.73 m²/year");
    }

    private static int Day(DateOnly date, CourseAssessment assessment) => date.DayNumber - DateOnly.FromDateTime(assessment.DayZero.DateTime).DayNumber;

    /// <summary>
    /// Heat map of log2 fold change from baseline, analyte (rows) × follow-up day (columns), on a diverging scale centred on no change:
    /// white for none, blue for a fall, red for a rise, symmetric about 0; cells not detected are grey; analytes not assessed are left out.
    /// </summary>
    public static byte[] BiomarkerHeatmap(IReadOnlyList<Core.Biomarkers.AnalyteChange> analytes) => BiomarkerHeatmapPlot(analytes).GetImageBytes(Width, Height, ImageFormat.Png);

    internal static Plot BiomarkerHeatmapPlot(IReadOnlyList<Core.Biomarkers.AnalyteChange> analytes)
    {
        ArgumentNullException.ThrowIfNull(analytes);
        var rows = analytes.Where(a => a.Assessable).ToList();
        return Heatmap([.. rows.Select(a => (a.Analyte, (IReadOnlyList<(int, double?)>)[.. a.Points.Select(p => (p.Day, p.LogChange))]))], "Cytokines after the MSC infusions: log2 fold change from baseline (white: no change)", "log2 fold change");
    }

    /// <summary>The cohort's heat map: log2 of each day's geometric-mean ratio to baseline (mixed model), analyte × day.</summary>
    public static byte[] CohortHeatmap(IReadOnlyList<Core.Biomarkers.CohortChange> analytes)
    {
        ArgumentNullException.ThrowIfNull(analytes);
        var rows = analytes.Where(a => a.Fit is not null).ToList();
        return Heatmap([.. rows.Select(a => (a.Analyte, (IReadOnlyList<(int, double?)>)[.. a.Days.Select(d => (d.Day, (double?)d.Model.Estimate))]))],
            FormattableString.Invariant($"Cohort ({rows.Select(r => r.Fit!.Patients).DefaultIfEmpty(0).Max()} patients): geometric-mean ratio to baseline (white: no change)"), "log2 ratio (mixed model)")
            .GetImageBytes(Width, Height, ImageFormat.Png);
    }

    // Rows × days of natural-log changes, shown as log2 on a diverging scale (cmocean "balance": blue, white at 0, red) symmetric about
    // 0 — so that white is always "no change" — clipped at ±2 (a quarter or four times the baseline).
    private static Plot Heatmap(IReadOnlyList<(string Analyte, IReadOnlyList<(int Day, double? LogChange)> Points)> rows, string title, string label)
    {
        var days = rows.SelectMany(a => a.Points.Select(p => p.Day)).Distinct().Order().ToList();
        var values = new double[Math.Max(1, rows.Count), Math.Max(1, days.Count)];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < days.Count; c++)
            {
                var point = rows[r].Points.FirstOrDefault(p => p.Day == days[c]);
                values[r, c] = point.LogChange is { } d ? d / Math.Log(2) : double.NaN;
            }
        }

        var largest = values.Cast<double>().Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var limit = Math.Clamp(Math.Ceiling(largest * 2) / 2, 0.5, HeatmapLimit);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);
        heatmap.NaNCellColor = Colors.LightGray;
        plot.Add.ColorBar(heatmap).Label = label;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(r => (double)(rows.Count - 1 - r))], [.. rows.Select(a => a.Analyte)]);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, days.Count).Select(c => (double)c)], [.. days.Select(d => FormattableString.Invariant($"day {d}"))]);
        plot.Title(title);
        return plot;
    }

    /// <summary>The heat map's scale ends (log2): changes beyond a quarter or four times the baseline are drawn at the end colour.</summary>
    public const double HeatmapLimit = 2;

    /// <summary>
    /// The cohort's trajectories: each analyte's log2 geometric-mean ratio to baseline per day with its 95 % interval (mixed model);
    /// days below baseline at the one-sided 5 % level filled, the others hollow.
    /// </summary>
    public static byte[] CohortTrajectories(IReadOnlyList<Core.Biomarkers.CohortChange> analytes, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(analytes);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var shown = analytes.Where(a => a.Fit is not null && a.Days.Length > 0).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var a = shown[i];
            var colour = palette.GetColor(i);
            var x = a.Days.Select(d => (double)d.Day).ToArray();
            var y = a.Days.Select(d => d.Model.Estimate / Math.Log(2)).ToArray();
            var line = plot.Add.ScatterLine(x, y);
            line.Color = colour;
            line.LegendText = a.Analyte + (a.Sustained ? " (sustained decrease)" : string.Empty);
            var bars = plot.Add.ErrorBar(x, y, [.. a.Days.Select(d => (d.Model.Estimate - d.Model.Lower95) / Math.Log(2))]);
            bars.Color = colour;
            foreach (var d in a.Days)
            {
                plot.Add.Marker(d.Day, d.Model.Estimate / Math.Log(2), d.Model.PLess < alpha ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 8, colour).LegendText = string.Empty;
            }
        }

        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Axes.Left.Label.Text = "log2 ratio to baseline (95 % CI)";
        plot.Axes.Bottom.Label.Text = "Day after the first MSC infusion";
        plot.Title("Cohort trajectories");
        ShowLegendOutside(plot);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// Each analyte's trajectory as fold change from baseline (log scale) with its band of no significant change (the one-sided
    /// downward RCV as a dashed line at exp(−Z·SD)); decreases beyond it filled, the others hollow.
    /// </summary>
    public static byte[] BiomarkerTrajectories(IReadOnlyList<Core.Biomarkers.AnalyteChange> analytes, double z = Core.Biomarkers.ReferenceChange.OneSided95) =>
        BiomarkerTrajectoriesPlot(analytes, z).GetImageBytes(Width, Height, ImageFormat.Png);

    internal static Plot BiomarkerTrajectoriesPlot(IReadOnlyList<Core.Biomarkers.AnalyteChange> analytes, double z = Core.Biomarkers.ReferenceChange.OneSided95)
    {
        ArgumentNullException.ThrowIfNull(analytes);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var shown = analytes.Where(a => a.Assessable && a.LogSd is not null).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var a = shown[i];
            var points = a.Points.Where(p => p.LogChange is not null).ToList();
            var colour = palette.GetColor(i);
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Day).ToArray(), points.Select(p => p.LogChange!.Value / Math.Log(2)).ToArray());
            line.Color = colour;
            line.LegendText = a.Analyte + (a.Sustained ? " (sustained decrease)" : string.Empty);
            var band = plot.Add.HorizontalLine(-z * a.LogSd!.Value / Math.Log(2), 1, colour.WithAlpha(0.6), LinePattern.Dashed);
            foreach (var p in points)
            {
                var marker = plot.Add.Marker(p.Day, p.LogChange!.Value / Math.Log(2), p.IsDecrease ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 8, colour);
                marker.LegendText = string.Empty;
            }

            band.LegendText = string.Empty;
        }

        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Axes.Left.Label.Text = "log2 fold change from baseline";
        plot.Title("Cytokine trajectories; dashed: each analyte's downward RCV");
        plot.Axes.Bottom.Label.Text = "Day after the first MSC infusion";
        var days = shown.SelectMany(a => a.Points.Select(p => p.Day)).DefaultIfEmpty(0).ToList();
        plot.Axes.SetLimitsX(days.Min() - 15, days.Max() + 15);
        ShowLegendOutside(plot);
        return plot;
    }
}

/// <summary>The period each part of the report shows, one rule for its plot and its table.</summary>
internal static class ReportPeriod
{
    /// <summary>UPCR and plasma exchange: from the protocol's before window on.</summary>
    public static int UpcrFirstDay(CourseAssessment assessment) => -assessment.Protocol.BeforeWindowDays;

    /// <summary>eGFR: from the first value the slope before day 0 used (a year), or the before window when that is earlier.</summary>
    public static int EgfrFirstDay(CourseAssessment assessment) =>
        Math.Min(-assessment.Protocol.BeforeWindowDays, assessment.Renal.SlopeBefore is { } before
            ? before.From.DayNumber - DateOnly.FromDateTime(assessment.DayZero.DateTime).DayNumber
            : 0);
}
