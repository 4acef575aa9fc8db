using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.CellProducts;

/// <summary>How a release result is compared with its limits.</summary>
public enum Comparator
{
    /// <summary>value ≥ lower.</summary>
    AtLeast,

    /// <summary>value &gt; lower.</summary>
    GreaterThan,

    /// <summary>value ≤ upper.</summary>
    AtMost,

    /// <summary>value &lt; upper.</summary>
    LessThan,

    /// <summary>lower ≤ value ≤ upper.</summary>
    Between,

    /// <summary>The text result equals the expected one (case-insensitive): "negative", "no growth", "normal".</summary>
    Is,
}

/// <summary>One test of a release specification.</summary>
/// <param name="Code">Stable code; results carry it (or one of <see cref="Alternatives"/>).</param>
/// <param name="Name">What is measured.</param>
/// <param name="Method">How (flow cytometry, BacT/ALERT 7 d, LAL kinetic, NAT …).</param>
/// <param name="Unit">UCUM unit of numeric results ("%", "[EU]/mL", "{cells}"), or null for text results.</param>
/// <param name="Comparator">Comparison.</param>
/// <param name="Lower">Lower limit.</param>
/// <param name="Upper">Upper limit.</param>
/// <param name="Expected">Expected text result for <see cref="Comparator.Is"/>.</param>
/// <param name="Mandatory">A mandatory test blocks release when failing or missing; an informative one is reported only.</param>
public sealed record ReleaseTest(string Code, string Name, string Method, string? Unit, Comparator Comparator, double? Lower, double? Upper, string? Expected, bool Mandatory)
{
    /// <summary>Other result codes that satisfy this test (ISCT: CD14 or CD11b; CD79α or CD19).</summary>
    public ImmutableArray<string> Alternatives { get; init; } = [];

    /// <summary>What the test establishes (<see cref="SpecificationRules"/> states which categories need a mandatory test).</summary>
    public TestCategory Category { get; init; }

    /// <summary>The acceptance criterion as it reads, "≥ 95 %".</summary>
    public string Criterion => Comparator switch
    {
        Comparator.AtLeast => Inv($"≥ {Lower} {Unit}"),
        Comparator.GreaterThan => Inv($"> {Lower} {Unit}"),
        Comparator.AtMost => Inv($"≤ {Upper} {Unit}"),
        Comparator.LessThan => Inv($"< {Upper} {Unit}"),
        Comparator.Between => Inv($"{Lower}–{Upper} {Unit}"),
        _ => Expected ?? string.Empty,
    };

    /// <summary>
    /// The acceptance criterion as a person reads it (<see cref="ClinicalFormat"/>): "≥ 1 × 10⁸ cells", "&lt; 0.5 EU/mL";
    /// <see cref="Criterion"/> keeps the UCUM codes for machines.
    /// </summary>
    public string ReadableCriterion()
    {
        string Limit(double? value) => value is not { } v ? "?" : Unit is null ? ClinicalFormat.Number(v, 6) : ClinicalFormat.Quantity(v, Unit, 6);
        return Comparator switch
        {
            Comparator.AtLeast => "≥ " + Limit(Lower),
            Comparator.GreaterThan => "> " + Limit(Lower),
            Comparator.AtMost => "≤ " + Limit(Upper),
            Comparator.LessThan => "< " + Limit(Upper),
            Comparator.Between => $"{(Lower is { } lower ? ClinicalFormat.Number(lower, 6) : "?")}–{Limit(Upper)}",
            _ => Expected ?? string.Empty,
        };
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text).TrimEnd();
}

