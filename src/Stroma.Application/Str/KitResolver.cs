using Stroma.Core.Diagnostics;
using Stroma.Core.Simulation;
using Stroma.Core.Str;
using Stroma.Core.Text;

namespace Stroma.Application.Str;

/// <summary>
/// Finds the kit a user names: a kit file (OSIRIS <c>*_LadderInfo.xml</c>, or a GeneMapper Panels export with its Bins export),
/// the built-in synthetic kit, or a kit name looked up in the folders of STROMA_KITS (path-separated), where the lab keeps the kit
/// files it is licensed to use. Vendor kit definitions are not shipped with Stroma. The command line and the web app resolve kits
/// here, so a kit name means the same file in both.
/// </summary>
public static class KitResolver
{
    /// <summary>The kit could not be found or read (error).</summary>
    public const string UnknownKit = "KIT004";

    /// <summary>The environment variable naming the lab's kit folders (separated as PATH is).</summary>
    public const string KitFoldersVariable = "STROMA_KITS";

    private const string OsirisSuffix = "_LadderInfo.xml";

    /// <summary>
    /// The kit named by <paramref name="kit"/> (a file, the synthetic kit, or a name in the lab's kit folders), or KIT004 at
    /// <paramref name="location"/> (the option or form field the name came from).
    /// </summary>
    public static ReadResult<Kit> Resolve(string kit, FileInfo? bins, string location = "kit")
    {
        ArgumentNullException.ThrowIfNull(kit);
        if (string.Equals(kit, SyntheticKit.Name, StringComparison.OrdinalIgnoreCase))
        {
            return ReadResult.Of(SyntheticKit.Kit);
        }

        if (Locate(kit) is { } path)
        {
            return ReadFile(new FileInfo(path), path == kit ? bins : null, location);
        }

        if (FileNames.MeantAsFile(kit))
        {
            return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, location,
                $"Expected a kit file; '{kit}' {(Directory.Exists(kit) ? "is a folder" : "does not exist")} (or a kit name: {string.Join(", ", Available())}).")]);
        }

        return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, location,
            $"Expected a kit file or one of {string.Join(", ", Available())} (kit files are found in the folders of {KitFoldersVariable}); found '{kit}'.")]);
    }

    /// <summary>
    /// The SHA-256 of the kit file (and of the Bins export) that <see cref="Resolve"/> reads for <paramref name="kit"/>: both null
    /// for the built-in kit (its version is the software's), the bins' null for an OSIRIS kit.
    /// </summary>
    public static (string? Kit, string? Bins) Sha256Of(string kit, FileInfo? bins)
    {
        ArgumentNullException.ThrowIfNull(kit);
        if (string.Equals(kit, SyntheticKit.Name, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        var path = Locate(kit);
        return (path is null ? null : StrRecords.Sha256(File.ReadAllBytes(path)),
            path == kit && bins is { Exists: true } && !kit.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? StrRecords.Sha256(File.ReadAllBytes(bins.FullName)) : null);
    }

    // The file a kit name means, for Resolve and Sha256Of alike: the name itself when it is a file (then the Bins export given with
    // it belongs to it), else NAME_LadderInfo.xml in the lab's kit folders; null when neither (or for the built-in kit).
    private static string? Locate(string kit) => File.Exists(kit)
        ? kit
        : KitFiles().FirstOrDefault(c => string.Equals(Path.GetFileName(c), kit + OsirisSuffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kit names a user may choose by name: the built-in synthetic kit, then the kits of the lab's kit folders by name.</summary>
    public static IReadOnlyList<string> Available() =>
        [SyntheticKit.Name, .. KitFiles().Select(c => Path.GetFileName(c)[..^OsirisSuffix.Length]).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static List<string> KitFiles()
    {
        var folders = (Environment.GetEnvironmentVariable(KitFoldersVariable) ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return [.. folders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*" + OsirisSuffix)).Order(StringComparer.Ordinal)];
    }

    private static ReadResult<Kit> ReadFile(FileInfo file, FileInfo? bins, string location)
    {
        if (file.Extension.Equals(".xml", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = file.OpenRead();
            return OsirisKitReader.Read(stream, file.Name);
        }

        if (!file.Extension.Equals(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, location,
                $"Expected a kit file: an OSIRIS *{OsirisSuffix}, or a GeneMapper Panels export (.txt) with its Bins export; found '{file.Name}'.")]);
        }

        if (bins is null || !bins.Exists)
        {
            return ReadResult.Failed<Kit>([Issue.Error(UnknownKit, "bins", $"A GeneMapper Panels file ({file.Name}) needs its Bins export (on the command line: --bins FILE).")]);
        }

        return GeneMapperKitReader.Read(File.ReadAllText(file.FullName), file.Name, File.ReadAllText(bins.FullName), bins.Name);
    }
}
