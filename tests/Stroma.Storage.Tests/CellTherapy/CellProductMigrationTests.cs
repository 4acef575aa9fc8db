using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Stroma.Core.CellProducts;
using Stroma.Storage.Migrations;

namespace Stroma.Storage.Tests.CellTherapy;

/// <summary>
/// A database of the previous version (lots carrying their specification as JSON, global bag, custody and AE ids) migrates to
/// CellProductRecords without losing a row, on SQLite and PostgreSQL.
/// </summary>
public abstract class CellProductMigrationTests(IStoreFixture fixture)
{
    private const string Forged = """{"Id":"bm-msc-isct","Version":"1","Product":"x","Tests":[]}""";

    private static string Own(int lower) =>
        $$$"""{"Id":"centre-msc","Version":"3","Product":"BM-MSC","Tests":[{"Code":"viability","Name":"Viability","Method":"flow","Unit":"%","Comparator":"AtLeast","Lower":{{{lower}}},"Upper":null,"Expected":null,"Mandatory":true,"Alternatives":[],"Criterion":"x"}]}""";

    // Lots as the previous version stored them: the built-in exactly as it wrote it, a file that reused the built-in id with no tests,
    // two lots sharing a centre's specification, and two lots giving one id and version different tests.
    private static readonly (string Lot, string Id, string Version, string Json)[] Lots =
    [
        ("L-BUILTIN", "bm-msc-isct", "1", CellProductRecordsSql.BuiltInJson),
        ("L-FORGED", "bm-msc-isct", "1", Forged),
        ("L-OWN-A", "centre-msc", "3", Own(95)),
        ("L-OWN-B", "centre-msc", "3", Own(95)),
        ("L-CLASH-A", "clash-msc", "1", Own(80).Replace("centre-msc", "clash-msc", StringComparison.Ordinal)),
        ("L-CLASH-B", "clash-msc", "1", Own(90).Replace("centre-msc", "clash-msc", StringComparison.Ordinal)),
    ];

    [Fact]
    public async Task Migrate_PreviousVersionDatabase_KeepsEveryRowAndSeparatesForgedSpecifications()
    {
        var location = await fixture.NewEmptyLocationAsync();
        await using (var db = location.CreateContext("old-version"))
        {
            await db.GetService<IMigrator>().MigrateAsync("AnalyteResults");
            await InsertPreviousVersionRowsAsync(db);
        }

        var store = await fixture.OpenAsync(location);

        var builtIn = (await store.LoadLotAsync("L-BUILTIN"))!;
        var forged = (await store.LoadLotAsync("L-FORGED"))!;
        Assert.Equal((SpecificationStatus.BuiltIn, 15), (builtIn.SpecificationStatus, builtIn.Specification.Tests.Length));
        Assert.Equal(("1+lot.L-FORGED", SpecificationStatus.Legacy, 0), (forged.Specification.Version, forged.SpecificationStatus, forged.Specification.Tests.Length));
        Assert.False(forged.Decision.Released);
        var versions = new List<string>();
        foreach (var lot in Lots.Skip(2))
        {
            versions.Add((await store.LoadLotAsync(lot.Lot))!.Specification.Version);
        }

        Assert.Equal(["3", "3", "1+lot.L-CLASH-A", "1+lot.L-CLASH-B"], versions);
        Assert.Equal(90, (await store.LoadLotAsync("L-CLASH-B"))!.Specification.Tests[0].Lower);
        Assert.Equal(["bm-msc-isct", "bm-msc-isct", "centre-msc", "clash-msc", "clash-msc"], (await store.ListSpecificationsAsync()).Select(s => s.Specification.Id));
        Assert.Equal("EU/mL", builtIn.Results.Single().Unit);
        Assert.True(builtIn.Decision.Verdicts.Single(v => v.Test.Code == "endotoxin").Status == VerdictStatus.Pass);
        Assert.Equal(["c1"], (await store.LoadCustodyAsync("L-BUILTIN", "B-L-BUILTIN")).Select(e => e.Id));
        Assert.Single((await store.LoadCellTherapyRecordAsync("P-1")).AdverseEvents);
        await using var after = store.Context();
        Assert.Equal((6, 6, 6, 1, 1), (await after.Lots.CountAsync(), await after.Bags.CountAsync(), await after.CustodyEvents.CountAsync(), await after.ReleaseResults.CountAsync(), await after.AdverseEvents.CountAsync()));
        Assert.Equal(1, (await after.AdverseEvents.SingleAsync()).Version);
    }

