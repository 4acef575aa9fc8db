using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>A UPCR cut-point with its boundary made explicit, so "&lt; 1.5" and "≤ 1.5" are different, named choices.</summary>
/// <param name="MgPerMg">The cut-point in mg/mg (= g/g).</param>
/// <param name="Inclusive">Whether a value equal to the cut-point counts as on the lower side.</param>
public readonly record struct UpcrThreshold(double MgPerMg, bool Inclusive)
{
    /// <summary>"Below" the threshold: &lt; (exclusive) or ≤ (inclusive).</summary>
    public bool IsBelow(Upcr value) => Inclusive ? value.MgPerMg <= MgPerMg : value.MgPerMg < MgPerMg;

    /// <summary>The threshold as text, for example <c>&lt; 5 mg/mg</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{(Inclusive ? "<=" : "<")} {MgPerMg:G6} mg/mg");
}
