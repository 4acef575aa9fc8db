using System.Globalization;
using Stroma.Application.Proteome;
using Stroma.Core.Proteome;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Proteome;

// Membrane runs analysed and kept in one transaction (issue 14), on SQLite and PostgreSQL: a run the grid search refuses is kept with
// its images and refusal and no values; a placement by hand quantifies it (audited with its reason, the refusal kept, the signed content
// changed); a wrong placement, a run uploaded twice and bad fields write nothing.
public abstract class ArrayRunsTests(IStoreFixture fixture)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly Lazy<ArrayLayout> Layout = new(() => ShippedLayouts.Find("ARY022B")!);

    private static readonly Lazy<SimulatedMembrane> Dusty = new(() =>
    {
        var random = new Random(3);
        var truth = Layout.Value.Analytes.ToDictionary(a => a, _ => 0.1 + (0.8 * random.NextDouble()));
        return MembraneSimulator.Render(Layout.Value, truth, new MembraneSettings(RotationDegrees: 5, Specks: 400, SpeckPeak: 30000));
    });

    private async Task<StromaStore> StoreWithPatientAsync()
    {
        var store = await fixture.NewStoreAsync();
        (await store.SaveCourseAsync(DemoCase.Build(), null, "demo", Ct)).ValueOrThrow();
        return store;
    }

    private static ArrayUpload DustyUpload(string day = "12") =>
        new(DemoCase.Id, "ARY022B", "serum", day, [Core.RawInput.Of("dusty.png", Imaging.ImageWriter.Png(Dusty.Value.Image))]);

    private static string[] Corners(params string[] labels) =>
        [.. labels.SelectMany(l => new[] { Dusty.Value.Centres[l].X, Dusty.Value.Centres[l].Y }).Select(v => v.ToString("0.0", CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Upload_SearchRefused_KeptWithoutValues_ThenPlacedByHand()
    {
        var store = await StoreWithPatientAsync();
        var kept = (await ArrayRuns.UploadAsync(store, DustyUpload(), Ct)).ValueOrThrow();
        var record = SignedRecord.Of(PatientRecordKind.ArrayRun, DemoCase.PatientId, kept.RunId);
        var hashBefore = await store.ContentHashAsync(record, Ct);

        var placed = await ArrayRuns.PlaceAsync(store.WithActor("lab-user"), DemoCase.Id, kept.RunId, Corners("A1", "A24", "J1"), "search refused: dust", Ct);

        Assert.Equal(("refused", 0), (kept.Status, kept.Analytes));
        Assert.NotEmpty(kept.SearchRefusal);
        Assert.Equal(("placed", Layout.Value.Analytes.Length), (placed.ValueOrThrow().Status, placed.Value!.Analytes));
        var run = (await store.LoadArrayRunAsync(DemoCase.PatientId, kept.RunId, Ct))!;
        Assert.Equal(("lab-user", "test-user"), (run.PlacedBy, run.UploadedBy));
        Assert.NotNull(run.SearchRefusal);
        Assert.NotEqual(hashBefore, await store.ContentHashAsync(record, Ct));
        var series = await store.LoadAnalyteSeriesAsync(DemoCase.PatientId, Ct);
        Assert.All(Layout.Value.Analytes, a => Assert.Contains(series.Series[$"{a} (array)"], p => p.Day == 12 && p.Value > 0));
        var trail = await store.LoadTrailAsync(DemoCase.PatientId, PatientRecordKind.ArrayRun, kept.RunId, Ct);
        Assert.Equal("search refused: dust", trail.ReasonOf(trail.Entries[^1]));
        var review = (await ArrayRunReviews.ReviewAsync(store, DemoCase.Id, kept.RunId, null, Ct))!;
        Assert.Equal(Layout.Value.Spots.Length, review.Spots.Count);
        Assert.Equal(["A1", "A24", "J1"], review.Corners);
    }

    [Fact]
    public async Task Place_CornersInTheWrongOrder_RefusedNothingWritten()
    {
        var store = await StoreWithPatientAsync();
        var kept = (await ArrayRuns.UploadAsync(store, DustyUpload(), Ct)).ValueOrThrow();
        var entries = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var placed = await ArrayRuns.PlaceAsync(store, DemoCase.Id, kept.RunId, Corners("A1", "J1", "A24"), "dust", Ct);
        var typo = await ArrayRuns.PlaceAsync(store, DemoCase.Id, kept.RunId, ["10,5", "1", "2", "3", "4", "5"], "dust", Ct);

        Assert.Equal(SpotIssues.BadPlacement, Assert.Single(placed.Issues).Code);
        Assert.Equal((ArrayRunIssues.BadCoordinate, "top-left-x"), (Assert.Single(typo.Issues).Code, typo.Issues[0].Location));
        Assert.Equal(entries, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
        Assert.Equal("refused", (await store.LoadArrayRunAsync(DemoCase.PatientId, kept.RunId, Ct))!.Status);
    }

    [Fact]
    public async Task Upload_SameRunTwice_SecondRefusedWithArray007()
    {
        var store = await StoreWithPatientAsync();
        (await ArrayRuns.UploadAsync(store, DustyUpload(), Ct)).ValueOrThrow();

        var again = await ArrayRuns.UploadAsync(store, DustyUpload(), Ct);

        Assert.Equal(StromaStore.ArrayRunStored, Assert.Single(again.Issues).Code);
        Assert.Single(await store.LoadArrayRunsAsync(DemoCase.PatientId, Ct));
    }

    [Fact]
    public async Task Upload_BadFields_EveryIssueAtItsField_NothingWritten()
    {
        var store = await StoreWithPatientAsync();
        var entries = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var result = await ArrayRuns.UploadAsync(store, new ArrayUpload(DemoCase.Id, "ARY999", "", "day 3", [Core.RawInput.Of("not-an-image.png", [1, 2, 3])], "-5"), Ct);

        Assert.Null(result.Value);
        var at = result.Issues.Where(i => i.Severity == Core.Diagnostics.Severity.Error).ToLookup(i => i.Location, i => i.Code);
        Assert.Equal([LayoutIssues.NotFound], at["layout"]);
        Assert.Equal([ArrayRunIssues.BadDay], at["day"]);
        Assert.Equal([ArrayRunIssues.BadSample], at["sample"]);
        Assert.Equal([ArrayRunIssues.BadExposures], at["exposures"]);
        Assert.Contains(result.Issues, i => i.Location.StartsWith("not-an-image.png", StringComparison.Ordinal));
        Assert.Equal(entries, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }
}

public sealed class SqliteArrayRunsTests(SqliteFixture fixture) : ArrayRunsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresArrayRunsTests(PostgresFixture fixture) : ArrayRunsTests(fixture), IClassFixture<PostgresFixture>;

// A run keeps the layout it was quantified with as a CSV beside its images: every shipped kit reads back the same.
public sealed class ArrayLayoutCsvTests
{
    [Theory]
    [InlineData("ARY007")]
    [InlineData("ARY015")]
    [InlineData("ARY022B")]
    [InlineData("ARY028")]
    public void ToCsv_ShippedLayout_ReadsBackTheSame(string kit)
    {
        var layout = ShippedLayouts.Find(kit)!;

        var back = ArrayLayouts.Read(System.Text.Encoding.UTF8.GetBytes(ArrayLayouts.ToCsv(layout)), "layout.csv").ValueOrThrow();

        Assert.Equal((layout.Kit, layout.Rows, layout.Columns, layout.HasPrintedGeometry), (back.Kit, back.Rows, back.Columns, back.HasPrintedGeometry));
        Assert.Equal(layout.Spots, back.Spots);
        Assert.Equal(layout.ColumnPositions.Select(p => p - layout.ColumnPositions[0]), back.ColumnPositions, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(layout.RowPositions.Select(p => p - layout.RowPositions[0]), back.RowPositions, (a, b) => Math.Abs(a - b) < 1e-9);
    }
}
