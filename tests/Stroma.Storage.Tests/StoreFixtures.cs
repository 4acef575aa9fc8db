using Npgsql;

namespace Stroma.Storage.Tests;

/// <summary>Gives each test an empty store on one provider.</summary>
public interface IStoreFixture
{
    StoreProvider Provider { get; }

    Task<StromaStore> NewStoreAsync();

    /// <summary>A new, empty database with no schema yet (to migrate step by step).</summary>
    Task<StoreLocation> NewEmptyLocationAsync();
}

/// <summary>A fresh SQLite file per store, in a temporary folder removed at the end.</summary>
public sealed class SqliteFixture : IStoreFixture, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-store-").FullName;

    public StoreProvider Provider => StoreProvider.Sqlite;

    public async Task<StromaStore> NewStoreAsync() => await StromaStore.OpenAsync(await NewEmptyLocationAsync(), "test-user");

    public Task<StoreLocation> NewEmptyLocationAsync() => Task.FromResult(StoreLocation.Sqlite(Path.Combine(_folder, $"{Guid.NewGuid():N}.db")));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>
/// A fresh PostgreSQL database per store on the server in STROMA_TEST_POSTGRES (a connection string with rights to create
/// databases). Without it the PostgreSQL tests skip, unless STROMA_REQUIRE_POSTGRES=1 (set by .ci/run) makes that a failure.
/// </summary>
public sealed class PostgresFixture : IStoreFixture, IAsyncDisposable
{
    private readonly List<string> _databases = [];
    private readonly string? _server = Environment.GetEnvironmentVariable("STROMA_TEST_POSTGRES");

    public StoreProvider Provider => StoreProvider.Postgres;

    public async Task<StromaStore> NewStoreAsync() => await StromaStore.OpenAsync(await NewEmptyLocationAsync(), "test-user");

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
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return StoreLocation.Postgres(new NpgsqlConnectionStringBuilder(_server) { Database = name, Pooling = false }.ToString());
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
