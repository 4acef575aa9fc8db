using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Course;

/// <summary>A course imported: the course as stored and the issues (warnings) it was accepted with.</summary>
/// <param name="Course">The patient's course as read.</param>
public sealed record ImportedCourse(PatientCourse Course);

/// <summary>
/// Imports a new patient with the whole course from a course document, in one transaction: the patient must be new, its identity goes
/// to the identity store, and infusions from a lot held here pass the infusion gate in the transaction that writes. A refused document
/// writes nothing — the store is not even opened (so no database is created for it).
/// </summary>
public static class CourseImports
{
    /// <summary>Reads the course document <paramref name="file"/> (<see cref="CourseJson"/>) and, when it reads without errors, opens the store and saves it.</summary>
    public static async Task<ReadResult<ImportedCourse>> ImportAsync(Func<CancellationToken, Task<StromaStore>> openStore, Core.RawInput file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        ArgumentNullException.ThrowIfNull(file);
        var fileName = file.Name;
        var read = CourseJson.Read(file.Bytes, fileName);
        if (read.HasErrors)
        {
            return ReadResult.Failed<ImportedCourse>(read.Issues);
        }

        var (course, identity) = read.Value;
        var store = await openStore(ct);
        var saved = await store.SaveCourseAsync(course, identity, fileName, ct);
        if (!saved.HasErrors)
        {
            await CaseReports.KeepDerivedAsync(store, PatientId.Parse(course.Patient.Id), ct);
        }

        IReadOnlyList<Issue> issues = [.. read.Issues, .. saved.Issues];
        return saved.HasErrors ? ReadResult.Failed<ImportedCourse>(issues) : ReadResult.Of(new ImportedCourse(course), issues);
    }
}
