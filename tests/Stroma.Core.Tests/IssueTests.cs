using Stroma.Core.Diagnostics;

namespace Stroma.Core.Tests;

public sealed class IssueTests
{
    [Fact]
    public void Error_HugeQuotedValue_IsCutWithTheRestCounted()
    {
        var found = new string('x', 10_000);

        var issue = Issue.Error("T001", "f.csv row 2", $"Expected F or M; found '{found}'.");

        Assert.True(issue.Message.Length < 200, $"message of {issue.Message.Length} characters");
        Assert.Contains("(9920 more)", issue.Message, StringComparison.Ordinal);
        Assert.EndsWith("'.", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_ControlCharacters_AreEscapedInMessageAndLocation()
    {
        var issue = Issue.Error("T001", "f\u001b.csv row 2", $"Expected F or M; found '\u0007\n\r\t'.");

        Assert.DoesNotContain(issue.ToCliLine(), char.IsControl);
        Assert.Contains("\\u0007", issue.Message, StringComparison.Ordinal);
        Assert.Contains("\\n", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_And_With_CleanToo()
    {
        var issue = new Issue("T001", Severity.Error, "bad\u0000", "here") with { Location = "there\u0001" };

        Assert.Equal("bad\\u0000", issue.Message);
        Assert.Equal("there\\u0001", issue.Location);
    }

    [Fact]
    public void Error_OurOwnLongListUnquoted_IsKept()
    {
        var list = string.Join(", ", Enumerable.Range(0, 30).Select(i => $"unit{i}"));

        var issue = Issue.Error("T001", "x", $"Expected one of {list}; found 'y'.");

        Assert.Contains(list, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_ApostropheInAWord_IsNotTakenForAQuote()
    {
        var message = $"The patient's sample of {new string('y', 120)} is fine; found 'x'.";

        Assert.Equal(message, Issue.Error("T001", "x", $"{message}").Message);
    }
}
