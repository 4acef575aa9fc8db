using System.Collections.Immutable;
using System.Globalization;

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

    private static string Inv(FormattableString text) => FormattableString.Invariant(text).TrimEnd();
}

/// <summary>A product's release specification, versioned: a lot is judged against the version in force.</summary>
/// <param name="Id">Specification id.</param>
/// <param name="Version">Version.</param>
/// <param name="Product">Product it applies to.</param>
/// <param name="Tests">Its tests.</param>
public sealed record ReleaseSpecification(string Id, string Version, string Product, ImmutableArray<ReleaseTest> Tests)
{
    /// <summary>
    /// An example bone-marrow MSC specification built on the ISCT minimal criteria (Dominici et al., Cytotherapy 2006;8:315:
    /// ≥ 95 % CD105, CD73, CD90; ≤ 2 % CD45, CD34, CD14 or CD11b, CD79α or CD19, HLA-DR) and the published release examples of
    /// research/platform.md §3.3 (viability ≥ 70 %, sterility no growth, endotoxin, mycoplasma negative; karyotype and potency
    /// informative). A centre keeps its own specification as data; this one is for the demo and the tests.
    /// </summary>
    public static ReleaseSpecification IsctBoneMarrowMsc { get; } = new("bm-msc-isct", "1", "Bone-marrow MSC, allogeneic", [
        new("viability", "Viability", "7-AAD flow cytometry", "%", Comparator.AtLeast, 70, null, null, true),
        new("viable_cells", "Viable cells in the lot", "Automated count", "{cells}", Comparator.AtLeast, 1e8, null, null, true),
        new("CD73", "CD73 positive", "Flow cytometry", "%", Comparator.AtLeast, 95, null, null, true),
        new("CD90", "CD90 positive", "Flow cytometry", "%", Comparator.AtLeast, 95, null, null, true),
        new("CD105", "CD105 positive", "Flow cytometry", "%", Comparator.AtLeast, 95, null, null, true),
        new("CD45", "CD45 positive", "Flow cytometry", "%", Comparator.AtMost, null, 2, null, true),
        new("CD34", "CD34 positive", "Flow cytometry", "%", Comparator.AtMost, null, 2, null, true),
        new("CD14", "CD14 (or CD11b) positive", "Flow cytometry", "%", Comparator.AtMost, null, 2, null, true) { Alternatives = ["CD11b"] },
        new("CD79a", "CD79α (or CD19) positive", "Flow cytometry", "%", Comparator.AtMost, null, 2, null, true) { Alternatives = ["CD19"] },
        new("HLA-DR", "HLA-DR positive", "Flow cytometry", "%", Comparator.AtMost, null, 2, null, true),
        new("sterility", "Sterility", "BacT/ALERT aerobic and anaerobic, 7 days (Ph. Eur. 2.6.27)", null, Comparator.Is, null, null, "no growth", true),
        new("endotoxin", "Bacterial endotoxin", "LAL kinetic chromogenic (Ph. Eur. 2.6.14)", "[EU]/mL", Comparator.LessThan, null, 0.5, null, true),
        new("mycoplasma", "Mycoplasma", "NAT (Ph. Eur. 2.6.7)", null, Comparator.Is, null, null, "negative", true),
        new("karyotype", "Karyotype", "G-banding, 20 metaphases", null, Comparator.Is, null, null, "normal", false),
        new("potency", "Inhibition of PHA-stimulated PBMC proliferation", "Co-culture, 1:10", "%", Comparator.AtLeast, 20, null, null, false),
    ]);
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

/// <summary>The release decision for a lot: released only when every mandatory test passed; every failing or missing test listed.</summary>
/// <param name="LotId">Lot.</param>
/// <param name="Specification">Specification id and version.</param>
/// <param name="Verdicts">Every test's verdict, in specification order.</param>
public sealed record ReleaseDecision(string LotId, string Specification, ImmutableArray<TestVerdict> Verdicts)
{
    /// <summary>True when every mandatory test passed.</summary>
    public bool Released => Verdicts.Where(v => v.Test.Mandatory).All(v => v.Status == VerdictStatus.Pass);

    /// <summary>Mandatory tests that failed or are missing: what blocks release.</summary>
    public ImmutableArray<TestVerdict> Blocking => [.. Verdicts.Where(v => v.Test.Mandatory && v.Status != VerdictStatus.Pass)];

    /// <summary>Informative tests out of specification or missing (reported, not blocking).</summary>
    public ImmutableArray<TestVerdict> Notes => [.. Verdicts.Where(v => !v.Test.Mandatory && v.Status != VerdictStatus.Pass)];
}

/// <summary>Judges a lot's results against a specification.</summary>
public static class Release
{
    /// <summary>
    /// Every test is judged on its newest result (by time) among its code and alternatives; a numeric result in another unit than
    /// the test's fails as not comparable — a unit is never converted by guess.
    /// </summary>
    public static ReleaseDecision Decide(string lotId, ReleaseSpecification specification, IEnumerable<ReleaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(results);
        var all = results.ToList();
        return new ReleaseDecision(lotId, $"{specification.Id} v{specification.Version}", [.. specification.Tests.Select(test =>
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

        if (!string.Equals(result.Unit, test.Unit, StringComparison.Ordinal))
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
        return new TestVerdict(test, result, pass ? VerdictStatus.Pass : VerdictStatus.Fail,
            FormattableString.Invariant($"{Number(v)} {test.Unit} against {test.Criterion}"));
    }

    private static string Number(double? v) => v?.ToString("G6", CultureInfo.InvariantCulture) ?? "nothing";
}
