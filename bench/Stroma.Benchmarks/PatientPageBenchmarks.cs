using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Stroma.Application.Patients;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Reports.Course;
using Stroma.Storage;

namespace Stroma.Benchmarks;

/// <summary>
/// What one patient page costs on a cold cache, step by step, on the web load's registry (STROMA_BENCH_PATIENTS x
/// STROMA_BENCH_WEB_LABS): loading the course, assessing it, drawing each plot, and the whole folder; the baseline is loading the
/// course alone.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class PatientPageBenchmarks
{
    private StromaStore _store = null!;
    private PatientCourse _course = null!;
    private CourseAssessment _assessment = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var labs = int.Parse(Environment.GetEnvironmentVariable("STROMA_BENCH_WEB_LABS") ?? "100", System.Globalization.CultureInfo.InvariantCulture);
        _store = Registry.EnsureAsync(Registry.Patients, labs).GetAwaiter().GetResult();
        _course = _store.LoadCourseAsync(PatientId()).GetAwaiter().GetResult()!;
        _assessment = CourseAssessment.Assess(_course, TreatmentProtocol.SeedCase).Value!;
    }

    private PatientId PatientId() => Core.Course.PatientId.Parse(SyntheticRegistry.PatientId((_next++ % Registry.Patients) + 1));

    [Benchmark(Baseline = true, Description = "load a course")]
    public async Task<int> LoadCourse() => (await _store.LoadCourseAsync(PatientId()))!.Labs.Count;

    [Benchmark(Description = "assess a loaded course")]
    public int Assess() => CourseAssessment.Assess(_course, TreatmentProtocol.SeedCase).Value!.Renal.Points.Count;

    [Benchmark(Description = "UPCR plot (SVG)")]
    public int UpcrPlot() => CoursePlotsSvg.UpcrTimeline(_course, _assessment, p => new PlotPointLink(p.LabId, null)).Length;

    [Benchmark(Description = "eGFR plot (SVG)")]
    public int EgfrPlot() => CoursePlotsSvg.EgfrTimeline(_course, _assessment, p => new PlotPointLink(p.CreatinineLabId, null)).Length;

    [Benchmark(Description = "the patient page's folder (pseudonymised: no writes)")]
    public async Task<int> Folder() => (await PatientFolders.LoadAsync(_store, PatientId(), identified: false, TreatmentProtocol.SeedCase, default))!.Course.Labs.Count;
}
