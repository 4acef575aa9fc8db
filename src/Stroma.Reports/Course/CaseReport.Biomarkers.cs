using Stroma.Core.Biomarkers;
using Stroma.Core.Course;
using Stroma.Core.Str;
using Stroma.Core.Text;

namespace Stroma.Reports.Course;

public static partial class CaseReport
{
    private static void Biomarkers(Html html, BiomarkerPanel panel)
    {
        html.Element("h2", "Cytokines and putative efficacy biomarkers");
        var assessable = panel.Analytes.Where(x => x.Assessable).ToList();
        var sustained = assessable.Where(x => x.Sustained).Select(x => x.Analyte).ToList();
        html.Element("p", assessable.Count == 0
            ? Inv($"None of the {panel.Analytes.Count} series can be judged yet (reasons below).")
            : sustained.Count == 0
                ? Inv($"No series of the {assessable.Count} assessable shows a decrease beyond its reference change value sustained to one year.")
                : Inv($"Sustained decrease beyond the reference change value at every follow-up to one year: {string.Join(", ", sustained)}."));
        if (assessable.Count > 0)
        {
            html.Image(CoursePlots.PrintPng(CoursePlots.BiomarkerHeatmapPlot(assessable)), "Heat map of log2 fold change from baseline, analyte by follow-up day");
            html.Image(CoursePlots.PrintPng(CoursePlots.BiomarkerTrajectoriesPlot(assessable)), "Each analyte's trajectory with its downward reference change value");
            html.Table("Rank", "Series", "Baseline", "CVa", "CVi (source)", "Fold change by day", "p (IUT)", "q (BH)", "Evidence");
            foreach (var (x, rank) in assessable.Select((x, i) => (x, i + 1)))
            {
                html.Cells(Inv($"{rank}"), x.Analyte, Baseline(x, panel.UnitBySeries.GetValueOrDefault(x.Analyte)),
                    x.AnalyticalCvPercent is { } cva ? Percent(cva) : ClinicalFormat.NotAssessable, x.CviPercent is { } c ? $"{Percent(c.Percent)} ({c.Source})" : "none",
                    string.Join("; ", x.Points.Select(p => p.FoldChange is { } f ? Inv($"d{p.Day} {f:0.00}{(p.IsDecrease ? "↓" : string.Empty)}") : Inv($"d{p.Day} not detected"))),
                    PValue(x.PSustained), PValue(x.Q), x.Reason);
            }

            html.EndTable();
        }

        // A series that cannot be judged is one line under its reason, not a row of blanks.
        var notAssessed = panel.Analytes.Where(x => !x.Assessable).GroupBy(x => x.Reason, StringComparer.Ordinal).ToList();
        if (notAssessed.Count > 0)
        {
            html.Element("p", Inv($"Not assessable ({panel.Analytes.Count - assessable.Count} series):"));
            html.List(notAssessed.Select(g => $"{string.Join(", ", g.Select(x => x.Baseline is { } ? $"{x.Analyte} (baseline {Baseline(x, panel.UnitBySeries.GetValueOrDefault(x.Analyte))})" : x.Analyte))}: {g.Key}"));
        }

        if (panel.Sources.Count > 0)
        {
            html.Element("h3", "Where the panel's results came from");
            html.Table("Raw file", "SHA-256", "Unit", "CVa", "Series");
            foreach (var s in panel.Sources)
            {
                html.Cells(s.Name, s.Sha256[..16] + "…", string.Join(", ", s.Unit.Split(", ").Select(SeriesUnit)), Percent(s.AnalyticalCvPercent), string.Join(", ", s.Series));
            }

            html.EndTable();
        }
    }

    // "19.4 pg/mL (geometric mean of 2)"; an array series' signals are ratios to the membrane's reference spots, not concentrations.
    private static string Baseline(AnalyteChange x, string? unit)
    {
        if (x.Baseline is not { } b)
        {
            return ClinicalFormat.NotAssessable;
        }

        var of = x.BaselineSamples == 1 ? "1 sample" : Inv($"geometric mean of {x.BaselineSamples}");
        return unit == "{ratio}" ? $"{ClinicalFormat.Number(b)} (ratio to reference spots; {of})" : $"{ClinicalFormat.Number(b)} {SeriesUnit(unit)} ({of})";
    }

    private static string SeriesUnit(string? unit) => unit switch
    {
        null or "" => "(unit not recorded)",
        "{ratio}" => "ratio to reference spots",
        _ => ClinicalFormat.Unit(unit),
    };

    // STR: the question the seed case asked (is MSC-donor DNA found after the infusions?), then every result and its references.
    private static void Str(Html html, PatientCourse course, IReadOnlyList<StrSampleRecord> samples, IReadOnlyList<ChimerismRecord> chimerism)
    {
        html.Element("h2", "STR chimerism");
        var byId = samples.ToDictionary(s => s.Id);
        var msc = chimerism.Where(c => c.Contributor == "msc-donor").ToList();
        if (msc.Count > 0)
        {
            var detected = msc.Where(c => c.Detected).ToList();
            html.Element("p", detected.Count == 0
                ? Inv($"MSC-donor DNA: not detected in any of {msc.Count} post-treatment samples (limit of detection {msc.Max(c => c.LimitOfDetectionPercent):0.#} %).")
                : Inv($"MSC-donor DNA: detected in {detected.Count} of {msc.Count} post-treatment samples ({string.Join("; ", detected.Select(c => $"{c.SampleId}: {c.Text}"))})."));
        }
        else
        {
            html.Element("p", "MSC-donor DNA: no chimerism result for the MSC donor is stored.");
        }

        if (chimerism.Count > 0)
        {
            html.Table("Sample", "Material", "Day", "Contributor", "Result", "Informative loci", "Reference");
            foreach (var c in chimerism.OrderBy(c => byId.GetValueOrDefault(c.SampleId)?.SampledAt).ThenBy(c => c.SampleId, StringComparer.Ordinal).ThenBy(c => c.Contributor, StringComparer.Ordinal))
            {
                var sample = byId.GetValueOrDefault(c.SampleId);
                html.Cells(c.SampleId, sample?.Material ?? "not recorded", sample?.SampledAt is { } at ? Inv($"{course.DayOf(at)}") : "not recorded", c.Contributor, c.Text, Inv($"{c.InformativeLoci}"), c.ReferenceSampleId);
            }

            html.EndTable();
        }

        html.Element("h3", "STR samples and their raw files");
        html.Table("Sample", "Role", "Material", "Sampled", "File", "SHA-256", "Kit", "Flags");
        foreach (var s in samples)
        {
            html.Cells(s.Id, s.Role, s.Material, s.SampledAt is { } at ? Inv($"{at:yyyy-MM-dd} (day {course.DayOf(at)})") : "not recorded", s.FileName, s.FileSha256[..16] + "…", Inv($"{s.Kit}, {s.SizeStandard}"),
                s.Flags.IsEmpty ? "none" : string.Join(", ", s.Flags));
        }

        html.EndTable();
        foreach (var method in chimerism.Select(c => c.Method).Distinct(StringComparer.Ordinal))
        {
            html.Element("p", "Method: " + method, "muted");
        }
    }
}
