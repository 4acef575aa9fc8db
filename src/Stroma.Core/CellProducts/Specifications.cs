using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.CellProducts;

/// <summary>What a release test establishes; the rule for a specification's mandatory tests is stated per category.</summary>
public enum TestCategory
{
    /// <summary>Held before tests had categories (a legacy specification); never accepted on import.</summary>
    Unclassified,

    /// <summary>Viable cells as a fraction (7-AAD, trypan blue).</summary>
    Viability,

    /// <summary>Cell count or dose.</summary>
    CellCount,

    /// <summary>Identity and purity by surface markers (ISCT: Dominici et al., Cytotherapy 2006;8:315).</summary>
    Identity,

    /// <summary>Sterility (Ph. Eur. 2.6.27 for cell-based preparations).</summary>
    Sterility,

    /// <summary>Bacterial endotoxin (Ph. Eur. 2.6.14; limits by Ph. Eur. 5.1.10).</summary>
    Endotoxin,

    /// <summary>Mycoplasma (Ph. Eur. 2.6.7).</summary>
    Mycoplasma,

    /// <summary>Genetic stability (karyotype).</summary>
    GeneticStability,

    /// <summary>Potency (immunomodulation, differentiation).</summary>
    Potency,

    /// <summary>Anything else (appearance, residuals, pH).</summary>
    Other,
}

/// <summary>Where a held specification came from; only an approved or built-in one can release a lot.</summary>
public enum SpecificationStatus
{
    /// <summary>Shipped with Stroma (its id is reserved).</summary>
    BuiltIn,

    /// <summary>Imported as QA-approved master data with <c>stroma spec import</c>, checked against the mandatory-test rule.</summary>
    Approved,

    /// <summary>
    /// Carried inside a lot file before specifications were master data, kept as it was by the migration to this version: never
    /// checked against the mandatory-test rule, so a lot judged against it is not released.
    /// </summary>
    Legacy,
}

/// <summary>What a batch record says about its specification: an id and, usually, a version.</summary>
/// <param name="Id">Specification id.</param>
/// <param name="Version">Version, or null for "the only version held" (refused when several are).</param>
public sealed record SpecificationReference(string Id, string? Version)
{
    /// <summary>The reference to a specification.</summary>
    public static SpecificationReference Of(ReleaseSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        return new SpecificationReference(specification.Id, specification.Version);
    }

    /// <summary>"id v2", or "id" alone.</summary>
    public override string ToString() => Version is null ? Id : $"{Id} v{Version}";
}

/// <summary>Stable issue codes for release specifications.</summary>
public static class SpecificationIssues
{
    /// <summary>Not well-formed JSON, or not a specification document's shape.</summary>
    public const string Malformed = "SPEC001";

    /// <summary>An invalid value: a comparator without its limits, an unknown unit or category, a duplicate test code, a bad id.</summary>
    public const string BadValue = "SPEC002";

    /// <summary>A category the rule makes mandatory has no mandatory test, or its test cannot do the job (error).</summary>
    public const string MissingMandatoryTest = "SPEC003";

    /// <summary>Identity tests looser than, or missing markers of, the ISCT minimal criteria (warning), or missing mycoplasma (warning).</summary>
    public const string BelowMinimalCriteria = "SPEC004";

    /// <summary>The id is reserved for a built-in specification.</summary>
    public const string ReservedId = "SPEC005";

    /// <summary>This id and version is held with other content: a held version is never changed (a correction is a new version).</summary>
    public const string VersionHeld = "SPEC006";

    /// <summary>The specification a lot names is not held, or its id alone is ambiguous (several versions held).</summary>
    public const string NotHeld = "SPEC007";
}

