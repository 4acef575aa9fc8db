using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Stroma.Cli.Tests.Corpus;

/// <summary>
/// A SQLite database made once from tests/corpus/baseline (lot LOT-CORPUS released; patient P-CORPUS with its course, safety
/// records and assessment), copied afresh for each case; and snapshots of a database to tell whether a refusal changed it.
/// </summary>
public sealed class CorpusDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stroma-corpus-").FullName;

    public CorpusDatabase()
    {
        Template = Path.Combine(_folder, "template.db");
        var baseline = Path.Combine(CorpusCases.Folder, "baseline");
        string[][] setup =
        [
            ["db", "migrate", "--db", Template],
            ["import", "lot", Path.Combine(baseline, "lot.json"), "--db", Template],
            ["import", "course", Path.Combine(baseline, "course.json"), "--db", Template],
            ["import", "safety", Path.Combine(baseline, "safety.json"), "--patient", CorpusCases.Patient, "--db", Template],
            ["assess", "--patient", CorpusCases.Patient, "--db", Template],
        ];
        foreach (var args in setup)
        {
            var run = CliRun.Of(args);
            if (run.ExitCode != ExitCodes.Ok)
            {
                throw new InvalidOperationException($"The corpus baseline failed: stroma {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
            }
        }
    }

    /// <summary>The database every case starts from (never written by a case).</summary>
    public string Template { get; }

    /// <summary>A fresh copy of the template in <paramref name="folder"/>.</summary>
    public string CopyTo(string folder)
    {
        var db = Path.Combine(folder, "stroma.db");
        File.Copy(Template, db);
        if (File.Exists(Template + "-wal"))
        {
            File.Copy(Template + "-wal", db + "-wal");
        }

        // The database's audit key travels with it (the embedded default keeps it beside the file).
        File.Copy(Storage.StromaStore.KeyFileOf(Template), Storage.StromaStore.KeyFileOf(db));
        return db;
    }

    /// <summary>Every table's row count and a SHA-256 over its rows (the audit head and chain included).</summary>
    public static IReadOnlyDictionary<string, (long Rows, string Sha256)> Snapshot(string db)
    {
        var tables = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var names = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            using var select = connection.CreateCommand();
#pragma warning disable CA2100 // the table names come from sqlite_master, quoted
            select.CommandText = $"SELECT * FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore CA2100
            using var reader = select.ExecuteReader();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long rows = 0;
            while (reader.Read())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "\0null" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                    hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
                }

                hash.AppendData("\u001e"u8);
            }

            tables[name] = (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }

        return tables;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
