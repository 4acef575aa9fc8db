namespace Stroma.Cli.Tests;

/// <summary>
/// Paths into the shared public data (../shared/data beside the repository, or STROMA_TESTDATA); tests skip with the reason when it
/// is absent, unless STROMA_REQUIRE_TESTDATA=1 (set by .ci/run) makes that a failure.
/// </summary>
internal static class SharedData
{
    public static string Path(string relative)
    {
        var folder = Environment.GetEnvironmentVariable("STROMA_TESTDATA") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(Repository(), "..", "shared", "data"));
        if (!Directory.Exists(folder))
        {
            if (Environment.GetEnvironmentVariable("STROMA_REQUIRE_TESTDATA") == "1")
            {
                Assert.Fail($"STROMA_REQUIRE_TESTDATA=1 but the shared data folder '{folder}' is missing.");
            }

            Assert.Skip($"Shared test data not found at '{folder}' (set STROMA_TESTDATA).");
        }

        return System.IO.Path.Combine(folder, relative);
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Stroma.slnx")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
