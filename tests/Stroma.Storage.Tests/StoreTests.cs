using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using CellProducts = Stroma.Core.CellProducts;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests;

/// <summary>One storage suite, run on SQLite always and on PostgreSQL when configured (required in CI).</summary>
public abstract class StoreTests(IStoreFixture fixture)
{
    private const string GoodCsv = """
        sampled_at,analyte,value,unit,specimen
        2026-01-10T08:00:00+01:00,upcr,312,mg/mmol,first_morning_urine
        2026-01-10T08:00:00+01:00,creatinine,88.4,umol/L,
        2026-01-10T08:05:00+01:00,height,163.5,cm,body_measurement
        """;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"));

    private async Task<StromaStore> StoreWithDemoAsync()
    {
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo", "H-000"));
        return store;
    }

    private static async Task<int> CountAsync(StromaStore store, Func<StromaContext, Task<int>> count)
    {
        await using var db = store.Context();
        return await count(db);
    }

    [Fact]
    public async Task SaveCourse_ThenLoad_KeepsEveryRecordValueUnitAndOffset()
    {
        var store = await StoreWithDemoAsync();
        var original = DemoCase.Build();

        var loaded = (await store.LoadCourseAsync(DemoCase.PatientId))!;

        Assert.Equal(original.Patient with { Transplants = [] }, loaded.Patient with { Transplants = [] });
        Assert.Equal(original.Patient.Transplants, loaded.Patient.Transplants);
        Assert.Equal(original.Labs.OrderBy(l => l.Id, StringComparer.Ordinal), loaded.Labs.OrderBy(l => l.Id, StringComparer.Ordinal));
        Assert.All(loaded.Labs, l => Assert.Equal(TimeSpan.FromHours(1), l.SampledAt.Offset));
        Assert.Equal(original.Sessions.OrderBy(s => s.Id, StringComparer.Ordinal), loaded.Sessions.OrderBy(s => s.Id, StringComparer.Ordinal));
        Assert.Equal(original.Infusions, loaded.Infusions);
        Assert.Equal(original.Drugs.OrderBy(d => d.Id, StringComparer.Ordinal), loaded.Drugs.OrderBy(d => d.Id, StringComparer.Ordinal));
        Assert.Equal(original.Events.OrderBy(e => e.Id, StringComparer.Ordinal), loaded.Events.OrderBy(e => e.Id, StringComparer.Ordinal));
    }

    // A reader holding the SQLite database open keeps the erased name in the write-ahead log: the erasure is recorded, and says so.
    [Fact]
    public async Task EraseIdentity_WhileAnotherReaderHoldsTheDatabase_WarnsThatTheLogKeepsTheOldValues()
    {
        if (fixture.Provider != StoreProvider.Sqlite)
        {
            return; // PostgreSQL has no write-ahead log file beside the database to forget
        }

        var store = await StoreWithDemoAsync();
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Location.FilePath};Pooling=False");
        await reader.OpenAsync();
        await using var transaction = reader.BeginTransaction(deferred: true); // a read snapshot, as a viewer holds one
        await using (var read = reader.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM patients";
            await read.ExecuteScalarAsync();
        }

        var erased = await store.EraseIdentityAsync(DemoCase.PatientId, "GDPR Art. 17 request");

