using System.Collections.Immutable;
using System.Text;

namespace Stroma.Core.Biomarkers;

/// <summary>
/// One name per analyte, wherever it comes from (an array kit's layout, an immunoassay's CSV, a CVi table, a curve fit): synonyms
/// (ICAM-1 = sICAM-1 = CD54, Serpin E1 = PAI-1, GROα = CXCL1 …) and spellings ("TNF-alpha", "TNF alpha", "tnf-α", "IL-1 RA")
/// resolve to the name Stroma uses, so that time courses from different sources meet and a CVi is found for each.
/// </summary>
/// <remarks>
/// Spellings are compared by a key: lower case, Greek letters spelled out in Latin read as the letter (alpha → α, beta → β,
/// gamma → γ, delta → δ, kappa → κ), and spaces, hyphens, underscores and dots ignored. Abbreviations that are not spellings
/// ("TNF-a", "CXCL8") are listed as synonyms. A name that matches nothing is kept as given (trimmed): never guessed.
/// </remarks>
public static class AnalyteNames
{
    /// <summary>Synonyms → the name Stroma uses. Data: extend it, never hard-code a name elsewhere.</summary>
    public static ImmutableDictionary<string, string> Synonyms { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["sICAM-1"] = "ICAM-1", ["CD54"] = "ICAM-1", ["sTREM-1"] = "TREM-1", ["PAI-1"] = "Serpin E1", ["Serpin E1/PAI-1"] = "Serpin E1",
        ["CXCL1"] = "GROα", ["GROa"] = "GROα", ["CXCL8"] = "IL-8", ["CCL2"] = "MCP-1", ["CCL5"] = "RANTES",
        ["CXCL10"] = "IP-10", ["CXCL12"] = "SDF-1", ["TNF-a"] = "TNF-α", ["TNFa"] = "TNF-α", ["TNF-b"] = "TNF-β", ["IFN-g"] = "IFN-γ",
        ["IL-1b"] = "IL-1β", ["IL-1a"] = "IL-1α", ["MIP-1a"] = "MIP-1α", ["MIP-1b"] = "MIP-1β", ["CD40 Ligand"] = "sCD40L", ["CD40L"] = "sCD40L",
        ["CCL3"] = "MIP-1α", ["CCL4"] = "MIP-1β", ["IL-1RA"] = "IL-1ra",
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names Stroma uses that are not the target of a synonym (so that their other spellings resolve to them).</summary>
    public static ImmutableArray<string> Names { get; } =
    [
        "IL-6", "IL-8", "IL-10", "IL-2", "IL-4", "IL-17", "IFN-γ", "TNF-α", "TNF-β", "IL-1α", "IL-1β", "IL-1ra", "MIP-1α", "MIP-1β", "RANTES", "sCD40L",
        "MCP-1", "IP-10", "GROα", "Serpin E1", "ICAM-1", "VCAM-1", "TREM-1", "SDF-1", "suPAR", "sTNFR1",
    ];

    private static readonly (string Latin, string Greek)[] Greek = [("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("kappa", "κ")];

    // Key → name: the synonyms' own spellings, then the names (a name's key never overrides a synonym's).
    private static readonly ImmutableDictionary<string, string> ByKey = BuildKeys();

    /// <summary>The name Stroma uses for <paramref name="name"/>, or <paramref name="name"/> trimmed when it matches none.</summary>
    public static string Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return Synonyms.TryGetValue(trimmed, out var synonym) ? synonym : ByKey.TryGetValue(Key(trimmed), out var known) ? known : trimmed;
    }

    /// <summary>The comparison key of a spelling (see remarks): "TNF-alpha" and "tnf α" share "tnfα".</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.Trim().ToLowerInvariant();
        foreach (var (latin, greek) in Greek)
        {
            lower = lower.Replace(latin, greek, StringComparison.Ordinal);
        }

        var key = new StringBuilder(lower.Length);
        foreach (var c in lower.Where(c => c is not (' ' or '-' or '_' or '.')))
        {
            key.Append(c);
        }

        return key.ToString();
    }

    private static ImmutableDictionary<string, string> BuildKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (synonym, target) in Synonyms)
        {
            keys.TryAdd(Key(synonym), target);
        }

        foreach (var target in Synonyms.Values.Concat(Names))
        {
            keys.TryAdd(Key(target), target);
        }

        return keys.ToImmutableDictionary(StringComparer.Ordinal);
    }
}
