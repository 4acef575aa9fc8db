using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;

namespace Stroma.Storage.Course;

/// <summary>
/// Keeping each patient's assessment summary in step with the course: made again, in the writing transaction, for every patient
/// whose course rows a save changed; read back as the Core summary.
/// </summary>
internal static class StoredAssessments
{
    /// <summary>The protocol the stored summaries answer for: the one every front end assesses against.</summary>
    public static TreatmentProtocol Protocol => TreatmentProtocol.SeedCase;

    /// <summary>The fingerprint of <see cref="Protocol"/>.</summary>
    public static string ProtocolFingerprint { get; } = AssessmentSummary.Fingerprint(TreatmentProtocol.SeedCase);

    /// <summary>Whether a row was saved as a change to a patient's course (what the assessment reads), and whose.</summary>
    public static string? CoursePatientOf(object entity) => entity switch
    {
        PatientRow p => p.Id,
        TransplantRow or LabResultRow or PlasmaExchangeRow or InfusionRow or DrugRow or ClinicalEventRow => ((IPatientRow)entity).PatientId,
        _ => null,
    };

    /// <summary>Makes the summaries of these patients again from their stored courses, in the context's transaction, and saves them.</summary>
    public static async Task RefreshAsync(StromaContext db, IReadOnlyCollection<string> patientIds, CancellationToken cancellationToken)
    {
        var summaries = new List<AssessmentSummary>();
        var gone = new List<string>();
        foreach (var id in patientIds)
        {
            if (await LoadCourseAsync(db, id, cancellationToken) is { } course)
            {
                summaries.Add(AssessmentSummary.Of(course, Protocol));
            }
            else
            {
                gone.Add(id);
            }
        }

        await SaveAsync(db, summaries, gone, cancellationToken);
    }

    /// <summary>Writes summaries (replacing the stored ones) and removes those of patients no longer stored.</summary>
    public static async Task SaveAsync(StromaContext db, IReadOnlyList<AssessmentSummary> summaries, IReadOnlyList<string> gone, CancellationToken cancellationToken)
    {
        foreach (var chunk in summaries.Chunk(500))
        {
            var ids = chunk.Select(s => s.PatientId).ToList();
            var stored = await db.PatientAssessments.Where(a => ids.Contains(a.PatientId)).ToDictionaryAsync(a => a.PatientId, StringComparer.Ordinal, cancellationToken);
            foreach (var summary in chunk)
            {
                var row = ToRow(summary);
                if (stored.TryGetValue(summary.PatientId, out var existing))
                {
                    db.Entry(existing).CurrentValues.SetValues(row);
                }
                else
                {
                    db.PatientAssessments.Add(row);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var entry in db.ChangeTracker.Entries<PatientAssessmentRow>().ToList())
            {
                entry.State = EntityState.Detached; // the writer's own tracked rows stay as they are
            }
        }

        if (gone.Count > 0)
        {
            db.PatientAssessments.RemoveRange(await db.PatientAssessments.Where(a => gone.Contains(a.PatientId)).ToListAsync(cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>A patient's course read in this context, or null.</summary>
    public static async Task<PatientCourse?> LoadCourseAsync(StromaContext db, string patientId, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken);
        if (patient is null)
        {
            return null;
        }

        return CourseRows.Course(
            patient,
            await db.Transplants.AsNoTracking().Where(t => t.PatientId == patientId).ToListAsync(cancellationToken),
            await db.LabResults.AsNoTracking().Where(l => l.PatientId == patientId).ToListAsync(cancellationToken),
            await db.PlasmaExchanges.AsNoTracking().Where(s => s.PatientId == patientId).ToListAsync(cancellationToken),
            await db.Infusions.AsNoTracking().Where(i => i.PatientId == patientId).ToListAsync(cancellationToken),
            await db.Drugs.AsNoTracking().Where(d => d.PatientId == patientId).ToListAsync(cancellationToken),
            await db.ClinicalEvents.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(cancellationToken));
    }

    public static PatientAssessmentRow ToRow(AssessmentSummary s) => new()
    {
        PatientId = s.PatientId,
        Version = AssessmentSummary.Version,
        Protocol = ProtocolFingerprint,
        Outcome = s.Outcome.ToString(),
        TargetMetWithoutPlasmapheresis = s.TargetMetWithoutPlasmapheresis,
        PlasmapheresisIndependent = s.PlasmapheresisIndependent,
        Standing = s.Standing.ToString(),
        // PostgreSQL's timestamptz keeps instants: every time is written in UTC (the summary compares instants).
        DayZeroUtc = s.DayZero?.ToUniversalTime(),
        LastUpcrUtc = s.LastUpcr?.ToUniversalTime(),
        FollowUpDueAfterUtc = s.FollowUpDueAfter?.ToUniversalTime(),
        IssuesJson = JsonSerializer.Serialize(s.Issues.Select(i => new StoredIssue(i.Code, i.Severity.ToString(), i.Message, i.Location)).ToList()),
    };

    public static AssessmentSummary FromRow(PatientAssessmentRow r) => new(
        r.PatientId,
        Enum.Parse<AssessmentOutcome>(r.Outcome),
        r.TargetMetWithoutPlasmapheresis,
        r.PlasmapheresisIndependent,
        Enum.Parse<PatientStanding>(r.Standing),
        r.DayZeroUtc,
        r.LastUpcrUtc,
        r.IssuesJson == "[]" ? [] : [.. JsonSerializer.Deserialize<List<StoredIssue>>(r.IssuesJson)!.Select(i => new Issue(i.Code, Enum.Parse<Severity>(i.Severity), i.Message, i.Location))]);

    private sealed record StoredIssue(string Code, string Severity, string Message, string Location);
}
