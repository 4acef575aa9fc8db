using Stroma.Core.Text;

namespace Stroma.Core.Tests.Text;

public sealed class IsoTimeTests
{
    // ISO 8601 date and time with the recorded offset (never converted), seconds only when there are any, no fractions.
    [Theory]
    [InlineData("2026-01-01T10:00:00.0000000+01:00", "2026-01-01 10:00 +01:00")]
    [InlineData("2026-01-01T10:00:30+01:00", "2026-01-01 10:00:30 +01:00")]
    [InlineData("2026-01-01T10:00:30.25+01:00", "2026-01-01 10:00:30 +01:00")]
    [InlineData("2025-06-30T23:59:00-05:30", "2025-06-30 23:59 -05:30")]
    [InlineData("2025-06-30T22:00:00Z", "2025-06-30 22:00 +00:00")]
    public void Shown_IsoDateTimeWithItsOffset(string at, string expected)
    {
        Assert.True(IsoTime.TryParse(at, out var parsed));

        Assert.Equal(expected, IsoTime.Shown(parsed));
    }
}
