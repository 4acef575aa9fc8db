using System.Text;
using Stroma.Application.Course;
using Stroma.Application.Demo;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Demo;

// The demo is the first thing a newcomer runs and the web app will serve: every record type through the same use cases a site uses.
public abstract class DemoLoadTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_OnAnEmptyStore_KeepsEveryRecordTypeAndTheReportShowsEach()
    {
        var store = await fixture.NewStoreAsync();
        var lines = new List<string>();

        var loaded = await DemoLoad.RunAsync(store, new Lines(lines), Now, TestContext.Current.CancellationToken);

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Issues));
        Assert.Equal(["[2/6]", "[3/6]", "[4/6]", "[5/6]"], lines.Where(l => l.StartsWith('[')).Select(l => l[..5]));
        var sections = await CaseReports.SectionsAsync(store, loaded.Value!.Case.Course, TestContext.Current.CancellationToken);
        Assert.Equal("MSC-DEMO-001", Assert.Single(sections.Lots!).Lot.Id);
        Assert.True(sections.Lots![0].Release.Released);
        Assert.Equal(3, loaded.Value.Case.Course.Infusions.Count);
        Assert.NotEmpty(sections.Safety!.AdverseEvents);
        Assert.NotEmpty(sections.Safety!.Biopsies);
        Assert.NotEmpty(sections.Chimerism!);
        Assert.NotNull(sections.Biomarkers);
        var html = Encoding.UTF8.GetString(loaded.Value.Report);
        Assert.Contains("MSC-DEMO-001", html, StringComparison.Ordinal);
        Assert.Contains(DemoCase.PatientId, html, StringComparison.Ordinal);
        Assert.True((await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).IsIntact);
    }

    // The demo's kept chimerism was estimated without the sample's artefact calls, so its review page showed 99.8 % kept against
    // 99.9 % recomputed from the same automatic calls with no review at all: the kept result is the one the review recomputes.
    [Fact]
    public async Task Run_EveryKeptChimerismResult_IsWhatTheReviewPageRecomputesFromTheAutomaticCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        (await DemoLoad.RunAsync(store, new Lines([]), Now, ct)).ValueOrThrow();

        var kept = await store.LoadChimerismAsync(DemoCase.PatientId, ct);

        Assert.Equal(6, kept.Count);
        foreach (var sample in kept.GroupBy(c => c.SampleId))
        {
            var review = (await Stroma.Application.Str.StrSamples.ReviewAsync(store, DemoCase.Id, sample.Key, null, ct))!.ValueOrThrow();
            Assert.All(sample, c => Assert.Equal(c.Percent, review.Recomputed!.Contributors.Single(x => x.Contributor == c.Contributor).Percent));
        }
    }

    // The demo load writes through every path a site uses (the course, the infusion gate, labs, safety, STR): the stored assessment
    // it leaves must be the one a fresh assessment of the stored course gives.
    [Fact]
    public async Task Run_LeavesTheStoredAssessmentEqualToAFreshOne()
    {
        var store = await fixture.NewStoreAsync();

        (await DemoLoad.RunAsync(store, new Lines([]), Now, TestContext.Current.CancellationToken)).ValueOrThrow();

        Assert.Empty(await store.CheckStoredAssessmentsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(AssessmentOutcome.Assessed, (await store.LoadAssessmentSummariesAsync([DemoCase.PatientId], TestContext.Current.CancellationToken))[DemoCase.PatientId].Outcome);
    }

    // Run twice (the README's command run again): what is held is kept, nothing is written a second time.
    [Fact]
    public async Task Run_Again_WritesNothing()
    {
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Lines([]), Now, TestContext.Current.CancellationToken);
        var before = (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries;
        var lines = new List<string>();

        var again = await DemoLoad.RunAsync(store, new Lines(lines), Now, TestContext.Current.CancellationToken);

        Assert.False(again.HasErrors, string.Join("\n", again.Issues));
        Assert.Contains(lines, l => l.Contains("already loaded", StringComparison.Ordinal));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries);
    }

    [Fact]
    public async Task Run_OnAStoreWithAnotherPatient_IsRefusedAndWritesNothing()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        var other = course with { Patient = course.Patient with { Id = "P-OTHER" }, Infusions = [] };
        (await store.SaveCourseAsync(other, new PatientIdentity("P-OTHER", "Other Patient", "HN-2"), "other.json", TestContext.Current.CancellationToken)).ValueOrThrow();
        var before = (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries;

        var refused = await DemoLoad.RunAsync(store, new Lines([]), Now, TestContext.Current.CancellationToken);

        Assert.Contains(refused.Issues, i => i.Code == DemoLoad.OtherPatients && i.Message.Contains("P-OTHER", StringComparison.Ordinal));
        Assert.Null(refused.Value);
        Assert.Equal(["P-OTHER"], await store.ListPatientsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries);
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}

public sealed class SqliteDemoLoadTests(SqliteFixture fixture) : DemoLoadTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresDemoLoadTests(PostgresFixture fixture) : DemoLoadTests(fixture), IClassFixture<PostgresFixture>;
