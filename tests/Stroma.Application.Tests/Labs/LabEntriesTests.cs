using Stroma.Application.Labs;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Labs;

/// <summary>Corrections of a retracted lab result: refused with who retracted it, when (in the site's zone) and why.</summary>
public abstract class LabEntriesTests(IStoreFixture fixture)
{
    private static readonly LabEntryFields Fields = new("creatinine", "0.93", "mg/dL", "2026-02-05T08:10");

    [Fact]
    public async Task RetractTwice_OrAmendARetracted_IsCor004SayingByWhomAndWhen()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = (await fixture.NewStoreAsync()).WithActor("nurse-1");
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo", "H-000"), cancellationToken: ct);
        var lab = LabResult.Create("lab-r1", Analyte.Creatinine, new DateTimeOffset(2026, 2, 5, 8, 10, 0, TimeSpan.FromHours(1)), 0.93, "mg/dL");
        (await store.AddLabAsync(DemoCase.PatientId, lab, Core.RawInput.Of("form.json", "{}"u8.ToArray()), ct)).ValueOrThrow();
        (await LabEntries.RetractAsync(store, DemoCase.Id, lab.Id, "wrong patient", ct)).ValueOrThrow();
        var retractedAt = Assert.Single(await store.LoadCorrectionsAsync(DemoCase.PatientId, Storage.StromaStore.LabTable, lab.Id, ct)).At;

        var again = Assert.Single((await LabEntries.RetractAsync(store.WithActor("nurse-2"), DemoCase.Id, lab.Id, "double click", ct)).Issues);
        var amend = Assert.Single((await LabEntries.AmendAsync(store, DemoCase.Id, lab.Id, Fields with { Value = "0.94" }, "typo", DateTimeOffset.UtcNow, ct)).Issues);
        var found = await LabEntries.FindAsync(store, DemoCase.Id, lab.Id, ct);

        // No site zone is set here (on PostgreSQL only the schema owner writes settings): the time is shown in UTC, saying so.
        foreach (var issue in new[] { again, amend, found.Retracted! })
        {
            Assert.Equal((CorrectionIssues.AlreadyRetracted, "id"), (issue.Code, issue.Location));
            Assert.Contains($"retracted by nurse-1 on {SiteTime.Shown(retractedAt, null)}", issue.Message, StringComparison.Ordinal);
        }

        Assert.Single(await store.LoadCorrectionsAsync(DemoCase.PatientId, Storage.StromaStore.LabTable, lab.Id, ct));
        Assert.Null(found.Lab);
    }

    [Fact]
    public async Task RetractANeverStoredId_StaysCor001()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo", "H-000"), cancellationToken: ct);

        var issue = Assert.Single((await LabEntries.RetractAsync(store, DemoCase.Id, "lab-none", "gone", ct)).Issues);

        Assert.Equal(CorrectionIssues.UnknownRecord, issue.Code);
        var found = await LabEntries.FindAsync(store, DemoCase.Id, "lab-none", ct);
        Assert.True(found.PatientKnown);
        Assert.Null(found.Lab);
        Assert.Null(found.Retracted);
    }
}

public sealed class SqliteLabEntriesTests(SqliteFixture fixture) : LabEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresLabEntriesTests(PostgresFixture fixture) : LabEntriesTests(fixture), IClassFixture<PostgresFixture>;
