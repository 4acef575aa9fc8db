using Stroma.Core.Course;
using Stroma.Core.Renal;
using Stroma.Core.Safety;
using Stroma.Core.Text;

namespace Stroma.Reports.Course;

public static partial class CaseReport
{
    /// <summary>The first table: what the programme asks, each answered from one source (the same the sections below use).</summary>
    private static void Glance(Html html, PatientCourse course, CourseAssessment a, CaseReportSections sections, AdverseEventLedger ledger)
    {
        html.Element("h2", "The protocol's question at a glance");
        html.Table("Question", "Answer", "Evidence");
        html.Cells("Target reached and held without plasmapheresis at the last follow-up", YesNo(a.Attainment.TargetMetWithoutPlasmapheresis),
            a.Attainment.HeldSinceLabId is null
                ? (a.Attainment.Points.Any(p => p.SampledAt >= a.DayZero) ? "no run of qualifying samples to the last follow-up" : "no UPCR after day 0")
                : Inv($"since day {a.Attainment.HeldSinceDay} (sample {a.Attainment.HeldSinceLabId})"));
        html.Cells("Held at one year", Answer(a.Attainment.HeldAtOneYear),
            a.Attainment.OneYearLabId is { } yearLab ? Inv($"sample {yearLab}") : Inv($"no UPCR within day {a.Protocol.OneYearDay} ± {a.Protocol.OneYearToleranceDays}"));
        html.Cells("Plasmapheresis-independent", YesNo(a.Dependence.IsIndependent),
            Inv($"free since day {a.Dependence.FreeSinceDay}; {a.Dependence.DaysWithoutSessionAtLastFollowUp:0} day(s) without a session at the last follow-up (needed: {a.Protocol.IndependenceDays}); last session {a.Dependence.LastSessionId ?? "none"}"));
        var renal = a.Renal.Verdict;
        html.Cells("Renal function stable (KDIGO 2012: no progression after day 0)", Answer(renal.IsStable), renal.Reason);
        html.Cells(Inv($"Adverse events (CTCAE v{Ctcae.Version})"), ledger.Answer, ledger.Evidence(course.DayOf));
        var (chimerismAnswer, chimerismEvidence) = MscChimerism(course, sections);
        html.Cells("MSC-donor DNA after the infusions (STR chimerism)", chimerismAnswer, chimerismEvidence);
        var (biomarkerAnswer, biomarkerEvidence) = BiomarkerRanking(sections.Biomarkers);
        html.Cells("Putative efficacy biomarkers (a decrease beyond the RCV sustained to one year)", biomarkerAnswer, biomarkerEvidence);
        html.EndTable();
        html.Element("p", $"Renal function stable: {KdigoProgression.Rule}. Source: {KdigoProgression.Source}.", "muted");
    }

    private static (string Answer, string Evidence) MscChimerism(PatientCourse course, CaseReportSections sections)
    {
        var chimerism = sections.Chimerism ?? [];
        var samples = (sections.StrSamples ?? []).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var msc = chimerism.Where(c => c.Contributor == "msc-donor").ToList();
        if (msc.Count == 0)
        {
            return ("not measured", "no STR chimerism result for the MSC donor is stored");
        }

        var detected = msc.Count(c => c.Detected);
        var answer = detected == 0 ? "not detected" : Inv($"detected in {detected} of {msc.Count} samples");
        return (answer, string.Join("; ", msc.OrderBy(c => samples.GetValueOrDefault(c.SampleId)?.SampledAt).Select(c =>
        {
            var sample = samples.GetValueOrDefault(c.SampleId);
            var when = sample?.SampledAt is { } at ? Inv($"day {course.DayOf(at)} ") : string.Empty;
            return $"{when}{sample?.Material ?? "sample"} {c.SampleId}: {c.Text}";
        })));
    }

    private static (string Answer, string Evidence) BiomarkerRanking(BiomarkerPanel? panel)
    {
        if (panel is null || panel.Analytes.Count == 0)
        {
            return ("not measured", "no cytokine or array series is stored");
        }

        var assessable = panel.Analytes.Where(x => x.Assessable).ToList();
        var sustained = assessable.Where(x => x.Sustained).ToList();
        var notAssessed = panel.Analytes.Count - assessable.Count;
        var rest = notAssessed == 0 ? string.Empty : Inv($"; {notAssessed} of {panel.Analytes.Count} series not assessable (reasons below)");
        if (assessable.Count == 0)
        {
            return (ClinicalFormat.NotAssessable, Inv($"none of {panel.Analytes.Count} series could be judged (reasons below)"));
        }

        return sustained.Count == 0
            ? ("none", Inv($"no decrease sustained to one year in {assessable.Count} assessable series{rest}"))
            : (Inv($"{sustained.Count} of {assessable.Count} assessable series"),
                "ranked by BH q: " + string.Join(", ", sustained.Select(x => $"{x.Analyte} (q {PValue(x.Q)})")) + rest);
    }

    // A p or q as read: four decimals, or "< 0.0001" (never a bare 0).
    private static string PValue(double? p) => p switch
    {
        null => ClinicalFormat.NotAssessable,
        < 0.0001 => "< 0.0001",
        { } v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture),
    };
}
