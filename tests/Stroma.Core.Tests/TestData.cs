namespace Stroma.Core.Tests;

/// <summary>The public test data (<see cref="SharedData"/>: the repository's tests/data, vendor files beside it), and the STR files in it.</summary>
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
