using Stroma.Core.Course;

namespace Stroma.Core.Tests.Course;

/// <summary>A <see cref="PatientId"/> exists only for a well-formed id, and every way of making one agrees with <see cref="PatientIds.IsValid"/>.</summary>
public sealed class PatientIdTests
{
    public static TheoryData<string?, bool> Ids() => new()
    {
        { "DEMO-001", true }, { "a", true }, { "9", true }, { "P.1_x-2", true }, { new string('x', 64), true },
        { null, false }, { "", false }, { " ", false }, { new string('x', 65), false }, { "-a", false }, { ".a", false }, { "_a", false },
        { "a b", false }, { "a/b", false }, { "..", false }, { "a\n", false }, { "a\0", false }, { "é", false }, { "\u212A", false },
        { "ＤＥＭＯ", false }, { "DEMO-001 ", false }, { "a:b", false }, { "a%2e", false },
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryWayOfReadingAnId_AgreesWithTheRule(string? text, bool valid)
    {
        Assert.Equal(valid, PatientIds.IsValid(text));
        Assert.Equal(valid, PatientId.TryParse(text, out var parsed));
        Assert.Equal(valid, PatientId.TryParse(text, null, out _));
        var read = PatientId.Read(text, "patient", "X001");
        Assert.Equal(!valid, read.HasErrors);
        if (valid)
        {
            Assert.Equal(text, parsed.Value);
            Assert.Equal(text, read.Value.Value);
            Assert.Equal(text, PatientId.Parse(text!).ToString());
            string implicitText = parsed;
            Assert.Equal(text, implicitText);
        }
        else
        {
            var issue = Assert.Single(read.Issues);
            Assert.Equal(("X001", "patient"), (issue.Code, issue.Location));
            Assert.Contains("Expected a patient id", issue.Message, StringComparison.Ordinal);
            Assert.Throws<FormatException>(() => PatientId.Parse(text!));
        }
    }

    [Fact]
    public void ADefaultId_HoldsNoId_AndSaysSoWhenUsed()
    {
        var none = default(PatientId);
        Assert.Equal(string.Empty, none.ToString());
        var thrown = Assert.Throws<InvalidOperationException>(() => none.Value);
        Assert.Contains("PatientId.Read", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_AreEqualByTheirText_CaseSensitively()
    {
        Assert.Equal(PatientId.Parse("DEMO-001"), PatientId.Parse("DEMO-001"));
        Assert.NotEqual(PatientId.Parse("DEMO-001"), PatientId.Parse("demo-001"));
    }
}
