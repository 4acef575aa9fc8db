using Stroma.Application.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Fhir.Import;

/// <summary>
/// <c>stroma fhir import</c>: reads the FHIR input (<see cref="FhirCourseReader"/>) and, when it reads without errors, writes it through
/// Application's course merge in one transaction. A rejected input writes nothing — the store is not even opened.
/// </summary>
public static class FhirImports
{
    /// <summary>The media type the raw input is kept with.</summary>
    public const string MediaType = "application/fhir+json";

    /// <summary>Reads and imports.</summary>
    public static async Task<ReadResult<CourseMerge>> ImportAsync(Func<CancellationToken, Task<StromaStore>> openStore, string fileName, byte[] content, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openStore);
        var read = FhirCourseReader.Read(content, fileName, now);
        if (read.Value is not { } course)
        {
            return ReadResult.Failed<CourseMerge>(read.Issues);
        }

        var store = await openStore(ct);
        var merged = await CourseMerges.ImportAsync(store, course.Course, course.Identity, fileName, content, MediaType, course.AdverseEvents, course.Biopsies, ct);
        IReadOnlyList<Issue> issues = [.. read.Issues, .. merged.Issues];
        return merged.Value is { } m ? ReadResult.Of(m, issues) : ReadResult.Failed<CourseMerge>(issues);
    }
}
