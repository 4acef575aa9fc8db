using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>The registry: every patient's stored assessment, read for registry-wide questions and made again when stale.</summary>
public sealed partial class StromaStore
{
    /// <summary>The protocol the stored assessments answer for (the one the front ends assess against).</summary>
    public static TreatmentProtocol RegistryProtocol => StoredAssessments.Protocol;

    /// <summary>
    /// Assesses every patient against a protocol, reporting progress (patients done). For <see cref="RegistryProtocol"/> this reads the
    /// stored assessments (each kept in step with its course by every write), making again only those stored under other rules or
    /// missing; for another protocol every course is read and assessed. Patients without an infusion are counted and listed
    /// (<see cref="RegistryAssessment.WithoutInfusion"/>), not assessed; a patient whose stored data cannot be assessed is listed in
    /// <see cref="RegistryAssessment.NotAssessed"/> and the others are still assessed; one assessed without some records, in
    /// <see cref="RegistryAssessment.RecordsLeftOut"/>. Derived eGFR values are not stored (use <see cref="SaveDerivedEgfrAsync"/>).
    /// </summary>
    public async Task<RegistryAssessment> AssessAllAsync(TreatmentProtocol protocol, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        IReadOnlyCollection<AssessmentSummary> summaries = AssessmentSummary.Fingerprint(protocol) == StoredAssessments.ProtocolFingerprint
            ? [.. (await LoadAssessmentSummariesAsync(null, cancellationToken)).Values]
            : await ComputeSummariesAsync(null, protocol, progress, cancellationToken);
        progress?.Report(summaries.Count);
        return Count(summaries);
    }

    /// <summary>
    /// The stored assessment summaries of these patients (null: every patient), by patient id; a summary stored under other rules, or
    /// missing (a database from before stored assessments), is made again and stored first. A patient not stored has none.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AssessmentSummary>> LoadAssessmentSummariesAsync(IReadOnlyCollection<string>? patientIds, CancellationToken cancellationToken = default)
    {
        var (summaries, stale) = await ReadSummariesAsync(patientIds, cancellationToken);
        if (stale.Count > 0)
        {
            await ReassessAsync(stale, null, cancellationToken);
            (summaries, stale) = await ReadSummariesAsync(patientIds, cancellationToken);
        }

        return summaries;
    }

