using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Stroma.Storage.Tests;

/// <summary>Gives each test an empty store on one provider.</summary>
public interface IStoreFixture
{
    StoreProvider Provider { get; }

    /// <summary>A new store, as Stroma runs in a deployment (on PostgreSQL: the application role, with the site's key).</summary>
    Task<StromaStore> NewStoreAsync();

    /// <summary>A new, empty database with no schema yet (to migrate step by step), reached as its owner.</summary>
    Task<StoreLocation> NewEmptyLocationAsync();

    /// <summary>Opens a store on a location this fixture made, with the fixture's key.</summary>
    Task<StromaStore> OpenAsync(StoreLocation location, string actor = "test-user", StoreOpening opening = StoreOpening.CreateIfMissing);

    /// <summary>The same database as the store, reached as a database administrator (to tamper with it, as an attacker with the server's rights would).</summary>
    StoreLocation Administrator(StromaStore store);

    /// <summary>An independent copy of the store's database as it is now (an older copy, once the store moves on), opened with the same key.</summary>
    Task<StromaStore> CopyAsync(StromaStore store);
}

/// <summary>A fresh SQLite file per store, in a temporary folder removed at the end.</summary>
public sealed class SqliteFixture : IStoreFixture, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-store-").FullName;

    public StoreProvider Provider => StoreProvider.Sqlite;

    // One database per fixture created and migrated once; each new store is a copy of its file and key file (migrating took most of a
    // small test's time). Nothing in it is per database: the trail's database id is given by the first write.
    private readonly SemaphoreSlim _templateLock = new(1, 1);
    private string? _template;

    public async Task<StromaStore> NewStoreAsync()
    {
        var template = await TemplateAsync();
        var copy = Path.Combine(_folder, $"{Guid.NewGuid():N}.db");
        File.Copy(template, copy);
        File.Copy(StromaStore.KeyFileOf(template), StromaStore.KeyFileOf(copy));
        return await StromaStore.OpenAsync(StoreLocation.Sqlite(copy), "test-user", StoreOpening.Existing);
    }

    private async Task<string> TemplateAsync()
    {
        await _templateLock.WaitAsync();
        try
        {
            if (_template is null)
            {
                var location = await NewEmptyLocationAsync();
                _ = await StromaStore.OpenAsync(location, "test-user");
                await using (var db = location.CreateContext("copier"))
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
                }

                _template = location.FilePath!;
            }

            return _template;
        }
        finally
        {
            _templateLock.Release();
        }
    }

    public Task<StoreLocation> NewEmptyLocationAsync() => Task.FromResult(StoreLocation.Sqlite(Path.Combine(_folder, $"{Guid.NewGuid():N}.db")));

    // The key is the database's own key file, beside it (the embedded default).
    public Task<StromaStore> OpenAsync(StoreLocation location, string actor = "test-user", StoreOpening opening = StoreOpening.CreateIfMissing) =>
        StromaStore.OpenAsync(location, actor, opening);

    public StoreLocation Administrator(StromaStore store) => store.Location;

    public async Task<StromaStore> CopyAsync(StromaStore store)
    {
        await using (var db = store.Location.CreateContext("copier"))
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var copy = Path.Combine(_folder, $"{Guid.NewGuid():N}.db");
        File.Copy(store.Location.FilePath!, copy);
        File.Copy(StromaStore.KeyFileOf(store.Location.FilePath!), StromaStore.KeyFileOf(copy));
        return await StromaStore.OpenAsync(StoreLocation.Sqlite(copy), "test-user", StoreOpening.Existing);
    }

    public void Dispose()
    {
        _templateLock.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// A fresh PostgreSQL database per store on the server in STROMA_TEST_POSTGRES (a connection string with rights to create
/// databases and roles). Without it the PostgreSQL tests skip, unless STROMA_REQUIRE_POSTGRES=1 (set by .ci/run) makes that a
/// failure. As a deployment runs (README: PostgreSQL roles): each database is owned by <c>stroma_owner</c>, migrated as that
/// role, and the tests' store connects as <c>stroma_app</c>, which may insert into the audit trail but not change it.
/// </summary>
public sealed class PostgresFixture : IStoreFixture, IAsyncDisposable
{
    private readonly List<string> _databases = [];
    private readonly string? _server = Environment.GetEnvironmentVariable("STROMA_TEST_POSTGRES");

    public StoreProvider Provider => StoreProvider.Postgres;

    public const string OwnerRole = "stroma_owner";

    public const string AppRole = "stroma_app";

    private readonly Storage.Audit.AuditKey _key = Storage.Audit.AuditKey.NewRandom();

    // One database per test process migrated once, as the deployment's owner with the application role granted; each new store is
    // a copy of it (CREATE DATABASE … TEMPLATE copies its files: a few hundred milliseconds, where migrating took seconds). Nothing
    // in it is per database: the trail's database id is given by the first write. Dropped when the process ends.
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    public async Task<StromaStore> NewStoreAsync()
    {
        var template = await TemplateAsync();
        var name = $"stroma_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template} OWNER {OwnerRole}", admin);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        var owner = As(StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(_server) { Database = name, Pooling = false }.ToString()), OwnerRole);
        return await StromaStore.OpenAsync(As(owner, AppRole), "test-user", StoreOpening.Existing, _key);
    }

    private async Task<string> TemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is null)
            {
                var owner = await NewEmptyLocationAsync();
                _databases.Remove(new NpgsqlConnectionStringBuilder(owner.ConnectionString).Database!); // the process drops it, not this fixture
                await StromaStore.MigrateSchemaAsync(owner, AppRole);
                var name = new NpgsqlConnectionStringBuilder(owner.ConnectionString).Database!;
                var server = _server;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    using var admin = new NpgsqlConnection(server);
                    admin.Open();
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin) { CommandTimeout = 60 };
                    drop.ExecuteNonQuery();
                };
                _template = name;
            }

            return _template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public Task<StromaStore> OpenAsync(StoreLocation location, string actor = "test-user", StoreOpening opening = StoreOpening.CreateIfMissing) =>
        StromaStore.OpenAsync(location, actor, opening, _key);

    public StoreLocation Administrator(StromaStore store) =>
        StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(_server) { Database = new NpgsqlConnectionStringBuilder(store.Location.ConnectionString).Database, Pooling = false }.ToString());

    public async Task<StromaStore> CopyAsync(StromaStore store)
    {
        var name = $"stroma_test_{Guid.NewGuid():N}";
        var original = new NpgsqlConnectionStringBuilder(store.Location.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {original} OWNER {OwnerRole}", admin);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        var location = StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(store.Location.ConnectionString) { Database = name }.ToString());
        return await StromaStore.OpenAsync(location, "test-user", StoreOpening.Existing, _key);
    }

    // The same database reached as one of the deployment's roles (.ci/postgres.sh creates both).
    private static StoreLocation As(StoreLocation location, string role)
    {
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString) { Username = role, Password = role == OwnerRole ? "stroma-owner-ci" : "stroma-app-ci" };
        return StoreLocation.Postgres(builder.ToString());
    }

    public async Task<StoreLocation> NewEmptyLocationAsync()
    {
        if (string.IsNullOrWhiteSpace(_server))
        {
            if (Environment.GetEnvironmentVariable("STROMA_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("STROMA_REQUIRE_POSTGRES=1 but STROMA_TEST_POSTGRES is not set: the PostgreSQL suite must run.");
            }

            Assert.Skip("No PostgreSQL configured: set STROMA_TEST_POSTGRES (bash .ci/postgres.sh prints one) to run the PostgreSQL storage suite.");
        }

        var name = $"stroma_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {OwnerRole}", admin);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return As(StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(_server) { Database = name, Pooling = false }.ToString()), OwnerRole);
    }

    public async ValueTask DisposeAsync()
    {
        if (_databases.Count == 0 || string.IsNullOrWhiteSpace(_server))
        {
            return;
        }

        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            // Dropping a database waits for a checkpoint, which takes minutes on a loaded server: wait, rather than fail the suite's cleanup.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin) { CommandTimeout = 600 };
            await drop.ExecuteNonQueryAsync();
        }
    }
}
