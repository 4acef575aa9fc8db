using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Quantities;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Course;

/// <summary>Course records typed into forms: the course document's rules and codes, each issue at its field, nothing written when refused.</summary>
public abstract class CourseEntriesTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build(), null, "demo", Ct)).ValueOrThrow();
        // On PostgreSQL only the schema owner may set a setting (the application role cannot).
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return store;
    }

    [Fact]
    public async Task PlasmaExchange_EveryBadField_IsReportedAtItsField_AndNothingIsWritten()
    {
        var store = await StoreAsync();
        var entries = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var result = await CourseEntries.RecordPlasmaExchangeAsync(store, DemoCase.Id, new PlasmaExchangeFields("2026-03-29T02:30", "1,5", "25000", " "), Now, Ct);

        Assert.Null(result.Value);
        Assert.Equal(
            [(SiteTime.Issues.SkippedLocalTime, "at"), (CourseJsonIssues.BadValue, "plasmaVolumes"), (CourseJsonIssues.BadValue, "volumeMl"), (CourseJsonIssues.BadValue, "replacementFluid")],
            result.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal(entries, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }

    [Fact]
    public async Task PlasmaExchange_LocalTime_IsTheSitesZone_AndTheAmendmentKeepsTheId()
    {
        var store = await StoreAsync();

        var session = (await CourseEntries.RecordPlasmaExchangeAsync(store, DemoCase.Id, new PlasmaExchangeFields("2026-07-01T08:30", "1.2", null, "5% albumin"), Now, Ct)).ValueOrThrow();
        var amended = await CourseEntries.AmendPlasmaExchangeAsync(store, DemoCase.Id, session.Id, new PlasmaExchangeFields("2026-07-01T08:30", "1.4", null, "5% albumin"), "volume from the machine log", Now, Ct);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.FromHours(2)), session.At);
        Assert.False(amended.HasErrors, string.Join("\n", amended.Issues));
        Assert.Equal(1.4, (await store.LoadPlasmaExchangeAsync(DemoCase.PatientId, session.Id, Ct))!.PlasmaVolumes);
    }

    // An amendment's missing reason is reported with the fields' problems, not after they are fixed.
    [Fact]
    public async Task Amendment_WithBadFieldsAndNoReason_ReportsBoth()
    {
        var store = await StoreAsync();
        var drug = (await CourseEntries.RecordDrugAsync(store, DemoCase.Id, new DrugFields("prednisone", "10", "mg", "2026-01-05"), Now, Ct)).ValueOrThrow();

        var result = await CourseEntries.AmendDrugAsync(store, DemoCase.Id, drug.Id, new DrugFields("prednisone", "10", "mg", "2026-01-05", "2026-01-01"), null, Now, Ct);

        Assert.Equal([(QuantityIssues.ImpossibleDate, "stop"), (CorrectionIssues.BadReason, "reason")], result.Issues.Select(i => (i.Code, i.Location)));
        Assert.Null((await store.LoadDrugAsync(DemoCase.PatientId, drug.Id, Ct))!.Stop);
    }

    [Theory]
    [InlineData("1800-01-01T10:00", "at", "QTY006")]
    [InlineData("2999-01-01T10:00", "at", "QTY006")]
    [InlineData("2026-01-01", "at", "TIME001")]
    public async Task Event_TimeOutsideTheRecordOrMalformed_IsRefusedAtItsField(string at, string field, string code)
    {
        var store = await StoreAsync();

        var result = await CourseEntries.RecordEventAsync(store, DemoCase.Id, new ClinicalEventFields(at, "Other", "visit"), Now, Ct);

        Assert.Equal((code, field), result.Issues.Select(i => (i.Code, i.Location)).Single());
    }

    [Fact]
    public async Task Event_UnknownKind_AndUnknownPatient_AreRefused()
    {
        var store = await StoreAsync();

        var kind = await CourseEntries.RecordEventAsync(store, DemoCase.Id, new ClinicalEventFields("2026-02-01T10:00", "Party", "visit"), Now, Ct);
        var patient = await CourseEntries.RecordEventAsync(store, PatientId.Parse("P-NONE"), new ClinicalEventFields("2026-02-01T10:00", "Other", "visit"), Now, Ct);

        Assert.Equal((CourseJsonIssues.BadValue, "kind"), kind.Issues.Select(i => (i.Code, i.Location)).Single());
        Assert.Equal((LabCsvIssues.UnknownPatient, "patient"), patient.Issues.Select(i => (i.Code, i.Location)).Single());
    }

    [Fact]
    public async Task Retract_ThenTrail_ShowsTheReason_AndAnInfusionIsNeverRetracted()
    {
        var store = await StoreAsync();
        var drug = (await CourseEntries.RecordDrugAsync(store, DemoCase.Id, new DrugFields("prednisone", null, null, "2026-01-05"), Now, Ct)).ValueOrThrow();
        var infusion = (await store.LoadCourseAsync(DemoCase.PatientId, Ct))!.Infusions[0].Id;

        (await CourseEntries.RetractAsync(store, DemoCase.Id, PatientRecordKind.Drug, drug.Id, "duplicate entry", Ct)).ValueOrThrow();
        var refused = await CourseEntries.RetractAsync(store, DemoCase.Id, PatientRecordKind.Infusion, infusion, "wrong bag", Ct);

        var trail = await CourseEntries.TrailAsync(store, DemoCase.Id, PatientRecordKind.Drug, drug.Id, Ct);
        Assert.Equal("duplicate entry", trail.ReasonOf(trail.Entries[^1]));
        Assert.Equal(CorrectionIssues.UnknownRecord, Assert.Single(refused.Issues).Code);
        Assert.Contains((await store.LoadCourseAsync(DemoCase.PatientId, Ct))!.Infusions, i => i.Id == infusion);
    }
}

public sealed class SqliteCourseEntriesTests(SqliteFixture fixture) : CourseEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCourseEntriesTests(PostgresFixture fixture) : CourseEntriesTests(fixture), IClassFixture<PostgresFixture>;
