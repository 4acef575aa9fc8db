using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>An eGFR with everything needed to trace it: the equation id and version, the inputs, and any warnings.</summary>
/// <param name="Equation">The equation id (for example <c>ckid_u25_cr_2021</c>).</param>
/// <param name="Egfr">The estimate, unrounded.</param>
/// <param name="Inputs">The inputs the estimate was computed from.</param>
/// <param name="Warnings">Warnings and notes (outside the validated population, unusual inputs, unused inputs).</param>
public sealed record EgfrResult(string Equation, Egfr Egfr, EgfrInputs Inputs, IReadOnlyList<Issue> Warnings)
{
    /// <summary>The version of Stroma's implementation of the equations; bump when a computation changes.</summary>
    public const string ImplementationVersion = "1";

    /// <summary>The implementation version that produced this result.</summary>
    public string Version { get; init; } = ImplementationVersion;

    /// <summary>The KDIGO GFR category of the estimate.</summary>
    public GfrCategory Category => KdigoCategories.Kdigo2012.GfrCategoryOf(Egfr);
}