/// <summary>A product's release specification, versioned: a lot is judged against the version it references.</summary>
/// <param name="Id">Specification id.</param>
/// <param name="Version">Version.</param>
/// <param name="Product">Product it applies to.</param>
/// <param name="Tests">Its tests.</param>
public sealed record ReleaseSpecification(string Id, string Version, string Product, ImmutableArray<ReleaseTest> Tests)
{
    /// <summary>
    /// An example bone-marrow MSC specification built on the ISCT minimal criteria (Dominici et al., Cytotherapy 2006;8:315:
    /// ≥ 95 % CD105, CD73, CD90; ≤ 2 % CD45, CD34, CD14 or CD11b, CD79α or CD19, HLA-DR) and the published release examples of
    /// research/platform.md §3.3 (viability ≥ 70 %, sterility no growth (Ph. Eur. 2.6.27), endotoxin (Ph. Eur. 2.6.14), mycoplasma
    /// negative (Ph. Eur. 2.6.7); karyotype and potency informative). Built in, so its id is reserved: a centre imports its own
    /// specification with <c>stroma spec import</c>; this one is for the demo and the tests.
    /// </summary>
    public static ReleaseSpecification IsctBoneMarrowMsc { get; } = new("bm-msc-isct", "1", "Bone-marrow MSC, allogeneic", [
        new("viability", "Viability", "7-AAD flow cytometry", "%", Comparator.AtLeast, 70, null, null, true) { Category = TestCategory.Viability },
        new("viable_cells", "Viable cells in the lot", "Automated count", "{cells}", Comparator.AtLeast, 1e8, null, null, true) { Category = TestCategory.CellCount },
        Marker("CD73", "CD73 positive", Comparator.AtLeast, 95),
        Marker("CD90", "CD90 positive", Comparator.AtLeast, 95),
        Marker("CD105", "CD105 positive", Comparator.AtLeast, 95),
        Marker("CD45", "CD45 positive", Comparator.AtMost, 2),
        Marker("CD34", "CD34 positive", Comparator.AtMost, 2),
        Marker("CD14", "CD14 (or CD11b) positive", Comparator.AtMost, 2) with { Alternatives = ["CD11b"] },
        Marker("CD79a", "CD79α (or CD19) positive", Comparator.AtMost, 2) with { Alternatives = ["CD19"] },
        Marker("HLA-DR", "HLA-DR positive", Comparator.AtMost, 2),
        new("sterility", "Sterility", "BacT/ALERT aerobic and anaerobic, 7 days (Ph. Eur. 2.6.27)", null, Comparator.Is, null, null, "no growth", true) { Category = TestCategory.Sterility },
        new("endotoxin", "Bacterial endotoxin", "LAL kinetic chromogenic (Ph. Eur. 2.6.14)", "[EU]/mL", Comparator.LessThan, null, 0.5, null, true) { Category = TestCategory.Endotoxin },
        new("mycoplasma", "Mycoplasma", "NAT (Ph. Eur. 2.6.7)", null, Comparator.Is, null, null, "negative", true) { Category = TestCategory.Mycoplasma },
        new("karyotype", "Karyotype", "G-banding, 20 metaphases", null, Comparator.Is, null, null, "normal", false) { Category = TestCategory.GeneticStability },
        new("potency", "Inhibition of PHA-stimulated PBMC proliferation", "Co-culture, 1:10", "%", Comparator.AtLeast, 20, null, null, false) { Category = TestCategory.Potency },
    ]);

    /// <summary>The built-in specifications: held in every store, their ids reserved (never imported, never overwritten).</summary>
    public static ImmutableArray<ReleaseSpecification> BuiltIn { get; } = [IsctBoneMarrowMsc];

    private static ReleaseTest Marker(string code, string name, Comparator comparator, double limit) =>
        new(code, name, "Flow cytometry", "%", comparator, comparator == Comparator.AtLeast ? limit : null, comparator == Comparator.AtMost ? limit : null, null, true)
        {
            Category = TestCategory.Identity,
        };
}

/// <summary>One release result of a lot.</summary>
/// <param name="Code">The test (or alternative) code.</param>
/// <param name="Value">Numeric result, or null for a text result.</param>
/// <param name="Text">Text result ("no growth"), or null.</param>
/// <param name="Unit">UCUM unit of a numeric result.</param>
/// <param name="At">When the result was issued.</param>
public sealed record ReleaseResult(string Code, double? Value, string? Text, string? Unit, DateTimeOffset At);

/// <summary>How a test came out.</summary>
public enum VerdictStatus
{
    /// <summary>Within its limits.</summary>
    Pass,

    /// <summary>Outside its limits, or not comparable (wrong unit, text where a number is due).</summary>
    Fail,

    /// <summary>No result.</summary>
    Missing,
}

/// <summary>One test's verdict.</summary>
/// <param name="Test">The test.</param>
/// <param name="Result">The result used, if any.</param>
/// <param name="Status">Pass, fail or missing.</param>
/// <param name="Reason">Why, with the numbers.</param>
public sealed record TestVerdict(ReleaseTest Test, ReleaseResult? Result, VerdictStatus Status, string Reason);

/// <summary>
/// The release decision for a lot: the lot meets its specification when the specification is approved (or built in) and every
/// mandatory test passed (every failing or missing test listed); it is released only when, in addition, the qualified person signed
/// its release and that signature still holds (the lot's content unchanged since). A lot never releases itself.
/// </summary>
/// <param name="LotId">Lot.</param>
/// <param name="Specification">Specification id and version.</param>
/// <param name="SpecificationStatus">How the specification came to be held: a legacy one releases nothing.</param>
/// <param name="Verdicts">Every test's verdict, in specification order.</param>
public sealed record ReleaseDecision(string LotId, string Specification, SpecificationStatus SpecificationStatus, ImmutableArray<TestVerdict> Verdicts)
{
    /// <summary>
    /// The qualified person's release signature of the lot (the newest valid one, else the newest), checked against the lot as stored;
    /// null when none was made.
    /// </summary>
    public Signatures.CheckedSignature? ReleaseSignature { get; init; }

