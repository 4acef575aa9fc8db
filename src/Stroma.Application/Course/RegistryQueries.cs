using System.Globalization;
using Stroma.Core.Course;
using Stroma.Storage;

namespace Stroma.Application.Course;

/// <summary>A registry-wide question answered from the stored assessments.</summary>
public enum RegistryQuestion
{
    /// <summary>Assessed patients holding the protocol's target without plasmapheresis to their last follow-up.</summary>
    TargetMet,

    /// <summary>Patients due a follow-up UPCR now (none measured, or the last more than <see cref="PatientStatus.FollowUpDueDays"/> days ago).</summary>
    FollowUpDue,

    /// <summary>Assessed patients who are plasmapheresis-independent.</summary>
    Independent,
}

/// <summary><c>registry --json</c>: the question, the instant it was asked for, and the patients who answer yes, in id order.</summary>
public sealed record RegistryListView(string Question, string AsOf, int Patients, IReadOnlyList<string> Matching);

/// <summary><c>db reassess --json</c>: how many patients' stored assessments were made again, under which rules.</summary>
public sealed record ReassessedView(string Database, int Patients, string Version, double Seconds);

/// <summary><c>db reassess --check --json</c>: whether every stored assessment equals a fresh one, and the patients whose does not.</summary>
public sealed record StoredAssessmentsCheckedView(string Database, bool Consistent, IReadOnlyList<string> Differing, string Version);

/// <summary>Registry-wide questions: each a read of the stored assessments (kept in step with every write), never of every course.</summary>
public static class RegistryQueries
{
    /// <summary>The patients who answer yes to <paramref name="question"/> as of <paramref name="now"/>, in id order, out of all patients.</summary>
    public static async Task<RegistryListView> ListAsync(StromaStore store, RegistryQuestion question, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var summaries = await store.LoadAssessmentSummariesAsync(null, ct);
        Func<AssessmentSummary, bool> matches = question switch
        {
            RegistryQuestion.TargetMet => s => s.Outcome == AssessmentOutcome.Assessed && s.TargetMetWithoutPlasmapheresis,
            RegistryQuestion.Independent => s => s.Outcome == AssessmentOutcome.Assessed && s.PlasmapheresisIndependent,
            RegistryQuestion.FollowUpDue => s => s.IsFollowUpDue(now),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question, "Unknown registry question."),
        };
        return new RegistryListView(Name(question), now.ToString("O", CultureInfo.InvariantCulture), summaries.Count,
            [.. summaries.Values.Where(matches).Select(s => s.PatientId).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The question's name on the command line and in JSON.</summary>
    public static string Name(RegistryQuestion question) => question switch
    {
        RegistryQuestion.TargetMet => "target-met",
        RegistryQuestion.FollowUpDue => "follow-up-due",
        RegistryQuestion.Independent => "independent",
        _ => throw new ArgumentOutOfRangeException(nameof(question), question, "Unknown registry question."),
    };
}
