using System.Globalization;
using Stroma.Application.Course;
using Stroma.Application.Proteome;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Core.Simulation;
using Stroma.Core.Text;
using Stroma.Imaging;
using Stroma.Storage;

namespace Stroma.Application.Demo;

/// <summary>The demo case loaded, assessed against the seed protocol, and its report.</summary>
/// <param name="Case">The assessed course.</param>
/// <param name="Report">The HTML case report (UTF-8).</param>
public sealed record DemoLoaded(AssessedCase Case, byte[] Report);

/// <summary>
/// Loads the synthetic demo case into a store that holds no other patient, as a site would enter it: the course, the MSC lot and
/// its three infusions through the infusion gate (release, expiry, patient, custody), vital signs, the adverse event and biopsies,
/// the cytokine panel as a lab's CSV and on simulated membranes quantified from their images, and a simulated STR run; then assesses
/// it and renders the report. Loading again keeps what is held (nothing is written twice).
/// </summary>
public static class DemoLoad
{
    /// <summary>The store already holds other patients: the demo needs a store of its own.</summary>
    public const string OtherPatients = "DEMO001";

    /// <summary>Runs the load; every step is reported on <paramref name="progress"/> ("[2/6] …" to "[5/6] …").</summary>
    public static async Task<ReadResult<DemoLoaded>> RunAsync(StromaStore store, IProgress<string> progress, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(progress);
        var patients = await store.ListPatientsAsync(ct);
        var str = DemoStr.Build();
        if (patients.Contains(DemoCase.PatientId))
        {
            progress.Report($"[2/6] The demo case {DemoCase.PatientId} is already loaded; keeping it");
            progress.Report("[3/6] Its MSC lot, infusions, safety record and biopsies are kept as they are");
        }
        else if (patients.Count > 0)
        {
            return ReadResult.Failed<DemoLoaded>([Issue.Error(OtherPatients, store.Location.ToString(), $"Expected a store without patients for the demo; found {string.Join(", ", patients)}. Choose an empty --dir for the demo.")]);
        }
        else
        {
            var course = DemoCase.Build();
            progress.Report($"[2/6] Loading the synthetic demo case {DemoCase.PatientId}: {course.Labs.Count} lab results, {course.Sessions.Count} plasma exchange sessions");
            var saved = await store.SaveCourseAsync(course with { Infusions = [] }, new PatientIdentity(DemoCase.PatientId, "Synthetic Demo Patient", "DEMO-HN-0001"), "demo", ct);
            if (saved.HasErrors)
            {
                return ReadResult.Failed<DemoLoaded>(saved.Issues);
            }

            var biopsyStr = str.Samples.Single(x => x.FileName == "demo-biopsy-1y.fsa").Id;
            var therapy = await LoadCellTherapyAsync(store, course, DemoCellTherapy.Build(biopsyStr), progress, ct);
            if (therapy.Any(i => i.Severity == Severity.Error))
            {
                return ReadResult.Failed<DemoLoaded>(therapy);
            }
        }

        progress.Report("[4/6] Simulating and analysing the demo STR run (built-in synthetic kit): references, day-30 blood, one-year biopsy");
        var kept = await store.SaveStrAsync(DemoCase.PatientId, str.Files, str.Samples, str.Chimerism, ct);
        progress.Report($"      {str.Files.Length} raw files, {str.Samples.Length} samples, {str.Chimerism.Length} chimerism results ({kept.ChimerismAdded} new); MSC donor: {string.Join(", ", str.Chimerism.Where(c => c.Contributor == "msc-donor").Select(c => c.Text))}");
        progress.Report("[5/6] Assessing against the seed protocol (target, plasmapheresis dependence, renal stability)");
        var assessed = await CaseReports.AssessAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: false, ct);
        if (assessed.Value is not { } a)
        {
            return ReadResult.Failed<DemoLoaded>(assessed.Issues);
        }

