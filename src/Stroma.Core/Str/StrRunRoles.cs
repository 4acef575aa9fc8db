using System.Collections.Immutable;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Str;

/// <summary>One file of an uploaded run as the user assigned it, every field as typed (null when left empty).</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Role">One of <see cref="StrRunRoles.All"/>, or anything else (refused).</param>
/// <param name="Material">What was sampled (peripheral blood, graft biopsy …); required for a post-treatment sample.</param>
/// <param name="SampledAt">When it was taken, ISO 8601 with its UTC offset; required for a post-treatment sample.</param>
public sealed record StrRunAssignment(string FileName, string? Role, string? Material, string? SampledAt);

/// <summary>A file's role as checked.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Role">One of <see cref="StrRunRoles.All"/>.</param>
/// <param name="Material">What was sampled, or null when not given (references).</param>
/// <param name="SampledAt">When it was taken, or null when not given (references).</param>
public sealed record StrRunRole(string FileName, string Role, string? Material, DateTimeOffset? SampledAt);

/// <summary>
/// The roles of the files of one uploaded STR run and what makes them a run: exactly one allelic ladder (its bins call every
/// sample), each reference (recipient, kidney donor, MSC donor) at most once, and a post-treatment sample only with the recipient's
/// and at least one donor's reference, its material and its sampling time with offset (a time zone is never guessed).
/// </summary>
public static class StrRunRoles
{
    /// <summary>The run's allelic ladder.</summary>
    public const string Ladder = "ladder";

    /// <summary>The recipient's reference (pre-transplant blood, buccal swab).</summary>
    public const string Recipient = "recipient";

    /// <summary>The kidney donor's reference.</summary>
    public const string KidneyDonor = "kidney-donor";

    /// <summary>The MSC donor's reference (lot retain).</summary>
    public const string MscDonor = "msc-donor";

    /// <summary>A sample taken after treatment, whose chimerism is estimated against the references.</summary>
    public const string PostTreatment = "post-treatment";

    /// <summary>Every role a file may have, in the order a form lists them.</summary>
    public static ImmutableArray<string> All { get; } = [Ladder, Recipient, KidneyDonor, MscDonor, PostTreatment];

    /// <summary>The reference roles (contributors of a post-treatment sample).</summary>
    public static ImmutableArray<string> References { get; } = [Recipient, KidneyDonor, MscDonor];

    /// <summary>
    /// Checks every file's role and details and the run as a whole; every issue is reported (the location is
    /// <c>files[i].role</c>, <c>files[i].material</c>, <c>files[i].sampledAt</c>, or <c>files</c> for the run).
    /// </summary>
    public static ReadResult<ImmutableArray<StrRunRole>> Check(IReadOnlyList<StrRunAssignment> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var issues = new List<Issue>();
        var roles = ImmutableArray.CreateBuilder<StrRunRole>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var role = file.Role?.Trim();
            if (string.IsNullOrEmpty(role) || !All.Contains(role, StringComparer.Ordinal))
            {
                issues.Add(Issue.Error(StrIssues.UnknownRunRole, $"files[{i}].role",
                    $"Expected the role of {file.FileName}: one of {string.Join(", ", All)}; found {(string.IsNullOrEmpty(role) ? "none" : OneLine.Shown(role))}."));
                continue;
            }

            var material = string.IsNullOrWhiteSpace(file.Material) ? null : file.Material.Trim();
            DateTimeOffset? at = null;
            if (!string.IsNullOrWhiteSpace(file.SampledAt))
            {
                if (IsoTime.TryParse(file.SampledAt.Trim(), out var parsed))
                {
                    at = parsed;
                }
                else
                {
                    issues.Add(Issue.Error(StrIssues.SampleDetailsMissing, $"files[{i}].sampledAt",
                        $"Expected when {file.FileName} was sampled as ISO 8601 with its UTC offset ({IsoTime.Example}); found {OneLine.Shown(file.SampledAt)}."));
                    continue;
                }
            }

            if (role == PostTreatment && material is null)
            {
                issues.Add(Issue.Error(StrIssues.SampleDetailsMissing, $"files[{i}].material",
                    $"Expected the material of the post-treatment sample {file.FileName} (peripheral blood, graft biopsy …); found none."));
            }

            if (role == PostTreatment && at is null && string.IsNullOrWhiteSpace(file.SampledAt))
            {
                issues.Add(Issue.Error(StrIssues.SampleDetailsMissing, $"files[{i}].sampledAt",
                    $"Expected when the post-treatment sample {file.FileName} was taken, ISO 8601 with its UTC offset ({IsoTime.Example}); found none."));
            }

            roles.Add(new StrRunRole(file.FileName, role, material, at));
        }

        if (files.Count == 0)
        {
            issues.Add(Issue.Error(StrIssues.RunComposition, "files", $"Expected the run's files (the ladder and at least one sample); found none."));
        }
        else if (issues.Count == 0)
        {
            issues.AddRange(Composition(roles));
        }

        return issues.Count > 0 ? ReadResult.Failed<ImmutableArray<StrRunRole>>(issues) : ReadResult.Of(roles.ToImmutable());
    }

    private static IEnumerable<Issue> Composition(IReadOnlyList<StrRunRole> roles)
    {
        var ladders = roles.Count(r => r.Role == Ladder);
        if (ladders != 1)
        {
            yield return Issue.Error(StrIssues.RunComposition, "files", $"Expected exactly one allelic ladder (its bins call every sample of the run); found {ladders}.");
        }

        if (!roles.Any(r => r.Role != Ladder))
        {
            yield return Issue.Error(StrIssues.RunComposition, "files", $"Expected at least one sample besides the ladder; found none.");
        }

        foreach (var twice in roles.Where(r => References.Contains(r.Role)).GroupBy(r => r.Role, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return Issue.Error(StrIssues.RunComposition, "files",
                $"Expected one reference per contributor; {twice.Key} is given to {string.Join(" and ", twice.Select(r => r.FileName))}.");
        }

        if (roles.Any(r => r.Role == PostTreatment))
        {
            if (!roles.Any(r => r.Role == Recipient))
            {
                yield return Issue.Error(StrIssues.RunComposition, "files", $"Expected the recipient's reference for the post-treatment sample(s); none of the files is the recipient.");
            }

            if (!roles.Any(r => r.Role is KidneyDonor or MscDonor))
            {
                yield return Issue.Error(StrIssues.RunComposition, "files", $"Expected at least one donor's reference (kidney-donor, msc-donor) for the post-treatment sample(s); found none.");
            }
        }
    }
}
