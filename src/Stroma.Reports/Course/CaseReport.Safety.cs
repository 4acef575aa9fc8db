using System.Collections.Immutable;
using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Safety;
using Stroma.Core.Text;

namespace Stroma.Reports.Course;

public static partial class CaseReport
{
    // Every adverse event once (the ledger: structured AEs, and the timeline's AE events without a structured record), the windows
    // after each infusion, and the vital signs — whether or not the lot is held here.
    private static void Safety(Html html, PatientCourse course, CourseAssessment a, SafetyRecord t, AdverseEventLedger ledger)
    {
        html.Element("h2", "Safety");
        var end = t.FollowUpEnd(a.LastFollowUp);
        html.Element("p", ledger.Count == 0
            ? Inv($"No adverse events recorded to {end:yyyy-MM-dd} (CTCAE v{Ctcae.Version}): no structured record and none in the course timeline.")
            : Inv($"Adverse events to {end:yyyy-MM-dd}: {ledger.Answer}; {(ledger.Related == 0 ? "none" : ledger.Related.ToString(System.Globalization.CultureInfo.InvariantCulture))} related to the product."));
        var summary = SafetySummary.Summarise(course.Infusions.Select(i => (i.Id, i.At)), t.AdverseEvents, end);
        var thresholds = new VitalThresholds();
        html.Table("Infusion", "Within 24 h", "Within 7 days", "Within 30 days", "Vital signs");
        foreach (var s in summary)
        {
            var signs = t.Vitals.Where(v => v.InfusionId == s.InfusionId).ToList();
            var flagged = thresholds.Check(signs);
            html.Cells(Inv($"{s.InfusionId} (day {course.DayOf(s.Start)})"), ledger.Describe(s, s.Windows[0]), ledger.Describe(s, s.Windows[1]), ledger.Describe(s, s.Windows[2]),
                signs.Count == 0 ? "none recorded" : flagged.IsEmpty ? Inv($"{signs.Count} sets, none flagged")
                    : Inv($"{signs.Count} sets; flagged: ") + string.Join("; ", flagged.Select(f => Inv($"{f.Signs.At:HH:mm} ({ClinicalFormat.Words(f.Signs.Phase)}) {string.Join(", ", f.Flags)}"))));
        }

        html.EndTable();
        var orphans = t.Vitals.Where(v => course.Infusions.All(i => i.Id != v.InfusionId)).ToList();
        if (orphans.Count > 0)
        {
            html.Element("p", Inv($"{orphans.Count} vital-sign set(s) name an infusion not in the course: {string.Join(", ", orphans.Select(v => v.InfusionId).Distinct(StringComparer.Ordinal))}."));
        }

        if (!ledger.Graded.IsEmpty)
        {
            html.Table("AE", "Term (verbatim)", "Grade", "Onset", "Resolved", "Serious", "Relatedness", "Action", "Outcome");
            foreach (var e in ledger.Graded)
            {
                html.Cells(e.Id, $"{e.Term} ({e.Verbatim})", Inv($"{e.Grade}"), Inv($"day {course.DayOf(e.Onset)}"), e.Resolved is { } r ? Inv($"day {course.DayOf(r)}") : "ongoing",
                    e.IsSerious ? "yes: " + string.Join(", ", e.Seriousness.Select(x => ClinicalFormat.Words(x))) : "no", ClinicalFormat.Words(e.RelatednessToProduct),
                    ClinicalFormat.Words(e.Action), ClinicalFormat.Words(e.Outcome));
            }

            html.EndTable();
        }

        if (!ledger.Ungraded.IsEmpty)
        {
            html.Element("p", "Adverse events in the course timeline without a structured record (grade, seriousness and causality not recorded; record them with `stroma import safety` under the same id):");
            html.Table("Event", "Day", "Description");
            foreach (var e in ledger.Ungraded)
            {
                html.Cells(e.Id, Inv($"{course.DayOf(e.At)}"), e.Description);
            }

            html.EndTable();
        }
    }

    private static void Biopsies(Html html, PatientCourse course, ImmutableArray<BiopsyReport> biopsies)
    {
        if (biopsies.IsEmpty)
        {
            return;
        }

        html.Element("h2", "Kidney biopsies");
        html.Table("Biopsy", "Day", "Adequacy", "Glomeruli (global / segmental sclerosis)", "Columbia variant", "Banff scores", "Banff diagnoses", "EM effacement", "STR sample");
        foreach (var b in biopsies)
        {
            html.Cells(b.Id + " — " + b.Indication, Inv($"{course.DayOf(b.TakenAt)}"), ClinicalFormat.Words(b.Adequacy), Inv($"{b.Glomeruli} ({b.GloballySclerosed} / {b.Lesions.SegmentallySclerosed})"),
                ClinicalFormat.Words(b.Lesions.Variant), string.Join(" ", b.Scores.All.Select(x => x.Name == "cg" ? $"cg{b.Scores.CgLabel}" : Inv($"{x.Name}{x.Value}"))),
                b.Diagnoses.IsEmpty ? "none" : string.Join("; ", b.Diagnoses.Select(d => Inv($"{d.Category}: {d.Diagnosis}"))),
                b.FootProcessEffacementPercent is { } f ? Inv($"{f:0} % ({b.EmGlomeruli} glomeruli)") : "no EM", b.StrSampleId ?? "none");
        }

        html.EndTable();
        if (biopsies.Length >= 2)
        {
            var c = BiopsyComparison.Of(biopsies[0], biopsies[^1]);
            html.Element("p", Inv($"{c.Before.Id} → {c.After.Id}: segmental sclerosis {(c.SegmentalSclerosisChangePoints is { } ss ? ss.ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " points" : "not comparable")}; effacement {(c.EffacementChangePoints is { } e ? e.ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture) + " points" : "not comparable (EM missing)")}; scores changed: {(c.Scores.All(s => s.Change == 0) ? "none" : string.Join(", ", c.Scores.Where(s => s.Change != 0).Select(s => $"{s.Name} {s.Before}→{s.After}")))}; diagnoses gained: {(c.DiagnosesGained.IsEmpty ? "none" : string.Join(", ", c.DiagnosesGained))}; lost: {(c.DiagnosesLost.IsEmpty ? "none" : string.Join(", ", c.DiagnosesLost))}. Banff rules: {Banff.Version}."));
        }
    }
}