/// <summary>
/// The rule every specification must meet before it is held (<c>stroma spec import</c>): a mandatory test in each of the categories
/// sterility, endotoxin, identity and viability, each able to do its job.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Sterility: a mandatory text test (comparator <c>is</c>) whose expected result states absence of growth ("no growth",
/// "negative", "sterile", "not detected"): Ph. Eur. 2.6.27, microbiological examination of cell-based preparations.</item>
/// <item>Endotoxin: a mandatory positive upper limit (<c>atMost</c> or <c>lessThan</c>) in <c>[EU]/mL</c>: Ph. Eur. 2.6.14, bacterial endotoxins,
/// with the limit set by Ph. Eur. 5.1.10 (K = 5 EU per kg per hour for intravenous use).</item>
/// <item>Identity: the ISCT minimal criteria (Dominici et al., Cytotherapy 2006;8:315): ≥ 95 % of cells positive for CD105, CD73 and CD90,
/// ≤ 2 % positive for CD45, CD34, CD14 or CD11b, CD79α or CD19, and HLA-DR. Mandatory lower limits in % for CD73, CD90 and CD105 and a
/// mandatory upper limit in % for CD45 are required (an identity test's code, or an alternative, names its marker); the other negative
/// markers, and limits looser than ISCT's, are warnings, since published release specifications differ there.</item>
/// <item>Viability: a mandatory positive lower limit (<c>atLeast</c> or <c>greaterThan</c>) in %; below 70 % a warning (FDA's 2008
/// guidance on CMC information for somatic cell therapy INDs recommends at least 70 %).</item>
/// </list>
/// Mycoplasma (Ph. Eur. 2.6.7) without a mandatory test is a warning; limits in % lie between 0 and 100. The endotoxin a given
/// infusion delivers per kg is checked at the infusion gate (<see cref="Custody.CheckEndotoxinDose"/>). Test codes and alternatives are unique (case-insensitive), every
/// comparator has the limits it needs, and every numeric test's unit is a UCUM code of <see cref="ReleaseUnits"/> written exactly.
/// </remarks>
public static class SpecificationRules
{
    private static readonly string[] PositiveMarkers = ["CD73", "CD90", "CD105"];

    private static readonly string[][] NegativeMarkers = [["CD45"], ["CD34"], ["CD14", "CD11b"], ["CD79a", "CD79α", "CD19"], ["HLA-DR"]];

    /// <summary>The ISCT lower limit for positive markers (% of cells).</summary>
    public const double IsctPositivePercent = 95;

    /// <summary>The ISCT upper limit for negative markers (% of cells).</summary>
    public const double IsctNegativePercent = 2;

    /// <summary>
    /// The lowest viability FDA recommends as a release criterion (% of cells); below it a specification is held with a warning.
    /// </summary>
    public const double MinimumViabilityPercent = 70;

    // The words a sterility result states absence of growth with (lower case, at the start of the expected text).
    private static readonly string[] Absence = ["no growth", "no microbial growth", "negative", "sterile", "not detected", "absence of"];

    // Words that report a finding: after the absence word, they contradict it.
    private static readonly string[] Findings = ["growth", "positive", "detected", "isolated", "contamina", "present", "organism"];

    private const string ViabilitySource = "FDA, Guidance for FDA Reviewers and Sponsors: Content and Review of CMC Information for Human Somatic Cell Therapy IND Applications, 2008";

    /// <summary>
    /// Every problem of a specification: errors refuse it, warnings are reported with it. <paramref name="where"/> prefixes each
    /// location (a file name and <c>$</c>, or "specification ID vN"); tests are located as <c>where.tests[i]</c>.
    /// </summary>
    public static ImmutableArray<Issue> Check(ReleaseSpecification specification, string where)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var issues = ImmutableArray.CreateBuilder<Issue>();
        string At(int i) => FormattableString.Invariant($"{where}.tests[{i}]");
        if (!IsIdentifier(specification.Id))
        {
            issues.Add(Issue.Error(SpecificationIssues.BadValue, where + ".id", $"Expected 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit; found '{specification.Id}'."));
        }

        if (!IsIdentifier(specification.Version))
        {
            issues.Add(Issue.Error(SpecificationIssues.BadValue, where + ".version", $"Expected 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit; found '{specification.Version}'."));
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (test, i) in specification.Tests.Select((t, i) => (t, i)))
        {
            foreach (var code in test.Alternatives.Prepend(test.Code))
            {
                if (string.IsNullOrWhiteSpace(code))
                {
                    issues.Add(Issue.Error(SpecificationIssues.BadValue, At(i) + ".code", $"Expected a test code; found an empty one."));
                }
                else if (!seen.TryAdd(code, i))
                {
                    issues.Add(Issue.Error(SpecificationIssues.BadValue, At(i) + ".code", $"Expected unique test codes and alternatives; '{code}' is also at {At(seen[code])}."));
                }
            }

            issues.AddRange(CheckTest(test, At(i)));
        }

