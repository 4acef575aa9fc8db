namespace Stroma.Cli.Tests;

/// <summary>A command line naming a subcommand builds that subcommand alone; the whole tree is the same subcommands under the same names.</summary>
public sealed class StromaCommandTests
{
    [Fact]
    public void Build_Whole_HasEverySubcommandUnderItsTableName()
    {
        var root = StromaCommand.Build(TextWriter.Null, TextWriter.Null);

        Assert.Equal(StromaCommand.CommandNames, root.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void Build_OneNamed_HasThatSubcommandAlone()
    {
        foreach (var name in StromaCommand.CommandNames)
        {
            var root = StromaCommand.Build(TextWriter.Null, TextWriter.Null, name);

            Assert.Equal(name, Assert.Single(root.Subcommands).Name);
        }
    }

    [Fact]
    public void Run_UnknownCommand_IsAUsageErrorFromTheWholeTree()
    {
        var run = CliRun.Of("egfrr", "--age", "65");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("egfrr", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RootHelp_ListsEverySubcommand()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.All(StromaCommand.CommandNames, name => Assert.Contains(name, run.Stdout, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("/h")]
    [InlineData("-?")]
    [InlineData("/?")]
    public void Run_CommandHelp_EveryAliasShowsTheCommandsUsage(string alias)
    {
        // A command line naming a command is parsed under a plain root unless it could ask for help: every help alias must still work.
        var run = CliRun.Of("egfr", alias);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(" egfr [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Run_EveryCommandsHelp_ShowsItsUsage()
    {
        foreach (var name in StromaCommand.CommandNames)
        {
            var run = CliRun.Of(name, "--help");

            Assert.True(run.ExitCode == ExitCodes.Ok, $"{name} --help: exit {run.ExitCode}, {run.Stderr}");
            Assert.Matches($@"\nUsage:\n  \S+ {name} [\[<]", run.Stdout);
        }
    }

    [Fact]
    public void Run_HelpInAResponseFile_ShowsTheCommandsUsage()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stroma-rsp-{Guid.NewGuid():N}.rsp");
        File.WriteAllText(file, "--help\n");
        try
        {
            var run = CliRun.Of("egfr", "@" + file);

            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Contains(" egfr [options]", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Build_BareRoot_ParsesEveryCommandAsTheFullRootDoes()
    {
        // The plain root (no help, version or directives) must not change what a command line means or which errors it has.
        foreach (var name in StromaCommand.CommandNames)
        {
            foreach (var args in new[] { new[] { name }, [name, "--bogus"], [name, "extra", "--json"], [name, "--db"] })
            {
                var full = StromaCommand.Build(TextWriter.Null, TextWriter.Null, name).Parse(args);
                var bare = StromaCommand.Build(TextWriter.Null, TextWriter.Null, name, bare: true).Parse(args);

                Assert.Equal(full.Errors.Select(e => e.Message), bare.Errors.Select(e => e.Message));
                Assert.Equal(full.CommandResult.Command.Name, bare.CommandResult.Command.Name);
            }
        }
    }
}