    private static async Task InsertPreviousVersionRowsAsync(StromaContext db)
    {
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO patients ("Id", "BirthDate", "Sex", "PrimaryDisease", "RecurrenceDate", "IsSynthetic") VALUES ('P-1', '2012-05-04', 'F', 'FSGS', NULL, TRUE)
            """);
        foreach (var ((lot, id, version, json), i) in Lots.Select((l, i) => (l, i)))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO msc_lots ("Id", "DonorId", "DonorKind", "DonorHla", "SourceTissue", "Passage", "Preservation", "ManufacturedAtUtc", "ManufacturedAtOffsetMinutes",
                                      "ExpiresAtUtc", "ExpiresAtOffsetMinutes", "Site", "SpecificationId", "SpecificationVersion", "SpecificationJson")
                VALUES ({lot}, 'D-1', 'ThirdParty', NULL, 'bone marrow', 3, 'Cryopreserved', {new DateTimeOffset(2025, 1, 10, 11, 0, 0, TimeSpan.Zero)}, 60,
                        {new DateTimeOffset(2026, 1, 10, 11, 0, 0, TimeSpan.Zero)}, 60, 'F', {id}, {version}, {json})
                """);
            var din = Isbt128.Create("A9999", 23, 100 + i).ValueOrThrow().Value;
            var custodyId = i == 0 ? "c1" : $"c1-{lot}";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO bags ("Id", "LotId", "Din", "ProductCode", "Division", "Cells", "VolumeMl", "AllocatedToPatientId") VALUES ({"B-" + lot}, {lot}, {din}, 'S', 'A0', 1e8, 50, 'P-1')
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO custody_events ("Id", "BagId", "ScannedItemId", "Kind", "FromCustodian", "ToCustodian", "AtUtc", "AtOffsetMinutes", "Location", "TemperatureC", "SealIntact", "Witness")
                VALUES ({custodyId}, {"B-" + lot}, {"B-" + lot}, 'Dispensed', 'qp', 'courier', {new DateTimeOffset(2025, 2, 1, 6, 0, 0, TimeSpan.Zero)}, 60, 'factory', NULL, TRUE, NULL)
                """);
        }

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO release_results ("Id", "LotId", "Code", "Value", "Text", "Unit", "AtUtc", "AtOffsetMinutes")
            VALUES ('L-BUILTIN-r0001', 'L-BUILTIN', 'endotoxin', 0.1, NULL, 'EU/mL', {new DateTimeOffset(2025, 1, 20, 8, 0, 0, TimeSpan.Zero)}, 60)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO adverse_events ("Id", "PatientId", "Term", "Grade", "Serious", "OnsetUtc", "OnsetOffsetMinutes", "RecordJson")
            VALUES ('ae-1', 'P-1', 'Fever', 1, FALSE, {new DateTimeOffset(2025, 4, 12, 18, 0, 0, TimeSpan.Zero)}, 120,
                    {"""{"Id":"ae-1","Verbatim":"fever","Term":"Fever","CtcaeVersion":"5.0","Grade":1,"Onset":"2025-04-12T20:00:00+02:00","Resolved":null,"Seriousness":[],"RelatednessToProduct":"Unlikely","Action":"None","Outcome":"Recovered","InfusionId":null,"IsSerious":false,"IsRelated":false}"""})
            """);
    }
}

public sealed class SqliteCellProductMigrationTests(SqliteFixture fixture) : CellProductMigrationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCellProductMigrationTests(PostgresFixture fixture) : CellProductMigrationTests(fixture), IClassFixture<PostgresFixture>;
