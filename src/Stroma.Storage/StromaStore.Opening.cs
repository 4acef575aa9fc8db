using Microsoft.EntityFrameworkCore;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Audit;

namespace Stroma.Storage;

/// <summary>Opening a store: its key, its schema (migrated, or refused when this connection may not), the PostgreSQL roles' grants.</summary>
public sealed partial class StromaStore
{
    /// <summary>Opens a store, creating it when missing and migrating its schema (and turning on WAL for SQLite).</summary>
    public static Task<StromaStore> OpenAsync(StoreLocation location, string actor, CancellationToken cancellationToken = default) =>
        OpenAsync(location, actor, StoreOpening.CreateIfMissing, null, cancellationToken);

    /// <summary>Opens a store with the audit key the environment or the database's key file gives (see <see cref="OpenAsync(StoreLocation, string, StoreOpening, AuditKey?, CancellationToken)"/>).</summary>
    public static Task<StromaStore> OpenAsync(StoreLocation location, string actor, StoreOpening opening, CancellationToken cancellationToken = default) =>
        OpenAsync(location, actor, opening, null, cancellationToken);

    /// <summary>
    /// Opens a store. With <see cref="StoreOpening.Existing"/> a SQLite file that does not exist, or a database that is not a
    /// Stroma database, is refused (a mistyped path must not silently become a new, empty database); otherwise the schema is
    /// created or migrated, one process at a time.
    /// </summary>
    /// <param name="location">Where the data lives.</param>
    /// <param name="actor">Who acts, for the audit trail.</param>
    /// <param name="opening">Whether a missing database may be created.</param>
    /// <param name="key">
    /// The site's audit key; when null, <c>STROMA_AUDIT_KEY_FILE</c> or <c>STROMA_AUDIT_KEY</c>, else (SQLite) the key file beside the
    /// database (<c>stroma.db.key</c>), created with a new database or for a trail written before keys. Without a key the store can
    /// be read but not written.
    /// </param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="InvalidInputException">The database does not exist or is not a Stroma database (DB001/DB002), or the key is malformed (KEY002).</exception>
    public static async Task<StromaStore> OpenAsync(StoreLocation location, string actor, StoreOpening opening, AuditKey? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        var isNew = location.FilePath is { } path && !File.Exists(path);
        if (opening == StoreOpening.Existing && isNew)
        {
            throw new InvalidInputException([Issue.Error(StoreIssues.NotFound, location.FilePath!,
                $"Expected an existing Stroma database; '{location.FilePath}' {(Directory.Exists(location.FilePath) ? "is a folder" : "does not exist")}. Only stroma demo, import course and db migrate create one, so a mistyped path never makes an empty database.")]);
        }

        if (key is null && AuditKey.FromEnvironment() is { } configured)
        {
            key = configured.Issues.FirstOrDefault(i => i.Code == AuditIssues.KeyMissing) is { } missing ? throw new AuditKeyException(missing.Code, $"{missing.Location}: {missing.Message}")
                : configured.HasErrors ? throw new InvalidInputException(configured.Issues) : configured.Value;
        }

        // A key made now, for a database whose trail had none (one from before keys), may attest the trail as it finds it; a key
        // that existed before never does — a trail stripped of its key or wiped is then reported by verify, not re-keyed.
        var keyCreated = false;
        var probe = new StromaStore(location, actor, key);
        // One plain query tells an up-to-date database (the usual case) from one to migrate, without an EF context: an up-to-date
        // database whose key file is beside it opens without building EF's services or model at all.
        var schema = await StoreSchema.ProbeAsync(location, cancellationToken);
        if (!schema.IsCurrent)
        {
            await using var db = probe.Context();
            if (opening == StoreOpening.Existing && !await IsStromaDatabaseAsync(db, cancellationToken))
            {
                throw new InvalidInputException([Issue.Error(StoreIssues.NotStroma, location.ToString(),
                    $"Expected a Stroma database; {location} has no Stroma schema (is it the right file or database?).")]);
            }

            // An up-to-date schema is not migrated again: an application role may read the history but not change the schema.
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                try
                {
                    await db.MigrateOneAtATimeAsync(cancellationToken);
                }
                catch (System.Data.Common.DbException e) when (location.Provider == StoreProvider.Postgres && e.SqlState == "42501")
                {
                    throw new StoreSchemaException(
                        $"The schema of {location} needs migrating and this connection's role may not change it ({e.Message}). Run 'stroma db migrate --connection OWNER_CONNECTION --app-role ROLE' as the schema owner.", e);
                }
            }

            if (location.Provider == StoreProvider.Sqlite)
            {
                // WAL is kept in the file: set once, when the database is made or migrated.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            schema = await StoreSchema.ProbeAsync(location, cancellationToken);
        }

        if (key is null && location.FilePath is { } file)
        {
            var existed = File.Exists(KeyFileOf(file));
            key = await probe.SiblingKeyAsync(file, isNew, cancellationToken);
            keyCreated = key is not null && !existed;
        }

        var store = new StromaStore(location, actor, key);
        if (key is not null)
        {
            // A keyed trail needs no keying and a store whose identities are all traced no baseline: the probe said so without EF.
            if (!schema.TrailKeyed || keyCreated)
            {
                await using var db = store.Context();
                await db.KeyTrailAsync(keyCreated, cancellationToken);
            }

            if (schema.UntracedIdentities > 0 || !schema.IsCurrent)
            {
                await store.BaselineLegacyIdentitiesAsync(cancellationToken);
            }
        }

        return store;
    }

