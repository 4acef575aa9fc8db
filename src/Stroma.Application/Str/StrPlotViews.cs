namespace Stroma.Application.Str;

/// <summary>One electropherogram written by <c>stroma str plot</c>.</summary>
/// <param name="Input">The ABIF file plotted (its name).</param>
/// <param name="Sample">The sample name the file gives.</param>
/// <param name="Svg">The SVG file written (full path).</param>
/// <param name="Sha256">The SVG's SHA-256 (lower-case hex).</param>
/// <param name="Alleles">How many called alleles it labels.</param>
/// <param name="Artefacts">How many filtered peaks it marks.</param>
public sealed record StrPlotFileView(string Input, string? Sample, string Svg, string Sha256, int Alleles, int Artefacts);

/// <summary>What <c>stroma str plot --json</c> prints: the kit, the ladder, and every SVG written.</summary>
/// <param name="Kit">The kit's name.</param>
/// <param name="Ladder">The ladder file the bins came from.</param>
/// <param name="Locus">The locus zoomed to, or null for the whole electropherogram.</param>
/// <param name="Files">The SVGs written, one per sample.</param>
public sealed record StrPlotsWrittenView(string Kit, string Ladder, string? Locus, IReadOnlyList<StrPlotFileView> Files);
