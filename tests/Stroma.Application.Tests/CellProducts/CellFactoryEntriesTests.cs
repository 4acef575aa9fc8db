using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Signatures;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.CellProducts;

/// <summary>
/// The cell factory's and the bedside's entries: late release results (audited, the release signature then no longer holds), custody
/// handoffs as they happen (the chain checked with the stored events), the bedside check of a scanned DIN, and vital signs flagged at entry.
/// </summary>
public abstract class CellFactoryEntriesTests(IStoreFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    // The demo patient without infusions, and the demo's lot (all results passing) released by the qualified person.
    private async Task<(StromaStore Store, DemoCellTherapyRecord Demo)> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] }, null, "demo", Ct)).ValueOrThrow();
        var demo = DemoCellTherapy.Build();
        (await store.SaveLotAsync(new LotDocument(demo.Lot, SpecificationReference.Of(demo.Specification), demo.Results, demo.Custody), cancellationToken: Ct)).ValueOrThrow();
        (await store.SignAsync(SignedRecord.Lot(demo.Lot.Id), SignatureMeaning.Release, "qp", "Quinn Person", DateTimeOffset.UtcNow, null, Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return (store.WithActor("factory-1"), demo);
    }

    private static string LocalHourAgo() => SiteTime.ToLocalField(DateTimeOffset.UtcNow.AddHours(-1), Rome);

    [Fact]
    public async Task LateFailingResult_IsAddedAudited_AndTheReleaseSignatureNoLongerHolds()
    {
        var (store, demo) = await StoreAsync();
        Assert.True((await store.LoadLotAsync(demo.Lot.Id, Ct))!.Decision.Released);
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var added = await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("endotoxin", "0.7"), new("sterility", "")], LocalHourAgo(), DateTimeOffset.UtcNow, Ct);

        var lot = added.ValueOrThrow();
        Assert.Equal(demo.Results.Length + 1, lot.Results.Length);
        var endotoxin = lot.Decision.Verdicts.Single(v => v.Test.Code == "endotoxin");
        Assert.Equal((VerdictStatus.Fail, 0.7), (endotoxin.Status, endotoxin.Result!.Value));
        Assert.False(lot.Decision.Released);
        Assert.Equal(SignatureValidity.RecordChanged, Assert.Single(lot.ReleaseSignatures).Validity);
        Assert.True((await store.VerifyAuditAsync(cancellationToken: Ct)).Entries > before);
    }

    [Fact]
    public async Task PassingRetest_JudgesOnTheNewestResult()
    {
        var (store, demo) = await StoreAsync();
        var failed = DateTimeOffset.UtcNow.AddHours(-3);
        (await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("viability", "65")], SiteTime.ToLocalField(failed, Rome), DateTimeOffset.UtcNow, Ct)).ValueOrThrow();

        var lot = (await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("viability", "88.5")], LocalHourAgo(), DateTimeOffset.UtcNow, Ct)).ValueOrThrow();

        Assert.Equal(VerdictStatus.Pass, lot.Decision.Verdicts.Single(v => v.Test.Code == "viability").Status);
        Assert.True(lot.Decision.MeetsSpecification);
        Assert.False(lot.Decision.Released); // the release was signed over other content: the qualified person signs again
    }

    [Fact]
    public async Task BadValues_AreRefusedAtTheirFields_AndNothingIsWritten()
    {
        var (store, demo) = await StoreAsync();
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var comma = await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("endotoxin", "0,3"), new("viability", "90")], LocalHourAgo(), DateTimeOffset.UtcNow, Ct);
        var early = await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("viability", "90")], SiteTime.ToLocalField(demo.Lot.ManufacturedAt.AddDays(-1), Rome), DateTimeOffset.UtcNow, Ct);
        var none = await ReleaseResultEntries.AddAsync(store, demo.Lot.Id, [new("viability", " ")], LocalHourAgo(), DateTimeOffset.UtcNow, Ct);
        var noLot = await ReleaseResultEntries.AddAsync(store, "NO-SUCH-LOT", [new("viability", "90")], LocalHourAgo(), DateTimeOffset.UtcNow, Ct);

        Assert.Equal([(ReleaseIssues.WrongKind, "result.endotoxin")], comma.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal([(ReleaseIssues.OutsideLotLife, "at")], early.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal([(ReleaseIssues.WrongKind, "results")], none.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal([(StromaStore.UnknownLot, "lot")], noLot.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
        Assert.Equal(demo.Results.Length, (await store.LoadLotAsync(demo.Lot.Id, Ct))!.Results.Length);
    }

    [Fact]
    public void Verdicts_ShowPassOrFailOfTheTypedValues_WithoutWriting()
    {
        var verdicts = ReleaseResultEntries.Verdicts(ReleaseSpecification.IsctBoneMarrowMsc, [new("viability", "69.9"), new("sterility", "no growth"), new("CD73", "x")], DateTimeOffset.UtcNow);

        Assert.Equal([("viability", VerdictStatus.Fail), ("sterility", VerdictStatus.Pass)], verdicts.Select(v => (v.Test.Code, v.Status)));
    }

    [Fact]
    public async Task Handoff_FromTheLastReceiver_IsAppended_AndAGapIsRefusedWithNothingWritten()
    {
        var (store, demo) = await StoreAsync();
        var bag = demo.Lot.Bags[0];
        var stored = await store.LoadCustodyAsync(demo.Lot.Id, bag.Id, Ct);
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var gap = await CustodyEntries.AddAsync(store, demo.Lot.Id, new CustodyFields(bag.Id, "shipped", "someone-else", "courier-2", LocalHourAgo(), "Ward", bag.Din.Value, "4", true, null), DateTimeOffset.UtcNow, Ct);
        var badKind = await CustodyEntries.AddAsync(store, demo.Lot.Id, new CustodyFields(bag.Id, "infused", stored[^1].To, "x", LocalHourAgo(), "Ward", null, "warm", true, null), DateTimeOffset.UtcNow, Ct);
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
        var added = await CustodyEntries.AddAsync(store, demo.Lot.Id, new CustodyFields(bag.Id, "shipped", stored[^1].To, "courier-2", LocalHourAgo(), "Ward", bag.Din.Value, "4", true, null), DateTimeOffset.UtcNow, Ct);

        Assert.Contains(gap.Issues, i => i.Code == CustodyIssues.Gap);
        Assert.Equal([("kind", CourseJsonIssues.BadValue), ("temperatureC", CourseJsonIssues.BadValue)], badKind.Issues.Select(i => (i.Location, i.Code)).Order());
        Assert.Equal(CustodyEventKind.Shipped, added.ValueOrThrow().Kind);
        var chain = await store.LoadCustodyAsync(demo.Lot.Id, bag.Id, Ct);
        Assert.Equal((stored.Length + 1, "courier-2", 4.0), (chain.Length, chain[^1].To, chain[^1].TemperatureC));
    }

    [Fact]
    public async Task BedsideCheck_PlacesEveryReasonUnderItsCondition()
    {
        var (store, demo) = await StoreAsync();
        var bag = demo.Lot.Bags[0];

        var own = (await Bedside.CheckAsync(store, DemoCase.Id, bag.Din.Value + bag.Din.CheckCharacter, DateTimeOffset.UtcNow, Ct)).ValueOrThrow();
        var other = (await Bedside.CheckAsync(store, PatientId.Parse("P-OTHER"), bag.Din.Value, DateTimeOffset.UtcNow, Ct)).ValueOrThrow();
        var inDate = (await Bedside.CheckAsync(store, DemoCase.Id, bag.Din.Value, demo.Lot.ExpiresAt.AddDays(-1), Ct)).ValueOrThrow();

        // The demo lot expired in 2022: released and at the bedside, but out of date now.
        Assert.Equal([("released", true), ("in date", false), ("dispensed for this patient", true), ("custody whole", true)], own.Conditions.Select(c => (c.Name, c.Holds)));
        Assert.Equal(CustodyIssues.Expired, Assert.Single(own.Conditions[1].Reasons).Code);
        Assert.Equal(CustodyIssues.WrongPatient, Assert.Single(other.Conditions[2].Reasons).Code);
        Assert.True(inDate.MayInfuse);
    }

    [Fact]
    public async Task BedsideCheck_RefusesAWrongCheckCharacter_AndAnUnknownBag()
    {
        var (store, demo) = await StoreAsync();
        var din = demo.Lot.Bags[0].Din;
        var wrong = din.CheckCharacter == 'A' ? 'B' : 'A';
        var unknown = Isbt128.Create("A9999", 25, 999999).ValueOrThrow();

        var badCheck = await Bedside.CheckAsync(store, DemoCase.Id, din.Value + wrong, DateTimeOffset.UtcNow, Ct);
        var notStored = await Bedside.CheckAsync(store, DemoCase.Id, unknown.Value + unknown.CheckCharacter, DateTimeOffset.UtcNow, Ct);
        var malformed = await Bedside.CheckAsync(store, DemoCase.Id, "B1", DateTimeOffset.UtcNow, Ct);

        Assert.Equal(IsbtIssues.WrongCheckCharacter, Assert.Single(badCheck.Issues).Code);
        Assert.Equal((StromaStore.UnknownLot, "din"), (Assert.Single(notStored.Issues).Code, notStored.Issues[0].Location));
        Assert.Equal(IsbtIssues.Malformed, Assert.Single(malformed.Issues).Code);
        Assert.All(new[] { badCheck, notStored, malformed }, r => Assert.Null(r.Value));
    }

    [Fact]
    public async Task VitalSigns_AreKept_AndFlaggedAgainstTheThresholdsAndTheBaseline()
    {
        var (store, demo) = await StoreAsync();
        var first = DemoCase.Build().Infusions[0];
        var bag = demo.Lot.Bags[0];
        var fields = new InfusionFields(bag.Din.Value, null, SiteTime.ToLocalField(first.At, Rome), "1.5e6", first.WeightAtInfusion.Kilograms.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var infusion = (await InfusionEntries.RecordAsync(store, DemoCase.Id, fields, DateTimeOffset.UtcNow, Ct)).ValueOrThrow().Infusion;

        var baseline = (await BedsideVitals.RecordAsync(store, DemoCase.Id, infusion.Id,
            new VitalFields("before", SiteTime.ToLocalField(first.At.AddMinutes(-10), Rome), "36.8", "90", "112", "70", "18", "99"), Ct)).ValueOrThrow();
        var during = (await BedsideVitals.RecordAsync(store, DemoCase.Id, infusion.Id,
            new VitalFields("during", SiteTime.ToLocalField(first.At.AddMinutes(20), Rome), "38.4", "95", "88", "60", "", "97"), Ct)).ValueOrThrow();
        var impossible = await BedsideVitals.RecordAsync(store, DemoCase.Id, infusion.Id,
            new VitalFields("after", SiteTime.ToLocalField(first.At.AddMinutes(40), Rome), "384", "", "", "", "", ""), Ct);

        Assert.Empty(baseline.Flags);
        Assert.Equal(["temperature 38.4 °C ≥ 38.0", "systolic 88 mmHg < 90", "systolic fell 24 mmHg from 112 (limit 20)"], during.Flags);
        Assert.Equal((Core.Quantities.QuantityIssues.Impossible, "temperatureC"), (Assert.Single(impossible.Issues).Code, impossible.Issues[0].Location));
        Assert.Equal(2, (await store.LoadCellTherapyRecordAsync(DemoCase.PatientId, Ct)).Vitals.Count(v => v.InfusionId == infusion.Id));
    }
}

public sealed class SqliteCellFactoryEntriesTests(SqliteFixture fixture) : CellFactoryEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCellFactoryEntriesTests(PostgresFixture fixture) : CellFactoryEntriesTests(fixture), IClassFixture<PostgresFixture>;