    /// <summary>
    /// Creates or migrates the schema as its owner and, on PostgreSQL, grants an application role what Stroma needs and no more: it
    /// may read and write the records, insert into the audit trails but never change or remove an entry (nor roll the head back),
    /// and not touch the schema or its history. Stroma then connects as that role, so its own connection cannot go around the trail.
    /// </summary>
    /// <returns>The migrations applied.</returns>
    public static async Task<IReadOnlyList<string>> MigrateSchemaAsync(StoreLocation owner, string? appRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = owner.CreateContext("schema-owner");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.MigrateOneAtATimeAsync(cancellationToken);
        if (appRole is not null)
        {
            if (owner.Provider != StoreProvider.Postgres)
            {
                throw new ArgumentException("Roles exist on PostgreSQL only: a SQLite database is protected by its file and its triggers.", nameof(appRole));
            }

            CheckRoleName(appRole);

            foreach (var statement in PostgresGrants(appRole))
            {
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
            }
        }

        return pending;
    }

    /// <summary>Refuses a PostgreSQL role name that is not lower-case letters, digits and underscores (it is written into GRANT statements).</summary>
    /// <exception cref="ArgumentException">The name is not such a role name.</exception>
    public static void CheckRoleName(string appRole)
    {
        ArgumentNullException.ThrowIfNull(appRole);
        if (!System.Text.RegularExpressions.Regex.IsMatch(appRole, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new ArgumentException($"Expected a role name of lower-case letters, digits and underscores; found '{appRole}'.", nameof(appRole));
        }
    }

    // What the application role may do: records yes; audit trails insert-only; the head forward-only (its trigger); no schema.
    private static IEnumerable<string> PostgresGrants(string role) =>
    [
        $"GRANT USAGE ON SCHEMA public TO {role}",
        $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, patient_identity_audit FROM {role}",
        $"REVOKE DELETE, TRUNCATE ON audit_head FROM {role}",
        $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"__EFMigrationsHistory\" FROM {role}",
        $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON settings FROM {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON record_corrections FROM {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON account_events FROM {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON electronic_signatures FROM {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON record_inputs FROM {role}",
        $"REVOKE UPDATE, DELETE, TRUNCATE ON str_call_reviews FROM {role}",
    ];

    /// <summary>The key file the embedded default keeps beside a SQLite database.</summary>
    public static string KeyFileOf(string databasePath) => databasePath + ".key";

    // The SQLite database's own key file: read when present; created for a new database or a trail written before keys existed.
    // A keyed trail whose key file is gone opens without a key (read-only) rather than with a new key that could not verify it.
    private async Task<AuditKey?> SiblingKeyAsync(string databasePath, bool isNew, CancellationToken cancellationToken)
    {
        var keyFile = KeyFileOf(databasePath);
        if (File.Exists(keyFile))
        {
            var read = AuditKey.ReadFile(keyFile);
            return read.HasErrors ? throw new InvalidInputException(read.Issues) : read.Value;
        }

        await using var db = Context();
        var head = await db.AuditHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken);
        return isNew || head?.KeyId is null ? AuditKey.WriteNewFile(keyFile) : null;
    }

    // A database that holds Stroma's migration history (an empty file or another application's database does not).
    private static async Task<bool> IsStromaDatabaseAsync(StromaContext db, CancellationToken cancellationToken)
    {
        try
        {
            return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 26)
        {
            return false; // SQLITE_NOTADB: the file is not a database at all
        }
    }
}