    /// <summary>True when the specification is approved or built in and every mandatory test passed: the lot may be signed for release.</summary>
    public bool MeetsSpecification => SpecificationStatus != SpecificationStatus.Legacy && Verdicts.Where(v => v.Test.Mandatory).All(v => v.Status == VerdictStatus.Pass);

    /// <summary>True when the lot meets its specification and its release is signed by the qualified person with a signature that still holds.</summary>
    public bool Released => MeetsSpecification && ReleaseSignature is { IsValid: true, Signature: { Meaning: Signatures.SignatureMeaning.Release, PatientId: null } signature }
        && signature.RecordId == LotId;

    /// <summary>Mandatory tests that failed or are missing: what blocks release.</summary>
    public ImmutableArray<TestVerdict> Blocking => [.. Verdicts.Where(v => v.Test.Mandatory && v.Status != VerdictStatus.Pass)];

    /// <summary>Informative tests out of specification or missing (reported, not blocking).</summary>
    public ImmutableArray<TestVerdict> Notes => [.. Verdicts.Where(v => !v.Test.Mandatory && v.Status != VerdictStatus.Pass)];

    /// <summary>Why the lot is not released, in one sentence (every reason), or null when it is.</summary>
    public string? Refusal => Released ? null : string.Join("; ", Reasons());

    /// <summary>Why the lot does not meet its specification, in one sentence, or null when it does.</summary>
    public string? SpecificationRefusal => MeetsSpecification ? null : string.Join("; ", Reasons().Take(Blocking.Length + (SpecificationStatus == SpecificationStatus.Legacy ? 1 : 0)));

    private IEnumerable<string> Reasons()
    {
        if (SpecificationStatus == SpecificationStatus.Legacy)
        {
            yield return $"specification {Specification} is legacy (carried in a lot file before specifications were approved master data) and releases nothing";
        }

        foreach (var b in Blocking)
        {
            yield return $"{b.Test.Code} {b.Status.ToString().ToLowerInvariant()} ({b.Reason})";
        }

        if (ReleaseSignature is { IsValid: false } invalid)
        {
            yield return $"the release signature ({invalid.Signature.Manifestation}) is no longer valid: the lot changed after it was signed";
        }
        else if (ReleaseSignature is null)
        {
            yield return "not signed for release by a qualified person (stroma sign --kind lot --meaning release)";
        }
    }
}

/// <summary>Stable issue codes for release results checked against their specification when a lot is imported.</summary>
public static class ReleaseIssues
{
    /// <summary>A result whose code is no test (nor alternative) of the specification (warning: it is kept, and judges nothing).</summary>
    public const string UnknownTest = "REL001";

    /// <summary>A numeric result in a unit other than the test's, or in no unit Stroma knows (error: units are never converted).</summary>
    public const string WrongUnit = "REL002";

    /// <summary>A unit written in another spelling of the test's UCUM code, stored as that code (warning).</summary>
    public const string UnitNormalised = "REL003";

    /// <summary>A text result for a numeric test, a number for a text test, or a number that is not finite (error).</summary>
    public const string WrongKind = "REL004";

    /// <summary>A result dated before its lot was made or in the future (error).</summary>
    public const string OutsideLotLife = "REL005";
}

/// <summary>Judges a lot's results against a specification.</summary>
public static class Release
{
    /// <summary>
    /// Checks results against the specification when they are entered, so that nothing is accepted and then fails later: a numeric
    /// result's unit must be the test's UCUM code (another spelling of it, such as <c>EU/mL</c> or <c>ml</c>, is stored as the code
    /// with a warning); a text test needs text and a numeric test a finite number; a code of no test is kept with a warning.
    /// <paramref name="where"/> gives the location of result i. The value is the results as they are to be stored.
    /// </summary>
    public static ReadResult<ImmutableArray<ReleaseResult>> CheckResults(ReleaseSpecification specification, IReadOnlyList<ReleaseResult> results, Func<int, string> where)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(where);
        var issues = new List<Issue>();
        var checkedResults = ImmutableArray.CreateBuilder<ReleaseResult>(results.Count);
        foreach (var (result, i) in results.Select((r, i) => (r, i)))
        {
            var test = specification.Tests.FirstOrDefault(t => t.Alternatives.Prepend(t.Code).Contains(result.Code, StringComparer.OrdinalIgnoreCase));
            var stored = result;
            if (test is null)
            {
                issues.Add(Issue.Warning(ReleaseIssues.UnknownTest, where(i) + ".code",
                    $"Expected a test of {specification.Id} v{specification.Version} ({string.Join(", ", specification.Tests.SelectMany(t => t.Alternatives.Prepend(t.Code)))}); '{result.Code}' is none: kept, judging nothing."));
            }
            else if (test.Comparator == Comparator.Is)
            {
                if (result.Text is null)
                {
                    issues.Add(Issue.Error(ReleaseIssues.WrongKind, where(i), $"Expected a text result for {test.Code} ({test.Criterion}); found the number {Number(result.Value)}."));
                }
            }
            else if (result.Value is not { } value || !double.IsFinite(value))
            {
                issues.Add(Issue.Error(ReleaseIssues.WrongKind, where(i), $"Expected a finite number in {test.Unit} for {test.Code} ({test.Criterion}); found {(result.Text is null ? Number(result.Value) : $"the text '{result.Text}'")}."));
            }
            else
            {
                var (code, match) = ReleaseUnits.Normalise(result.Unit);
                if (code != test.Unit)
                {
                    var found = code is null ? $"'{result.Unit}', which is no UCUM unit Stroma knows ({ReleaseUnits.Accepted})" : $"'{result.Unit}' ({code}): units are not converted";
                    issues.Add(Issue.Error(ReleaseIssues.WrongUnit, where(i) + ".unit", $"Expected {test.Unit}, the unit of {test.Code} in {specification.Id} v{specification.Version}; found {found}."));
                }
                else if (match == UnitMatch.Normalised)
                {
                    issues.Add(Issue.Warning(ReleaseIssues.UnitNormalised, where(i) + ".unit", $"Read '{result.Unit}' as the UCUM code {code}, the unit of {test.Code}; stored as {code}."));
                    stored = result with { Unit = code };
                }
            }

            checkedResults.Add(stored);
        }

