using System.Collections.Immutable;

namespace Stroma.Core.Electrophoresis;

/// <summary>
/// An internal lane (size) standard: the fragments used for sizing, in base pairs, and those matched but left out of the fit
/// because they migrate anomalously (GS500's 250). Fragment lists: shared kits/size_standards.tsv (OSIRIS ILSAndLadderInfo.xml and
/// vendor literature).
/// </summary>
/// <param name="Id">Id (for example <c>GS600LIZv2</c>).</param>
/// <param name="Fragments">Fragments in the sizing range, ascending.</param>
/// <param name="ExcludedFromFit">Fragments matched but not used to size.</param>
public sealed record SizeStandard(string Id, ImmutableArray<double> Fragments, ImmutableArray<double> ExcludedFromFit)
{
    /// <summary>GeneScan 500 LIZ, 75–500 bp as OSIRIS uses it (35 and 50 are usually lost in the primer front); 250 excluded from the fit.</summary>
    public static SizeStandard Gs500Liz { get; } = new("GS500LIZ", [75, 100, 139, 150, 160, 200, 250, 300, 340, 350, 400, 450, 490, 500], [250]);

    /// <summary>GeneScan 600 LIZ v2.0, the usual 60–600 bp range (34 fragments).</summary>
    public static SizeStandard Gs600LizV2 { get; } = new("GS600LIZv2",
        [60, 80, 100, 114, 120, 140, 160, 180, 200, 214, 220, 240, 250, 260, 280, 300, 314, 320, 340, 360, 380, 400, 414, 420, 440, 460, 480, 500, 514, 520, 540, 560, 580, 600], []);

    /// <summary>Promega ILS 600 (PowerPlex 16/18D/21), 60–600 bp.</summary>
    public static SizeStandard Ils600 { get; } = new("ILS600",
        [60, 80, 100, 120, 140, 160, 180, 200, 225, 250, 275, 300, 325, 350, 375, 400, 425, 450, 475, 500, 550, 600], []);

    /// <summary>Promega CC5 ILS 500 (PowerPlex Fusion 5C), 60–500 bp.</summary>
    public static SizeStandard Cc5Ils500 { get; } = new("CC5ILS500",
        [60, 65, 80, 100, 120, 140, 160, 180, 200, 225, 250, 275, 300, 325, 350, 375, 400, 425, 450, 475, 500], []);

    /// <summary>The built-in standards.</summary>
    public static ImmutableArray<SizeStandard> All { get; } = [Gs500Liz, Gs600LizV2, Ils600, Cc5Ils500];

    /// <summary>
    /// The names of the standard's dye as instruments write it in <c>DyeN</c> (LIZ; Promega's CXR appears as ROX in 4-dye sets; CC5).
    /// </summary>
    public ImmutableArray<string> DyeNames => Id switch
    {
        "ILS600" => ["CXR", "ROX"],
        "CC5ILS500" => ["CC5", "Orange"],
        _ => ["LIZ"],
    };

    /// <summary>
    /// The built-in standard an OSIRIS lane-standard name refers to (kit files list them as <c>LSName</c> or <c>ILSName</c>; research/str.md
    /// §2.1): ABI-LIZ-600-… and ABI-LIZ500/450/400/350/-LESS… are GS600 LIZ and GS500 LIZ cut to a range; Promega-ILS-… (400 to 600)
    /// and RapidCXR… are ILS 600; Promega-ILS-CC5-… is CC5 ILS 500. Null for standards not built in (WEN, BV, SGSize …).
    /// </summary>
    public static SizeStandard? FromOsirisName(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null => null,
        var s when s.StartsWith("ABI-LIZ-600", StringComparison.Ordinal) => Gs600LizV2,
        var s when s.StartsWith("ABI-LIZ-1200", StringComparison.Ordinal) || s.StartsWith("ABI-LIZ1200", StringComparison.Ordinal) => null,
        var s when s.StartsWith("ABI-LIZ", StringComparison.Ordinal) => Gs500Liz,
        var s when s.StartsWith("PROMEGA-ILS-CC5", StringComparison.Ordinal) => Cc5Ils500,
        var s when s.StartsWith("PROMEGA-ILS-WEN", StringComparison.Ordinal) => null,
        var s when s.StartsWith("PROMEGA-ILS-", StringComparison.Ordinal) || s.StartsWith("RAPIDCXR", StringComparison.Ordinal) => Ils600,
        _ => null,
    };

    /// <summary>The standard an ABIF <c>StdF</c> name refers to, or null when the name is unknown or absent.</summary>
    public static SizeStandard? FromFileName(string? stdF) => stdF?.ToUpperInvariant() switch
    {
        null => null,
        var s when s.Contains("GS600", StringComparison.Ordinal) || s.Contains("600LIZ", StringComparison.Ordinal) => Gs600LizV2,
        var s when s.Contains("500", StringComparison.Ordinal) && s.Contains("LIZ", StringComparison.Ordinal) => Gs500Liz,
        var s when s.Contains("CC5", StringComparison.Ordinal) => Cc5Ils500,
        var s when s.Contains("ILS600", StringComparison.Ordinal) || s.Contains("ILS 600", StringComparison.Ordinal) => Ils600,
        _ => null,
    };
}
