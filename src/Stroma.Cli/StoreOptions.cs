using System.CommandLine;
using Stroma.Storage;

namespace Stroma.Cli;

/// <summary>The <c>--db</c> and <c>--connection</c> options every command that reads or writes stored data takes.</summary>
public sealed class StoreOptions
{
    /// <summary>The environment variable naming the default SQLite file.</summary>
    public const string DatabaseVariable = "STROMA_DB";

    /// <summary>The SQLite file option.</summary>
    public Option<string?> Database { get; } = new("--db")
    {
        Description = "SQLite database file (default: $STROMA_DB, else stroma.db in the current folder).",
    };

    /// <summary>The PostgreSQL option.</summary>
    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (multi-site), instead of --db.",
    };

    /// <summary>Adds both options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Database);
        command.Options.Add(Connection);
    }

    /// <summary>The store location the options name, or null (with a message on stderr) when both are given.</summary>
    public StoreLocation? Resolve(ParseResult parsed, TextWriter stderr, string? defaultPath = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var db = parsed.GetValue(Database);
        var connection = parsed.GetValue(Connection);
        if (db is not null && connection is not null)
        {
            stderr.WriteLine("usage: give --db or --connection, not both.");
            return null;
        }

        return connection is not null
            ? StoreLocation.Postgres(connection)
            : StoreLocation.Sqlite(db ?? defaultPath ?? Environment.GetEnvironmentVariable(DatabaseVariable) ?? "stroma.db");
    }

    /// <summary>Who is acting, for the audit trail: $STROMA_USER, else the operating-system user.</summary>
    public static string Actor => Environment.GetEnvironmentVariable("STROMA_USER") ?? Environment.UserName;
}
