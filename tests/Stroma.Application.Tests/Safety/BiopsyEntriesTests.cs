using Stroma.Application.Course;
using Stroma.Application.Safety;
using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Safety;

/// <summary>Biopsy reports typed into forms: Banff scores and lesion counts checked at their fields, the categories derived, corrections with a reason.</summary>
public abstract class BiopsyEntriesTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BiopsyFields Fields(string ci = "1", string glomeruli = "18", string tip = "1", string perihilar = "0")
    {
        var counts = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["glomeruli"] = glomeruli, ["globallySclerosed"] = "1", ["arteries"] = "2", ["collapsing"] = "0", ["tip"] = tip, ["cellular"] = "0", ["perihilar"] = perihilar,
            ["segmentallySclerosed"] = "3", ["emGlomeruli"] = "3",
        };
        foreach (var (field, _) in BiopsyEntry.ScoreFields)
        {
            counts[field] = "0";
        }

        counts["ci"] = ci;
        return new BiopsyFields("2026-03-10T09:00", "for cause: recurrent proteinuria", counts, "70", "Immunofluorescence", false, "no", "Recurrent FSGS");
    }

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build(), null, "demo", Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return store;
    }

    [Fact]
    public async Task ImpossibleScoresAndCounts_AreRefusedAtTheirFields_AndNothingIsWritten()
    {
        var store = await StoreAsync();
        var entries = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var score = await BiopsyEntries.RecordAsync(store, DemoCase.Id, Fields(ci: "4"), Now, Ct);
        var counts = await BiopsyEntries.RecordAsync(store, DemoCase.Id, Fields(glomeruli: "3"), Now, Ct);
        var text = await BiopsyEntries.RecordAsync(store, DemoCase.Id, Fields(ci: "1.5"), Now, Ct);

        Assert.Equal((BiopsyIssues.OutOfRange, "ci"), score.Issues.Select(i => (i.Code, i.Location)).Single());
        Assert.Contains(counts.Issues, i => (i.Code, i.Location) == (BiopsyIssues.Counts, "glomeruli"));
        Assert.Equal((Core.Safety.SafetyJsonIssues.BadValue, "ci"), text.Issues.Select(i => (i.Code, i.Location)).Single());
        Assert.Equal(entries, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }

    [Fact]
    public async Task Report_IsStored_WithItsDerivedVariant_ThenAmendedWithAReasonInTheTrail()
    {
        var store = await StoreAsync();

        var report = (await BiopsyEntries.RecordAsync(store, DemoCase.Id, Fields(), Now, Ct)).ValueOrThrow();
        var amended = await BiopsyEntries.AmendAsync(store, DemoCase.Id, report.Id, Fields(perihilar: "2"), "perihilar lesions on review", Now, Ct);

        Assert.Equal(ColumbiaVariant.Tip, report.Lesions.Variant);
        Assert.False(amended.HasErrors, string.Join("\n", amended.Issues));
        var stored = await store.LoadBiopsyAsync(DemoCase.PatientId, report.Id, Ct);
        Assert.Equal(ColumbiaVariant.Perihilar, stored!.Lesions.Variant);
        var trail = await CourseEntries.TrailAsync(store, DemoCase.Id, PatientRecordKind.Biopsy, report.Id, Ct);
        Assert.Equal([null, "perihilar lesions on review"], trail.Entries.Select(trail.ReasonOf));
        Assert.Equal(CorrectionIssues.NoChange, Assert.Single((await BiopsyEntries.AmendAsync(store, DemoCase.Id, report.Id, Fields(perihilar: "2"), "again", Now, Ct)).Issues).Code);
    }
}

public sealed class SqliteBiopsyEntriesTests(SqliteFixture fixture) : BiopsyEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresBiopsyEntriesTests(PostgresFixture fixture) : BiopsyEntriesTests(fixture), IClassFixture<PostgresFixture>;
