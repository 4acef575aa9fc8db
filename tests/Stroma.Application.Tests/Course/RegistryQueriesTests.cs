using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Course;

// Registry-wide questions read the stored assessments; each answer must be the one the rules give from every course.
public abstract class RegistryQueriesTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RegistryQuestion.TargetMet)]
    [InlineData(RegistryQuestion.Independent)]
    [InlineData(RegistryQuestion.FollowUpDue)]
    public async Task List_AnswersAsTheRulesDoFromEachCourse(RegistryQuestion question)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        var courses = Enumerable.Range(60, 12).Select(i => SyntheticRegistry.Patient(i, 30)).ToList();
        courses[3] = courses[3] with { Infusions = [] };
        foreach (var course in courses)
        {
            (await store.SaveCourseAsync(course, cancellationToken: ct)).ValueOrThrow();
        }

        // An instant at which some patients are due and others not: the median of the instants at which each falls due.
        var dueAt = courses.Select(c => c.Labs.Where(l => l.Analyte == Analyte.Upcr).Max(l => l.SampledAt).AddDays(PatientStatus.FollowUpDueDays)).Order().ToList();
        var now = question == RegistryQuestion.FollowUpDue ? dueAt[dueAt.Count / 2] : Now;

        var list = await RegistryQueries.ListAsync(store, question, now, ct);

        var expected = courses.Where(c =>
        {
            var assessed = c.DayZero is null ? null : CourseAssessment.Assess(c, TreatmentProtocol.SeedCase).Value;
            return question switch
            {
                RegistryQuestion.TargetMet => assessed?.Attainment.TargetMetWithoutPlasmapheresis == true,
                RegistryQuestion.Independent => assessed?.Dependence.IsIndependent == true,
                _ => PatientStatus.Of(c, assessed?.Attainment.TargetMetWithoutPlasmapheresis, now).FollowUpDue,
            };
        }).Select(c => c.Patient.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, list.Matching);
        Assert.InRange(expected.Count, 1, courses.Count - 1); // a question some answer yes and some no
        Assert.Equal(12, list.Patients);
        Assert.Equal(RegistryQueries.Name(question), list.Question);
    }
}

public sealed class SqliteRegistryQueriesTests(SqliteFixture fixture) : RegistryQueriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresRegistryQueriesTests(PostgresFixture fixture) : RegistryQueriesTests(fixture), IClassFixture<PostgresFixture>;
