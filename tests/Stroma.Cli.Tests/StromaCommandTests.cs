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
}
