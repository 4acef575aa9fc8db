using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>Every course streamed in patient-id order (the registry's full read, for another protocol or a reassessment).</summary>
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
        // The labs are most of the rows: read with a plain data reader, without EF's materialisation.
        await using var labs = new PatientCursor<LabResultRow>(ReadLabsAsync(labsDb, firstId, lastId, cancellationToken), r => r.PatientId, cancellationToken);
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

    // The lab rows of an id range in patient-id order, read column by column (the same columns and types EF maps: a UTC instant and
    // its offset in minutes; on SQLite the instant is EF's text form, which the reader parses as EF does).
    private static async IAsyncEnumerable<LabResultRow> ReadLabsAsync(StromaContext db, string? firstId, string? lastId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var range = new List<string>();
        foreach (var (name, value, op) in new[] { ("first", firstId, ">="), ("last", lastId, "<=") })
        {
            if (value is not null)
            {
                var parameter = command.CreateParameter();
                (parameter.ParameterName, parameter.Value) = ($"@{name}", value);
                command.Parameters.Add(parameter);
                range.Add($"\"PatientId\" {op} @{name}");
            }
        }

        command.CommandText = "SELECT \"Id\", \"PatientId\", \"Analyte\", \"SampledAtUtc\", \"SampledAtOffsetMinutes\", \"ReportedValue\", \"ReportedUnit\", \"Value\", \"Unit\", \"Loinc\", \"Specimen\", \"SourceSha256\" FROM lab_results"
            + (range.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", range)) + " ORDER BY \"PatientId\"";
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new LabResultRow
            {
                Id = reader.GetString(0),
                PatientId = reader.GetString(1),
                Analyte = reader.GetString(2),
                SampledAtUtc = reader.GetFieldValue<DateTimeOffset>(3),
                SampledAtOffsetMinutes = reader.GetInt32(4),
                ReportedValue = reader.GetDouble(5),
                ReportedUnit = reader.GetString(6),
                Value = reader.GetDouble(7),
                Unit = reader.GetString(8),
                Loinc = reader.IsDBNull(9) ? null : reader.GetString(9),
                Specimen = reader.GetString(10),
                SourceSha256 = reader.IsDBNull(11) ? null : reader.GetString(11),
            };
        }
    }

    // Rows of the patients in an id range, compared in the database's collation like the patients scan.
    private static IQueryable<T> InRange<T>(IQueryable<T> rows, string? firstId, string? lastId)
        where T : class, IPatientRow =>
        rows.Where(r => (firstId == null || string.Compare(r.PatientId, firstId) >= 0) && (lastId == null || string.Compare(r.PatientId, lastId) <= 0));
}
