using System.CommandLine;
using System.Globalization;
using Stroma.Application.Course;
using Stroma.Application.Json;
using Stroma.Core.Course;
using Stroma.Storage;

namespace Stroma.Cli.Course;

/// <summary>The registry-wide commands: <c>registry</c> (who answers a question now) and <c>db reassess</c>.</summary>
public static class RegistryCommands
{
    /// <summary><c>stroma registry --target-met | --due | --independent [--json]</c>: the patients who answer yes, from the stored assessments.</summary>
    public static Command Registry(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var targetMet = new Option<bool>("--target-met") { Description = "Assessed patients holding the protocol's target without plasmapheresis to their last follow-up." };
        var due = new Option<bool>("--due") { Description = $"Patients due a follow-up UPCR now (none measured, or the last more than {PatientStatus.FollowUpDueDays} days ago)." };
        var independent = new Option<bool>("--independent") { Description = "Assessed patients who are plasmapheresis-independent." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the question, the instant, the patients counted and those who answer yes." };
        var command = new Command("registry", "List the patients who answer yes to one registry-wide question, read from the stored assessments (the seed protocol).") { targetMet, due, independent, json };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var asked = new[] { (parsed.GetValue(targetMet), RegistryQuestion.TargetMet), (parsed.GetValue(due), RegistryQuestion.FollowUpDue), (parsed.GetValue(independent), RegistryQuestion.Independent) }
                .Where(q => q.Item1).Select(q => q.Item2).ToList();
            if (asked.Count != 1)
            {
                stderr.WriteLine("usage: give one of --target-met, --due or --independent.");
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var list = await RegistryQueries.ListAsync(opened, asked[0], DateTimeOffset.UtcNow, ct);
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(StromaJson.Serialize(list));
                return ExitCodes.Ok;
            }

            foreach (var id in list.Matching)
            {
                stdout.WriteLine(id);
            }

            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{list.Matching.Count} of {list.Patients} patients: {list.Question} (as of {list.AsOf})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma db reassess [--json]</c>: makes every patient's stored assessment again (after an upgrade of the rules, or to check).</summary>
    public static Command Reassess(TextWriter stdout, TextWriter stderr)
    {
        var store = new StoreOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the database, the patients reassessed (or differing, with --check), the rules' version." };
        var check = new Option<bool>("--check") { Description = "Assess every course afresh and compare with the stored assessments; write nothing; exit 1 when one differs." };
        var command = new Command("reassess", "Make every patient's stored assessment again from the course, in one transaction (stale ones are also made again when first read).") { json, check };
        store.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            if (store.Resolve(parsed, stderr) is not { } location)
            {
                return ExitCodes.Usage;
            }

            var opened = await store.OpenAsync(parsed, location, StoreOpening.Existing, ct);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (parsed.GetValue(check))
            {
                var differing = await opened.CheckStoredAssessmentsAsync(ct);
                var checkedView = new StoredAssessmentsCheckedView(location.ToString(), differing.Count == 0, differing, AssessmentSummary.Version);
                foreach (var id in differing)
                {
                    stderr.WriteLine($"{id}: {StoreIssues.StoredAssessmentDiffers} error: Expected the stored assessment to equal a fresh assessment of the course under {AssessmentSummary.Version}; it is missing, stale or differs (run stroma db reassess).");
                }

                stdout.WriteLine(parsed.GetValue(json)
                    ? StromaJson.Serialize(checkedView)
                    : differing.Count == 0 ? $"Every stored assessment of {checkedView.Database} equals a fresh one." : $"{differing.Count} stored assessments differ.");
                return differing.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
            }

            var count = await opened.ReassessAsync(null, new CourseCommands.LineProgress(stderr, n => $"assessed {n} patients ({clock.Elapsed.TotalSeconds:0.0} s)"), ct);
            var view = new ReassessedView(location.ToString(), count, AssessmentSummary.Version, clock.Elapsed.TotalSeconds);
            stdout.WriteLine(parsed.GetValue(json)
                ? StromaJson.Serialize(view)
                : string.Create(CultureInfo.InvariantCulture, $"Reassessed {count} patients of {view.Database} under {view.Version} in {view.Seconds:0.0} s."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