        return ReadResult.Of(new DemoLoaded(a, await CaseReports.RenderAsync(store, a, now, ct)), assessed.Issues);
    }

    // The demo's lot, the three infusions recorded through the gate, the vital signs, the adverse event, the two biopsies and the
    // cytokine panel (CSV and membranes). Returns every issue; an error means the gate or a reader refused (it must not for the demo).
    private static async Task<List<Issue>> LoadCellTherapyAsync(StromaStore store, PatientCourse course, DemoCellTherapyRecord record, IProgress<string> progress, CancellationToken ct)
    {
        progress.Report($"[3/6] Cell product: lot {record.Lot.Id} with {record.Lot.Bags.Length} bags; {course.Infusions.Count} infusions recorded through the release, expiry, patient and custody checks");
        var issues = new List<Issue>();
        issues.AddRange((await store.SaveLotAsync(new LotDocument(record.Lot, SpecificationReference.Of(record.Specification), record.Results, record.Custody), cancellationToken: ct)).Issues);

        // A lot never releases itself: the demo's lot is signed for release by the demo's qualified person (the account stroma demo
        // --serve makes as "qp"), before the gate is asked. Synthetic data: the signature is written without the re-authentication a
        // real signing asks (Signing.SignAsync).
        var releasedAt = record.Results.Max(r => r.At).AddHours(DemoQualifiedPerson.HoursAfterLastResult);
        issues.AddRange((await store.WithActor(DemoQualifiedPerson.UserName).SignAsync(SignedRecord.Lot(record.Lot.Id), Core.Signatures.SignatureMeaning.Release,
            DemoQualifiedPerson.UserName, DemoQualifiedPerson.FullName, releasedAt, null, ct)).Issues);
        foreach (var (infusion, bag) in course.Infusions.Zip(record.Lot.Bags))
        {
            issues.AddRange((await store.RecordInfusionAsync(DemoCase.PatientId, infusion, bag.Id, "physician", null, ct)).Issues);
        }

        issues.AddRange((await store.SaveCellTherapyRecordAsync(DemoCase.PatientId, record.AdverseEvents, record.Vitals, record.Biopsies, null, ct)).Issues);

        // The cytokine panel, kept as a lab would send it: a CSV (the raw file) and its results.
        var panel = DemoCytokines.Build();
        var csv = "analyte,day,value,unit\n" + string.Concat(panel.SelectMany(a => a.Value.Select(p =>
            FormattableString.Invariant($"{a.Key},{p.Day},{(p.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "nd")},pg/mL\n"))));
        issues.AddRange((await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "demo-cytokines.csv", System.Text.Encoding.UTF8.GetBytes(csv),
            [.. panel.SelectMany(a => a.Value.Select(p => new AnalyteResult(a.Key, p.Day, p.Value, "pg/mL", DemoCytokines.AnalyticalCvPercent)))], cancellationToken: ct)).Issues);

        // The same panel on proteome membranes: each day's simulated image written as a PNG, read back and quantified as
        // `array quantify` would, and kept with its image (an array series, apart from the concentrations).
        var membranes = 0;
        foreach (var (day, image, _) in DemoArray.Membranes())
        {
            var png = ImageWriter.Png(image);
            var read = ImageReader.Read(png, image.Source);
            var quantified = read.Value is { } pages ? ArrayQuantification.Quantify(pages, DemoArray.Layout) : null;
            if (quantified?.Value is not { } run)
            {
                issues.AddRange(read.Issues.Concat(quantified?.Issues ?? []));
                break;
            }

            issues.AddRange((await ArrayRuns.KeepAsync(store, DemoCase.Id, DemoArray.Layout, day, run, [Core.RawInput.Of(image.Source, png)], ct)).Issues);
            membranes++;
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return issues;
        }

        progress.Report($"      released: yes; {ClinicalFormat.Count(record.Vitals.Length, "vital-sign set")}; {ClinicalFormat.Count(record.AdverseEvents.Length, "adverse event")}; {ClinicalFormat.Count(record.Biopsies.Length, "biopsy", "biopsies")}; cytokine panel by immunoassay and on {ClinicalFormat.Count(membranes, "membrane")}");
        return issues;
    }
}

/// <summary>The demo's qualified person, who signs the demo lot's release.</summary>
public static class DemoQualifiedPerson
{
    /// <summary>The user name (the demo account <c>stroma demo --serve</c> makes for the qualified person).</summary>
    public const string UserName = "qp";

    /// <summary>The full name shown with the signature.</summary>
    public const string FullName = "Demo qualified-person";

    /// <summary>How long after the last release result the release is signed.</summary>
    public const int HoursAfterLastResult = 2;
}
