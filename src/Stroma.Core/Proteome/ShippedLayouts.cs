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
