using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>
/// One published eGFR equation as data: its id, family, citation, what it needs, the ages for which it is defined (outside them it
/// is an error) and the population it was validated in (outside it, a warning). <see cref="Evaluate"/> checks all of this and
/// computes the estimate; the formula itself lives in the static class named after the paper.
/// </summary>
public sealed class EgfrEquation
{
    private readonly Func<EgfrInputs, double> _formula;
    private readonly Func<EgfrInputs, IEnumerable<Issue>> _inputChecks;

    internal EgfrEquation(
        string id,
        string family,
        EgfrMarker marker,
        bool needsHeight,
        (double Min, double Max) definedAges,
        (double Min, double Max) validatedAges,
        string citation,
        string? loinc,
        Func<EgfrInputs, double> formula,
        Func<EgfrInputs, IEnumerable<Issue>>? inputChecks = null,
        bool usesSex = true)
    {
        UsesSex = usesSex;
        Id = id;
        Family = family;
        Marker = marker;
        NeedsHeight = needsHeight;
        DefinedAges = definedAges;
        ValidatedAges = validatedAges;
        Citation = citation;
        Loinc = loinc;
        _formula = formula;
        _inputChecks = inputChecks ?? (_ => []);
    }

    /// <summary>The equation id used by the CLI, storage and reports (for example <c>ckd_epi_cr_2021</c>).</summary>
    public string Id { get; }

    /// <summary>The family (<c>schwartz</c>, <c>ckid_u25</c>, <c>ckd_epi</c>, <c>ekfc</c>, <c>fas</c>); a series should stay in one.</summary>
    public string Family { get; }

    /// <summary>The markers used.</summary>
    public EgfrMarker Marker { get; }

    /// <summary>Whether the equation needs height.</summary>
    public bool NeedsHeight { get; }

    /// <summary>Whether the equation has a sex term (bedside Schwartz, EKFC cystatin C and FAS cystatin C have none).</summary>
    public bool UsesSex { get; }

    /// <summary>Whether the equation needs creatinine.</summary>
    public bool NeedsCreatinine => Marker != EgfrMarker.CystatinC;

    /// <summary>Whether the equation needs cystatin C.</summary>
    public bool NeedsCystatinC => Marker != EgfrMarker.Creatinine;

    /// <summary>Ages (decimal years, inclusive) for which the equation is defined; outside them it cannot be computed.</summary>
    public (double Min, double Max) DefinedAges { get; }

    /// <summary>Ages (decimal years, inclusive) of the population the equation was developed or validated in.</summary>
    public (double Min, double Max) ValidatedAges { get; }

    /// <summary>The publication.</summary>
    public string Citation { get; }

    /// <summary>The equation-specific LOINC code, where one exists (research/renal.md §5).</summary>
    public string? Loinc { get; }

    /// <summary>Checks the inputs and computes the estimate: the result with warnings, or every error (missing inputs, age outside the domain).</summary>
    public ReadResult<EgfrResult> Evaluate(EgfrInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var issues = new List<Issue>();
        var age = inputs.Age.Years;
        if (NeedsCreatinine && inputs.Creatinine is null)
        {
            issues.Add(Issue.Error(EgfrIssues.MissingInput, "creatinine", $"{Id} needs serum creatinine; none was given."));
        }

        if (NeedsCystatinC && inputs.CystatinC is null)
        {
            issues.Add(Issue.Error(EgfrIssues.MissingInput, "cystatin", $"{Id} needs serum cystatin C; none was given."));
        }

        if (UsesSex && inputs.Sex is null)
        {
            issues.Add(Issue.Error(EgfrIssues.MissingInput, "sex", $"{Id} has a sex term and needs the sex (F or M); none was given."));
        }

        if (NeedsHeight && inputs.Height is null)
        {
            issues.Add(Issue.Error(EgfrIssues.MissingInput, "height", $"{Id} needs the current height; none was given."));
        }

        if (age < DefinedAges.Min || age > DefinedAges.Max)
        {
            issues.Add(Issue.Error(EgfrIssues.AgeOutsideDomain, "age",
                $"{Id} is defined for ages {DefinedAges.Min}-{DefinedAges.Max} years; found {age:0.###}."));
        }

        if (issues.Count > 0)
        {
            return ReadResult.Failed<EgfrResult>(issues);
        }

        if (age < ValidatedAges.Min || age > ValidatedAges.Max)
        {
            issues.Add(Issue.Warning(EgfrIssues.OutsideValidatedPopulation, "age",
                $"{Id} was developed and validated in ages {ValidatedAges.Min}-{ValidatedAges.Max} years; the patient is {age:0.###}."));
        }

        issues.AddRange(_inputChecks(inputs));
        issues.AddRange(UnusedInputs(inputs));
        var egfr = Egfr.FromMlPerMinPer173M2(_formula(inputs));
        return ReadResult.Of<EgfrResult>(new EgfrResult(Id, egfr, inputs, issues), issues);
    }

    /// <summary>Like <see cref="Evaluate"/> for inputs our own code supplies: a missing input or an age outside the domain is misuse.</summary>
    /// <exception cref="ArgumentException">The inputs do not allow this equation.</exception>
    public EgfrResult Compute(EgfrInputs inputs)
    {
        var result = Evaluate(inputs);
        return result.HasErrors || result.Value is null
            ? throw new ArgumentException(string.Join(" ", result.Issues.Select(i => i.Message)), nameof(inputs))
            : result.Value;
    }

    /// <inheritdoc/>
    public override string ToString() => Id;

    private IEnumerable<Issue> UnusedInputs(EgfrInputs inputs)
    {
        if (!NeedsHeight && inputs.Height is not null)
        {
            yield return new Issue(EgfrIssues.UnusedInput, Severity.Information, $"{Id} does not use height; it was ignored.", "height");
        }

        if (!NeedsCreatinine && inputs.Creatinine is not null)
        {
            yield return new Issue(EgfrIssues.UnusedInput, Severity.Information, $"{Id} does not use creatinine; it was ignored.", "creatinine");
        }

        if (!NeedsCystatinC && inputs.CystatinC is not null)
        {
            yield return new Issue(EgfrIssues.UnusedInput, Severity.Information, $"{Id} does not use cystatin C; it was ignored.", "cystatin");
        }
    }
}
