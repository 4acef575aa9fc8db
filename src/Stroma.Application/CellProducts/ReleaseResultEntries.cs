using System.Collections.Immutable;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

/// <summary>One release result as typed against a test of the lot's specification: the value as text, in the test's unit.</summary>
/// <param name="Code">The specification's test code.</param>
/// <param name="Value">The result: a number with a dot (for a numeric test) or the text (for a text test such as sterility); empty to skip.</param>
public sealed record ReleaseResultField(string Code, string? Value);

/// <summary>
/// Release results typed into the lot page and added to the stored lot (late results included): each value read against its test
/// (a number in the test's UCUM unit, or the text a text test expects), the issue time read in the site's zone and within the lot's
/// life, then one audited write (<see cref="StromaStore.AddReleaseResultsAsync"/>). Refused whole with every reason at its field
/// (<c>result.{code}</c>, <c>at</c>) and nothing written. A release signed before no longer holds once a result is added.
/// </summary>
public static class ReleaseResultEntries
{
    /// <summary>The field of a test's value on the form and in issue locations.</summary>
    public static string FieldOf(string code) => $"result.{code}";

    /// <summary>Reads the typed results and adds them to the lot.</summary>
    /// <param name="store">The store, acting as the signed-in user (who enters the results).</param>
    /// <param name="lotId">The stored lot.</param>
    /// <param name="fields">One field per test; empty values are skipped.</param>
    /// <param name="at">When the results were issued, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
    /// <param name="now">The present (no result is dated after it).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<StoredLot>> AddAsync(StromaStore store, string lotId, IReadOnlyList<ReleaseResultField> fields, string? at, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fields);
        if (await store.LoadLotAsync(lotId, ct) is not { } lot)
        {
            return ReadResult.Failed<StoredLot>([Issue.Error(StromaStore.UnknownLot, "lot", $"Expected a stored lot; there is none with the id '{lotId}'.")]);
        }

        var issues = new List<Issue>();
        var when = SiteTime.Read(at, await store.LoadSettingAsync(SiteTime.Setting, ct), "at", issues);
        if (when is { } t && (t < lot.Lot.ManufacturedAt || t > now))
        {
            issues.Add(Issue.Error(ReleaseIssues.OutsideLotLife, "at",
                $"Expected a time between the lot's manufacture ({IsoTime.Shown(lot.Lot.ManufacturedAt)}) and now; found {IsoTime.Shown(t)}."));
        }

        var typed = Read(lot.Specification, fields, when ?? now, issues);
        if (typed.Count == 0 && !issues.Any(i => i.Location.StartsWith("result.", StringComparison.Ordinal)))
        {
            issues.Add(Issue.Error(ReleaseIssues.WrongKind, "results", $"Expected at least one result; every value is empty."));
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<StoredLot>(issues);
        }

        var added = await store.AddReleaseResultsAsync(lotId, [.. typed.Select(r => r.Result)], i => FieldOf(typed[i].Code), ct);
        return added.HasErrors ? ReadResult.Failed<StoredLot>([.. issues, .. added.Issues]) : ReadResult.Of(added.Value!, [.. issues, .. added.Issues]);
    }

    /// <summary>
    /// The verdict each typed value would get against its test (the specification's own rule, <see cref="Release.Decide"/>), for the
    /// form to show pass or fail at the field: tests with no readable value are left out.
    /// </summary>
    public static ImmutableArray<TestVerdict> Verdicts(ReleaseSpecification specification, IReadOnlyList<ReleaseResultField> fields, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var typed = Read(specification, fields, at, []);
        return [.. Release.Decide("typed", specification, typed.Select(t => t.Result), SpecificationStatus.BuiltIn).Verdicts.Where(v => v.Result is not null)];
    }

    // Every non-empty value as a result of its test in the test's unit; a number that does not read, or a code of no test, is an issue at its field.
    private static List<(string Code, ReleaseResult Result)> Read(ReleaseSpecification specification, IReadOnlyList<ReleaseResultField> fields, DateTimeOffset at, List<Issue> issues)
    {
        var typed = new List<(string, ReleaseResult)>();
        foreach (var field in fields)
        {
            var text = (field.Value ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (specification.Tests.FirstOrDefault(t => string.Equals(t.Code, field.Code, StringComparison.Ordinal)) is not { } test)
            {
                issues.Add(Issue.Error(ReleaseIssues.UnknownTest, FieldOf(field.Code), $"Expected a test of {specification.Id} v{specification.Version}; '{field.Code}' is none."));
                continue;
            }

            if (test.Comparator == Comparator.Is)
            {
                typed.Add((test.Code, new ReleaseResult(test.Code, null, text, null, at)));
            }
            else if (NumberText.TryParse(text, out var value, out var problem))
            {
                typed.Add((test.Code, new ReleaseResult(test.Code, value, null, test.Unit, at)));
            }
            else
            {
                issues.Add(new Issue(ReleaseIssues.WrongKind, Severity.Error, $"{test.Name} in {test.Unit}: {NumberText.Describe(text, problem)}", FieldOf(test.Code)));
            }
        }

        return typed;
    }
}
