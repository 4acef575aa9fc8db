using Stroma.Core.Course;
using Stroma.Storage;

namespace Stroma.Application.Patients;

/// <summary>One row of the patient list: the pseudonymous id, the identity when the reader may see it, and the status.</summary>
/// <param name="PatientId">The patient's id.</param>
/// <param name="Name">The patient's name, or null (a researcher never receives it, nor a patient without identity).</param>
/// <param name="HospitalNumber">The hospital number, or null likewise.</param>
/// <param name="PrimaryDisease">The primary disease.</param>
/// <param name="Status">Standing and follow-up.</param>
/// <param name="DayZero">Day 0 (first MSC infusion), or null.</param>
public sealed record PatientListRow(string PatientId, string? Name, string? HospitalNumber, string PrimaryDisease, PatientStatus Status, DateTimeOffset? DayZero);

/// <summary>A page of the patient list.</summary>
/// <param name="Patients">The patients of the page, in id order.</param>
/// <param name="Total">How many patients match the search.</param>
/// <param name="Page">The page shown (1-based).</param>
/// <param name="PageSize">Patients per page.</param>
public sealed record PatientListPage(IReadOnlyList<PatientListRow> Patients, int Total, int Page, int PageSize);

/// <summary>
/// The team's patient list: search, page, and each patient's status from its stored assessment (listing writes no record; only an assessment stored under older rules is made again). Identity
/// is read only when the reader may see it, and only then searched.
/// </summary>
public static class PatientOverviews
{
    /// <summary>The patients per page.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// A page of patients whose id (or, with identity, name or hospital number) contains <paramref name="search"/>; a page beyond the
    /// last is empty (a script paging until the list is empty stops), a page below 1 is refused by the caller.
    /// </summary>
    public static async Task<PatientListPage> ListAsync(StromaStore store, string? search, int page, bool withIdentity, TreatmentProtocol protocol, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ids = await store.ListPatientsAsync(ct);
        var term = search?.Trim() ?? string.Empty;
        // A search by identity reads every identity in one query (not one per patient) and matches in memory, where case folding is
        // Unicode's on both databases.
        var identities = withIdentity && term.Length > 0 ? await store.LoadIdentitiesAsync(ct) : new Dictionary<string, PatientIdentity>();
        var matching = ids.Where(id => term.Length == 0 || id.Contains(term, StringComparison.OrdinalIgnoreCase)
            || (identities.GetValueOrDefault(id) is { } identity
                && (identity.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || identity.HospitalNumber.Contains(term, StringComparison.OrdinalIgnoreCase)))).ToList();

        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var pageIds = matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * PageSize)).Take(PageSize).ToList();
        var summaries = await SummariesAsync(store, pageIds, protocol, ct);
        var diseases = await store.LoadPrimaryDiseasesAsync(pageIds, ct);
        var rows = new List<PatientListRow>();
        foreach (var id in pageIds)
        {
            if (summaries.GetValueOrDefault(id) is not { } summary || diseases.GetValueOrDefault(id) is not { } disease)
            {
                continue; // removed since the ids were listed
            }

            var identity = withIdentity ? identities.GetValueOrDefault(id) ?? await store.LoadIdentityAsync(id, ct) : null;
            rows.Add(new PatientListRow(id, identity?.Name, identity?.HospitalNumber, disease, summary.StatusAt(now), summary.DayZero));
        }

        return new PatientListPage(rows, matching.Count, page, PageSize);
    }

    // The patients' assessments: the stored ones for the registry's protocol (kept in step with every write), else made from the courses.
    private static async Task<IReadOnlyDictionary<string, AssessmentSummary>> SummariesAsync(StromaStore store, IReadOnlyList<string> ids, TreatmentProtocol protocol, CancellationToken ct)
    {
        if (AssessmentSummary.Fingerprint(protocol) == AssessmentSummary.Fingerprint(StromaStore.RegistryProtocol))
        {
            return await store.LoadAssessmentSummariesAsync(ids, ct);
        }

        var made = new Dictionary<string, AssessmentSummary>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (await store.LoadCourseAsync(id, ct) is { } course)
            {
                made[id] = AssessmentSummary.Of(course, protocol);
            }
        }

        return made;
    }
}
