using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Stroma.Core.Simulation;
using Stroma.Storage;
using Stroma.Storage.Course;

namespace Stroma.Benchmarks;

/// <summary>
/// The benchmark registry: SQLite with N synthetic patients of M lab results each. It is filled by prepared raw inserts in one
/// transaction, without audit entries, because it is a measuring fixture, not clinical data; the audited import path is measured
/// on its own in <see cref="ImportBenchmarks"/>. The file is kept and reused while its patient count matches. Lab rows go in as a
/// registry grows, interleaved in time across patients (a block of <see cref="Block"/> patients at a time), not a patient's all
/// together: that would store each patient's labs side by side, which makes reading a patient's labs look about twice as fast as
/// on a real registry (bench/README.md, "The lab layout").
/// </summary>
public static class Registry
{
    public static int Patients => int.Parse(Environment.GetEnvironmentVariable("STROMA_BENCH_PATIENTS") ?? "10000", CultureInfo.InvariantCulture);

    public static int LabsPerPatient => int.Parse(Environment.GetEnvironmentVariable("STROMA_BENCH_LABS") ?? "1000", CultureInfo.InvariantCulture);

    public static string Folder => Environment.GetEnvironmentVariable("STROMA_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "stroma-bench");

    /// <summary>Patients whose lab rows are interleaved in time with each other as they are inserted.</summary>
    public const int Block = 500;

    public static string PathFor(int patients, int labs) => Path.Combine(Folder, $"registry-{patients}x{labs}-interleaved.db");

    public static async Task<StromaStore> EnsureAsync(int patients, int labs)
    {
        Directory.CreateDirectory(Folder);
        var path = PathFor(patients, labs);
        var store = await StromaStore.OpenAsync(StoreLocation.Sqlite(path), "benchmark");
        if ((await store.ListPatientsAsync()).Count == patients)
        {
            Console.WriteLine($"// registry {path} reused ({patients} patients x {labs} labs)");
            return store;
        }

        Console.WriteLine($"// building registry {path}: {patients} patients x {labs} labs");
        var clock = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(store.Location.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var patient = Insert(connection, transaction, "patients", "Id", "BirthDate", "Sex", "PrimaryDisease", "RecurrenceDate", "IsSynthetic");
        var lab = Insert(connection, transaction, "lab_results", "Id", "PatientId", "Analyte", "SampledAtUtc", "SampledAtOffsetMinutes", "ReportedValue", "ReportedUnit", "Value", "Unit", "Loinc", "Specimen", "SourceSha256");
        var session = Insert(connection, transaction, "plasma_exchanges", "Id", "PatientId", "AtUtc", "AtOffsetMinutes", "PlasmaVolumes", "VolumeMl", "ReplacementFluid", "Notes");
        var infusion = Insert(connection, transaction, "msc_infusions", "Id", "PatientId", "AtUtc", "AtOffsetMinutes", "LotId", "CellsPerKilogram", "TotalCells", "WeightKilograms", "Route", "Premedication");
        long rows = 0;
        var block = new List<LabResultRow>();
        for (var i = 1; i <= patients; i++)
        {
            var course = SyntheticRegistry.Patient(i, labs);
            var id = course.Patient.Id;
            var p = CourseRows.ToRow(course.Patient);
            Run(patient, p.Id, p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Sex, p.PrimaryDisease, p.RecurrenceDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.IsSynthetic ? 1 : 0);
            block.AddRange(course.Labs.Select(x => CourseRows.ToRow(id, x)));
            foreach (var s in course.Sessions.Select(x => CourseRows.ToRow(id, x)))
            {
                Run(session, s.Id, s.PatientId, Time(s.AtUtc), s.AtOffsetMinutes, s.PlasmaVolumes, s.VolumeMl, s.ReplacementFluid, s.Notes);
            }

            foreach (var f in course.Infusions.Select(x => CourseRows.ToRow(id, x)))
            {
                Run(infusion, f.Id, f.PatientId, Time(f.AtUtc), f.AtOffsetMinutes, f.LotId, f.CellsPerKilogram, f.TotalCells, f.WeightKilograms, f.Route, f.Premedication);
            }

            if (i % Block == 0 || i == patients)
            {
                foreach (var l in block.OrderBy(l => l.SampledAtUtc).ThenBy(l => l.PatientId, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal))
                {
                    Run(lab, l.Id, l.PatientId, l.Analyte, Time(l.SampledAtUtc), l.SampledAtOffsetMinutes, l.ReportedValue, l.ReportedUnit, l.Value, l.Unit, l.Loinc, l.Specimen, l.SourceSha256);
                    rows++;
                }

                block.Clear();
                Console.WriteLine($"//   {i}/{patients} patients, {rows} lab rows, {rows / clock.Elapsed.TotalSeconds:0} rows/s");
            }
        }

        await transaction.CommitAsync();
        Console.WriteLine($"// registry built in {clock.Elapsed.TotalSeconds:0.0} s");
        return store;
    }

    // The text form EF Core's SQLite provider writes for DateTimeOffset, so EF reads these rows as its own.
    private static string Time(DateTimeOffset utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
