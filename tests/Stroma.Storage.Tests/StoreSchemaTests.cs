using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.Tests;

/// <summary>Opening quickly: an up-to-date schema is recognised by one plain query; any other goes through EF's migrator.</summary>
public abstract class StoreSchemaTests(IStoreFixture fixture)
{
    [Fact]
    public async Task Probe_UpToDateStore_IsCurrentAndKeyed()
    {
        var store = await fixture.NewStoreAsync();
        await using var db = store.Context();

        var probe = await StoreSchema.ProbeAsync(store.Location, TestContext.Current.CancellationToken);

        Assert.Equal((true, true, true, 0L), (probe.IsStroma, probe.IsCurrent, probe.TrailKeyed, probe.UntracedIdentities));
        Assert.Equal(StoreSchema.NewestCompiled(db.GetType()), (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).Max(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Probe_EmptyDatabase_IsNotStroma()
    {
        var location = await fixture.NewEmptyLocationAsync();

        var probe = await StoreSchema.ProbeAsync(location, TestContext.Current.CancellationToken);

        Assert.Equal((false, false), (probe.IsStroma, probe.IsCurrent));
    }

    // A schema one migration behind is not current: opening migrates it (and the new table exists afterwards).
    [Fact]
    public async Task Open_SchemaOneMigrationBehind_IsMigrated()
    {
        var location = await fixture.NewEmptyLocationAsync();
        await using (var owner = location.CreateContext("owner"))
        {
            var migrations = owner.Database.GetMigrations().ToList();
            await owner.Database.MigrateAsync(migrations[^2], TestContext.Current.CancellationToken);
            var behind = await StoreSchema.ProbeAsync(location, TestContext.Current.CancellationToken);
            Assert.Equal((true, false), (behind.IsStroma, behind.IsCurrent));
        }

        var store = await fixture.OpenAsync(location);
        await using var db = store.Context();

        Assert.True((await StoreSchema.ProbeAsync(location, TestContext.Current.CancellationToken)).IsCurrent);
        Assert.Equal(0, await db.PatientAssessments.CountAsync(TestContext.Current.CancellationToken));
    }
}

public sealed class SqliteStoreSchemaTests(SqliteFixture fixture) : StoreSchemaTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresStoreSchemaTests(PostgresFixture fixture) : StoreSchemaTests(fixture), IClassFixture<PostgresFixture>;
