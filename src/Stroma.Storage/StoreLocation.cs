using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Stroma.Storage;

/// <summary>The database providers Stroma supports.</summary>
public enum StoreProvider
{
    /// <summary>One SQLite file (WAL): the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: multi-site.</summary>
    Postgres,
}

/// <summary>Where the data lives: a SQLite file or a PostgreSQL connection string.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="ConnectionString">The ADO.NET connection string.</param>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString)
{
    /// <summary>A SQLite file (created when missing).</summary>
    public static StoreLocation Sqlite(string path) =>
        new(StoreProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());

    /// <summary>A PostgreSQL database.</summary>
    public static StoreLocation Postgres(string connectionString) => new(StoreProvider.Postgres, connectionString);

    /// <summary>The SQLite file's path, or null for PostgreSQL: an output must never be written onto it.</summary>
    public string? FilePath => Provider == StoreProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <summary>
    /// A plain connection to this location (not opened), for the reads on the hot path (the schema probe, registry questions): no EF
    /// service provider or model is built for it.
    /// </summary>
    internal DbConnection CreateConnection() => Provider == StoreProvider.Sqlite ? new SqliteConnection(ConnectionString) : new Npgsql.NpgsqlConnection(ConnectionString);

    /// <summary>The context type of this location's provider (whose migrations its schema has).</summary>
    internal Type ContextType => Provider == StoreProvider.Sqlite ? typeof(SqliteStromaContext) : typeof(PostgresStromaContext);

    /// <summary>Creates a context for this location.</summary>
    public StromaContext CreateContext(string actor)
    {
        StromaContext context = Provider switch
        {
            StoreProvider.Sqlite => new SqliteStromaContext(new DbContextOptionsBuilder<SqliteStromaContext>().UseSqlite(ConnectionString).AddInterceptors(new SqliteSecureDelete()).Options),
            _ => new PostgresStromaContext(new DbContextOptionsBuilder<PostgresStromaContext>().UseNpgsql(ConnectionString).Options),
        };
        context.Actor = actor;
        return context;
    }

    /// <summary>The location for messages, without any password.</summary>
    /// <summary>
    /// The same location for a long-running server: SQLite connections pooled (the CLI's short processes open each once and keep none
    /// open, so that nothing holds the file after a command; a server reuses them, which makes each request's queries several times
    /// cheaper). PostgreSQL connections are pooled by Npgsql already.
    /// </summary>
    public StoreLocation ForServer() => Provider == StoreProvider.Sqlite
        ? this with { ConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { Pooling = true }.ToString() }
        : this;

    public override string ToString() => Provider == StoreProvider.Sqlite
        ? "sqlite:" + new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : "postgres:" + string.Join(";", ConnectionString.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Design-time factory for <c>dotnet ef migrations add --context SqliteStromaContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStromaContext>
{
    public SqliteStromaContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStromaContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add --context PostgresStromaContext</c> (no server needed).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStromaContext>
{
    public PostgresStromaContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStromaContext>().UseNpgsql("Host=localhost;Database=stroma_design").Options);
}