    /// <summary>
    /// Makes the stored assessments of these patients (null: every patient) again from their courses and stores them, in one
    /// transaction that holds the writers' lock, so no write can change a course between its reading and its summary being kept
    /// (<c>stroma db reassess</c>; also done lazily for stale ones). Reports patients done.
    /// </summary>
    /// <returns>How many patients were assessed.</returns>
    public Task<int> ReassessAsync(IReadOnlyCollection<string>? patientIds, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            // The courses are read through other connections: they see what is committed, which no one can change while the lock is held.
            var summaries = patientIds is { Count: <= 64 }
                ? [.. (await Task.WhenAll(patientIds.Select(async id => await LoadCourseAsync(id, cancellationToken)))).OfType<PatientCourse>().Select(c => AssessmentSummary.Of(c, StoredAssessments.Protocol))]
                : await ComputeSummariesAsync(patientIds, StoredAssessments.Protocol, progress, cancellationToken);
            var found = summaries.Select(s => s.PatientId).ToHashSet(StringComparer.Ordinal);
            await StoredAssessments.SaveAsync(db, [.. summaries], [.. (patientIds ?? []).Where(id => !found.Contains(id))], cancellationToken);
            progress?.Report(summaries.Count);
            return summaries.Count;
        }, cancellationToken);

    /// <summary>
    /// Checks the stored assessments against the courses: every patient's course assessed afresh and compared with its stored summary
    /// as it is (nothing made again, nothing written).
    /// </summary>
    /// <returns>The patients, in id order, whose stored summary is missing, stale or says something else than a fresh assessment.</returns>
    public async Task<IReadOnlyList<string>> CheckStoredAssessmentsAsync(CancellationToken cancellationToken = default)
    {
        var (stored, stale) = await ReadSummariesAsync(null, cancellationToken);
        var fresh = await ComputeSummariesAsync(null, StoredAssessments.Protocol, null, cancellationToken);
        return [.. stale.Concat(fresh.Where(f => stored.TryGetValue(f.PatientId, out var s) && !s.IsEquivalentTo(f)).Select(f => f.PatientId)).Order(StringComparer.Ordinal)];
    }

    // The stored summaries (of these patients, or all), and the patients whose summary is missing or stale: one plain query (every
    // patient joined with its summary), on a plain connection, without EF's services, model or materialisation, since registry questions are the hot path.
    private async Task<(Dictionary<string, AssessmentSummary> Summaries, List<string> Stale)> ReadSummariesAsync(IReadOnlyCollection<string>? patientIds, CancellationToken cancellationToken)
    {
        var summaries = new Dictionary<string, AssessmentSummary>(StringComparer.Ordinal);
        var stale = new List<string>();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = string.Empty;
        if (patientIds is not null)
        {
            if (patientIds.Count == 0)
            {
                return (summaries, stale);
            }

            var names = new List<string>();
            foreach (var id in patientIds.Distinct(StringComparer.Ordinal))
            {
                var parameter = command.CreateParameter();
                (parameter.ParameterName, parameter.Value) = ($"@p{names.Count}", id);
                command.Parameters.Add(parameter);
                names.Add(parameter.ParameterName);
            }

            where = $" WHERE p.\"Id\" IN ({string.Join(", ", names)})";
        }

        command.CommandText = "SELECT p.\"Id\", a.\"Version\", a.\"Protocol\", a.\"Outcome\", a.\"TargetMetWithoutPlasmapheresis\", a.\"PlasmapheresisIndependent\", a.\"Standing\", "
            + "a.\"DayZeroUtc\", a.\"LastUpcrUtc\", a.\"FollowUpDueAfterUtc\", a.\"IssuesJson\" FROM patients p LEFT JOIN patient_assessments a ON a.\"PatientId\" = p.\"Id\"" + where;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        DateTimeOffset? Time(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (reader.IsDBNull(1) || reader.GetString(1) != AssessmentSummary.Version || reader.GetString(2) != StoredAssessments.ProtocolFingerprint)
            {
                stale.Add(id);
                continue;
            }

            summaries[id] = StoredAssessments.FromRow(new PatientAssessmentRow
            {
                PatientId = id, Version = reader.GetString(1), Protocol = reader.GetString(2), Outcome = reader.GetString(3),
                TargetMetWithoutPlasmapheresis = reader.GetBoolean(4), PlasmapheresisIndependent = reader.GetBoolean(5), Standing = reader.GetString(6),
                DayZeroUtc = Time(7), LastUpcrUtc = Time(8), FollowUpDueAfterUtc = Time(9), IssuesJson = reader.GetString(10),
            });
        }

        return (summaries, stale);
    }

    // Every course of these patients (null: all) read and summarised: one contiguous id range per core, each streamed and assessed on
    // its own, so reading and computing use every core.
    private async Task<IReadOnlyList<AssessmentSummary>> ComputeSummariesAsync(IReadOnlyCollection<string>? patientIds, TreatmentProtocol protocol, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var wanted = patientIds?.ToHashSet(StringComparer.Ordinal);
        var ids = await ListPatientsAsync(cancellationToken);
        var partitions = Math.Max(1, Math.Min(Environment.ProcessorCount, ids.Count));
        var size = (ids.Count + partitions - 1) / partitions;
        var done = 0;
        var summaries = new ConcurrentBag<AssessmentSummary>();
        await Task.WhenAll(Enumerable.Range(0, partitions).Where(i => i * size < ids.Count).Select(i => Task.Run(async () =>
        {
            var (first, last) = (ids[i * size], ids[Math.Min(ids.Count, (i + 1) * size) - 1]);
            await foreach (var course in StreamCoursesAsync(first, last, cancellationToken))
            {
                if (wanted is null || wanted.Contains(course.Patient.Id))
                {
                    summaries.Add(AssessmentSummary.Of(course, protocol));
                }

                if (Interlocked.Increment(ref done) % 1000 == 0)
                {
                    progress?.Report(Volatile.Read(ref done));
                }
            }
        }, cancellationToken)));
        return [.. summaries];
    }

    private static RegistryAssessment Count(IReadOnlyCollection<AssessmentSummary> summaries)
    {
        var assessed = summaries.Where(s => s.Outcome == AssessmentOutcome.Assessed).ToList();
        var notAssessed = summaries.Where(s => s.Outcome == AssessmentOutcome.NotAssessed).OrderBy(s => s.PatientId, StringComparer.Ordinal).Select(s => new PatientNotAssessed(s.PatientId, s.Issues)).ToList();
        var leftOut = assessed.Where(s => s.Issues.Count > 0).OrderBy(s => s.PatientId, StringComparer.Ordinal).Select(s => new PatientNotAssessed(s.PatientId, s.Issues)).ToList();
        var untreated = summaries.Where(s => s.Outcome == AssessmentOutcome.NotInfused).Select(s => s.PatientId).Order(StringComparer.Ordinal).ToList();
        // A clean registry keeps the shared empty list, so its result equals one written out by hand.
        return new RegistryAssessment(summaries.Count, assessed.Count, assessed.Count(s => s.TargetMetWithoutPlasmapheresis), assessed.Count(s => s.PlasmapheresisIndependent))
        {
            NotAssessed = notAssessed.Count == 0 ? [] : notAssessed,
            RecordsLeftOut = leftOut.Count == 0 ? [] : leftOut,
            WithoutInfusion = untreated.Count == 0 ? [] : untreated,
        };
    }
}
