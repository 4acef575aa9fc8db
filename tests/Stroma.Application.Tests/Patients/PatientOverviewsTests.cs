using Stroma.Application.Patients;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Patients;

// The patient list's search: by id for everyone; by name or hospital number (Unicode case folding, on both databases) only for a reader
// who may see identity; paged, a page beyond the last empty.
public abstract class PatientOverviewsTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Search_FindsByIdForEveryone_AndByIdentityOnlyForThoseWhoMaySeeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        var first = SyntheticRegistry.Patient(1, 10);
        var second = SyntheticRegistry.Patient(2, 10);
        (await store.SaveCourseAsync(first, new PatientIdentity(first.Patient.Id, "Élodie Müller", "HN-7731"), cancellationToken: ct)).ValueOrThrow();
        (await store.SaveCourseAsync(second, new PatientIdentity(second.Patient.Id, "Marco Rossi", "HN-1200"), cancellationToken: ct)).ValueOrThrow();

        async Task<IReadOnlyList<string>> Found(string search, bool withIdentity) =>
            [.. (await PatientOverviews.ListAsync(store, search, 1, withIdentity, TreatmentProtocol.SeedCase, Now, ct)).Patients.Select(p => p.PatientId)];

        Assert.Equal([first.Patient.Id], await Found("ÉLODIE", withIdentity: true));
        Assert.Equal([first.Patient.Id], await Found("müller", withIdentity: true));
        Assert.Equal([second.Patient.Id], await Found("hn-1200", withIdentity: true));
        Assert.Empty(await Found("Élodie", withIdentity: false));
        Assert.Equal([second.Patient.Id], await Found(second.Patient.Id.ToLowerInvariant(), withIdentity: false));
        Assert.Equal(2, (await Found(string.Empty, withIdentity: false)).Count);

        var listed = await PatientOverviews.ListAsync(store, "élodie", 1, withIdentity: true, TreatmentProtocol.SeedCase, Now, ct);
        Assert.Equal(("Élodie Müller", "HN-7731", 1), (listed.Patients[0].Name, listed.Patients[0].HospitalNumber, listed.Total));
        Assert.Null((await PatientOverviews.ListAsync(store, null, 1, withIdentity: false, TreatmentProtocol.SeedCase, Now, ct)).Patients[0].Name);
        Assert.Empty((await PatientOverviews.ListAsync(store, null, 2, withIdentity: true, TreatmentProtocol.SeedCase, Now, ct)).Patients);
    }

    // The list's status is read from the stored assessments: it must be the status the rule gives from the course, as of the instant
    // asked (a follow-up falls due with time, without any write).
    [Fact]
    public async Task List_Status_IsTheRulesStatusOfEachCourse()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        var courses = Enumerable.Range(40, 6).Select(i => SyntheticRegistry.Patient(i, 30)).ToList();
        courses[0] = courses[0] with { Infusions = [] };
        foreach (var course in courses)
        {
            (await store.SaveCourseAsync(course, cancellationToken: ct)).ValueOrThrow();
        }

        foreach (var now in new[] { Now, Now.AddYears(3) })
        {
            var listed = (await PatientOverviews.ListAsync(store, null, 1, withIdentity: false, TreatmentProtocol.SeedCase, now, ct)).Patients;

            Assert.Equal(courses.Select(c => c.Patient.Id), listed.Select(p => p.PatientId));
            foreach (var course in courses)
            {
                var assessed = course.DayZero is null ? null : CourseAssessment.Assess(course, TreatmentProtocol.SeedCase).Value;
                var row = listed.Single(p => p.PatientId == course.Patient.Id);
                Assert.Equal(PatientStatus.Of(course, assessed?.Attainment.TargetMetWithoutPlasmapheresis, now), row.Status);
                Assert.Equal(course.DayZero, row.DayZero);
            }
        }
    }
}

public sealed class SqlitePatientOverviewsTests(SqliteFixture fixture) : PatientOverviewsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresPatientOverviewsTests(PostgresFixture fixture) : PatientOverviewsTests(fixture), IClassFixture<PostgresFixture>;
