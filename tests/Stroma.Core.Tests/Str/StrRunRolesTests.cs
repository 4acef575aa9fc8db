using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

public sealed class StrRunRolesTests
{
    private static StrRunAssignment File(string name, string? role, string? material = null, string? at = null) => new(name, role, material, at);

    private static readonly StrRunAssignment Ladder = File("ladder.fsa", "ladder");
    private static readonly StrRunAssignment Recipient = File("r.fsa", "recipient");
    private static readonly StrRunAssignment Kidney = File("k.fsa", "kidney-donor");
    private static readonly StrRunAssignment Post = File("p.fsa", "post-treatment", "peripheral blood", "2026-03-03T09:00:00+01:00");

    [Fact]
    public void Check_AWholeRun_KeepsEachRoleMaterialAndTimeWithItsOffset()
    {
        var checkedRoles = StrRunRoles.Check([Ladder, Recipient, Kidney, Post]).ValueOrThrow();

        Assert.Equal(["ladder", "recipient", "kidney-donor", "post-treatment"], checkedRoles.Select(r => r.Role));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(1)), checkedRoles[3].SampledAt);
        Assert.Equal("peripheral blood", checkedRoles[3].Material);
        Assert.Null(checkedRoles[1].SampledAt);
    }

    [Theory]
    [InlineData(null, "files[2].role")]
    [InlineData("donor", "files[2].role")]
    [InlineData("Recipient", "files[2].role")]
    public void Check_NoOrUnknownRole_IsStr014AtThatFilesRole(string? role, string location)
    {
        var issue = Assert.Single(StrRunRoles.Check([Ladder, Recipient, File("x.fsa", role)]).Issues);

        Assert.Equal((StrIssues.UnknownRunRole, location), (issue.Code, issue.Location));
    }

    [Theory]
    [InlineData(null, "2026-03-03T09:00:00+01:00", "files[3].material")]
    [InlineData("blood", null, "files[3].sampledAt")]
    [InlineData("blood", "2026-03-03T09:00:00", "files[3].sampledAt")] // no offset: the time zone is never guessed
    [InlineData("blood", "03/03/2026 09:00 +01:00", "files[3].sampledAt")]
    public void Check_PostTreatmentWithoutMaterialOrTimeWithOffset_IsStr015AtTheField(string? material, string? at, string location)
    {
        var issue = Assert.Single(StrRunRoles.Check([Ladder, Recipient, Kidney, Post with { Material = material, SampledAt = at }]).Issues);

        Assert.Equal((StrIssues.SampleDetailsMissing, location), (issue.Code, issue.Location));
    }

    private static readonly StrRunAssignment[][] NotARun =
    [
        [Recipient, Kidney, Post], // no ladder
        [Ladder, Ladder with { FileName = "ladder2.fsa" }, Recipient, Kidney, Post], // two ladders
        [Ladder], // nothing but the ladder
        [Ladder, Recipient, Recipient with { FileName = "r2.fsa" }, Kidney, Post], // a reference twice
        [Ladder, Kidney, Post], // no recipient for a post-treatment sample
        [Ladder, Recipient, Post], // no donor for it
        [], // no file
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Check_RolesThatMakeNoRun_AreStr016ForTheRun(int run)
    {
        var result = StrRunRoles.Check(NotARun[run]);

        Assert.True(result.HasErrors);
        Assert.All(result.Issues, i => Assert.Equal((StrIssues.RunComposition, "files"), (i.Code, i.Location)));
    }

    [Fact]
    public void Check_ReferencesWithoutPostTreatment_AreARun()
    {
        Assert.False(StrRunRoles.Check([Ladder, Recipient, Kidney]).HasErrors);
    }
}
