using System.Collections.Immutable;
using Stroma.Core.Biomarkers;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Quantities;
using Stroma.Core.Simulation;
using Stroma.Reports.Course;

namespace Stroma.Reports.Tests.Course;

/// <summary>The demo case and a sparse patient, assessed and with their report sections built in memory (no store).</summary>
internal static class ReportFixture
{
    public static readonly DateTimeOffset GeneratedAt = new(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public static (PatientCourse Course, CourseAssessment Assessment) Demo()
    {
        var course = DemoCase.Build();
        return (course, CourseAssessment.Assess(course, TreatmentProtocol.SeedCase).Value!);
    }

    public static CaseReportSections DemoSections(bool withLot = true)
    {
        var record = DemoCellTherapy.Build();
        var lot = new LotRecord(record.Lot, Release.Decide(record.Lot.Id, record.Specification, record.Results, SpecificationStatus.BuiltIn), record.Custody);
        var panel = DemoCytokines.Build().ToDictionary(a => a.Key, a => (IReadOnlyList<SeriesPoint>)[.. a.Value.Select(p => p with { Source = "demo-cytokines.csv" })]);
        var analytes = SustainedChange.Assess(panel, BiologicalVariation.Defaults, new SustainedChangeSettings(DemoCytokines.AnalyticalCvPercent));
        return new CaseReportSections(
            Lots: withLot ? [lot] : [],
            Safety: new SafetyRecord(record.AdverseEvents, record.Vitals, record.Biopsies),
            Biomarkers: new BiomarkerPanel(analytes, [], panel.Keys.ToDictionary(k => k, _ => "pg/mL")));
    }

    // One infusion from a lot held elsewhere, a session, two UPCRs, no creatinine: most questions cannot be answered.
    public static (PatientCourse Course, CourseAssessment Assessment) Sparse()
    {
        var zero = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));
        var course = new PatientCourse(
            new Patient("P-SPARSE", new DateOnly(2012, 5, 4), Sex.Male, "FSGS", [], null, IsSynthetic: true),
            [LabResult.Create("u1", Analyte.Upcr, zero.AddDays(-3), 6.1, "mg/mg"), LabResult.Create("u2", Analyte.Upcr, zero.AddDays(40), 2.1, "g/g")],
            [new PlasmaExchangeSession("s1", zero.AddDays(-10), 1.2, null, "5% albumin")],
            [MscInfusion.FromDosePerKilogram("i1", zero, "LOT-ELSEWHERE", CellDose.FromCellsPerKilogram(1.5e6), Weight.FromKilograms(40), "IV")],
            [], []);
        return (course, CourseAssessment.Assess(course, TreatmentProtocol.SeedCase).Value!);
    }

    // An array panel of many analytes with only a baseline: none can be judged.
    public static BiomarkerPanel BaselineOnlyPanel(int analytes)
    {
        var series = Enumerable.Range(1, analytes).ToDictionary(i => $"Analyte-{i} (array)", i => (IReadOnlyList<SeriesPoint>)[new SeriesPoint(-1, 0.1 * i, "membrane.tsv")]);
        return new BiomarkerPanel(SustainedChange.Assess(series, BiologicalVariation.Defaults, new SustainedChangeSettings(8)), [],
            series.Keys.ToDictionary(k => k, _ => "{ratio}"));
    }

    public static ImmutableArray<string> Cells(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<td[^>]*>(.*?)</td>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];
}
