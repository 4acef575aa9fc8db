using ScottPlot;
using Stroma.Reports.Course;

namespace Stroma.Reports.Tests.Course;

public sealed class CoursePlotsTests
{
    // No legend is drawn over the data: it sits in a panel beside the data area, and every point (the one-year ones too, which a
    // legend in the lower right used to hide) lies inside the data area.
    [Fact]
    public void Plots_LegendBesideTheData_EveryPointInside()
    {
        var (course, assessment) = ReportFixture.Demo();
        var analytes = ReportFixture.DemoSections().Biomarkers!.Analytes;
        var plots = new[]
        {
            CoursePlots.UpcrTimelinePlot(course, assessment, ReportPeriod.UpcrFirstDay(assessment)),
            CoursePlots.EgfrTimelinePlot(course, assessment, ReportPeriod.EgfrFirstDay(assessment)),
            CoursePlots.BiomarkerTrajectoriesPlot(analytes),
        };

        foreach (var plot in plots)
        {
            plot.GetImageBytes(CoursePlots.Width, CoursePlots.Height, ImageFormat.Png);
            Assert.False(plot.Legend.IsVisible);
            Assert.Contains(plot.Axes.GetPanels(), p => p.GetType().Name == "LegendPanel");
            var limits = plot.Axes.GetLimits();
            foreach (var scatter in plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>())
            {
                Assert.All(scatter.Data.GetScatterPoints(), c => Assert.True(limits.Contains(c), $"{c} outside {limits}"));
            }
        }
    }

    // The fold-change heat map is diverging and centred on no change: a symmetric range around 0, white in the middle, blue for a
    // fall and red for a rise.
    [Fact]
    public void BiomarkerHeatmap_DivergingScaleCentredOnNoChange()
    {
        var analytes = ReportFixture.DemoSections().Biomarkers!.Analytes;

        var plot = CoursePlots.BiomarkerHeatmapPlot(analytes);

        var heatmap = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>());
        var range = heatmap.ManualRange!.Value;
        Assert.Equal(-range.Min, range.Max, 1e-12);
        var (low, middle, high) = (heatmap.Colormap.GetColor(0.0), heatmap.Colormap.GetColor(0.5), heatmap.Colormap.GetColor(1.0));
        Assert.True(middle.R > 220 && middle.G > 220 && middle.B > 220, $"{middle}");
        Assert.True(low.B > low.R, $"{low}");
        Assert.True(high.R > high.B, $"{high}");
    }
}
