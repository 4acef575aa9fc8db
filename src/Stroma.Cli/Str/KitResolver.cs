using Stroma.Core.Diagnostics;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Cli.Str;

/// <summary>
/// Finds the kit <c>--kit</c> names: a kit file (OSIRIS <c>*_LadderInfo.xml</c>, or a GeneMapper Panels export with <c>--bins</c>),
/// the built-in synthetic kit, or a kit name looked up in the folders of STROMA_KITS (path-separated), where the lab keeps the kit
/// files it is licensed to use. Vendor kit definitions are not shipped with Stroma.
/// </summary>
internal static class KitResolver
{
    /// <summary>The kit could not be found or read (error).</summary>
    public const string UnknownKit = "KIT004";

    public static ReadResult<Kit> Resolve(string kit, FileInfo? bins)
    {
        if (string.Equals(kit, SyntheticKit.Name, StringComparison.OrdinalIgnoreCase))
        {
            return ReadResult.Of(SyntheticKit.Kit);
        }

        if (File.Exists(kit))
        {
            return ReadFile(new FileInfo(kit), bins);
        }

        var folders = (Environment.GetEnvironmentVariable("STROMA_KITS") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var candidates = folders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*_LadderInfo.xml")).Order(StringComparer.Ordinal).ToList();
        if (candidates.FirstOrDefault(c => string.Equals(Path.GetFileName(c), kit + "_LadderInfo.xml", StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return ReadFile(new FileInfo(found), null);
        }

        var known = candidates.Select(c => Path.GetFileName(c)[..^"_LadderInfo.xml".Length]).Prepend(SyntheticKit.Name);
        return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, "--kit",
            $"Expected a kit file or one of {string.Join(", ", known)} (kit files are found in the folders of STROMA_KITS); found '{kit}'.")]);
    }

    private static ReadResult<Kit> ReadFile(FileInfo file, FileInfo? bins)
    {
        if (file.Extension.Equals(".xml", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = file.OpenRead();
            return OsirisKitReader.Read(stream, file.Name);
        }

        if (bins is null || !bins.Exists)
        {
            return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, "--bins", $"A GeneMapper Panels file ({file.Name}) needs its Bins export; give --bins FILE.")]);
        }

        return GeneMapperKitReader.Read(File.ReadAllText(file.FullName), file.Name, File.ReadAllText(bins.FullName), bins.Name);
    }
}
