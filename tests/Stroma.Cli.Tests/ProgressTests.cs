namespace Stroma.Cli.Tests;

public sealed class ProgressTests
{
    // A fresh clone's test run crashed (exit 134): `audit verify` reported progress through Progress<T>, whose lines are posted to the
    // thread pool and landed after the command had returned and its writer was closed. Commands write progress synchronously.
    [Fact]
    public void Commands_NeverReportProgressThroughTheThreadPool()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "src", "Stroma.Cli"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("new Progress<", StringComparison.Ordinal))
            .Select(Path.GetFileName);

        Assert.Empty(sources);
    }

    [Fact]
    public void TextProgress_WritesAtOnce()
    {
        using var writer = new StringWriter();

        new TextProgress(writer).Report("checked 5 rows");

        Assert.Equal("checked 5 rows" + Environment.NewLine, writer.ToString());
    }
}
