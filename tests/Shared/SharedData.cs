namespace Stroma.Tests;

/// <summary>
/// The shared public data files (../shared/data beside the repository, or STROMA_TESTDATA), linked into every test project. Tests
/// that need them skip with a stated reason when the folder is absent, unless STROMA_REQUIRE_TESTDATA=1 (set by .ci/run) makes that
/// a failure.
/// </summary>
internal static class SharedData
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("STROMA_TESTDATA") is { Length: > 0 } configured ? configured : FromRepository();
            if (folder is not null && Directory.Exists(folder))
            {
                return folder;
            }

            if (Environment.GetEnvironmentVariable("STROMA_REQUIRE_TESTDATA") == "1")
            {
                Assert.Fail($"STROMA_REQUIRE_TESTDATA=1 but the shared data folder was not found (STROMA_TESTDATA or ../shared/data; looked at '{folder}').");
            }

            Assert.Skip($"Shared test data not found (set STROMA_TESTDATA or place shared/ beside the repository; looked at '{folder}').");
            return string.Empty;
        }
    }

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    private static string? FromRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stroma.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        return null;
    }
}
