using System.Collections.Immutable;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

public sealed class StrRecordsTests
{
    private static readonly DateTimeOffset Drawn = new(2024, 1, 10, 8, 0, 0, TimeSpan.FromHours(1));

    private static StrSampleRecord Record(string id, string role, string material, DateTimeOffset? at) =>
        new(id, role, material, at, "r.fsa", "abc", "Kit", "GS500LIZ", "lad", StrRecords.Method, ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty, []);

    private static readonly SampleDetails Defaults = new("sample", "unspecified", null);

    [Fact]
    public void WithDetails_FileNotKept_TakesWhatWasGivenElseTheDefaults()
    {
        var result = StrRecords.WithDetails(Record("STR-new", "x", "x", null), new SampleDetails("recipient", null, Drawn), Defaults, [], "r.fsa");

        Assert.Equal(("recipient", "unspecified", (DateTimeOffset?)Drawn), (result.Value!.Role, result.Value.Material, result.Value.SampledAt));
    }

    [Fact]
    public void WithDetails_KeptFileNothingGiven_TakesTheKeptDetails()
    {
        var kept = Record("STR-old", "recipient", "buccal swab", Drawn);

        var result = StrRecords.WithDetails(Record("STR-new", "sample", "unspecified", null), new SampleDetails(null, null, null), Defaults, [kept], "r.fsa");

        Assert.Empty(result.Issues);
        Assert.Equal(("STR-new", "recipient", "buccal swab", (DateTimeOffset?)Drawn), (result.Value!.Id, result.Value.Role, result.Value.Material, result.Value.SampledAt));
    }

    [Fact]
    public void WithDetails_KeptFileSameInstantOtherOffset_IsNoConflict() =>
        Assert.Empty(StrRecords.WithDetails(Record("STR-new", "sample", "unspecified", null), new SampleDetails("recipient", null, Drawn.ToOffset(TimeSpan.Zero)), Defaults,
            [Record("STR-old", "recipient", "buccal swab", Drawn)], "r.fsa").Issues);

    [Theory]
    [InlineData("msc-donor", null, null)]
    [InlineData(null, "peripheral blood", null)]
    [InlineData(null, null, "2025-06-01T09:00:00+02:00")]
    public void WithDetails_KeptFileOtherDetailGiven_IsRefusedWithStr012(string? role, string? material, string? at)
    {
        var given = new SampleDetails(role, material, at is null ? null : DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        var result = StrRecords.WithDetails(Record("STR-new", "sample", "unspecified", null), given, Defaults, [Record("STR-old", "recipient", "buccal swab", Drawn)], "r.fsa");

        Assert.Null(result.Value);
        Assert.Equal((StrRecords.StoredDetailsDiffer, "r.fsa"), (Assert.Single(result.Issues).Code, result.Issues[0].Location));
    }
}
