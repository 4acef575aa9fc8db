using System.Reflection;
using System.Text;
using Stroma.Application.CellProducts;
using Stroma.Application.Course;
using Stroma.Core.CellProducts;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.CellProducts;

// Issue 13: the infusion gate cannot be bypassed through any public Application entry point. Every entry point is listed here with
// whether it can write an infusion; a new one fails the first test until it is classified, and every one that can write an
// infusion is shown refusing a contaminated lot's bag with nothing written.
public abstract class InfusionGateTests(IStoreFixture fixture)
{
    private static readonly Dictionary<string, bool> EntryPoints = new(StringComparer.Ordinal)
    {
        ["CaseReports.AssessAsync"] = false,
        ["CaseReports.Assess"] = false, // pure
        ["CaseReports.ReadAsync"] = false, // reads only
        ["CaseReports.AssessShown"] = false, // pure
        ["CaseReports.KeepDerivedAsync"] = false, // derived eGFR only
        ["CaseReports.RenderAsync"] = false,
        ["CaseReports.SectionsAsync"] = false,
        ["CourseImports.ImportAsync"] = true,
        ["CourseMerges.ImportAsync"] = true, // a course from FHIR: a new patient's infusions, refused for a lot held here
        ["CourseEntries.RecordPlasmaExchangeAsync"] = false, // sessions, drugs and events only
        ["CourseEntries.AmendPlasmaExchangeAsync"] = false,
        ["CourseEntries.RecordDrugAsync"] = false,
        ["CourseEntries.AmendDrugAsync"] = false,
        ["CourseEntries.RecordEventAsync"] = false,
        ["CourseEntries.AmendEventAsync"] = false,
        ["CourseEntries.RetractAsync"] = false, // removes records; refuses an infusion
        ["CourseEntries.TrailAsync"] = false,
        ["AdverseEventEntries.RecordAsync"] = false, // adverse events only, through the safety import's store call
        ["AdverseEventEntries.AmendAsync"] = false,
        ["AdverseEventEntries.LoadAsync"] = false,
        ["BiopsyEntries.RecordAsync"] = false, // biopsy reports only
        ["BiopsyEntries.AmendAsync"] = false,
        ["InfusionEntries.RecordAsync"] = true, // the form: Infusions.RecordAsync after reading the fields
        ["CurveResults.KeepAsync"] = false,
        ["Signing.SignAsync"] = false, // signatures only: a release signature opens the gate, it records no infusion
        ["Signing.OfRecordAsync"] = false,
        ["Signing.OfPatientAsync"] = false,
        ["ArrayRuns.KeepAsync"] = false,
        ["KitResolver.Resolve"] = false, // reads a kit file
        ["KitResolver.Available"] = false,
        ["KitResolver.Sha256Of"] = false, // hashes the kit files
        ["StrRuns.KeepAsync"] = false, // STR samples and chimerism only
        ["StrSamples.ReviewAsync"] = false, // reads only
        ["StrReviews.ReviewAsync"] = false, // STR call reviews only
        ["StrReviews.NewVersionAsync"] = false,
        ["ArrayRuns.UploadAsync"] = false, // array runs and their analytes' results only
        ["ArrayRuns.PlaceAsync"] = false,
        ["ArrayRunReviews.ListAsync"] = false, // reads only
        ["ArrayRunReviews.ReviewAsync"] = false,
        ["ArrayRunReviews.ImageAsync"] = false,
        ["DemoLoad.RunAsync"] = true, // fixed synthetic data through Infusions' own store call; the gate refusing it fails the load
        ["Infusions.RecordAsync"] = true,
        ["Infusions.FindBagAsync"] = false,
        ["ReleaseResultEntries.AddAsync"] = false, // release results only: a late result can close the gate (the release signature no longer holds), never open it
        ["ReleaseResultEntries.FieldOf"] = false, // pure
        ["ReleaseResultEntries.Verdicts"] = false, // pure
        ["CustodyEntries.AddAsync"] = false, // handoffs before an infusion; "infused" is written only by the gate
        ["Bedside.CheckAsync"] = false, // reads only: the gate's checks without writing
        ["BedsideVitals.RecordAsync"] = false, // vital signs of a stored infusion only
        ["AssessmentText.Summary"] = false,
        ["AssessmentView.Of"] = false,
        ["IssueView.Of"] = false,
        ["LabEntries.RecordAsync"] = false, // lab results only
        ["LabEntries.AmendAsync"] = false,
        ["LabEntries.RetractAsync"] = false,
        ["LabEntries.ImportCsvAsync"] = false,
        ["LabEntries.SiteTimeZoneAsync"] = false,
        ["LabEntries.SiteZoneAsync"] = false, // reads a setting
        ["LabEntries.FindAsync"] = false, // reads a lab result and its corrections
        ["PatientOverviews.ListAsync"] = false,
        ["RegistryQueries.ListAsync"] = false,
        ["RegistryQueries.Name"] = false,
        ["PatientFolders.LoadAsync"] = false,
        ["PatientSummaryView.Of"] = false,
        ["PatientDetailView.Of"] = false,
        ["StrSettingsText.Rows"] = false, // formats settings for display
        ["StromaJson.Serialize"] = false,
        ["ReportedView.Of"] = false, // the result views below are pure mappings for --json and the API
        ["EgfrView.Of"] = false,
        ["UpcrAssessmentView.Of"] = false,
        ["CustodyEventView.Time"] = false,
        ["CustodyEventView.Of"] = false,
        ["InfusionRecordedView.Of"] = false,
        ["ReleaseDecisionView.Of"] = false,
        ["SpecificationSummaryView.StatusOf"] = false,
        ["SpecificationSummaryView.Of"] = false,
        ["SpecificationView.Of"] = false,
        ["SafetyImportedView.Of"] = false,
        ["AdverseEventView.Of"] = false,
        ["AdverseEventVersionView.Of"] = false,
        ["CurveFitView.Of"] = false,
        ["ReferenceChangeView.Of"] = false,
        ["VerdictRcvView.Of"] = false,
        ["BiomarkerSeriesView.Of"] = false,
        ["PairedTestView.Of"] = false,
        ["BiomarkerCohortView.Of"] = false,
        ["RefusedView.Of"] = false,
        ["ArrayQuantifiedView.Of"] = false,
        ["SignatureView.Of"] = false,
        ["AdministrationTime.Of"] = false,
        ["PatientExports.PatientAsync"] = false, // reads only
        ["PatientExports.CohortAsync"] = false,
        ["ExportFiles.Csv"] = false, // pure: bytes of the tables
        ["ExportFiles.CsvFiles"] = false,
        ["ExportFiles.CsvZip"] = false,
        ["ExportFiles.Xlsx"] = false,
        ["ExportFiles.Guarded"] = false,
    };

