using Stroma.Fhir.Server;

namespace Stroma.Fhir.Tests.Server;

/// <summary>
/// The date prefixes against instants. Rules from the FHIR R4 specification, Search §3.1.1.4.9 "Prefixes" and §3.1.1.5.4 "date"
/// (https://hl7.org/fhir/R4/search.html#prefix): a value's precision is its range ("2013-01-14" is the whole day); eq: the target lies in
/// the range; ne: it does not; lt/gt: the range below/above the value intersects the target; le/ge: that, or the range contains it.
/// The spec's own examples: eq2013-01-14 matches 2013-01-14T00:00 and 2013-01-14T10:00 but not 2013-01-15T00:00; ne2013-01-14 matches
/// 2013-01-15T00:00 but not 2013-01-14T10:00.
/// </summary>
public sealed class DateCriterionTests
{
    [Theory]
    [InlineData("eq2013-01-14", "2013-01-14T00:00:00Z", true)]
    [InlineData("eq2013-01-14", "2013-01-14T10:00:00Z", true)]
    [InlineData("eq2013-01-14", "2013-01-15T00:00:00Z", false)]
    [InlineData("2013-01-14", "2013-01-14T23:59:59.999Z", true)]
    [InlineData("ne2013-01-14", "2013-01-15T00:00:00Z", true)]
    [InlineData("ne2013-01-14", "2013-01-14T10:00:00Z", false)]
    [InlineData("lt2013-01-14", "2013-01-13T23:59:59Z", true)]
    [InlineData("lt2013-01-14", "2013-01-14T00:00:00Z", false)]
    [InlineData("le2013-01-14", "2013-01-14T23:59:00Z", true)]
    [InlineData("le2013-01-14", "2013-01-15T00:00:00Z", false)]
    [InlineData("gt2013-01-14", "2013-01-14T23:59:00Z", false)]
    [InlineData("gt2013-01-14", "2013-01-15T00:00:00Z", true)]
    [InlineData("ge2013-01-14", "2013-01-14T00:00:00Z", true)]
    [InlineData("ge2013-01-14", "2013-01-13T23:59:59Z", false)]
    [InlineData("eq2013", "2013-12-31T23:59:59Z", true)]
    [InlineData("eq2013", "2014-01-01T00:00:00Z", false)]
    [InlineData("gt2013-02", "2013-02-28T12:00:00Z", false)]
    [InlineData("gt2013-02", "2013-03-01T00:00:00Z", true)]
    [InlineData("gt2013-01-14T10:00Z", "2013-01-14T10:00:30Z", false)]
    [InlineData("gt2013-01-14T10:00Z", "2013-01-14T10:01:00Z", true)]
    [InlineData("eq2013-01-14T10:00:00Z", "2013-01-14T10:00:00.5Z", true)]
    [InlineData("eq2013-01-14T10:00:00.5Z", "2013-01-14T10:00:00.4Z", false)]
    [InlineData("eq2013-01-14T11:00+01:00", "2013-01-14T10:00:00Z", true)]
    [InlineData("lt2013-01-14T10:00-05:00", "2013-01-14T14:59:00Z", true)]
    [InlineData("lt2013-01-14T10:00-05:00", "2013-01-14T15:00:00Z", false)]
    public void Matches_FollowsThePrefixRules(string value, string instant, bool expected)
    {
        var criterion = DateCriterion.Read(value, "date").Value!;

        Assert.Equal(expected, criterion.Matches(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("sa2013-01-14")]
    [InlineData("ap2013-01-14")]
    [InlineData("xx2013")]
    [InlineData("2013-01-14T10:00")]
    [InlineData("2013-02-30")]
    [InlineData("2013-1-4")]
    [InlineData("13-01-14")]
    [InlineData("2013-01-14T10:00+15:00")]
    [InlineData("")]
    public void Read_WhatIsNotAFhirDateOrNotSupported_IsRefusedAtTheParameter(string value)
    {
        var read = DateCriterion.Read(value, "date");

        Assert.Null(read.Value);
        var issue = Assert.Single(read.Issues);
        Assert.Equal((FhirIssues.BadValue, "date"), (issue.Code, issue.Location));
    }
}
