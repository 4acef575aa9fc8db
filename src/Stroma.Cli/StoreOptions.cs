using System.CommandLine;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Storage.Audit;

namespace Stroma.Cli;

/// <summary>
/// The options every command that reads or writes stored data takes (<c>--db</c> or <c>--connection</c>, <c>--audit-key</c>,
/// <c>--as</c>), and the one way the CLI opens a store: who acts is the operating-system user, never an unchecked environment
/// variable; <c>--as NAME</c> is recorded beside it only when the database's administrator allows it.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The environment variable naming the default SQLite file.</summary>
    public const string DatabaseVariable = "STROMA_DB";

    /// <summary>The setting that allows <c>--as</c>.</summary>
    public const string AllowActingAs = "cli.allow-acting-as";

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

    /// <summary>The audit key file option.</summary>
    public Option<FileInfo?> AuditKeyFile { get; } = new("--audit-key")
    {
        Description = "The site's audit key file (default: $STROMA_AUDIT_KEY_FILE or $STROMA_AUDIT_KEY, else DB.key beside a SQLite database).",
    };

    /// <summary>
    /// The files an output of this command must never replace: the SQLite database it would open and the audit key file it would use
    /// (<c>--audit-key</c>, else <c>$STROMA_AUDIT_KEY_FILE</c>; the key beside the database is protected with the database).
    /// </summary>
    public IEnumerable<string?> KeptFiles(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        yield return Resolve(parsed, TextWriter.Null)?.FilePath;
        yield return parsed.GetValue(AuditKeyFile)?.FullName
            ?? (Environment.GetEnvironmentVariable(Storage.Audit.AuditKey.FileVariable) is { Length: > 0 } file ? file : null);
    }

    /// <summary>The acting-as option.</summary>
    public Option<string?> ActingAs { get; } = new("--as")
    {
        Description = "Record this name beside your operating-system user in the audit trail (only where the database's administrator allows it).",
    };

    /// <summary>Who is acting: the operating-system user.</summary>
    public static string OperatingSystemUser => Environment.UserName;

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Database);
        command.Options.Add(Connection);
        command.Options.Add(AuditKeyFile);
        command.Options.Add(ActingAs);
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

    /// <summary>
    /// The start every command that brings one file into the store shares: the store the options name, and the file read whole and
    /// hashed once (<see cref="Core.RawInput"/>). Null, said on standard error, when both <c>--db</c> and <c>--connection</c> are given
    /// (exit <see cref="ExitCodes.Usage"/>) or the file does not exist (IO001, exit <see cref="ExitCodes.InvalidInput"/>): the exit code
    /// is returned beside it.
    /// </summary>
    public async Task<(StoreInput? Input, int Exit)> ReadInputAsync(ParseResult parsed, FileInfo file, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(file);
        if (Resolve(parsed, stderr) is not { } location)
        {
            return (null, ExitCodes.Usage);
        }

        return CliIssues.Exists(file, stderr)
            ? (new StoreInput(location, Core.RawInput.Of(file.Name, await File.ReadAllBytesAsync(file.FullName, cancellationToken))), ExitCodes.Ok)
            : (null, ExitCodes.InvalidInput);
    }

    /// <summary>
    /// Opens the store the options name, with the key they give (else the environment's or the database's key file), as the
    /// operating-system user (with <c>--as</c>, "USER as NAME", when the database allows it).
    /// </summary>
    /// <exception cref="InvalidInputException">The database is missing or foreign, the key is malformed, or --as is not allowed.</exception>
    public async Task<StromaStore> OpenAsync(ParseResult parsed, StoreLocation location, StoreOpening opening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        AuditKey? key = null;
        if (parsed.GetValue(AuditKeyFile) is { } file)
        {
            var read = AuditKey.ReadFile(file.FullName);
            // A key file that is not there is the environment's failure (KEY001, exit 4) as for no key at all; a malformed one is bad input.
            key = read.Issues.FirstOrDefault(i => i.Code == AuditIssues.KeyMissing) is { } missing ? throw new AuditKeyException(missing.Code, $"--audit-key: {missing.Message}")
                : read.HasErrors ? throw new InvalidInputException([.. read.Issues.Select(i => i with { Location = "--audit-key" })]) : read.Value;
        }

        StartupTrace.Mark("opening the store");
        var store = await StromaStore.OpenAsync(location, OperatingSystemUser, opening, key, cancellationToken);
        StartupTrace.Mark("store opened");
        if (parsed.GetValue(ActingAs) is not { } name)
        {
            return store;
        }

        if (Core.Text.OneLine.Check(name, "--as", CliCodes.ActingAsRefused, max: 64) is { } badName)
        {
            throw new InvalidInputException([badName]);
        }

        if (string.IsNullOrWhiteSpace(name) || await store.LoadSettingAsync(AllowActingAs, cancellationToken) != "true")
        {
            throw new InvalidInputException([Issue.Error(CliCodes.ActingAsRefused, "--as",
                $"Expected no --as: this database does not allow recording another name than the user's (the administrator sets {AllowActingAs}); found {Core.Text.OneLine.Shown(name)}.")]);
        }

        return store.WithActor($"{OperatingSystemUser} as {name.Trim()}");
    }
}

/// <summary>Where a command writes, and the one file it brings (<see cref="StoreOptions.ReadInputAsync"/>).</summary>
/// <param name="Location">The store the options name.</param>
/// <param name="File">The file, read whole, with its SHA-256.</param>
public sealed record StoreInput(StoreLocation Location, Core.RawInput File);
