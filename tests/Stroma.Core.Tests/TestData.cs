namespace Stroma.Core.Tests;

/// <summary>The shared public data (<see cref="SharedData"/>), and the STR files in it.</summary>
internal static class TestData
{
    public static string Folder => SharedData.Folder;

    public static string PathOf(string relative) => SharedData.PathOf(relative);

    public static byte[] Bytes(string relative) => SharedData.Bytes(relative);

    public static IEnumerable<string> StrFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(folder, "str"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".fsa", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".hid", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
}