        return issues.Any(i => i.Severity == Severity.Error) ? ReadResult.Failed<ImmutableArray<ReleaseResult>>(issues) : ReadResult.Of(checkedResults.MoveToImmutable(), issues);
    }

    /// <summary>
    /// Every test is judged on its newest result (by time) among its code and alternatives; a numeric result in another unit than
    /// the test's fails as not comparable — a unit is never converted by guess (another spelling of the same UCUM code, such as
    /// <c>EU/mL</c> for <c>[EU]/mL</c>, is the same unit). A legacy specification releases nothing.
    /// </summary>
    public static ReleaseDecision Decide(string lotId, ReleaseSpecification specification, IEnumerable<ReleaseResult> results, SpecificationStatus status)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(results);
        var all = results.ToList();
        return new ReleaseDecision(lotId, $"{specification.Id} v{specification.Version}", status, [.. specification.Tests.Select(test =>
        {
            var codes = test.Alternatives.Prepend(test.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var result = all.Where(r => codes.Contains(r.Code)).MaxBy(r => r.At);
            return result is null ? new TestVerdict(test, null, VerdictStatus.Missing, $"no result for {string.Join(" or ", codes)}") : Judge(test, result);
        })]);
    }

    private static TestVerdict Judge(ReleaseTest test, ReleaseResult result)
    {
        if (test.Comparator == Comparator.Is)
        {
            var ok = string.Equals(result.Text?.Trim(), test.Expected, StringComparison.OrdinalIgnoreCase);
            return new TestVerdict(test, result, ok ? VerdictStatus.Pass : VerdictStatus.Fail, $"expected '{test.Expected}', found '{result.Text ?? Number(result.Value)}'");
        }

        if (result.Value is not { } v || !double.IsFinite(v))
        {
            return new TestVerdict(test, result, VerdictStatus.Fail, $"expected a number in {test.Unit}, found '{result.Text}'");
        }

        var (unit, match) = ReleaseUnits.Normalise(result.Unit);
        if (!string.Equals(unit, test.Unit, StringComparison.Ordinal))
        {
            return new TestVerdict(test, result, VerdictStatus.Fail, $"expected a result in {test.Unit}, found {Number(v)} {result.Unit} (not converted)");
        }

        var pass = test.Comparator switch
        {
            Comparator.AtLeast => v >= test.Lower,
            Comparator.GreaterThan => v > test.Lower,
            Comparator.AtMost => v <= test.Upper,
            Comparator.LessThan => v < test.Upper,
            Comparator.Between => v >= test.Lower && v <= test.Upper,
            _ => false,
        };
        // The spelling as written is named only where it reads differently from the unit shown ("EU/ml" beside EU/mL, not "EU/mL").
        var written = match == UnitMatch.Normalised && ClinicalFormat.Unit(result.Unit!) != ClinicalFormat.Unit(unit!) ? $" (written {result.Unit})" : string.Empty;
        return new TestVerdict(test, result, pass ? VerdictStatus.Pass : VerdictStatus.Fail,
            $"{ClinicalFormat.Quantity(v, test.Unit ?? string.Empty, 6)}{written} against {test.ReadableCriterion()}");
    }

    private static string Number(double? v) => v?.ToString("G6", CultureInfo.InvariantCulture) ?? "nothing";
}
