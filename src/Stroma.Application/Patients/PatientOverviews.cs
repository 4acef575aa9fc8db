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
/// The team's patient list: search, page, and each patient's status from its assessment (read only: listing writes nothing). Identity
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
        var rows = new List<PatientListRow>();
        foreach (var id in matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * PageSize)).Take(PageSize))
        {
            if (await store.LoadCourseAsync(id, ct) is not { } course)
            {
                continue;
            }

            var assessed = course.DayZero is null ? null : CourseAssessment.Assess(course, protocol).Value;
            var identity = withIdentity ? identities.GetValueOrDefault(id) ?? await store.LoadIdentityAsync(id, ct) : null;
            rows.Add(new PatientListRow(id, identity?.Name, identity?.HospitalNumber, course.Patient.PrimaryDisease,
                PatientStatus.Of(course, assessed?.Attainment.TargetMetWithoutPlasmapheresis, now), course.DayZero));
        }

        return new PatientListPage(rows, matching.Count, page, PageSize);
    }
}