        var mandatory = specification.Tests.Select((t, i) => (Test: t, Index: i)).Where(x => x.Test.Mandatory).ToList();
        void Require(TestCategory category, Func<ReleaseTest, bool> able, string what, string source)
        {
            var inCategory = mandatory.Where(x => x.Test.Category == category).ToList();
            if (inCategory.Count == 0)
            {
                issues.Add(Issue.Error(SpecificationIssues.MissingMandatoryTest, where + ".tests",
                    $"Expected a mandatory {Name(category)} test ({what}; {source}); found none."));
            }

            foreach (var (test, i) in inCategory.Where(x => !able(x.Test)))
            {
                issues.Add(Issue.Error(SpecificationIssues.MissingMandatoryTest, At(i), $"Expected {Article(Name(category))} {Name(category)} test to be {what}; found {Describe(test)}."));
            }
        }

        Require(TestCategory.Sterility, t => t.Comparator == Comparator.Is && StatesAbsence(t.Expected), "a text result stating absence of growth, such as 'no growth' or 'negative' (comparator is)", "Ph. Eur. 2.6.27");
        Require(TestCategory.Endotoxin, t => t.Comparator is Comparator.AtMost or Comparator.LessThan && t.Unit == "[EU]/mL" && t.Upper > 0, "a positive upper limit in [EU]/mL", "Ph. Eur. 2.6.14 and 5.1.10");
        Require(TestCategory.Viability, t => t.Comparator is Comparator.AtLeast or Comparator.GreaterThan && t.Unit == "%" && t.Lower > 0, "a positive lower limit in %", "release of viable cells");
        foreach (var (test, i) in mandatory.Where(x => x.Test.Category == TestCategory.Viability && x.Test.Lower is > 0 and < MinimumViabilityPercent))
        {
            issues.Add(Issue.Warning(SpecificationIssues.BelowMinimalCriteria, At(i), $"Viability {test.Criterion} is below the {MinimumViabilityPercent} % FDA recommends as a minimum release criterion ({ViabilitySource})."));
        }
        issues.AddRange(CheckIdentity(specification, mandatory, where));
        if (!mandatory.Any(x => x.Test.Category == TestCategory.Mycoplasma))
        {
            issues.Add(Issue.Warning(SpecificationIssues.BelowMinimalCriteria, where + ".tests", $"Expected a mandatory mycoplasma test (Ph. Eur. 2.6.7); found none."));
        }

