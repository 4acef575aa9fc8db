using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Stroma.Storage;

/// <summary>What one plain query tells about an opened database: whether its schema is this build's, and what opening still has to do.</summary>
/// <param name="IsStroma">The database holds Stroma's migration history.</param>
/// <param name="IsCurrent">Its newest applied migration is this build's newest: nothing to migrate.</param>
/// <param name="TrailKeyed">The audit trail's head carries a key id (nothing to key).</param>
/// <param name="UntracedIdentities">Identities without an entry in the identity trail (to baseline).</param>
internal sealed record SchemaProbe(bool IsStroma, bool IsCurrent, bool TrailKeyed, long UntracedIdentities);

/// <summary>
/// Opening a database quickly: the schema's version is the newest migration applied, compared with the newest this build compiled,
/// in one plain query (no EF model built, no migration assembly scanned per open); only a database that is not current goes through
/// EF's migrator.
/// </summary>
internal static class StoreSchema
{
    private static readonly ConcurrentDictionary<Type, (int Count, string? Newest)> Compiled = new();

    /// <summary>The newest migration compiled for a context type (migration ids sort by time), or null.</summary>
    public static string? NewestCompiled(Type contextType) => CompiledOf(contextType).Newest;

    // How many migrations are compiled for a context type, and the newest: a database that has the newest but not as many (a branch's
    // older migration merged after a newer one was applied) is not current either.
    private static (int Count, string? Newest) CompiledOf(Type contextType) => Compiled.GetOrAdd(contextType, type =>
    {
        var ids = typeof(StromaContext).Assembly.GetTypes()
            .Where(t => typeof(Migration).IsAssignableFrom(t) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == type)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .ToList();
        return (ids.Count, ids.Max(StringComparer.Ordinal));
    });

    /// <summary>
    /// Probes the database with plain queries on a plain connection (no EF context, service provider or model is built: opening an
    /// up-to-date database costs a connection and two reads); a file that is not a database, or a database without Stroma's history,
    /// is not Stroma.
    /// </summary>
    public static async Task<SchemaProbe> ProbeAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        await using var connection = location.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        string? applied;
        long count;
        try
        {
            // The newest migration applied and how many: one read of the history.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(\"MigrationId\"), COUNT(*) FROM \"__EFMigrationsHistory\"";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            applied = reader.IsDBNull(0) ? null : reader.GetString(0);
            count = reader.GetInt64(1);
        }
        catch (DbException e) when (IsMissingTable(e) || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 26 })
        {
            return new SchemaProbe(false, false, false, 0); // no history table, or SQLITE_NOTADB: not a Stroma database
        }

        var compiled = CompiledOf(location.ContextType);
        if (applied is null || applied != compiled.Newest || count != compiled.Count)
        {
            return new SchemaProbe(applied is not null, false, false, 0);
        }

        var keyed = await ScalarAsync(connection, "SELECT \"KeyId\" FROM audit_head WHERE \"Id\" = 1", cancellationToken) is string;
        var untraced = Convert.ToInt64(await ScalarAsync(connection,
            "SELECT COUNT(*) FROM patient_identities p WHERE NOT EXISTS (SELECT 1 FROM patient_identity_audit a WHERE a.\"PatientId\" = p.\"PatientId\")", cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        return new SchemaProbe(true, true, keyed, untraced);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    // SQLite: "no such table" (SQLITE_ERROR); PostgreSQL: undefined_table.
    private static bool IsMissingTable(DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 1 } s && s.Message.Contains("no such table", StringComparison.Ordinal)
        || e.SqlState == "42P01";
}
