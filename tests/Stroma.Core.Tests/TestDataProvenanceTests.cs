using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Stroma.Core.Tests;

/// <summary>The repository's tests/data holds only public files, each listed in its PROVENANCE.md with its size and SHA-256.</summary>
public sealed partial class TestDataProvenanceTests
{
    private static readonly string[] NotData = ["PROVENANCE.md", ".gitattributes"];

    [Fact]
    public void Provenance_EveryFile_IsListedWithItsSizeAndHash()
    {
        var listed = Listed();
        var files = DataFiles();

        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            Assert.True(listed.TryGetValue(file, out var entry), $"{file} is not listed in tests/data/PROVENANCE.md");
            var bytes = File.ReadAllBytes(Path.Combine(SharedData.Folder, file));
            Assert.Equal(entry.Bytes, bytes.LongLength);
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        });
        Assert.Empty(listed.Keys.Except(files));
    }

    [Fact]
    public void Provenance_VendorFiles_AreNotInTheRepository() =>
        Assert.DoesNotContain(DataFiles(), SharedData.IsVendorFile);

    private static List<string> DataFiles() =>
        [.. Directory.EnumerateFiles(SharedData.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SharedData.Folder, f).Replace('\\', '/'))
            .Where(f => !NotData.Contains(f) && !f.StartsWith("LICENSES/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static Dictionary<string, (long Bytes, string Sha256)> Listed() =>
        File.ReadLines(Path.Combine(SharedData.Folder, "PROVENANCE.md"))
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["file"].Value, m => (long.Parse(m.Groups["bytes"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["sha"].Value));

    // | `file` | repository @ `commit` | `original path` | bytes | `sha256` | licence |
    [GeneratedRegex(@"^\| `(?<file>[^`]+)` \|[^|]+\|[^|]+\| (?<bytes>\d+) \| `(?<sha>[0-9a-f]{64})` \|")]
    private static partial Regex Row();
}