        Assert.NotNull(erased.Value);
        Assert.Contains(erased.Issues, i => i.Code == IdentityIssues.NotForgotten && i.Severity == Core.Diagnostics.Severity.Warning);
    }

    [Fact]
    public async Task SaveCourse_Identity_IsKeptApartFromThePseudonymousRecord()
    {
        var store = await StoreWithDemoAsync();

        Assert.Equal("Synthetic Demo", (await store.LoadIdentityAsync(DemoCase.PatientId))!.Name);
        Assert.DoesNotContain(typeof(Course.PatientRow).GetProperties(), p => p.Name is "Name" or "HospitalNumber");
    }

    [Fact]
    public async Task SaveCourse_Twice_IsRefusedNamingThePatientAndWritesNothing()
    {
        var store = await StoreWithDemoAsync();
        var entries = (await store.VerifyAuditAsync()).Entries;

        var second = await store.SaveCourseAsync(DemoCase.Build(), source: "again.json");

        Assert.Equal(CourseJsonIssues.DuplicateId, Assert.Single(second.Issues, i => i.Severity == Core.Diagnostics.Severity.Error).Code);
        Assert.Equal("again.json $.patient.id", second.Issues.First(i => i.Severity == Core.Diagnostics.Severity.Error).Location);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
    }

    [Fact]
    public async Task SaveCourse_SameRecordIdsForASecondPatient_AreScopedToEachPatient()
    {
        var store = await StoreWithDemoAsync();
        var course = DemoCase.Build();

        var second = await store.SaveCourseAsync(course with { Patient = course.Patient with { Id = "P-SECOND" } });

        Assert.False(second.HasErrors, string.Join("; ", second.Issues));
        var loaded = (await store.LoadCourseAsync("P-SECOND"))!;
        Assert.Equal(course.Labs.Select(l => l.Id).Order(StringComparer.Ordinal), loaded.Labs.Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal(course.Labs.Count, (await store.LoadCourseAsync(DemoCase.PatientId))!.Labs.Count);
        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }

    [Fact]
    public async Task SaveCourse_InfusionFromALotHeldHere_IsRefusedAsGoingAroundTheGate()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        var therapy = DemoCellTherapy.Build("STR-none");
        (await store.SaveCourseAsync(course with { Patient = course.Patient with { Id = "P-LOT" }, Infusions = [], Labs = [], Sessions = [], Drugs = [], Events = [] })).ValueOrThrow();
        (await store.SaveLotAsync(new CellProducts.LotDocument(therapy.Lot with { Bags = [] }, new CellProducts.SpecificationReference(therapy.Specification.Id, therapy.Specification.Version), therapy.Results, System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<CellProducts.CustodyEvent>>.Empty))).ValueOrThrow();

        var saved = await store.SaveCourseAsync(course);

        Assert.Contains(saved.Issues, i => i.Code == CellProducts.CustodyIssues.BypassesGate && i.Location == "course $.infusions[0]");
        Assert.False(await store.PatientExistsAsync(DemoCase.PatientId));
    }

    [Fact]
    public async Task SaveCourse_InfusionFromALotHeldElsewhere_IsKeptWithAWarning()
    {
        var store = await fixture.NewStoreAsync();

        var saved = await store.SaveCourseAsync(DemoCase.Build());

        Assert.False(saved.HasErrors);
        Assert.Equal(DemoCase.Build().Infusions.Count, saved.Issues.Count(i => i.Code == CellProducts.CustodyIssues.Unchecked));
    }

    [Fact]
    public async Task Assess_LoadedCourse_EqualsTheInMemoryAssessment()
    {
        var store = await StoreWithDemoAsync();

        var stored = CourseAssessment.Assess((await store.LoadCourseAsync(DemoCase.PatientId))!, TreatmentProtocol.SeedCase).ValueOrThrow();
        var memory = CourseAssessment.Assess(DemoCase.Build(), TreatmentProtocol.SeedCase).ValueOrThrow();

        Assert.Equal(memory.Attainment.HeldSinceDay, stored.Attainment.HeldSinceDay);
        Assert.Equal(memory.Dependence.After.SessionsPer28Days, stored.Dependence.After.SessionsPer28Days);
        Assert.Equal(memory.Renal.SlopeAfter!.PerYear, stored.Renal.SlopeAfter!.PerYear, 1e-9);
    }

    [Fact]
    public async Task ImportLabs_GoodFile_WritesEveryRowAndKeepsTheRawFile()
    {
        var store = await StoreWithDemoAsync();
        var bytes = Utf8(GoodCsv);

        var import = (await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", bytes)).ValueOrThrow();

        Assert.Equal(3, import.Rows);
        Assert.Equal(bytes, await store.LoadRawFileAsync(import.FileSha256));
        var upcr = (await store.LoadCourseAsync(DemoCase.PatientId))!.Labs.Single(l => l.SourceSha256 == import.FileSha256 && l.Analyte == Analyte.Upcr);
        Assert.Equal(312, upcr.Reported.Value);
        Assert.Equal("mg/mmol", upcr.Reported.Unit);
        Assert.Equal(312 / 113.12, upcr.Value, 1e-12);
        Assert.Equal("34366-5", upcr.Loinc);
        Assert.Equal(Specimen.FirstMorningUrine, upcr.Specimen);
    }

    [Fact]
    public async Task ImportLabs_OneBadRow_WritesNothingAndReportsEveryProblem()
    {
        var store = await StoreWithDemoAsync();
        var labs = await CountAsync(store, db => db.LabResults.CountAsync());
        var audit = await CountAsync(store, db => db.AuditEntries.CountAsync());
        var csv = GoodCsv + "\n2026-01-11T08:00:00+01:00,creatinine,-3,mg/dL,\n2026-01-11T08:00:00,upcr,abc,furlongs,\n";

        var result = await store.ImportLabsAsync(DemoCase.PatientId, "bad.csv", Utf8(csv));

        Assert.True(result.HasErrors);
        Assert.Contains(result.Issues, i => i.Code == "QTY002" && i.Location == "bad.csv row 5, column value");
        Assert.Contains(result.Issues, i => i.Code == LabCsvIssues.BadTime && i.Location == "bad.csv row 6, column sampled_at");
        Assert.Contains(result.Issues, i => i.Code == LabCsvIssues.BadNumber && i.Location == "bad.csv row 6, column value");
        Assert.Equal(labs, await CountAsync(store, db => db.LabResults.CountAsync()));
        Assert.Equal(audit, await CountAsync(store, db => db.AuditEntries.CountAsync()));
        Assert.Equal(0, await CountAsync(store, db => db.RawFiles.CountAsync()));
    }

    [Fact]
    public async Task ImportLabs_SameFileTwice_RejectsTheSecond()
    {
        var store = await StoreWithDemoAsync();
        await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv));

        var again = await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv));

        Assert.Equal(3, again.Issues.Count(i => i.Code == LabCsvIssues.AlreadyStored));
    }

    [Fact]
    public async Task ImportLabs_RowRepeatedWithoutIds_IsRefusedNamingTheRepeat()
    {
        var store = await StoreWithDemoAsync();
        var csv = GoodCsv + "\n2026-01-10T08:00:00+01:00,creatinine,88.4,umol/L,\n";

        var result = await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(csv));

        Assert.Null(result.Value);
        Assert.Equal(LabCsvIssues.DuplicateMeasurement, Assert.Single(result.Issues).Code);
    }

    // Two creatinines for one sample at one instant (0.9 and 1.0 mg/dL): which holds is never guessed, in one file or against the store.
    [Fact]
    public async Task ImportLabs_TwoValuesForOneSampleAndTime_AreRefusedAsAConflict()
    {
        var store = await StoreWithDemoAsync();
        var inFile = await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv + "\n2026-01-10T08:00:00+01:00,creatinine,1.2,mg/dL,\n"));
        (await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv))).ValueOrThrow();
        var againstStored = await store.ImportLabsAsync(DemoCase.PatientId, "later.csv", Utf8("sampled_at,analyte,value,unit\n2026-01-10T07:00:00Z,creatinine,1.2,mg/dL\n"));

        Assert.Null(inFile.Value);
        Assert.Equal(LabCsvIssues.ConflictingMeasurement, Assert.Single(inFile.Issues).Code);
        Assert.StartsWith("labs.csv row 5 (id ", inFile.Issues[0].Location, StringComparison.Ordinal); // the header is row 1
        Assert.Null(againstStored.Value);
        var conflict = Assert.Single(againstStored.Issues);
        Assert.Equal(LabCsvIssues.ConflictingMeasurement, conflict.Code);
        Assert.Contains("88.4 umol/L", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportLabs_SameRowsInAnotherFile_AreRefusedAsAlreadyStored()
    {
        var store = await StoreWithDemoAsync();
        (await store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv))).ValueOrThrow();

        var again = await store.ImportLabsAsync(DemoCase.PatientId, "labs-copy.csv", Utf8(GoodCsv + "\n"));

        Assert.Null(again.Value);
        Assert.Equal(3, again.Issues.Count(i => i.Code == LabCsvIssues.DuplicateMeasurement));
    }

    [Fact]
    public async Task ImportLabs_SameFileFromTwoWritersAtOnce_OneWinsTheOtherIsRefusedWithACode()
    {
        var store = await StoreWithDemoAsync();
        var other = await fixture.OpenAsync(store.Location, "second-user", StoreOpening.Existing);

        var results = await Task.WhenAll(
            Task.Run(() => store.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv))),
            Task.Run(() => other.ImportLabsAsync(DemoCase.PatientId, "labs.csv", Utf8(GoodCsv))));

        Assert.Single(results, r => r.Value is not null);
        Assert.Contains(results.Single(r => r.Value is null).Issues, i => i.Code == LabCsvIssues.AlreadyStored);
        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }

    [Fact]
    public async Task ImportLabs_FileLongerThanTheParameterLimit_IsImported()
    {
        var store = await StoreWithDemoAsync();
        var csv = new StringBuilder("sampled_at,analyte,value,unit\n");
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 7, TimeSpan.Zero); // at seconds no demo record has, so no row conflicts with one
        for (var i = 0; i < 33_000; i++)
        {
            csv.Append(System.FormattableString.Invariant($"{start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},weight,{40 + (i % 100) / 10.0},kg\n"));
        }

        var result = await store.ImportLabsAsync(DemoCase.PatientId, "many.csv", Utf8(csv.ToString()));

        Assert.Equal(33_000, result.ValueOrThrow().Rows);
    }

    // The model the code builds is the one the migrations create: a change to a row or its configuration without a migration fails
    // here, on each provider, before it fails on a user's database.
    [Fact]
    public async Task Model_MatchesTheMigrations()
    {
        var store = await fixture.NewStoreAsync();
        await using var db = store.Location.CreateContext("test");

        Assert.False(db.Database.HasPendingModelChanges(), "the EF model differs from the last migration's snapshot: add a migration");
    }

    [Fact]
    public async Task Open_ExistingMode_RefusesAMissingSqliteFileAndCreatesNothing()
    {
        if (fixture.Provider != StoreProvider.Sqlite)
        {
            return; // a PostgreSQL database always exists once the server accepts the connection
        }

        var path = Path.Combine(Path.GetTempPath(), $"stroma-missing-{Guid.NewGuid():N}.db");

        var refused = await Assert.ThrowsAsync<Core.Diagnostics.InvalidInputException>(() => StromaStore.OpenAsync(StoreLocation.Sqlite(path), "x", StoreOpening.Existing));

        Assert.Equal(StoreIssues.NotFound, Assert.Single(refused.Issues).Code);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Open_ExistingMode_RefusesAFileThatIsNotAStromaDatabase()
    {
        if (fixture.Provider != StoreProvider.Sqlite)
        {
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"stroma-notdb-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, "<html>a report, not a database</html>");
        try
        {
            var refused = await Assert.ThrowsAsync<Core.Diagnostics.InvalidInputException>(() => StromaStore.OpenAsync(StoreLocation.Sqlite(path), "x", StoreOpening.Existing));

            Assert.Equal(StoreIssues.NotStroma, Assert.Single(refused.Issues).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Open_FreshDatabaseByFourOpenersAtOnce_MigratesOnce()
    {
        var store = await fixture.NewEmptyLocationAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => fixture.OpenAsync(store, $"opener-{i}"))));

        Assert.Equal(4, opened.Length);
        Assert.Empty(await opened[0].ListPatientsAsync());
    }

    [Fact]
    public async Task ImportLabs_UnknownPatient_ReportsLab009()
    {
        var store = await fixture.NewStoreAsync();

        Assert.Equal(LabCsvIssues.UnknownPatient, Assert.Single((await store.ImportLabsAsync("NOBODY", "labs.csv", Utf8(GoodCsv))).Issues).Code);
    }

    private static readonly Lazy<DemoStrRun> DemoStrRun = new(DemoStr.Build);

    private static Task<Str.StrSave> SaveDemoStrAsync(StromaStore store) =>
        store.SaveStrAsync(DemoCase.PatientId, DemoStrRun.Value.Files, DemoStrRun.Value.Samples, DemoStrRun.Value.Chimerism);

    [Fact]
    public async Task SaveStr_DemoRun_KeepsRawFilesSamplesAndResultsAndIsIdempotent()
    {
        var store = await StoreWithDemoAsync();
        var run = DemoStrRun.Value;

        var first = await SaveDemoStrAsync(store);
        var second = await SaveDemoStrAsync(store);

        Assert.Equal(new Str.StrSave(run.Files.Length, run.Samples.Length, run.Chimerism.Length), first);
        Assert.Equal(new Str.StrSave(0, 0, 0), second);
        Assert.Equal(run.Samples.OrderBy(s => s.Id, StringComparer.Ordinal), (await store.LoadStrSamplesAsync(DemoCase.PatientId)).OrderBy(s => s.Id, StringComparer.Ordinal), new SampleComparer());
        Assert.Equal(run.Chimerism.OrderBy(c => c.Id, StringComparer.Ordinal), (await store.LoadChimerismAsync(DemoCase.PatientId)).OrderBy(c => c.Id, StringComparer.Ordinal));
        var biopsy = run.Samples.Single(s => s.FileName == "demo-biopsy-1y.fsa");
        Assert.Equal(run.Files.Single(f => f.Name == "demo-biopsy-1y.fsa").Bytes, await store.LoadRawFileAsync(biopsy.FileSha256));
        Assert.Single(await store.AuditOfAsync("chimerism_results", run.Chimerism[0].Id));
        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }

    [Fact]
    public async Task SaveStr_UnknownPatient_WritesNothing()
    {
        var store = await fixture.NewStoreAsync();
        var run = DemoStrRun.Value;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.SaveStrAsync("NO-SUCH", run.Files, run.Samples, run.Chimerism));

        Assert.Equal(0, await CountAsync(store, db => db.RawFiles.CountAsync()));
        Assert.Equal(0, await CountAsync(store, db => db.StrSamples.CountAsync()));
    }

    [Fact]
    public async Task SaveAnalyteResults_RoundTripsAndRefusesDuplicatesAndUnitChanges()
    {
        var store = await StoreWithDemoAsync();
        AnalyteResult[] panel = [new("IL-6", -1, 20, "pg/mL", 10), new("IL-6", 30, 8, "pg/mL", 10), new("IL-1β", -1, null, "pg/mL", 12)];

        var first = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "panel.csv", Utf8("panel v1"), panel);
        var again = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "panel.csv", Utf8("panel v1"), panel);
        var otherUnit = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "panel2.csv", Utf8("panel v2"), [new("IL-6", 90, 0.008, "ng/mL", 10)]);
        var membrane = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "membrane.tsv", Utf8("image\thash"), [new("IL-6", -1, 0.31, StromaStore.Ratio, 6)]);
        var loaded = await store.LoadAnalyteSeriesAsync(DemoCase.PatientId);

        Assert.Equal(3, first.Value);
        Assert.Contains(again.Issues, i => i.Code == StromaStore.AnalyteConflict);
        Assert.Contains(otherUnit.Issues, i => i.Code == StromaStore.AnalyteConflict && i.Message.Contains("ng/mL", StringComparison.Ordinal));
        Assert.Equal([new Core.Biomarkers.SeriesPoint(-1, 20, "panel.csv"), new Core.Biomarkers.SeriesPoint(30, 8, "panel.csv")], loaded.Series["IL-6"]);
        Assert.Null(Assert.Single(loaded.Series["IL-1β"]).Value);
        Assert.Equal(1, membrane.Value);
        Assert.Equal(12, loaded.AnalyticalCvPercent);
        // Each series keeps its own platform's CVa, and the sources say what fed what.
        Assert.Equal(new Dictionary<string, double> { ["IL-6"] = 10, ["IL-1β"] = 12, ["IL-6 (array)"] = 6 }, loaded.CvaBySeries!.ToDictionary());
        Assert.Equal(["membrane.tsv", "panel.csv"], loaded.Sources.Select(x => x.Name));
        Assert.Equal(["IL-1β", "IL-6"], loaded.Sources[1].Series);
        Assert.Equal(("pg/mL", 12.0), (loaded.Sources[1].Unit, loaded.Sources[1].AnalyticalCvPercent));
        Assert.Equal(Core.Str.StrRecords.Sha256(Utf8("image\thash")), loaded.Sources[0].Sha256);
    }

    // A second value of a series' day from another source (a curve fit beside a panel) is refused, naming the first: two values are
    // never averaged; an array signal of the same day is a series of its own. A spelling of the analyte ("TNF-alpha") meets its
    // series. A value stored twice before this rule (straight into the table) comes back as two points, for the judgement to show.
    [Fact]
    public async Task SaveAnalyteResults_SecondSourceForADay_IsRefusedAndNeverAveraged()
    {
        var store = await StoreWithDemoAsync();
        await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "panel.csv", Utf8("panel"), [new("TNF-α", -1, 12, "pg/mL", 10), new("TNF-α", 30, 8, "pg/mL", 10)]);

        var second = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "curve.csv", Utf8("curve"), [new("TNF-alpha", 30, 9, "pg/mL", 6)]);
        var array = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "membrane.tsv", Utf8("image"), [new("TNF alpha", 30, 0.4, StromaStore.Ratio, 6)]);
        var newDay = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "curve2.csv", Utf8("curve 2"), [new("TNF-alpha", 90, 7, "pg/mL", 6)]);
        await using (var db = store.Context())
        {
            db.AnalyteResults.Add(new Proteome.AnalyteResultRow
            {
                Id = "legacy", PatientId = DemoCase.PatientId, Analyte = "TNF-alpha", Day = -1, Value = 14, Unit = "pg/mL", AnalyticalCvPercent = 8,
                SourceSha256 = Core.Str.StrRecords.Sha256(Utf8("panel")), SourceName = "legacy.csv",
            });
            await db.SaveChangesAsync();
        }

        var loaded = await store.LoadAnalyteSeriesAsync(DemoCase.PatientId);

        var refused = Assert.Single(second.Issues);
        Assert.Equal((StromaStore.AnalyteSecondSource, "curve.csv TNF-α day 30"), (refused.Code, refused.Location));
        Assert.False(array.HasErrors);
        Assert.False(newDay.HasErrors);
        Assert.Equal([(-1, 14.0, "legacy.csv"), (-1, 12.0, "panel.csv"), (30, 8.0, "panel.csv"), (90, 7.0, "curve2.csv")],
            loaded.Series["TNF-α"].Select(p => (p.Day, p.Value!.Value, p.Source!)));
        Assert.Equal(["TNF-α", "TNF-α (array)"], loaded.Series.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("{ratio}", loaded.UnitBySeries["TNF-α (array)"]);
    }

    // The CVi a series was judged with is kept with it and comes back as the table to rank it with; judging the analyte again with
    // another CVi is refused.
    [Fact]
    public async Task SaveAnalyteResults_KeepsTheCviItWasJudgedWith()
    {
        var store = await StoreWithDemoAsync();

        var first = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "a.csv", Utf8("a"), [new("IL-6", -1, 20, "pg/mL", 10, (30, "own study 2024"))]);
        var other = await store.SaveAnalyteResultsAsync(DemoCase.PatientId, "b.csv", Utf8("b"), [new("IL-6", 30, 9, "pg/mL", 10, (21.5, "Aziz"))]);
        var loaded = await store.LoadAnalyteSeriesAsync(DemoCase.PatientId);

        Assert.False(first.HasErrors);
        Assert.Equal(StromaStore.CviConflict, Assert.Single(other.Issues).Code);
        Assert.Equal((30.0, "own study 2024"), loaded.Judged.Lookup("IL-6"));
        Assert.Equal((30.0, "own study 2024"), Core.Biomarkers.BiologicalVariation.Defaults.With(loaded.Judged).Lookup("IL-6 (array)"));
    }

    // Records hold immutable collections, compared by content.
    private sealed class SampleComparer : IEqualityComparer<Core.Str.StrSampleRecord>
    {
        public bool Equals(Core.Str.StrSampleRecord? x, Core.Str.StrSampleRecord? y) =>
            x is not null && y is not null && x with { Genotype = y.Genotype, Flags = y.Flags } == y
            && x.Genotype.Count == y.Genotype.Count && x.Genotype.All(g => y.Genotype[g.Key].SequenceEqual(g.Value)) && x.Flags.SequenceEqual(y.Flags);

        public int GetHashCode(Core.Str.StrSampleRecord obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_EveryInsert_IsRecordedWithActorAndAfterImage()
    {
        var store = await StoreWithDemoAsync();
        var course = DemoCase.Build();
        var lab = course.Labs[0];

        var entry = Assert.Single(await store.AuditOfAsync("lab_results", $"{DemoCase.PatientId}|{lab.Id}"));

        Assert.Equal("insert", entry.Action);
        Assert.Equal("test-user", entry.Actor);
        Assert.Null(entry.Before);
        Assert.Contains(lab.Reported.Unit, entry.After!, StringComparison.Ordinal);
        var verification = await store.VerifyAuditAsync();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems));
        // One entry per row written, after the one baseline entry of the built-in specification the schema seeds.
        var rows = 1 + 1 + course.Patient.Transplants.Count + course.Labs.Count + course.Sessions.Count + course.Infusions.Count + course.Drugs.Count + course.Events.Count;
        Assert.Equal(1 + rows, verification.Entries);
        Assert.Equal("baseline", (await store.AuditOfAsync("release_specifications", "bm-msc-isct|1")).Single().Action);
    }

    [Fact]
    public async Task SaveDerivedEgfr_Unchanged_WritesNothing()
    {
        var store = await StoreWithDemoAsync();
        var assessment = CourseAssessment.Assess((await store.LoadCourseAsync(DemoCase.PatientId))!, TreatmentProtocol.SeedCase).ValueOrThrow();
        var first = await store.SaveDerivedEgfrAsync(DemoCase.PatientId, assessment.Renal.Points);
        var entries = (await store.VerifyAuditAsync()).Entries;

        var again = await store.SaveDerivedEgfrAsync(DemoCase.PatientId, assessment.Renal.Points);

        Assert.Equal(assessment.Renal.Points.Count, first);
        Assert.Equal(0, again);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
    }

    [Fact]
    public async Task Audit_DerivedValuesNoLongerDerived_AreDeletedWithBeforeImages()
    {
        var store = await StoreWithDemoAsync();
        var assessment = CourseAssessment.Assess((await store.LoadCourseAsync(DemoCase.PatientId))!, TreatmentProtocol.SeedCase).ValueOrThrow();
        await store.SaveDerivedEgfrAsync(DemoCase.PatientId, assessment.Renal.Points);

        var changed = await store.SaveDerivedEgfrAsync(DemoCase.PatientId, assessment.Renal.Points.Take(2));

        Assert.Equal(assessment.Renal.Points.Count - 2, changed);
        Assert.Equal(2, (await store.LoadDerivedEgfrAsync(DemoCase.PatientId)).Count);
        var kept = await store.AuditOfAsync("derived_egfr", $"{DemoCase.PatientId}|egfr-{assessment.Renal.Points[0].CreatinineLabId}");
        Assert.Equal(["insert"], kept.Select(h => h.Action));
        var dropped = await store.AuditOfAsync("derived_egfr", $"{DemoCase.PatientId}|egfr-{assessment.Renal.Points[^1].CreatinineLabId}");
        Assert.Equal(["insert", "delete"], dropped.Select(h => h.Action));
        Assert.Contains("ckid_u25_cr_2021", dropped[1].Before!, StringComparison.Ordinal);
        Assert.True((await store.VerifyAuditAsync()).IsIntact);
    }

    [Fact]
    public async Task Audit_DirectUpdate_IsRefusedByTheDatabase()
    {
        var store = await StoreWithDemoAsync();
        await using var db = store.Context();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Actor\" = 'mallory' WHERE \"Sequence\" = 3"));
    }

    [Fact]
    public async Task StreamCourses_SeveralPatients_GivesEachItsOwnRecordsInIdOrder()
    {
        var store = await StoreWithDemoAsync();
        var synthetic = Enumerable.Range(1, 3).Select(i => SyntheticRegistry.Patient(i, 40)).ToList();
        foreach (var course in synthetic)
        {
            await store.SaveCourseAsync(course);
        }

        await store.SaveCourseAsync(new PatientCourse(new Patient("AAA-NO-INFUSION", new DateOnly(2010, 1, 1), Core.Quantities.Sex.Male, "FSGS", [], null), [], [], [], [], []));

        var streamed = new List<PatientCourse>();
        await foreach (var course in store.StreamCoursesAsync())
        {
            streamed.Add(course);
        }

        Assert.Equal(["AAA-NO-INFUSION", "DEMO-001", "SYN-000001", "SYN-000002", "SYN-000003"], streamed.Select(c => c.Patient.Id));
        Assert.Empty(streamed[0].Labs);
        foreach (var course in synthetic)
        {
            var loaded = streamed.Single(c => c.Patient.Id == course.Patient.Id);
            Assert.Equal(course.Labs.OrderBy(l => l.Id, StringComparer.Ordinal), loaded.Labs.OrderBy(l => l.Id, StringComparer.Ordinal));
            Assert.Equal(course.Sessions.Count, loaded.Sessions.Count);
            Assert.Equal(course.Infusions, loaded.Infusions);
        }
    }

    [Fact]
    public async Task StreamCourses_IdRange_GivesOnlyThosePatientsWithAllTheirRows()
    {
        var store = await fixture.NewStoreAsync();
        foreach (var i in Enumerable.Range(1, 4))
        {
            await store.SaveCourseAsync(SyntheticRegistry.Patient(i, 20));
        }

        var streamed = new List<PatientCourse>();
        await foreach (var course in store.StreamCoursesAsync("SYN-000002", "SYN-000003"))
        {
            streamed.Add(course);
        }

        Assert.Equal(["SYN-000002", "SYN-000003"], streamed.Select(c => c.Patient.Id));
        Assert.All(streamed, c => Assert.Equal(20, c.Labs.Count));
        Assert.All(streamed, c => Assert.All(c.Labs, l => Assert.StartsWith(c.Patient.Id, l.Id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AssessAll_Registry_CountsAssessedAndAnswers()
    {
        var store = await StoreWithDemoAsync();
        await store.SaveCourseAsync(new PatientCourse(new Patient("NO-INFUSION", new DateOnly(2010, 1, 1), Core.Quantities.Sex.Male, "FSGS", [], null), [], [], [], [], []));
        var reports = new List<int>();

        var result = await store.AssessAllAsync(TreatmentProtocol.SeedCase, new SynchronousProgress(reports));

        Assert.Equal((2, 1, 1, 1), (result.Patients, result.Assessed, result.TargetMetWithoutPlasmapheresis, result.PlasmapheresisIndependent));
        Assert.Equal(["NO-INFUSION"], result.WithoutInfusion);
        Assert.Empty(result.NotAssessed);
        Assert.Equal(2, reports[^1]);
    }

    // A row stored before the entry rules (a lab in 1900, before the patient's birth, as the only record after an infusion of the same
    // year) must not stop the registry: that patient is listed with the reason and the demo patient is still assessed.
    [Fact]
    public async Task AssessAll_PatientThatCannotBeAssessed_IsListedAndTheOthersAreAssessed()
    {
        var store = await StoreWithDemoAsync();
        var old = new DateTimeOffset(1900, 1, 1, 10, 0, 0, TimeSpan.Zero);
        await store.SaveCourseAsync(new PatientCourse(
            new Patient("OLD-ROWS", new DateOnly(2010, 1, 1), Core.Quantities.Sex.Male, "FSGS", [], null),
            [new LabResult("old-upcr", Analyte.Upcr, old.AddDays(1), new Core.Quantities.ReportedValue(2, "mg/mg"), 2, "mg/mg", null, Specimen.SpotUrine)],
            [],
            [MscInfusion.FromDosePerKilogram("old-msc", old, "L", Core.Quantities.CellDose.FromCellsPerKilogram(1e6), Core.Quantities.Weight.FromKilograms(40), "IV")],
            [],
            []));

        var result = await store.AssessAllAsync(TreatmentProtocol.SeedCase);

        Assert.Equal((2, 1), (result.Patients, result.Assessed));
        var failed = Assert.Single(result.NotAssessed);
        Assert.Equal("OLD-ROWS", failed.PatientId);
        Assert.Contains(failed.Issues, i => i.Code == CourseIssues.NotAssessable);
    }

    // A patient assessed without one of its rows (a lab stored before the entry rules, dated before birth) is assessed and listed
    // with the record left out, so a registry run never silently drops data.
    [Fact]
    public async Task AssessAll_PatientAssessedWithoutSomeRecords_IsListedWithThem()
    {
        var store = await StoreWithDemoAsync();
        var course = DemoCase.Build();
        var id = "LEFT-OUT";
        var beforeBirth = new DateTimeOffset(course.Patient.BirthDate.AddDays(-10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await store.SaveCourseAsync(course with
        {
            Patient = course.Patient with { Id = id },
            Labs = [.. course.Labs, new LabResult("pre-birth", Analyte.Upcr, beforeBirth, new Core.Quantities.ReportedValue(2, "mg/mg"), 2, "mg/mg", null, Specimen.SpotUrine)],
        });

        var result = await store.AssessAllAsync(TreatmentProtocol.SeedCase);

        Assert.Equal((2, 2), (result.Patients, result.Assessed));
        var leftOut = Assert.Single(result.RecordsLeftOut);
        Assert.Equal(id, leftOut.PatientId);
        Assert.Contains(leftOut.Issues, i => i.Code == CourseIssues.RecordLeftOut && i.Message.Contains("pre-birth", StringComparison.Ordinal));
    }

    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }

    // Simulates someone with direct database access who first removes the append-only triggers.
}

public sealed class SqliteStoreTests(SqliteFixture fixture) : StoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresStoreTests(PostgresFixture fixture) : StoreTests(fixture), IClassFixture<PostgresFixture>;
