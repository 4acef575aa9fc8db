namespace Stroma.Tests;

/// <summary>
/// The public test files, linked into every test project. Paths are relative to the data folder (<c>str/…</c>,
/// <c>proteome/…</c>), and the rules are:
/// <list type="number">
/// <item>A file in the repository's <c>tests/data</c> (public, with its source, commit and licence in
/// <c>tests/data/PROVENANCE.md</c>) is read from there and never skips.</item>
/// <item>A vendor file (under <see cref="VendorFolders"/>: redistribution terms not stated, so not in the repository) is read
/// from <c>STROMA_TESTDATA</c>, else <c>../shared/data</c> beside the repository. When it is absent the test skips with the
/// reason, and fails instead under <c>STROMA_REQUIRE_TESTDATA=1</c> (set by <c>.ci/run</c>).</item>
/// <item>Any other file missing from <c>tests/data</c> is a failure everywhere: a fresh clone must run every test that does
/// not need a vendor file, so copy it into <c>tests/data</c> with its provenance.</item>
/// </list>
/// </summary>
internal static class SharedData
{
    /// <summary>Folders of vendor files kept out of the repository (GeneMapper Panels/Bins exports, see tests/data/PROVENANCE.md).</summary>
    public static readonly IReadOnlyList<string> VendorFolders = ["str/kits/genemapper/"];

    private static readonly Lazy<string> Repository = new(FindRepository);

    /// <summary>The repository's root folder (the one holding Stroma.slnx).</summary>
    public static string RepositoryRoot => Repository.Value;

    /// <summary>The repository's <c>tests/data</c>: every public file the tests read.</summary>
    public static string Folder => Path.Combine(Repository.Value, "tests", "data");

    /// <summary>Where vendor files are looked for: <c>STROMA_TESTDATA</c>, else <c>../shared/data</c> beside the repository.</summary>
    public static string ExternalFolder =>
        Environment.GetEnvironmentVariable("STROMA_TESTDATA") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(Repository.Value, "..", "shared", "data"));

    private static bool IsRequired => Environment.GetEnvironmentVariable("STROMA_REQUIRE_TESTDATA") == "1";

    public static string PathOf(string relative)
    {
        var normalized = relative.Replace('\\', '/');
        var inRepository = Path.Combine(Folder, normalized);
        if (File.Exists(inRepository))
        {
            return inRepository;
        }

        if (!IsVendorFile(normalized))
        {
            Assert.Fail($"Test data file '{normalized}' is not in tests/data: copy it there with its source, commit, SHA-256 and licence "
                + "in tests/data/PROVENANCE.md (only vendor files may live outside the repository).");
        }

        var external = Path.Combine(ExternalFolder, normalized);
        if (File.Exists(external))
        {
            return external;
        }

        var reason = $"Vendor test file '{normalized}' is not redistributed in tests/data and was not found at '{external}' "
            + "(set STROMA_TESTDATA or place shared/ beside the repository).";
        if (IsRequired)
        {
            Assert.Fail("STROMA_REQUIRE_TESTDATA=1: " + reason);
        }

        Assert.Skip(reason);
        return string.Empty;
    }

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static bool IsVendorFile(string relative) =>
        VendorFolders.Any(folder => relative.Replace('\\', '/').StartsWith(folder, StringComparison.Ordinal));

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stroma.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (the folder holding Stroma.slnx) is not above '{AppContext.BaseDirectory}'.");
    }
}
