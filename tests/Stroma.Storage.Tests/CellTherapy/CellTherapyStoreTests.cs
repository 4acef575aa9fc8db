using System.Collections.Immutable;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.CellProducts;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests.CellTherapy;

/// <summary>Specifications, lots, custody and the infusion gate, on SQLite and PostgreSQL.</summary>
public abstract class CellTherapyStoreTests(IStoreFixture fixture)
{
    private static readonly ReleaseSpecification Centre = ReleaseSpecification.IsctBoneMarrowMsc with { Id = "centre-msc", Version = "3", Product = "BM-MSC" };

    private async Task<StromaStore> StoreWithDemoAsync()
    {
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build() with { Infusions = [] });
        return store;
    }

    private static LotDocument Demo(Func<MscLot, MscLot>? change = null, IEnumerable<ReleaseResult>? results = null, SpecificationReference? specification = null)
    {
        var demo = DemoCellTherapy.Build();
        return new LotDocument(change?.Invoke(demo.Lot) ?? demo.Lot, specification ?? SpecificationReference.Of(demo.Specification), [.. results ?? demo.Results], demo.Custody);
    }

    // The qualified person's release signature (the use case re-authenticates; the store writes it as the record names it).
    private static async Task ReleaseAsync(StromaStore store, string lotId) =>
        (await store.SignAsync(SignedRecord.Lot(lotId), Core.Signatures.SignatureMeaning.Release, "qp", "Quinn Person", DateTimeOffset.UtcNow, null)).ValueOrThrow();

    private static async Task<int> CountAsync(StromaStore store, Func<StromaContext, Task<int>> count)
    {
        await using var db = store.Context();
        return await count(db);
    }

    [Fact]
    public async Task SaveLot_DemoLot_RoundTripsAgainstTheBuiltInAndMeetsItButIsNotReleased()
    {
        var store = await StoreWithDemoAsync();
        var demo = DemoCellTherapy.Build();

        var saved = await store.SaveLotAsync(Demo());
        var again = await store.SaveLotAsync(Demo());
        var loaded = (await store.LoadLotAsync(demo.Lot.Id))!;

        Assert.False(saved.HasErrors, string.Join("; ", saved.Issues));
        Assert.Contains(again.Issues, i => i.Code == StromaStore.LotExists);
        Assert.Equal(demo.Lot with { Bags = [] }, loaded.Lot with { Bags = [] });
        Assert.Equal(demo.Lot.Bags, loaded.Lot.Bags);
        Assert.Equal(demo.Results, loaded.Results);
        Assert.Equal(demo.Specification.Tests.Select(t => (t.Criterion, t.Category)), loaded.Specification.Tests.Select(t => (t.Criterion, t.Category)));
        Assert.Equal(SpecificationStatus.BuiltIn, loaded.SpecificationStatus);
        Assert.True(loaded.Decision.MeetsSpecification);
        Assert.False(loaded.Decision.Released); // a lot never releases itself
        Assert.Single(await store.AuditOfAsync("msc_lots", demo.Lot.Id));
        Assert.Single(await store.AuditOfAsync("bags", $"{demo.Lot.Id}|{demo.Lot.Bags[0].Id}"));
    }

    [Fact]
    public async Task SaveSpecification_HeldOnceAuditedImmutableAndTheBuiltInIdReserved()
    {
        var store = await fixture.NewStoreAsync();
        var bytes = Encoding.UTF8.GetBytes("{ \"the\": \"file\" }");

        var first = await store.SaveSpecificationAsync(Centre, "centre.json", bytes);
        var same = await store.SaveSpecificationAsync(Centre, "centre.json", bytes);
        var changed = await store.SaveSpecificationAsync(Centre with { Tests = Centre.Tests.SetItem(0, Centre.Tests[0] with { Lower = 50 }) }, "centre.json", bytes);
        var reserved = await store.SaveSpecificationAsync(ReleaseSpecification.IsctBoneMarrowMsc with { Version = "2" }, "bm.json", bytes);
        var held = await store.ListSpecificationsAsync();

        Assert.Equal((SpecificationStatus.Approved, "test-user"), (first.Value!.Status, first.Value.ImportedBy));
        Assert.Equal(SpecificationIssues.VersionHeld, Assert.Single(same.Issues).Code);
        Assert.False(same.HasErrors);
        Assert.Contains(changed.Issues, i => i.Code == SpecificationIssues.VersionHeld && i.Severity == Core.Diagnostics.Severity.Error);
        Assert.Contains(reserved.Issues, i => i.Code == SpecificationIssues.ReservedId);
        Assert.Equal([("bm-msc-isct", "1", SpecificationStatus.BuiltIn), ("centre-msc", "3", SpecificationStatus.Approved)], held.Select(h => (h.Specification.Id, h.Specification.Version, h.Status)));
        Assert.Equal(70, held[1].Specification.Tests[0].Lower);
        Assert.Single(await store.AuditOfAsync("release_specifications", "centre-msc|3"));
        Assert.NotNull(await store.LoadRawFileAsync(first.Value.SourceSha256!));
    }

    [Fact]
    public async Task SaveLot_SpecificationNotHeldOrAmbiguous_IsRefusedAndWritesNothing()
    {
        var store = await StoreWithDemoAsync();
        await store.SaveSpecificationAsync(Centre, "c3.json", [1]);
        await store.SaveSpecificationAsync(Centre with { Version = "4" }, "c4.json", [2]);

        var unknown = await store.SaveLotAsync(Demo(specification: new SpecificationReference("nobody-msc", "1")));
        var ambiguous = await store.SaveLotAsync(Demo(specification: new SpecificationReference("centre-msc", null)), KeptInput.File(Core.RawInput.Of("lot.json", "{}"u8.ToArray())));
        var lots = await CountAsync(store, db => db.Lots.CountAsync());
        var named = await store.SaveLotAsync(Demo(specification: new SpecificationReference("centre-msc", "4")), KeptInput.File(Core.RawInput.Of("lot.json", "{}"u8.ToArray())));

        Assert.Equal(SpecificationIssues.NotHeld, Assert.Single(unknown.Issues).Code);
        var issue = Assert.Single(ambiguous.Issues);
        Assert.Equal((SpecificationIssues.NotHeld, "lot.json $.specification"), (issue.Code, issue.Location));
        Assert.Equal(0, lots);
        Assert.Equal("centre-msc v4", named.Value!.Decision.Specification);
    }

    // Issue 11: "EU/mL" was accepted at import and then failed release. Now it is stored as [EU]/mL with a warning, and a unit that is
    // not the test's is refused at import with the result's JSON path.
    [Fact]
    public async Task SaveLot_ResultUnits_AreNormalisedOrRefusedAtImport()
    {
        var store = await StoreWithDemoAsync();
        var demo = DemoCellTherapy.Build();
        var eu = demo.Results.Select(r => r.Code == "endotoxin" ? r with { Unit = "EU/mL" } : r).ToList();
        var ng = demo.Results.Select(r => r.Code == "endotoxin" ? r with { Unit = "ng/mL" } : r).ToList();

        var refused = await store.SaveLotAsync(Demo(results: ng), KeptInput.File(Core.RawInput.Of("lot.json", "{}"u8.ToArray())));
        var normalised = await store.SaveLotAsync(Demo(results: eu), KeptInput.File(Core.RawInput.Of("lot.json", "{}"u8.ToArray())));

        Assert.Contains(refused.Issues, i => i.Code == ReleaseIssues.WrongUnit && i.Location == "lot.json $.results[11].unit");
        Assert.Equal(ReleaseIssues.UnitNormalised, Assert.Single(normalised.Issues).Code);
        Assert.Equal("[EU]/mL", (await store.LoadLotAsync(demo.Lot.Id))!.Results.Single(r => r.Code == "endotoxin").Unit);
        Assert.True(normalised.Value!.Decision.MeetsSpecification);
    }

    // Issue 11: bag and custody ids were global. They are the lot's (and the bag's) own; a DIN stays unique everywhere (ISBT 128).
    [Fact]
    public async Task SaveLot_SameBagAndCustodyIdsInAnotherLot_AreStoredApartButADinIsRefused()
    {
        var store = await StoreWithDemoAsync();
        var demo = DemoCellTherapy.Build();
        MscLot Other(MscLot lot) => lot with { Id = "OTHER-LOT", Bags = [.. lot.Bags.Select((b, i) => b with { Din = Isbt128.Create("A9999", 24, 500 + i).ValueOrThrow() })] };
        await store.SaveLotAsync(Demo());

        var other = await store.SaveLotAsync(Demo(Other) with
        {
            Custody = demo.Custody.ToImmutableDictionary(c => c.Key, c => c.Value.Select(e => e with { ScannedItemId = c.Key }).ToImmutableArray()),
        });
        var sameDin = await store.SaveLotAsync(Demo(lot => lot with { Id = "THIRD-LOT" }));
        var bags = await store.FindBagsAsync(demo.Lot.Bags[0].Id);

        Assert.False(other.HasErrors, string.Join("; ", other.Issues));
        Assert.Equal(["MSC-DEMO-001", "OTHER-LOT"], bags.Select(b => b.LotId));
        Assert.Equal(4, (await store.LoadCustodyAsync("OTHER-LOT", demo.Lot.Bags[0].Id)).Length);
        Assert.Equal(3, sameDin.Issues.Count(i => i.Code == StromaStore.DuplicateBag));
        Assert.Equal(2, await CountAsync(store, db => db.Lots.CountAsync()));
        Assert.Equal([demo.Lot.Bags[0].Id], (await store.FindBagsAsync(demo.Lot.Bags[0].Din.Value)).Select(b => b.BagId));
    }

    // The gate: a custody gap is refused and nothing is written; an infusion without the bedside check is refused with its reason;
    // with the whole chain it is recorded together with its "infused" custody event.
    [Fact]
    public async Task RecordInfusion_ThroughTheGate()
    {
        var store = await StoreWithDemoAsync();
        var course = DemoCase.Build();
        var demo = DemoCellTherapy.Build();
        await store.SaveLotAsync(Demo() with { Custody = ImmutableDictionary<string, ImmutableArray<CustodyEvent>>.Empty });
        await ReleaseAsync(store, demo.Lot.Id);
        var (lot, bag) = (demo.Lot.Id, demo.Lot.Bags[0]);
        var chain = demo.Custody[bag.Id].ToList();

        var gap = await store.AddCustodyAsync(lot, bag.Id, [chain[0], chain[1] with { From = "someone-else" }]);
        var early = await store.AddCustodyAsync(lot, bag.Id, chain.Take(3).ToList());
        var again = await store.AddCustodyAsync(lot, bag.Id, [chain[2] with { At = chain[2].At.AddMinutes(1) }]);
        var refused = await store.RecordInfusionAsync(DemoCase.PatientId, course.Infusions[0], bag.Id, "physician");
        var rest = await store.AddCustodyAsync(lot, bag.Id, chain.Skip(3).ToList());
        var recorded = await store.RecordInfusionAsync(DemoCase.PatientId, course.Infusions[0], bag.Id, "physician");

        Assert.Contains(gap.Issues, i => i.Code == CustodyIssues.Gap);
        Assert.False(early.HasErrors);
        Assert.Contains(again.Issues, i => i.Code == CustodyIssues.DuplicateEvent);
        Assert.Equal([CustodyIssues.NotAtBedside], refused.Issues.Select(i => i.Code));
        Assert.False(rest.HasErrors);
        Assert.False(recorded.HasErrors, string.Join("; ", recorded.Issues));
        var custody = await store.LoadCustodyAsync(lot, bag.Id);
        Assert.Equal(5, custody.Length);
        Assert.Equal(CustodyEventKind.Infused, custody[^1].Kind);
        Assert.Single((await store.LoadCourseAsync(DemoCase.PatientId))!.Infusions);
    }

    [Fact]
    public async Task RecordInfusion_AnotherPatientsBag_IsRefusedAndWritesNothing()
    {
        var store = await StoreWithDemoAsync();
        var other = DemoCase.Build();
        await store.SaveCourseAsync(other with { Patient = other.Patient with { Id = "OTHER-1" }, Infusions = [], Labs = [], Sessions = [], Drugs = [], Events = [] });
        await store.SaveLotAsync(Demo());
        var bag = DemoCellTherapy.Build().Lot.Bags[0];

        var refused = await store.RecordInfusionAsync("OTHER-1", other.Infusions[0] with { Id = "other-inf" }, bag.Id, "physician");

        Assert.Contains(refused.Issues, i => i.Code == CustodyIssues.WrongPatient);
        Assert.Equal(0, await CountAsync(store, db => db.Infusions.CountAsync()));
        Assert.Equal(4, (await store.LoadCustodyAsync(DemoCellTherapy.Build().Lot.Id, bag.Id)).Length);
    }

    // The gate's reads and its write are one transaction holding the writers' lock: of six simultaneous infusions of one bag, exactly one
    // passes and every other is refused as already infused.
    [Fact]
    public async Task RecordInfusion_ConcurrentAttemptsOnOneBag_OnlyOnePasses()
    {
        var store = await StoreWithDemoAsync();
        await store.SaveLotAsync(Demo());
        await ReleaseAsync(store, DemoCellTherapy.Build().Lot.Id);
        var infusion = DemoCase.Build().Infusions[0];
        var bag = DemoCellTherapy.Build().Lot.Bags[0];
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.RecordInfusionAsync(DemoCase.PatientId, infusion with { Id = $"inf-{i}" }, bag.Id, "physician");
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => !r.HasErrors);
        Assert.All(results.Where(r => r.HasErrors), r => Assert.Contains(r.Issues, i => i.Code == CustodyIssues.AlreadyInfused));
        Assert.Equal(1, await CountAsync(store, db => db.Infusions.CountAsync()));
        Assert.Single(await store.LoadCustodyAsync(DemoCellTherapy.Build().Lot.Id, bag.Id), e => e.Kind == CustodyEventKind.Infused);
    }
}

public sealed class SqliteCellTherapyStoreTests(SqliteFixture fixture) : CellTherapyStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCellTherapyStoreTests(PostgresFixture fixture) : CellTherapyStoreTests(fixture), IClassFixture<PostgresFixture>;