    [Fact]
    public void EveryPublicEntryPoint_IsClassified()
    {
        var found = typeof(Infusions).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName).Select(m => $"{t.Name}.{m.Name}"))
            .Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(EntryPoints.Keys.Order(StringComparer.Ordinal), found);
    }

    // The demo's lot with sterility "growth of S. aureus": not released. Its bag is refused for the demo patient (Infusions) and
    // for a new patient whose course document infuses it (CourseImports: a lot held here is infused only through the gate); the audit trail holds no new entry after either.
    [Fact]
    public async Task ContaminatedLot_IsRefusedByEveryEntryPointThatWritesInfusions()
    {
        var store = await fixture.NewStoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] }, null, "demo", ct)).ValueOrThrow();
        var demo = DemoCellTherapy.Build();
        var contaminated = demo.Results.Select(r => r.Code == "sterility" ? r with { Text = "growth of S. aureus" } : r).ToList();
        var lot = await store.SaveLotAsync(new LotDocument(demo.Lot, SpecificationReference.Of(demo.Specification), [.. contaminated], demo.Custody), cancellationToken: ct);
        Assert.False(lot.Value!.Decision.Released);
        var before = (await store.VerifyAuditAsync(cancellationToken: ct)).Entries;
        var first = course.Infusions[0];
        var bag = demo.Lot.Bags[0];

        var recorded = await Infusions.RecordAsync(store, new InfusionRequest(DemoCase.Id, bag.Id, demo.Lot.Id, first.At, first.Dose.CellsPerKilogram, first.WeightAtInfusion.Kilograms, "gate-1", "physician"), ct);
        var json = Encoding.UTF8.GetBytes($$"""
            { "patient": { "id": "P-GATE", "birthDate": "2012-05-04", "sex": "F", "primaryDisease": "FSGS" },
              "infusions": [ { "id": "i1", "at": "{{first.At:yyyy-MM-dd'T'HH:mm:sszzz}}", "lotId": "{{demo.Lot.Id}}", "cellsPerKilogram": 1.5e6, "weight": { "value": 40, "unit": "kg" }, "route": "IV" } ] }
            """);
        var imported = await CourseImports.ImportAsync(_ => Task.FromResult(store), Core.RawInput.Of("gate.json", json), ct);
        var merged = await CourseMerges.ImportAsync(store, new Core.Course.PatientCourse(
            new Core.Course.Patient("P-MERGE", new DateOnly(2012, 5, 4), Core.Quantities.Sex.Female, "FSGS", [], null), [], [], [first with { Id = "m1" }], [], []),
            null, "merge.json", json, "application/fhir+json", ct);
        var owner = await Storage.StromaStore.OpenAsync(fixture.Administrator(store), "admin", Storage.StoreOpening.Existing, store.Key, ct);
        await owner.SaveSettingAsync(Core.Course.SiteTime.Setting, "Europe/Rome", ct);
        before = (await store.VerifyAuditAsync(cancellationToken: ct)).Entries;
        var local = Core.Course.SiteTime.ToLocalField(first.At, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"));
        var formed = await InfusionEntries.RecordAsync(store, DemoCase.Id, new InfusionFields(bag.Din.Value, null, local, "1.5e6", "40"), DateTimeOffset.UtcNow, ct);

        Assert.Null(recorded.Value);
        Assert.Contains(recorded.Issues, i => i.Code == CustodyIssues.NotReleased);
        Assert.Null(imported.Value);
        Assert.Contains(imported.Issues, i => i.Code == CustodyIssues.BypassesGate);
        Assert.Null(merged.Value);
        Assert.Contains(merged.Issues, i => i.Code == CustodyIssues.BypassesGate);
        Assert.Null(formed.Value);
        Assert.Contains(formed.Issues, i => i.Code == CustodyIssues.NotReleased);
        Assert.Equal([DemoCase.PatientId], await store.ListPatientsAsync(ct));
        Assert.Empty((await store.LoadCourseAsync(DemoCase.PatientId, ct))!.Infusions);
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: ct)).Entries);
    }
}

public sealed class SqliteInfusionGateTests(SqliteFixture fixture) : InfusionGateTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresInfusionGateTests(PostgresFixture fixture) : InfusionGateTests(fixture), IClassFixture<PostgresFixture>;
