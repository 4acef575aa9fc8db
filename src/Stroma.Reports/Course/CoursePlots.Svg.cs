using System.Globalization;
using System.Security;
using System.Text;
using ScottPlot;
using Stroma.Core.Course;

namespace Stroma.Reports.Course;

/// <summary>A point of a plot a reader can hover (its value in an SVG title) and follow (to its source record).</summary>
/// <param name="Title">What hovering shows.</param>
/// <param name="Href">Where the point links to, or null.</param>
public sealed record PlotPointLink(string Title, string? Href);

/// <summary>The same plots as SVG for the web app: the report's look, with every point's value on hover and a link to its record.</summary>
public static class CoursePlotsSvg
{
    /// <summary>The UPCR timeline as SVG; <paramref name="link"/> gives each sample's hover text and link.</summary>
    public static string UpcrTimeline(PatientCourse course, CourseAssessment assessment, Func<UpcrTimePoint, PlotPointLink> link)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(link);
        var first = ReportPeriod.UpcrFirstDay(assessment);
        var plot = CoursePlots.UpcrTimelinePlot(course, assessment, first);
        return WithLinks(plot, assessment.Attainment.Points.Where(p => p.Day >= first).Select(p => (p.Day, p.Upcr.MgPerMg, link(p))));
    }

    /// <summary>The eGFR timeline as SVG; <paramref name="link"/> gives each eGFR's hover text and link.</summary>
    public static string EgfrTimeline(PatientCourse course, CourseAssessment assessment, Func<CourseEgfr, PlotPointLink> link)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(link);
        var first = ReportPeriod.EgfrFirstDay(assessment);
        var plot = CoursePlots.EgfrTimelinePlot(course, assessment, first);
        return WithLinks(plot, assessment.Renal.Points.Where(p => p.Day >= first).Select(p => (p.Day, p.Result.Egfr.MlPerMinPer173M2, link(p))));
    }

    // ScottPlot draws the plot; a transparent circle over each point carries its <title> (hover) and link, placed by the plot's own
    // coordinate transform of the render just made. The document stands alone (a page embeds it in a frame): its links open in the
    // page (target _top), and the point under the pointer is shaded by its own style.
    private static string WithLinks(Plot plot, IEnumerable<(int Day, double Value, PlotPointLink Link)> points)
    {
        var svg = plot.GetSvgXml(CoursePlots.Width, CoursePlots.Height);
        var overlay = new StringBuilder("<style>circle.point:hover { fill: rgba(43,108,176,.25); }</style>");
        foreach (var (day, value, link) in points)
        {
            var pixel = plot.GetPixel(new Coordinates(day, value));
            var circle = string.Create(CultureInfo.InvariantCulture,
                $"<circle cx=\"{pixel.X:0.#}\" cy=\"{pixel.Y:0.#}\" r=\"7\" fill=\"transparent\" stroke=\"none\" class=\"point\"><title>{SecurityElement.Escape(link.Title)}</title></circle>");
            overlay.Append(link.Href is { } href ? $"<a href=\"{SecurityElement.Escape(href)}\" target=\"_top\">{circle}</a>" : circle);
        }

        // Scales to the width it is given (the page's column, a phone), keeping its proportions.
        var size = string.Create(CultureInfo.InvariantCulture, $"width=\"{CoursePlots.Width}\" height=\"{CoursePlots.Height}\">");
        var open = svg.IndexOf(size, svg.IndexOf("<svg", StringComparison.Ordinal), StringComparison.Ordinal);
        svg = svg[..open] + string.Create(CultureInfo.InvariantCulture, $"viewBox=\"0 0 {CoursePlots.Width} {CoursePlots.Height}\" width=\"100%\" height=\"100%\">") + svg[(open + size.Length)..];
        var end = svg.LastIndexOf("</svg>", StringComparison.Ordinal);
        return svg[..end] + overlay + svg[end..];
    }
}
