using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>The registry: every course streamed in patient-id order, and every patient assessed.</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Every patient's course, one at a time, in patient-id order: one ordered scan per table merged by patient id, so a registry of
    /// any size streams in constant memory per patient instead of one query per patient.
    /// </summary>
    public IAsyncEnumerable<PatientCourse> StreamCoursesAsync(CancellationToken cancellationToken = default) =>
        StreamCoursesAsync(null, null, cancellationToken);

    /// <summary>
    /// The courses of the patients whose ids lie from <paramref name="firstId"/> to <paramref name="lastId"/> (inclusive, in the
    /// database's own collation; null for open ends), streamed as <see cref="StreamCoursesAsync(CancellationToken)"/> does.
    /// </summary>
    public async IAsyncEnumerable<PatientCourse> StreamCoursesAsync(string? firstId, string? lastId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var patientsDb = Context();
        await using var transplantsDb = Context();
        await using var labsDb = Context();
        await using var sessionsDb = Context();
        await using var infusionsDb = Context();
        await using var drugsDb = Context();
        await using var eventsDb = Context();
        await using var transplants = new PatientCursor<TransplantRow>(InRange(transplantsDb.Transplants.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        await using var labs = new PatientCursor<LabResultRow>(InRange(labsDb.LabResults.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        await using var sessions = new PatientCursor<PlasmaExchangeRow>(InRange(sessionsDb.PlasmaExchanges.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        await using var infusions = new PatientCursor<InfusionRow>(InRange(infusionsDb.Infusions.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        await using var drugs = new PatientCursor<DrugRow>(InRange(drugsDb.Drugs.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        await using var events = new PatientCursor<ClinicalEventRow>(InRange(eventsDb.ClinicalEvents.AsNoTracking(), firstId, lastId).OrderBy(r => r.PatientId).AsAsyncEnumerable(), r => r.PatientId, cancellationToken);
        var patients = patientsDb.Patients.AsNoTracking()
            .Where(p => (firstId == null || string.Compare(p.Id, firstId) >= 0) && (lastId == null || string.Compare(p.Id, lastId) <= 0));
        await foreach (var patient in patients.OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return CourseRows.Course(
                patient,
                await transplants.TakeAsync(patient.Id),
                await labs.TakeAsync(patient.Id),
                await sessions.TakeAsync(patient.Id),
                await infusions.TakeAsync(patient.Id),
                await drugs.TakeAsync(patient.Id),
                await events.TakeAsync(patient.Id));
        }
    }

    /// <summary>
    /// Assesses every patient against a protocol, reporting progress (patients done) as it goes. The patients are split into one
    /// contiguous id range per core, and each range is loaded and assessed on its own, so loading and computing use every core.
    /// Patients without an infusion are counted and listed (<see cref="RegistryAssessment.WithoutInfusion"/>), not assessed; a patient whose stored data cannot be assessed is listed in
    /// <see cref="RegistryAssessment.NotAssessed"/> and the others are still assessed; one assessed without some records, in
    /// <see cref="RegistryAssessment.RecordsLeftOut"/>. Derived values are not stored (use <see cref="SaveDerivedEgfrAsync"/>).
    /// </summary>
    public async Task<RegistryAssessment> AssessAllAsync(TreatmentProtocol protocol, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var ids = await ListPatientsAsync(cancellationToken);
        var partitions = Math.Max(1, Math.Min(Environment.ProcessorCount, ids.Count));
        var size = (ids.Count + partitions - 1) / Math.Max(1, partitions);
        var (done, assessed, met, independent) = (0, 0, 0, 0);
        var notAssessed = new System.Collections.Concurrent.ConcurrentBag<PatientNotAssessed>();
        var leftOut = new System.Collections.Concurrent.ConcurrentBag<PatientNotAssessed>();
        var untreated = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, partitions).Where(i => i * size < ids.Count).Select(i => Task.Run(async () =>
        {
            var (first, last) = (ids[i * size], ids[Math.Min(ids.Count, (i + 1) * size) - 1]);
            await foreach (var course in StreamCoursesAsync(first, last, cancellationToken))
            {
                var result = CourseAssessment.Assess(course, protocol);
                if (result.Value is { } assessment)
                {
                    Interlocked.Increment(ref assessed);
                    _ = assessment.Attainment.TargetMetWithoutPlasmapheresis ? Interlocked.Increment(ref met) : 0;
                    _ = assessment.Dependence.IsIndependent ? Interlocked.Increment(ref independent) : 0;
                    if (assessment.Issues.Where(i => i.Code == CourseIssues.RecordLeftOut).ToList() is { Count: > 0 } omitted)
                    {
                        leftOut.Add(new PatientNotAssessed(course.Patient.Id, omitted));
                    }
                }
                else if (course.Infusions.Count > 0)
                {
                    notAssessed.Add(new PatientNotAssessed(course.Patient.Id, result.Issues));
                }
                else
                {
                    untreated.Add(course.Patient.Id);
                }

                if (Interlocked.Increment(ref done) % 1000 == 0)
                {
                    progress?.Report(Volatile.Read(ref done));
                }
            }
        }, cancellationToken)));
        progress?.Report(done);
        // A clean registry keeps the shared empty list, so its result equals one written out by hand.
        return new RegistryAssessment(done, assessed, met, independent) 
        {
            NotAssessed = notAssessed.IsEmpty ? [] : [.. notAssessed.OrderBy(p => p.PatientId, StringComparer.Ordinal)],
            RecordsLeftOut = leftOut.IsEmpty ? [] : [.. leftOut.OrderBy(p => p.PatientId, StringComparer.Ordinal)],
            WithoutInfusion = untreated.IsEmpty ? [] : [.. untreated.Order(StringComparer.Ordinal)],
        };
    }

    // Rows of the patients in an id range, compared in the database's collation like the patients scan.
    private static IQueryable<T> InRange<T>(IQueryable<T> rows, string? firstId, string? lastId)
        where T : class, IPatientRow =>
        rows.Where(r => (firstId == null || string.Compare(r.PatientId, firstId) >= 0) && (lastId == null || string.Compare(r.PatientId, lastId) <= 0));
}
