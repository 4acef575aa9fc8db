using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Stroma.Core.Course;
using Stroma.Storage;

namespace Stroma.Benchmarks;

/// <summary>
/// Assessing every patient of the registry, against the baseline of reading the same lab rows with raw SQL in the same process.
/// Goal: every patient assessed in under 5 s on the 2-core machine. The registry questions read the stored assessments (kept by
/// every write); "recomputed" assesses every course again (another protocol's fingerprint, the path before stored assessments).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class RegistryBenchmarks
{
    private StromaStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = Registry.EnsureAsync(Registry.Patients, Registry.LabsPerPatient).GetAwaiter().GetResult();
        // The registry is filled by raw inserts (no write transaction): its stored assessments are made once here, as db reassess does.
        _ = _store.LoadAssessmentSummariesAsync(null).GetAwaiter().GetResult();
    }

    private static readonly TreatmentProtocol Recomputed = TreatmentProtocol.SeedCase with { Id = "belingheri_2013_recomputed" };

    [Benchmark(Baseline = true, Description = "raw SQL: read every lab row")]
    public long ReadEveryLabRowRawSql()
    {
        using var connection = new SqliteConnection(_store.Location.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"PatientId\", \"Analyte\", \"SampledAtUtc\", \"SampledAtOffsetMinutes\", \"ReportedValue\", \"ReportedUnit\", \"Value\", \"Unit\", \"Loinc\", \"Specimen\" FROM lab_results ORDER BY \"PatientId\"";
        using var reader = command.ExecuteReader();
        long count = 0;
        double sum = 0;
        while (reader.Read())
        {
            _ = reader.GetString(0);
            _ = reader.GetString(1);
            _ = reader.GetString(2);
            _ = reader.GetString(3);
            sum += reader.GetDouble(5) + reader.GetDouble(7);
            count++;
        }

        return count + (long)(sum * 0);
    }

    [Benchmark(Description = "stream every course (load only)")]
    public async Task<int> StreamEveryCourse()
    {
        var count = 0;
        await foreach (var course in _store.StreamCoursesAsync())
        {
            count += course.Labs.Count > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "assess every patient (recomputed from every course)")]
    public async Task<int> AssessEveryPatientRecomputed() => (await _store.AssessAllAsync(Recomputed)).Assessed;

    [Benchmark(Description = "assess every patient (stored assessments)")]
    public async Task<int> AssessEveryPatient() => (await _store.AssessAllAsync(TreatmentProtocol.SeedCase)).Assessed;

    [Benchmark(Description = "who is due now (stored assessments)")]
    public async Task<int> WhoIsDue()
    {
        var now = DateTimeOffset.UtcNow;
        return (await _store.LoadAssessmentSummariesAsync(null)).Values.Count(s => s.IsFollowUpDue(now));
    }
}
