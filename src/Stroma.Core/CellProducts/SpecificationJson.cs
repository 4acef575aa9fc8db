using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.CellProducts;

/// <summary>
/// Reads a release specification file (camelCase JSON; unknown properties are errors): <c>id</c>, <c>version</c>, <c>product</c> and
/// <c>tests</c>, each with <c>code</c>, <c>category</c>, <c>name</c>, <c>method</c>, <c>comparator</c>, <c>mandatory</c> and the
/// <c>lower</c>, <c>upper</c>, <c>unit</c> or <c>expected</c> its comparator needs, and optional <c>alternatives</c>. The specification is
/// then held to <see cref="SpecificationRules"/>; a built-in id is refused. Nothing is returned when anything is wrong.
/// </summary>
public static class SpecificationJson
{
    /// <summary>Reads a specification file.</summary>
    public static ReadResult<ReleaseSpecification> Read(ReadOnlySpan<byte> json, string fileName)
    {
        var parsed = StrictJson.Read<Document>(json, fileName, SpecificationIssues.Malformed, "a release specification (id, version, product, tests)");
        if (parsed.Value is not { } d)
        {
            return ReadResult.Failed<ReleaseSpecification>(parsed.Issues);
        }

        var issues = new List<Issue>();
        var where = $"{fileName} $";
        if (SpecificationRules.IsReserved(d.Id))
        {
            issues.Add(Issue.Error(SpecificationIssues.ReservedId, where + ".id",
                $"Expected an id of the centre's own; '{d.Id}' is reserved for a built-in specification ({string.Join(", ", ReleaseSpecification.BuiltIn.Select(s => $"{s.Id} v{s.Version}"))}), which no file can replace."));
        }

        var named = new List<Issue>();
        var tests = d.Tests.Select((t, i) =>
        {
            var at = FormattableString.Invariant($"{where}.tests[{i}]");
            var comparator = Named<Comparator>(t.Comparator, at + ".comparator", named);
            var category = Named<TestCategory>(t.Category, at + ".category", named);
            return new ReleaseTest(t.Code, t.Name, t.Method, t.Unit, comparator ?? Comparator.Is, t.Lower, t.Upper, t.Expected, t.Mandatory)
            {
                Alternatives = [.. t.Alternatives ?? []],
                Category = category ?? TestCategory.Unclassified,
            };
        }).ToList();
        if (named.Count > 0)
        {
            return ReadResult.Failed<ReleaseSpecification>([.. issues, .. named]);
        }

        var specification = new ReleaseSpecification(d.Id, d.Version, d.Product, [.. tests]);
        issues.AddRange(SpecificationRules.Check(specification, where));
        return issues.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<ReleaseSpecification>(issues) : ReadResult.Of(specification, issues);
    }

    // An enum member by its camelCase name only: never a number, never the legacy Unclassified category.
    private static TEnum? Named<TEnum>(string text, string path, List<Issue> issues)
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().Where(v => !(v is TestCategory c && c == TestCategory.Unclassified)).ToList();
        var found = names.Where(v => string.Equals(SpecificationRules.Json(v), text, StringComparison.OrdinalIgnoreCase)).Cast<TEnum?>().FirstOrDefault();
        if (found is null)
        {
            issues.Add(Issue.Error(SpecificationIssues.BadValue, path, $"Expected one of {string.Join(", ", names.Select(n => SpecificationRules.Json(n)))}; found '{text}'."));
        }

        return found;
    }

    private sealed record Document(string Id, string Version, string Product, IReadOnlyList<TestPart> Tests);

    private sealed record TestPart(
        string Code, string Category, string Name, string Method, string Comparator, bool Mandatory, string? Unit = null, double? Lower = null, double? Upper = null,
        string? Expected = null, IReadOnlyList<string>? Alternatives = null);
}
