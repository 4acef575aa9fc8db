using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Stroma.Core.Simulation;
using Stroma.Storage;

namespace Stroma.Benchmarks;

/// <summary>
/// Importing one 1,000-row lab CSV through the real path (parse, validate every row, keep the raw file, write rows and audit entries
/// in one transaction) against the baseline of inserting the same rows with raw prepared SQL in the same process.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private const int Rows = 1000;
    private StromaStore _store = null!;
    private int _iteration;
    private byte[] _csv = [];
    private string _prefix = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Registry.Folder, $"import-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Registry.Folder);
        _store = StromaStore.OpenAsync(StoreLocation.Sqlite(path), "benchmark").GetAwaiter().GetResult();
        _store.SaveCourseAsync(SyntheticRegistry.Patient(1, 10)).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void NewFile()
    {
        _prefix = string.Create(CultureInfo.InvariantCulture, $"it{++_iteration}-");
        var text = new StringBuilder("id,sampled_at,analyte,value,unit\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{_prefix}{i},2026-01-{1 + (i % 28):00}T08:{i % 60:00}:00+01:00,{(i % 2 == 0 ? "upcr" : "creatinine")},{1.0 + (i % 7 * 0.1):0.0},{(i % 2 == 0 ? "mg/mmol" : "umol/L")}\n");
        }

        _csv = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(Baseline = true, Description = "raw SQL: insert the same 1000 rows")]
    public int InsertRawSql()
    {
        using var connection = new SqliteConnection(_store.Location.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO lab_results (\"Id\", \"PatientId\", \"Analyte\", \"SampledAtUtc\", \"SampledAtOffsetMinutes\", \"ReportedValue\", \"ReportedUnit\", \"Value\", \"Unit\", \"Specimen\") VALUES ($id, 'SYN-000001', 'upcr', '2026-01-01 07:00:00+00:00', 60, $v, 'mg/mmol', $v, 'mg/mg', 'spot_urine')";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var value = command.Parameters.Add("$v", SqliteType.Real);
        command.Prepare();
        for (var i = 0; i < Rows; i++)
        {
            id.Value = string.Create(CultureInfo.InvariantCulture, $"raw-{_prefix}{i}");
            value.Value = 1.0 + (i % 7 * 0.1);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Rows;
    }

    [Benchmark(Description = "stroma import labs: 1000-row CSV")]
    public async Task<int> ImportLabsCsv() => (await _store.ImportLabsAsync("SYN-000001", $"{_prefix}labs.csv", _csv)).ValueOrThrow().Rows;
}
