namespace Stroma.Benchmarks;

/// <summary>Where the shared public files are: STROMA_TESTDATA, or ../shared/data beside the repository.</summary>
internal static class BenchData
{
    /// <summary>A folder of the shared data, or an error naming where it was looked for.</summary>
    public static string Folder(string relative)
    {
        var data = Environment.GetEnvironmentVariable("STROMA_TESTDATA") is { Length: > 0 } configured ? configured : Path.Combine(Repository(), "..", "shared", "data");
        var folder = Path.Combine(data, relative);
        return Directory.Exists(folder) ? folder : throw new InvalidOperationException($"The shared files were not found at '{folder}'; set STROMA_TESTDATA.");
    }

    /// <summary>The repository root (the folder holding Stroma.slnx), or the working directory.</summary>
    public static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stroma.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
