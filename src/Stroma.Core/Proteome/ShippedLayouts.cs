using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Stroma.Core.Proteome;

/// <summary>
/// The kit layouts shipped inside Stroma (embedded in this assembly, so a fresh install finds them by name): proMAD's kit files for
/// R&amp;D Systems Proteome Profiler ARY007 (human angiogenesis), ARY015 (mouse angiogenesis), ARY022B (human XL cytokine) and ARY028
/// (mouse XL cytokine), each a transcription of the kit's datasheet map with its printed blocks (Proteome/Kits/PROVENANCE.md).
/// </summary>
public static class ShippedLayouts
{
    private static readonly ConcurrentDictionary<string, ArrayLayout> Cache = new(StringComparer.Ordinal);

    /// <summary>The shipped kits' ids.</summary>
    public static ImmutableArray<string> Names { get; } = ["ARY007", "ARY015", "ARY022B", "ARY028"];

    /// <summary>The shipped layout of a kit (case-insensitive id), or null when none is shipped.</summary>
    public static ArrayLayout? Find(string kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var name = Names.FirstOrDefault(n => string.Equals(n, kit.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is null ? null : Cache.GetOrAdd(name, Load);
    }

    /// <summary>
    /// The shipped kits other than <paramref name="layout"/>'s own that are printed on the same grid: the same rows and columns at the
    /// same printed positions, with the reference spots in the same places. The fit of a membrane image cannot tell such kits apart
    /// (ARY022B, human, and ARY028, mouse, are one such pair), so quantifying with either must say so.
    /// </summary>
    public static ImmutableArray<string> OnTheSameGrid(ArrayLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return [.. Names.Where(n => !string.Equals(n, layout.Kit, StringComparison.OrdinalIgnoreCase) && SameGrid(Find(n)!, layout))];
    }

    private static bool SameGrid(ArrayLayout a, ArrayLayout b)
    {
        static bool Same(ImmutableArray<double> x, ImmutableArray<double> y) => x.Length == y.Length && x.Zip(y).All(p => Math.Abs(p.First - p.Second) < 1e-6);
        static HashSet<(int, int)> References(ArrayLayout l) => [.. l.Spots.Where(s => s.Role == SpotRole.Reference).Select(s => (s.Row, s.Column))];
        return a.Rows == b.Rows && a.Columns == b.Columns && Same(a.ColumnPositions, b.ColumnPositions) && Same(a.RowPositions, b.RowPositions)
            && References(a).SetEquals(References(b));
    }

    private static ArrayLayout Load(string name)
    {
        using var stream = typeof(ShippedLayouts).Assembly.GetManifestResourceStream($"Stroma.Core.Proteome.Kits.{name}.json")
            ?? throw new InvalidOperationException($"The shipped layout {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        // A shipped file that does not read is a build defect, not bad user input.
        return ProMadKits.Read(copy.ToArray(), $"{name}.json").Value ?? throw new InvalidOperationException($"The shipped layout {name} does not read.");
    }
}
