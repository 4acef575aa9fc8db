using Stroma.Application.Course;
using Stroma.Application.Safety;
using Stroma.Core.Course;
using Stroma.Core.Safety;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Safety;

/// <summary>Adverse events typed into forms: the CTCAE term's own grades, the safety file's codes at the form's fields, the versioned amendment.</summary>
public abstract class AdverseEventEntriesTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AdverseEventFields Fields(string term, string grade, string? infusion = null, string outcome = "Recovered") =>
        new("wheeze and flushing", term, grade, "2026-03-02T10:15", "2026-03-02T13:00", [], "Possible", "Interrupted", outcome, infusion);

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build(), null, "demo", Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return store;
    }

    // CTCAE v5 anaphylaxis has no grade 1 or 2 ("–"): grade 1 is refused at the grade field, grade 3 is recorded.
    [Fact]
    public async Task GradeTheTermDoesNotHave_IsRefusedAtTheGrade_ThenAGradeItHas_IsRecorded()
    {
        var store = await StoreAsync();
        var entries = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var refused = await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Anaphylaxis", "1"), Now, Ct);
        Assert.Equal((SafetyIssues.NoSuchGrade, "grade"), refused.Issues.Select(i => (i.Code, i.Location)).Single());
        Assert.Equal(entries, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);

        var recorded = (await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Anaphylaxis", "3"), Now, Ct)).ValueOrThrow();
        var stored = await AdverseEventEntries.LoadAsync(store, DemoCase.Id, recorded.Id, Ct);
        Assert.Equal(("Anaphylaxis", 3, Ctcae.Version), (stored!.Term, stored.Grade, stored.CtcaeVersion));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 15, 0, TimeSpan.FromHours(1)), stored.Onset);
    }

    [Fact]
    public async Task BadValues_AndAnInfusionOfNoOne_AreReportedAtTheirFields()
    {
        var store = await StoreAsync();

        var values = await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Fever", "two") with { Relatedness = "Maybe", Onset = "2026-03-02" }, Now, Ct);
        var infusion = await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Fever", "1", infusion: "no-such-infusion"), Now, Ct);
        var fatal = await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Fever", "2", outcome: "Fatal"), Now, Ct);

        Assert.Equal([(SafetyJsonIssues.BadValue, "grade"), (SiteTime.Issues.BadLocalTime, "onset"), (SafetyJsonIssues.BadValue, "relatedness")], values.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal((StromaStore.UnknownRecord, "infusionId"), infusion.Issues.Select(i => (i.Code, i.Location)).Single());
        Assert.Equal((SafetyIssues.Inconsistent, "grade"), fatal.Issues.Select(i => (i.Code, i.Location)).Single());
    }

    // The AE keeps its versioned amendment (stroma ae amend's): version 2 with who and why; the trail shows the reason beside the change.
    [Fact]
    public async Task Amendment_IsTheNextVersion_WithItsReasonInTheTrail_AndNeedsAReason()
    {
        var store = (await StoreAsync()).WithActor("clinician-1");
        var e = (await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Infusion related reaction", "1"), Now, Ct)).ValueOrThrow();

        var noReason = await AdverseEventEntries.AmendAsync(store, DemoCase.Id, e.Id, Fields("Infusion related reaction", "5"), " ", Now, Ct);
        var amended = await AdverseEventEntries.AmendAsync(store, DemoCase.Id, e.Id, Fields("Infusion related reaction", "2"), "antihistamine was needed", Now, Ct);

        Assert.Contains(noReason.Issues, i => (i.Code, i.Location) == (SafetyIssues.NoReason, "reason"));
        Assert.Contains(noReason.Issues, i => (i.Code, i.Location) == (SafetyIssues.Inconsistent, "grade"));
        Assert.Equal(2, amended.ValueOrThrow().Grade);
        var history = await store.AdverseEventHistoryAsync(DemoCase.PatientId, e.Id, Ct);
        Assert.Equal([1, 2], history.Select(v => v.Version));
        var trail = await CourseEntries.TrailAsync(store, DemoCase.Id, PatientRecordKind.AdverseEvent, e.Id, Ct);
        Assert.Equal([null, "antihistamine was needed"], trail.Entries.Select(trail.ReasonOf));
        Assert.All(trail.Entries, entry => Assert.Equal("clinician-1", entry.Actor));
    }

    [Fact]
    public async Task Retraction_RemovesTheEvent_AndTheTrailKeepsItWithTheReason()
    {
        var store = await StoreAsync();
        var e = (await AdverseEventEntries.RecordAsync(store, DemoCase.Id, Fields("Fever", "1"), Now, Ct)).ValueOrThrow();

        (await CourseEntries.RetractAsync(store, DemoCase.Id, PatientRecordKind.AdverseEvent, e.Id, "recorded for the wrong patient", Ct)).ValueOrThrow();

        Assert.Null(await AdverseEventEntries.LoadAsync(store, DemoCase.Id, e.Id, Ct));
        var trail = await CourseEntries.TrailAsync(store, DemoCase.Id, PatientRecordKind.AdverseEvent, e.Id, Ct);
        Assert.Equal(["insert", "delete"], trail.Entries.Select(x => x.Action));
        Assert.Equal("recorded for the wrong patient", trail.ReasonOf(trail.Entries[1]));
    }
}

public sealed class SqliteAdverseEventEntriesTests(SqliteFixture fixture) : AdverseEventEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresAdverseEventEntriesTests(PostgresFixture fixture) : AdverseEventEntriesTests(fixture), IClassFixture<PostgresFixture>;
