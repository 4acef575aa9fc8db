using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>What a merged course wrote.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="PatientAdded">Whether the patient was new.</param>
/// <param name="Added">Records added (labs, sessions, infusions, drugs, events).</param>
/// <param name="Unchanged">Records already stored with the same id and the same values (nothing written for them).</param>
/// <param name="RawSha256">SHA-256 of the raw input kept with the records.</param>
public sealed record CourseMerge(string PatientId, bool PatientAdded, int Added, int Unchanged, string RawSha256);

/// <summary>Merging a course read from an exchange format (FHIR) into the store.</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Stores a course from an exchange document in one transaction, keeping the raw document under its SHA-256: a new patient is added
    /// with every record (and the identity apart); for a stored patient (same birth date and sex) only the records whose ids are not
    /// stored yet are added, so importing the same document again adds nothing. A record stored under the same id with other values,
    /// or an infusion from a lot held here (it must pass the infusion gate), refuses the whole document: nothing is written.
    /// </summary>
    public Task<ReadResult<CourseMerge>> MergeCourseAsync(PatientCourse course, PatientIdentity? identity, string fileName, byte[] raw, string mediaType, CancellationToken cancellationToken = default) =>
        MergeCourseAsync(course, identity, fileName, raw, mediaType, [], [], cancellationToken);

    /// <summary>
    /// As <see cref="MergeCourseAsync(PatientCourse, PatientIdentity?, string, byte[], string, CancellationToken)"/>, with the patient's adverse
    /// events and biopsies written in the same transaction by the same rules as <see cref="SaveCellTherapyRecordAsync"/> (Core's checks,
    /// records stored as given counted unchanged, REC001 for one stored with other content): anything refused, nothing is written.
    /// </summary>
    public async Task<ReadResult<CourseMerge>> MergeCourseAsync(
        PatientCourse course, PatientIdentity? identity, string fileName, byte[] raw, string mediaType,
        IReadOnlyList<Core.Safety.AdverseEvent> adverseEvents, IReadOnlyList<Core.Biopsy.BiopsyReport> biopsies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(adverseEvents);
        ArgumentNullException.ThrowIfNull(biopsies);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var merged = await MergeCourseAsync(db, course, identity, fileName, raw, mediaType, cancellationToken);
        if (merged.Value is not { } m || (adverseEvents.Count == 0 && biopsies.Count == 0))
        {
            if (!merged.HasErrors)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return merged;
        }

        var safety = await AddCellTherapyRecordAsync(db, m.PatientId, adverseEvents, [], biopsies, null, cancellationToken);
        if (safety.Value is not { } saved)
        {
            return ReadResult.Failed<CourseMerge>([.. merged.Issues, .. safety.Issues]); // disposed uncommitted: the course is not written either
        }

        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of(m with { Added = m.Added + saved.AdverseEvents + saved.Biopsies, Unchanged = m.Unchanged + saved.Unchanged }, [.. merged.Issues, .. safety.Issues]);
    }

    // The merge itself, inside the caller's transaction.
    private async Task<ReadResult<CourseMerge>> MergeCourseAsync(StromaContext db, PatientCourse course, PatientIdentity? identity, string fileName, byte[] raw, string mediaType, CancellationToken cancellationToken)
    {
        var input = Core.RawInput.Of(fileName, raw);
        var sha = input.Sha256;
        var id = course.Patient.Id;
        var issues = new List<Issue>();
        if (PatientIds.Check(id, $"{fileName} patient", CourseJsonIssues.BadValue) is { } badId)
        {
            return ReadResult.Failed<CourseMerge>([badId]);
        }

        var stored = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (stored is not null && (stored.BirthDate != course.Patient.BirthDate || stored.Sex != course.Patient.Sex.ToString()))
        {
            return ReadResult.Failed<CourseMerge>([Issue.Error(CourseJsonIssues.DuplicateId, $"{fileName} patient {id}",
                $"Expected the stored patient {id} (born {stored.BirthDate:yyyy-MM-dd}, {stored.Sex}); found born {course.Patient.BirthDate:yyyy-MM-dd}, {course.Patient.Sex}.")]);
        }

        var existing = stored is null ? null : CourseRows.Course(
            stored, [],
            await db.LabResults.AsNoTracking().Where(l => l.PatientId == id).ToListAsync(cancellationToken),
            await db.PlasmaExchanges.AsNoTracking().Where(s => s.PatientId == id).ToListAsync(cancellationToken),
            await db.Infusions.AsNoTracking().Where(i => i.PatientId == id).ToListAsync(cancellationToken),
            await db.Drugs.AsNoTracking().Where(d => d.PatientId == id).ToListAsync(cancellationToken),
            await db.ClinicalEvents.AsNoTracking().Where(e => e.PatientId == id).ToListAsync(cancellationToken));
        var unchanged = 0;
        List<T> New<T>(IReadOnlyList<T> incoming, IReadOnlyList<T>? present, Func<T, string> key, Func<T, T> comparable, string what)
        {
            var byId = (present ?? []).ToDictionary(key, StringComparer.Ordinal);
            var added = new List<T>();
            foreach (var record in incoming)
            {
                if (!byId.TryGetValue(key(record), out var old))
                {
                    added.Add(record);
                }
                else if (Equals(comparable(old), comparable(record)))
                {
                    unchanged++;
                }
                else
                {
                    issues.Add(Issue.Error(LabCsvIssues.AlreadyStored, $"{fileName} {what} {key(record)}",
                        $"Expected the same values as the stored {what} {key(record)} of {id}, or a new id; found other values (correct a stored record with its amend command)."));
                }
            }

            return added;
        }

        var labs = New(course.Labs, existing?.Labs, l => l.Id, l => l with { SourceSha256 = null }, "lab result");
        var sessions = New(course.Sessions, existing?.Sessions, s => s.Id, s => s, "plasma exchange");
        var infusions = New(course.Infusions, existing?.Infusions, i => i.Id, i => i, "infusion");
        var drugs = New(course.Drugs, existing?.Drugs, d => d.Id, d => d, "drug");
        var events = New(course.Events, existing?.Events, e => e.Id, e => e, "event");
        issues.AddRange(await InfusionsInADocumentAsync(db, [.. infusions.Select(i => (i, $"{fileName} infusion {i.Id}"))], string.Empty, "the document", cancellationToken));

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<CourseMerge>(issues);
        }

        if (stored is null)
        {
            db.Patients.Add(CourseRows.ToRow(course.Patient));
            if (identity is not null)
            {
                await AddIdentityAsync(db, identity, cancellationToken);
            }

            db.Transplants.AddRange(course.Patient.Transplants.Select((t, i) => new TransplantRow { Id = $"{id}-tx{i + 1}", PatientId = id, Date = t.Date, DonorType = t.DonorType.ToString() }));
        }

        var added = labs.Count + sessions.Count + infusions.Count + drugs.Count + events.Count;
        if (stored is null || added > 0)
        {
            await AddRawFilesAsync(db, [input], mediaType, cancellationToken);
        }

        db.LabResults.AddRange(labs.Select(l => CourseRows.ToRow(id, l)));
        db.PlasmaExchanges.AddRange(sessions.Select(s => CourseRows.ToRow(id, s)));
        db.Infusions.AddRange(infusions.Select(i => CourseRows.ToRow(id, i)));
        db.Drugs.AddRange(drugs.Select(d => CourseRows.ToRow(id, d)));
        db.ClinicalEvents.AddRange(events.Select(e => CourseRows.ToRow(id, e)));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(new CourseMerge(id, stored is null, added, unchanged, sha), issues);
    }
}