        return issues.ToImmutable();
    }

    // Positive markers and CD45 are required as mandatory tests with limits in the right direction; the other negative markers and
    // limits looser than ISCT's are warnings.
    private static IEnumerable<Issue> CheckIdentity(ReleaseSpecification specification, List<(ReleaseTest Test, int Index)> mandatory, string where)
    {
        var identity = mandatory.Where(x => x.Test.Category == TestCategory.Identity).ToList();
        const string Source = "ISCT minimal criteria, Dominici et al., Cytotherapy 2006;8:315";
        (ReleaseTest Test, int Index)? Find(string[] names) =>
            identity.Cast<(ReleaseTest Test, int Index)?>().FirstOrDefault(x => x!.Value.Test.Alternatives.Prepend(x.Value.Test.Code).Any(c => names.Contains(c, StringComparer.OrdinalIgnoreCase)));
        string At(int i) => FormattableString.Invariant($"{where}.tests[{i}]");

        foreach (var (names, positive, required) in PositiveMarkers.Select(m => (new[] { m }, true, true)).Concat(NegativeMarkers.Select((m, i) => (m, false, i == 0))))
        {
            var label = string.Join(" or ", names.Where(n => n != "CD79α"));
            var limit = positive ? FormattableString.Invariant($"≥ {IsctPositivePercent} %") : FormattableString.Invariant($"≤ {IsctNegativePercent} %");
            if (Find(names) is not { } found)
            {
                yield return required
                    ? Issue.Error(SpecificationIssues.MissingMandatoryTest, where + ".tests", $"Expected a mandatory identity test of {label} ({limit}; {Source}); found none.")
                    : Issue.Warning(SpecificationIssues.BelowMinimalCriteria, where + ".tests", $"Expected a mandatory identity test of {label} ({limit}; {Source}); found none.");
                continue;
            }

            var (test, index) = found;
            var direction = positive ? test.Comparator is Comparator.AtLeast or Comparator.GreaterThan : test.Comparator is Comparator.AtMost or Comparator.LessThan;
            if (!direction || test.Unit != "%")
            {
                yield return Issue.Error(SpecificationIssues.MissingMandatoryTest, At(index), $"Expected {label} as {(positive ? "a lower" : "an upper")} limit in % ({limit}); found {Describe(test)}.");
            }
            else if (positive ? test.Lower < IsctPositivePercent : test.Upper > IsctNegativePercent)
            {
                yield return Issue.Warning(SpecificationIssues.BelowMinimalCriteria, At(index), $"{label} {test.Criterion} is looser than the ISCT minimal criterion {limit} ({Source}).");
            }
        }
    }

    // Whether a sterility test's expected text states that nothing grew ("No growth after 14 days", "Negative"), not a finding.
    // The rest may qualify it ("after 14 days") but not report a finding ("negative: growth of E. coli", "no growth; growth on day 5").
    private static bool StatesAbsence(string? expected)
    {
        var text = expected?.Trim() ?? string.Empty;
        var word = Absence.FirstOrDefault(w => text.StartsWith(w, StringComparison.OrdinalIgnoreCase));
        return word is not null && !Findings.Any(f => text[word.Length..].Contains(f, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<Issue> CheckTest(ReleaseTest t, string at)
    {
        if (t.Category == TestCategory.Unclassified)
        {
            yield return Issue.Error(SpecificationIssues.BadValue, at + ".category", $"Expected a category ({Categories}); found none.");
        }

        var finite = (t.Lower is null || double.IsFinite(t.Lower.Value)) && (t.Upper is null || double.IsFinite(t.Upper.Value));
        var limits = t.Comparator switch
        {
            Comparator.AtLeast or Comparator.GreaterThan => t.Lower is not null,
            Comparator.AtMost or Comparator.LessThan => t.Upper is not null,
            Comparator.Between => t.Lower is not null && t.Upper is not null && t.Lower <= t.Upper,
            _ => !string.IsNullOrWhiteSpace(t.Expected),
        };
        if (!limits || !finite)
        {
            yield return Issue.Error(SpecificationIssues.BadValue, at,
                $"Expected the limits '{Json(t.Comparator)}' needs (lower, upper with lower ≤ upper, finite numbers, or expected text); found lower {Shown(t.Lower)}, upper {Shown(t.Upper)}, expected {(t.Expected is null ? "none" : $"'{t.Expected}'")}.");
        }

        if (t.Unit == "%" && ((t.Lower is { } low && (low < 0 || low > 100)) || (t.Upper is { } high && (high < 0 || high > 100))))
        {
            yield return Issue.Error(SpecificationIssues.BadValue, at, $"Expected limits in % between 0 and 100; found lower {Shown(t.Lower)}, upper {Shown(t.Upper)}.");
        }

        if (t.Comparator == Comparator.Is && t.Unit is not null)
        {
            yield return Issue.Error(SpecificationIssues.BadValue, at + ".unit", $"Expected no unit for a text test (comparator is); found '{t.Unit}'.");
        }
        else if (t.Comparator != Comparator.Is && !ReleaseUnits.Codes.Contains(t.Unit ?? string.Empty, StringComparer.Ordinal))
        {
            var (code, _) = ReleaseUnits.Normalise(t.Unit);
            yield return code is not null
                ? Issue.Error(SpecificationIssues.BadValue, at + ".unit", $"Expected the UCUM code '{code}' as UCUM writes it; found '{t.Unit}'.")
                : Issue.Error(SpecificationIssues.BadValue, at + ".unit", $"Expected a UCUM unit of {ReleaseUnits.Accepted}; found '{t.Unit}'.");
        }
    }

    /// <summary>Whether a specification id is one of a built-in specification's (every version of it is reserved).</summary>
    public static bool IsReserved(string id) => ReleaseSpecification.BuiltIn.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The categories a test may have, as written in a specification file.</summary>
    public static string Categories => string.Join(", ", Enum.GetValues<TestCategory>().Where(c => c != TestCategory.Unclassified).Select(Json));

    /// <summary>The camelCase JSON name of an enum member (<c>atLeast</c>, <c>cellCount</c>).</summary>
    public static string Json<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Shown(double? limit) => limit is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    private static string Name(TestCategory category) => category.ToString().ToLowerInvariant();

    private static string Describe(ReleaseTest t) => $"{t.Code} {Json(t.Comparator)} {t.Criterion}".TrimEnd();

    private static bool IsIdentifier(string? text) =>
        text is { Length: > 0 and <= 64 } && char.IsAsciiLetterOrDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
