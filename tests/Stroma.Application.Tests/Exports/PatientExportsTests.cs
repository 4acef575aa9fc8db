using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Stroma.Application.Demo;
using Stroma.Application.Exports;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Core.Text;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Exports;

// Issue 14, exports: the workbook opened back with the library that wrote it, the CSV files parsed back with Stroma's own CSV reader,
// each compared with the stored records (not with numbers written here); the pseudonymised cohort searched byte by byte for identity.
public abstract class PatientExportsTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Xlsx_OpenedBack_HoldsTheStoredValuesAsNumbersWithTheirUnits()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await DemoStoreAsync();
        var course = (await store.LoadCourseAsync(DemoCase.PatientId, ct))!;
        var events = (await store.LoadCellTherapyRecordAsync(DemoCase.PatientId, ct)).AdverseEvents;

        var export = (await PatientExports.PatientAsync(store, DemoCase.Id, pseudonymise: false, ct)).ValueOrThrow();
        var bytes = ExportFiles.Xlsx(export);

        using var stream = new MemoryStream(bytes);
        Assert.Equal(["patients", "labs", "plasma_exchange", "infusions", "adverse_events", "chimerism", "biomarkers"], stream.GetSheetNames());
        var labs = Sheet(bytes, "labs");
        Assert.Equal(course.Labs.Count, labs.Count);
        foreach (var lab in course.Labs)
        {
            var row = Assert.Single(labs, r => (string)r["lab_id"]! == lab.Id);
            Assert.Equal(lab.Value, Assert.IsType<double>(row["value"]));
            Assert.Equal(lab.Unit, row["unit"]);
            Assert.Equal(lab.Reported.Value, Assert.IsType<double>(row["reported_value"]));
            Assert.Equal(lab.Reported.Unit, row["reported_unit"]);
            Assert.Equal(lab.SampledAt, DateTimeOffset.Parse((string)row["sampled_at"]!, CultureInfo.InvariantCulture));
            Assert.Equal(lab.SampledAt.Offset, DateTimeOffset.Parse((string)row["sampled_at"]!, CultureInfo.InvariantCulture).Offset);
        }

        var infusions = Sheet(bytes, "infusions");
        Assert.Equal(course.Infusions.Count, infusions.Count);
        Assert.All(course.Infusions, i => Assert.Equal(i.Dose.CellsPerKilogram, Assert.IsType<double>(Assert.Single(infusions, r => (string)r["infusion_id"]! == i.Id)["dose [{cells}/kg]"])));
        Assert.Contains(infusions, r => r["bag_din"] is string { Length: > 0 });
        var aes = Sheet(bytes, "adverse_events");
        Assert.Equal(events.Length, aes.Count);
        Assert.All(events, e => Assert.Equal(e.Grade, Convert.ToInt32(Assert.Single(aes, r => (string)r["ae_id"]! == e.Id)["grade"], CultureInfo.InvariantCulture)));
        // An identified export gives every time as recorded, with its own offset: only a pseudonymised one is shifted to +00:00.
        Assert.All(events, e => AssertSameTime(e.Onset, (string)Assert.Single(aes, r => (string)r["ae_id"]! == e.Id)["onset"]!));
        var samples = (await store.LoadStrSamplesAsync(DemoCase.PatientId, ct)).ToDictionary(x => x.Id, StringComparer.Ordinal);
        var chimerism = Sheet(bytes, "chimerism");
        Assert.NotEmpty(chimerism);
        Assert.All(chimerism, r => AssertSameTime(samples[(string)r["sample_id"]!].SampledAt!.Value, (string)r["sampled_at"]!));
    }

    private static void AssertSameTime(DateTimeOffset expected, string shown)
    {
        var read = DateTimeOffset.Parse(shown, CultureInfo.InvariantCulture);
        Assert.Equal((expected, expected.Offset), (read, read.Offset));
    }

    [Fact]
    public async Task Csv_ParsedBack_MatchesTheStoredChimerismAndBiomarkers()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await DemoStoreAsync();
        var chimerism = await store.LoadChimerismAsync(DemoCase.PatientId, ct);
        var series = await store.LoadAnalyteSeriesAsync(DemoCase.PatientId, ct);

        var read = await PatientExports.PatientAsync(store, DemoCase.Id, pseudonymise: false, ct);
        var files = ExportFiles.CsvFiles(read.ValueOrThrow()).ToDictionary(f => f.Name, f => f.Bytes);

        Assert.DoesNotContain(read.Issues, i => i.Code == ExportIssues.UncorrectedNotRecomputed);
        var table = CsvTable.Read(files["chimerism.csv"], "chimerism.csv").ValueOrThrow();
        Assert.NotEmpty(chimerism);
        Assert.Equal(chimerism.Count, table.Rows.Length);
        foreach (var kept in chimerism)
        {
            var row = Assert.Single(table.Rows, r => r.Fields[table.ColumnIndex("result_id")] == kept.Id);
            Assert.Equal(kept.Percent, Number(row.Fields[table.ColumnIndex("automatic_percent_corrected [%]")]));
            Assert.Equal(kept.LimitOfDetectionPercent, Number(row.Fields[table.ColumnIndex("lod [%]")]));
            Assert.Equal(kept.Contributor, row.Fields[table.ColumnIndex("contributor")]);
        }

        // The uncorrected share is recomputed from the kept raw files: present beside every detected contributor's corrected one.
        Assert.All(table.Rows.Where(r => r.Fields[table.ColumnIndex("automatic_detected")] == "true"), r => Assert.NotNull(Number(r.Fields[table.ColumnIndex("automatic_percent_uncorrected [%]")])));
        var markers = CsvTable.Read(files["biomarkers.csv"], "biomarkers.csv").ValueOrThrow();
        Assert.Equal(series.Series.Sum(s => s.Value.Count), markers.Rows.Length);
        Assert.All(markers.Rows, r => Assert.Equal(series.UnitBySeries[r.Fields[markers.ColumnIndex("analyte")]], r.Fields[markers.ColumnIndex("unit")]));
    }

    [Fact]
    public async Task Cohort_Pseudonymised_HoldsNoNameHospitalNumberBirthDateOrStoredId()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await DemoStoreAsync();
        var course = (await store.LoadCourseAsync(DemoCase.PatientId, ct))!;
        var identity = (await store.LoadIdentityAsync(DemoCase.PatientId, ct))!;
        var identified = ExportFiles.Xlsx((await PatientExports.CohortAsync(store, pseudonymise: false, null, ct)).ValueOrThrow());

        var cohort = (await PatientExports.CohortAsync(store, pseudonymise: true, null, ct)).ValueOrThrow();
        string[] texts = [.. ExportFiles.CsvFiles(cohort).Select(f => Encoding.UTF8.GetString(f.Bytes)), XlsxText(ExportFiles.Xlsx(cohort))];

        Assert.Equal([DemoCase.PatientId], cohort.PatientIds);
        string[] secrets = [identity.Name, identity.HospitalNumber, course.Patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), course.Labs[0].Id, course.Infusions[0].Id];
        // The identified export holds the true birth date and the stored ids (so the search below can find them), never a name or hospital number.
        Assert.All(secrets[2..], s => Assert.Contains(s, XlsxText(identified), StringComparison.Ordinal));
        Assert.All(secrets[..2], s => Assert.DoesNotContain(s, XlsxText(identified), StringComparison.Ordinal));
        Assert.All(texts, text => Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal)));
        // Day 0's clock time moved by the whole days of the shift, in UTC: the site's offset (+01:00 in the demo) would hint at the season.
        var shifted = new DateTimeOffset(course.DayZero!.Value.DateTime.AddDays(store.PseudonymShiftDays(DemoCase.PatientId)), TimeSpan.Zero);
        Assert.Contains(shifted.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), texts[0], StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), course.DayZero.Value.Offset);
        Assert.Contains("+01:00", XlsxText(identified), StringComparison.Ordinal);
        Assert.All(texts, text => Assert.DoesNotContain("+01:00", text, StringComparison.Ordinal));
        Assert.Contains(infusionsDin(identified), s => s.Length > 0);
        Assert.All(infusionsDin(ExportFiles.Xlsx(cohort)), din => Assert.Equal(Pseudonymisation.Withheld, din));

        static List<string> infusionsDin(byte[] xlsx) => [.. Sheet(xlsx, "infusions").Select(r => r["bag_din"] as string ?? string.Empty)];
    }

    [Fact]
    public async Task Patient_Unknown_IsRefusedAtThePatientField()
    {
        var store = await fixture.NewStoreAsync();

        var read = await PatientExports.PatientAsync(store, PatientId.Parse("P-NONE"), pseudonymise: false, TestContext.Current.CancellationToken);

        Assert.Null(read.Value);
        Assert.Equal((LabCsvIssues.UnknownPatient, "patient"), (read.Issues[0].Code, read.Issues[0].Location));
    }

    private async Task<Storage.StromaStore> DemoStoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Progress<string>(), Now, TestContext.Current.CancellationToken);
        return store;
    }

    private static List<IDictionary<string, object?>> Sheet(byte[] xlsx, string name)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. stream.Query(useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];
    }

    // Every XML part of the workbook as text (the sheets and the shared strings), to search for what must not be there.
    private static string XlsxText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return string.Concat(zip.Entries.Select(e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd()));
    }

    private static double? Number(string field) => field.Length == 0 ? null : double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}

public sealed class SqlitePatientExportsTests(SqliteFixture fixture) : PatientExportsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresPatientExportsTests(PostgresFixture fixture) : PatientExportsTests(fixture), IClassFixture<PostgresFixture>;
