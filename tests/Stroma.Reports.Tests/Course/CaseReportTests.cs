using Stroma.Core.Text;
using Stroma.Reports.Course;

namespace Stroma.Reports.Tests.Course;

public sealed class CaseReportTests
{
    // The top table answers what the programme asks, each from the source its section uses: the UPCR and plasmapheresis answers,
    // renal stability by the stated rule (with the slope), the adverse events by grade, MSC-donor chimerism and the biomarker ranking.
    [Fact]
    public void Render_Demo_AtAGlanceAnswersEveryQuestion()
    {
        var (course, assessment) = ReportFixture.Demo();

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, ReportFixture.DemoSections());

        var glance = html[html.IndexOf("at a glance", StringComparison.Ordinal)..html.IndexOf("Proteinuria and plasma exchange", StringComparison.Ordinal)];
        var cells = ReportFixture.Cells(glance);
        string AnswerTo(string question) => cells[cells.ToList().FindIndex(c => c.StartsWith(question, StringComparison.Ordinal)) + 1];
        Assert.Equal("yes", AnswerTo("Renal function stable"));
        Assert.Contains("eGFR slope after day 0 +6.0 mL/min/1.73 m²/year", AnswerEvidence(cells, "Renal function stable"), StringComparison.Ordinal);
        Assert.Equal("1 graded (grade 2: 1); none serious", AnswerTo("Adverse events"));
        Assert.Equal("not measured", AnswerTo("MSC-donor DNA"));
        Assert.Equal("4 of 7 assessable series", AnswerTo("Putative efficacy biomarkers"));
        Assert.Equal("yes", AnswerTo("Plasmapheresis-independent"));
        Assert.Contains(Core.Renal.KdigoProgression.Source, html, StringComparison.Ordinal);
    }

    private static string AnswerEvidence(IReadOnlyList<string> cells, string question) =>
        cells[cells.ToList().FindIndex(c => c.StartsWith(question, StringComparison.Ordinal)) + 2];

    // A grade 3 AE with hospitalisation, abnormal vital signs and a biopsy, for a patient whose lot is held elsewhere: every record
    // is in the report (it vanished when the first infusion's lot was not stored here).
    [Fact]
    public void Render_LotHeldElsewhere_ShowsSafetyVitalsAndBiopsies()
    {
        var (course, assessment) = ReportFixture.Demo();
        var sections = ReportFixture.DemoSections(withLot: false);
        var infusion = course.Infusions[0];
        var serious = new Core.Safety.AdverseEvent("ae-sae", "rigors and fever 39.5", "Fever", Core.Safety.Ctcae.Version, 3, infusion.At.AddHours(2), null,
            [Core.Safety.SeriousnessCriterion.Hospitalisation], Core.Safety.Relatedness.Probable, Core.Safety.ProductAction.Interrupted, Core.Safety.AeOutcome.Recovering, infusion.Id);
        var fever = new Core.Safety.VitalSigns(infusion.Id, infusion.At.AddHours(2), Core.Safety.InfusionPhase.After, 39.5, 150, 80, 40, 30, 91);
        sections = sections with { Safety = sections.Safety! with { AdverseEvents = [serious], Vitals = [.. sections.Safety.Vitals, fever] } };

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, sections);

        Assert.Contains("serious: ae-sae Fever grade 3 on day 0 (hospitalisation; probable)", html, StringComparison.Ordinal);
        Assert.Contains("<td>ae-sae</td>", html, StringComparison.Ordinal);
        Assert.Contains("flagged:", html, StringComparison.Ordinal);
        Assert.Contains("bx-1y", html, StringComparison.Ordinal);
        Assert.Contains("MSC-DEMO-001 (held elsewhere: no release or custody record here)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cell product: lot", html, StringComparison.Ordinal);
    }

    // A course whose labs stop at day 0 but whose adverse event starts later: the last follow-up is the last record of any kind, and
    // the safety windows run to it (the report said "Last follow-up: day 0" beside an event on a later day).
    [Fact]
    public void Render_AdverseEventAfterTheLastLab_MovesTheLastFollowUp()
    {
        var (course, assessment) = ReportFixture.Demo();
        var later = assessment.LastFollowUp.AddDays(40);
        var ae = new Core.Safety.AdverseEvent("ae-late", "low fever", "Fever", Core.Safety.Ctcae.Version, 1, later, null,
            [], Core.Safety.Relatedness.Unrelated, Core.Safety.ProductAction.None, Core.Safety.AeOutcome.Recovering);
        var sections = ReportFixture.DemoSections() with { Safety = ReportFixture.DemoSections().Safety! with { AdverseEvents = [ae] } };

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, sections);

        Assert.Contains(System.FormattableString.Invariant($"Last follow-up: day {assessment.LastFollowUpDay + 40} (the last dated record of any kind)"), html, StringComparison.Ordinal);
        Assert.Contains(System.FormattableString.Invariant($"Adverse events to {later:yyyy-MM-dd}"), html, StringComparison.Ordinal);
    }

    // Numbers and names as a clinician writes them, never 2.25E+08, "{cells}", ThirdParty or atbedside; baselines with units.
    [Fact]
    public void Render_Demo_NumbersUnitsAndNamesReadAsWritten()
    {
        var (course, assessment) = ReportFixture.Demo();

        var html = System.Net.WebUtility.HtmlDecode(CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, ReportFixture.DemoSections()));

        Assert.Contains("1.5 × 10⁶ cells/kg", html, StringComparison.Ordinal);
        Assert.Contains("≥ 1 × 10⁸ cells", html, StringComparison.Ordinal);
        Assert.Contains("2.25 × 10⁸ cells", html, StringComparison.Ordinal);
        Assert.Contains("(third party)", html, StringComparison.Ordinal);
        Assert.Contains("at bedside 09:45", html, StringComparison.Ordinal);
        Assert.Contains("19.4 pg/mL (geometric mean of 2)", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]E[+-][0-9]", html.Replace("data:image/png;base64,", string.Empty, StringComparison.Ordinal).Split("\"")[0]);
        foreach (var raw in new[] { "{cells}", "[EU]", "ThirdParty", "AtBedside", "atbedside", "NotRecovered", "n/a" })
        {
            Assert.DoesNotContain(raw, StripImages(html), StringComparison.Ordinal);
        }
    }

    // A sparse patient: every unanswerable figure says "not assessable" and why; no blank cell; a panel of 38 array analytes with only
    // a baseline is one line, not a 38-row table.
    [Fact]
    public void Render_SparsePatient_SaysWhyInsteadOfBlanks()
    {
        var (course, assessment) = ReportFixture.Sparse();

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, new CaseReportSections(Biomarkers: ReportFixture.BaselineOnlyPanel(38)));

        var cells = ReportFixture.Cells(html);
        Assert.DoesNotContain(string.Empty, cells);
        Assert.Contains(ClinicalFormat.NotAssessable, cells);
        Assert.Contains("No eGFR: no creatinine result gave one", html, StringComparison.Ordinal);
        Assert.Contains("Not assessable (38 series)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Analyte-1 (array)</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("n/a", StripImages(html), StringComparison.Ordinal);
    }

    // The demo's report said "No adverse events recorded" while its events table listed an infection: now one ledger says both.
    [Fact]
    public void Render_AdverseEventInTheTimelineOnly_IsCountedNotDenied()
    {
        var (course, _) = ReportFixture.Demo();
        course = course with { Events = [.. course.Events.Select(e => e.Kind == Core.Course.ClinicalEventKind.AdverseEvent ? e with { Id = "ev-uri" } : e)] };
        var assessment = Core.Course.CourseAssessment.Assess(course, Core.Course.TreatmentProtocol.SeedCase).Value!;
        var sections = ReportFixture.DemoSections() with { Safety = new SafetyRecord([], [], []) };

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, sections);

        Assert.DoesNotContain("No adverse events recorded", html, StringComparison.Ordinal);
        Assert.Contains("1 without a CTCAE grade; none serious", html, StringComparison.Ordinal);
        Assert.Contains("<td>ev-uri</td>", html, StringComparison.Ordinal);
    }

    // The tables list the same samples the plots draw: from the protocol's before window (UPCR) and the before-slope's year (eGFR).
    [Fact]
    public void Render_Demo_TablesCoverThePlotsPeriod()
    {
        var (course, assessment) = ReportFixture.Demo();

        var html = CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, ReportFixture.DemoSections());

        var upcrRows = assessment.Attainment.Points.Count(p => p.Day >= -assessment.Protocol.BeforeWindowDays);
        Assert.Equal(upcrRows, ReportFixture.Cells(html).Count(c => c.StartsWith("lab-upcr-", StringComparison.Ordinal) && !c.Contains(' ', StringComparison.Ordinal)));
        Assert.Equal(assessment.Renal.SlopeBefore!.Count + assessment.Renal.SlopeAfter!.Count, ReportFixture.Cells(html).Count(c => c.StartsWith("lab-creatinine-", StringComparison.Ordinal)));
        Assert.Contains("Plot and tables: day -364", html, StringComparison.Ordinal);
    }

    private static string StripImages(string html) => System.Text.RegularExpressions.Regex.Replace(html, "data:image/png;base64,[^\"]*", string.Empty);
}
