using Stroma.Core.Course;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests;

/// <summary>
/// Plasma exchange sessions, drugs and clinical events entered one at a time, amended with a reason and retracted: one mechanism for
/// every kind, every step audited, the reason kept beside the change, nothing written when refused.
/// </summary>
public abstract class RecordCorrectionTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1));

    private static PlasmaExchangeSession Session(double volumes, string fluid = "5% albumin") => new("pe-web-1", At, volumes, null, fluid);

    private static DrugExposure Drug(double dose) => new("drug-web-1", "tacrolimus", dose, "mg bid", new DateOnly(2026, 1, 5), null);

    private static ClinicalEvent Event(string description) => new("event-web-1", At, ClinicalEventKind.Other, description);

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo", "H-000"));
        return store.WithActor("nurse-1");
    }

    [Fact]
    public async Task PlasmaExchange_AmendedWithAReason_KeepsBeforeAndAfter_AndTheReason()
    {
        var store = await StoreAsync();
        (await store.AddPlasmaExchangeAsync(DemoCase.PatientId, Session(1.0))).ValueOrThrow();

        var corrected = (await store.AmendPlasmaExchangeAsync(DemoCase.PatientId, Session(1.5), "the run sheet says 1.5 volumes")).ValueOrThrow();

        Assert.Equal(("amend", "nurse-1"), (corrected.Action, corrected.Actor));
        Assert.Equal(1.5, (await store.LoadPlasmaExchangeAsync(DemoCase.PatientId, "pe-web-1"))!.PlasmaVolumes);
        var trail = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.PlasmaExchange, "pe-web-1");
        Assert.Equal(["insert", "update"], trail.Entries.Select(e => e.Action));
        Assert.Contains("\"PlasmaVolumes\":1", trail.Entries[1].Before!, StringComparison.Ordinal);
        Assert.Contains("\"PlasmaVolumes\":1.5", trail.Entries[1].After!, StringComparison.Ordinal);
        Assert.Equal("the run sheet says 1.5 volumes", trail.ReasonOf(trail.Entries[1]));
        Assert.Null(trail.ReasonOf(trail.Entries[0]));
        var report = await store.VerifyAuditAsync();
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Drug_Retracted_LeavesTheCourse_KeepsTheTrailAndTheReason()
    {
        var store = await StoreAsync();
        (await store.AddDrugAsync(DemoCase.PatientId, Drug(2))).ValueOrThrow();

        (await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.Drug, "drug-web-1", "entered for the wrong patient")).ValueOrThrow();

        Assert.DoesNotContain((await store.LoadCourseAsync(DemoCase.PatientId))!.Drugs, d => d.Id == "drug-web-1");
        var trail = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.Drug, "drug-web-1");
        Assert.Equal(["insert", "delete"], trail.Entries.Select(e => e.Action));
        Assert.Contains("tacrolimus", trail.Entries[1].Before!, StringComparison.Ordinal);
        Assert.Null(trail.Entries[1].After);
        Assert.Equal("entered for the wrong patient", trail.ReasonOf(trail.Entries[1]));
    }

    [Fact]
    public async Task ClinicalEvent_AmendedThenRetracted_EachChangeWithItsOwnReason()
    {
        var store = await StoreAsync();
        (await store.AddClinicalEventAsync(DemoCase.PatientId, Event("clinic visit"))).ValueOrThrow();

        (await store.AmendClinicalEventAsync(DemoCase.PatientId, Event("clinic visit, oedema noted"), "completed from the notes")).ValueOrThrow();
        (await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.ClinicalEvent, "event-web-1", "duplicate of the AE record")).ValueOrThrow();

        var trail = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.ClinicalEvent, "event-web-1");
        Assert.Equal(["insert", "update", "delete"], trail.Entries.Select(e => e.Action));
        Assert.Equal([null, "completed from the notes", "duplicate of the AE record"], trail.Entries.Select(trail.ReasonOf));
        Assert.Equal(["amend", "retract"], trail.Corrections.Select(c => c.Action));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("two\nlines")]
    public async Task CorrectionWithoutAOneLineReason_IsRefused_AndWritesNothing(string? reason)
    {
        var store = await StoreAsync();
        (await store.AddPlasmaExchangeAsync(DemoCase.PatientId, Session(1.0))).ValueOrThrow();
        var entries = (await store.VerifyAuditAsync()).Entries;

        var amended = await store.AmendPlasmaExchangeAsync(DemoCase.PatientId, Session(1.5), reason);
        var retracted = await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.PlasmaExchange, "pe-web-1", reason);

        Assert.Equal(CorrectionIssues.BadReason, Assert.Single(amended.Issues).Code);
        Assert.Equal(CorrectionIssues.BadReason, Assert.Single(retracted.Issues).Code);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
        Assert.Equal(1.0, (await store.LoadPlasmaExchangeAsync(DemoCase.PatientId, "pe-web-1"))!.PlasmaVolumes);
    }

    [Fact]
    public async Task Refusals_NameTheirReason_AndWriteNothing()
    {
        var store = await StoreAsync();
        (await store.AddDrugAsync(DemoCase.PatientId, Drug(2))).ValueOrThrow();
        var entries = (await store.VerifyAuditAsync()).Entries;

        Assert.Equal(CorrectionIssues.IdTaken, Assert.Single((await store.AddDrugAsync(DemoCase.PatientId, Drug(3))).Issues).Code);
        Assert.Equal(LabCsvIssues.UnknownPatient, Assert.Single((await store.AddDrugAsync("P-NONE", Drug(3))).Issues).Code);
        Assert.Equal(CorrectionIssues.NoChange, Assert.Single((await store.AmendDrugAsync(DemoCase.PatientId, Drug(2), "same")).Issues).Code);
        Assert.Equal(CorrectionIssues.UnknownRecord, Assert.Single((await store.AmendDrugAsync(DemoCase.PatientId, Drug(2) with { Id = "drug-none" }, "gone")).Issues).Code);
        Assert.Equal(CorrectionIssues.UnknownRecord, Assert.Single((await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.ClinicalEvent, "drug-web-1", "wrong kind")).Issues).Code);
        Assert.Equal(CorrectionIssues.UnknownRecord, Assert.Single((await store.RetractRecordAsync("P-OTHER", PatientRecordKind.Drug, "drug-web-1", "wrong patient")).Issues).Code);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
        Assert.Equal(2, (await store.LoadDrugAsync(DemoCase.PatientId, "drug-web-1"))!.Dose);
    }

    // The safety records too: the demo's biopsy amended (the row's report before and after, the reason beside them), its AE retracted.
    [Fact]
    public async Task BiopsyAmended_AndAdverseEventRetracted_KeepTheirTrails_AndRefusalsWriteNothing()
    {
        var store = await StoreAsync();
        var demo = DemoCellTherapy.Build();
        (await store.SaveCellTherapyRecordAsync(DemoCase.PatientId, demo.AdverseEvents, [], demo.Biopsies)).ValueOrThrow();
        var biopsy = demo.Biopsies[0];
        var entries = (await store.VerifyAuditAsync()).Entries;

        Assert.Equal(CorrectionIssues.BadReason, Assert.Single((await store.AmendBiopsyAsync(DemoCase.PatientId, biopsy with { Glomeruli = 19 }, "")).Issues).Code);
        Assert.Equal(CorrectionIssues.NoChange, Assert.Single((await store.AmendBiopsyAsync(DemoCase.PatientId, biopsy, "nothing")).Issues).Code);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
        (await store.AmendBiopsyAsync(DemoCase.PatientId, biopsy with { Glomeruli = 19 }, "recounted")).ValueOrThrow();
        (await store.RetractRecordAsync(DemoCase.PatientId, PatientRecordKind.AdverseEvent, demo.AdverseEvents[0].Id, "not an adverse event")).ValueOrThrow();

        Assert.Equal(19, (await store.LoadBiopsyAsync(DemoCase.PatientId, biopsy.Id))!.Glomeruli);
        var bx = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.Biopsy, biopsy.Id);
        Assert.Equal(["insert", "update"], bx.Entries.Select(e => e.Action));
        Assert.Matches(@"Glomeruli(\\u0022|\W)+18\b", bx.Entries[1].Before!); // the report is JSON in a column of the row image
        Assert.Matches(@"Glomeruli(\\u0022|\W)+19\b", bx.Entries[1].After!);
        Assert.Equal("recounted", bx.ReasonOf(bx.Entries[1]));
        var ae = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.AdverseEvent, demo.AdverseEvents[0].Id);
        Assert.Equal(["insert", "delete"], ae.Entries.Select(e => e.Action));
        Assert.Equal("not an adverse event", ae.ReasonOf(ae.Entries[1]));
        Assert.DoesNotContain((await store.LoadCellTherapyRecordAsync(DemoCase.PatientId)).AdverseEvents, e => e.Id == demo.AdverseEvents[0].Id);
    }

    // The lab result goes through the same mechanism: its trail is found by kind as well as by its table.
    [Fact]
    public async Task LabResult_TrailByKind_IsTheLabTrail()
    {
        var store = await StoreAsync();
        var lab = (await store.LoadCourseAsync(DemoCase.PatientId))!.Labs[0];
        (await store.RetractLabAsync(DemoCase.PatientId, lab.Id, "mislabelled sample")).ValueOrThrow();

        var trail = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.LabResult, lab.Id);

        Assert.Equal(StromaStore.LabTable, trail.Table);
        Assert.Equal(["insert", "delete"], trail.Entries.Select(e => e.Action));
        Assert.Equal("mislabelled sample", trail.ReasonOf(trail.Entries[^1]));
    }
}

public sealed class SqliteRecordCorrectionTests(SqliteFixture fixture) : RecordCorrectionTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresRecordCorrectionTests(PostgresFixture fixture) : RecordCorrectionTests(fixture), IClassFixture<PostgresFixture>;
