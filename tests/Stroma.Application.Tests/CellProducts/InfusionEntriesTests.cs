using Stroma.Application.CellProducts;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.CellProducts;

/// <summary>An MSC infusion typed into the form: its fields at their names, then the gate, in the transaction that writes.</summary>
public abstract class InfusionEntriesTests(IStoreFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    // The demo patient without infusions, and the demo's released lot whose bags are dispensed for the patient and at the bedside.
    private async Task<(StromaStore Store, MscInfusion First, Bag Bag, string LotId)> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        var course = DemoCase.Build();
        (await store.SaveCourseAsync(course with { Infusions = [] }, null, "demo", Ct)).ValueOrThrow();
        var demo = DemoCellTherapy.Build();
        (await store.SaveLotAsync(new LotDocument(demo.Lot, SpecificationReference.Of(demo.Specification), demo.Results, demo.Custody), cancellationToken: Ct)).ValueOrThrow();
        (await store.SignAsync(SignedRecord.Lot(demo.Lot.Id), Core.Signatures.SignatureMeaning.Release, "qp", "Quinn Person", DateTimeOffset.UtcNow, null, Ct)).ValueOrThrow();
        var owner = await StromaStore.OpenAsync(fixture.Administrator(store), "admin", StoreOpening.Existing, store.Key, Ct);
        await owner.SaveSettingAsync(SiteTime.Setting, "Europe/Rome", Ct);
        return (store.WithActor("physician-1"), course.Infusions[0], demo.Lot.Bags[0], demo.Lot.Id);
    }

    [Fact]
    public async Task BadFields_AreReportedAtTheirNames_AndNothingIsWritten()
    {
        var (store, first, bag, _) = await StoreAsync();
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;

        var result = await InfusionEntries.RecordAsync(store, DemoCase.Id, new InfusionFields(bag.Din.Value, null, SiteTime.ToLocalField(first.At, Rome), "1,5e6", "0"), DateTimeOffset.UtcNow, Ct);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => (i.Code, i.Location) == (CourseJsonIssues.BadValue, "cellsPerKilogram"));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }

    [Fact]
    public async Task ScannedDin_PassesTheGate_IsRecordedWithItsCustody_AndTheSameBagIsThenRefused()
    {
        var (store, first, bag, lotId) = await StoreAsync();
        var fields = new InfusionFields(bag.Din.Value, null, SiteTime.ToLocalField(first.At, Rome),
            first.Dose.CellsPerKilogram.ToString("R", System.Globalization.CultureInfo.InvariantCulture), first.WeightAtInfusion.Kilograms.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        var recorded = (await InfusionEntries.RecordAsync(store, DemoCase.Id, fields, DateTimeOffset.UtcNow, Ct)).ValueOrThrow();
        var before = (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries;
        var again = await InfusionEntries.RecordAsync(store, DemoCase.Id, fields, DateTimeOffset.UtcNow, Ct);

        Assert.Equal((bag.Id, first.At), (recorded.Infusion.Id, recorded.Infusion.At));
        var custody = await store.LoadCustodyAsync(lotId, bag.Id, Ct);
        Assert.Equal(("physician-1", CustodyEventKind.Infused), (custody[^1].To, custody[^1].Kind));
        Assert.Null(again.Value);
        Assert.NotEmpty(again.Issues);
        Assert.All(again.Issues, i => Assert.Equal(Core.Diagnostics.Severity.Error, i.Severity));
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: Ct)).Entries);
    }
}

public sealed class SqliteInfusionEntriesTests(SqliteFixture fixture) : InfusionEntriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresInfusionEntriesTests(PostgresFixture fixture) : InfusionEntriesTests(fixture), IClassFixture<PostgresFixture>;
