using Stroma.Fhir.Server;

namespace Stroma.Fhir.Tests.Server;

/// <summary>Reading a search's query: token forms (R4 §3.1.1.5.5 "token"), alternatives and escaping (§3.1.1.5.7), strict refusal.</summary>
public sealed class SearchRequestTests
{
    private static SearchRequest Read(string type, params (string Name, string Value)[] query)
    {
        var read = SearchRequest.Read(type, query.Select(p => KeyValuePair.Create(p.Name, p.Value)));
        Assert.True(read.Value is not null, string.Join("\n", read.Issues));
        return read.Value!;
    }

    [Theory]
    [InlineData("http://loinc.org|2160-0", "http://loinc.org", "2160-0", true)]
    [InlineData("http://loinc.org|2160-0", "http://example.org", "2160-0", false)]
    [InlineData("2160-0", "http://example.org", "2160-0", true)]
    [InlineData("2160-0", null, "2160-0", true)]
    [InlineData("|2160-0", null, "2160-0", true)]
    [InlineData("|2160-0", "http://loinc.org", "2160-0", false)]
    [InlineData("http://loinc.org|", "http://loinc.org", "14682-9", true)]
    [InlineData("http://loinc.org|", "http://snomed.info/sct", "14682-9", false)]
    [InlineData("a\\|b", null, "a|b", true)]
    public void Code_TokenForms_MatchCodings(string value, string? system, string code, bool expected)
    {
        var search = Read("Observation", ("patient", "P-1"), ("code", value));

        Assert.Equal(expected, Assert.Single(Assert.Single(search.Codes)).Matches(system, code));
    }

    [Fact]
    public void Commas_AreAlternatives_AndAnEscapedCommaIsPartOfTheValue()
    {
        var search = Read("Observation", ("patient", "Patient/P-1"), ("code", "a,b\\,c"), ("date", "ge2020,lt2010"));

        Assert.Equal("P-1", search.PatientId);
        Assert.Equal([new TokenCriterion(null, "a"), new TokenCriterion(null, "b,c")], search.Codes.Single());
        Assert.Equal(2, search.Dates.Single().Count);
    }

    [Fact]
    public void Paging_DefaultsCapsAndKeepsTheQueryWithoutTheOffset()
    {
        var byDefault = Read("Procedure", ("patient", "P-1"));
        var capped = Read("Procedure", ("subject", "P-1"), ("_count", "100000"), ("_offset", "20"));

        Assert.Equal((SearchRequest.DefaultCount, 0), (byDefault.Count, byDefault.Offset));
        Assert.Equal((SearchRequest.MaxCount, 20), (capped.Count, capped.Offset));
        Assert.DoesNotContain(capped.Query, p => p.Key == "_offset");
    }

    [Theory]
    [InlineData("Observation", "_sort", "date", FhirIssues.UnsupportedParameter)]
    [InlineData("Observation", "code:text", "x", FhirIssues.UnsupportedParameter)]
    [InlineData("Observation", "_include", "Observation:performer", FhirIssues.UnsupportedParameter)]
    [InlineData("BiologicallyDerivedProduct", "_include", "BiologicallyDerivedProduct:patient", FhirIssues.UnsupportedParameter)]
    [InlineData("Procedure", "code", "x", FhirIssues.UnsupportedParameter)]
    [InlineData("Observation", "_count", "ten", FhirIssues.BadValue)]
    [InlineData("Observation", "code", "", FhirIssues.BadValue)]
    [InlineData("Observation", "subject", "P-2", FhirIssues.BadValue)]
    public void Unsupported_IsRefusedNamingTheParameter(string type, string name, string value, string code)
    {
        var read = SearchRequest.Read(type, [KeyValuePair.Create("patient", "P-1"), KeyValuePair.Create(name, value)]);

        Assert.Null(read.Value);
        Assert.Contains(read.Issues, i => i.Code == code && (i.Location == name || (name == "subject" && i.Location == "patient")));
    }

    [Theory]
    [InlineData("Observation", "patient")]
    [InlineData("AdverseEvent", "subject")]
    public void NoPatient_IsMissingAtThePatientParameter(string type, string location)
    {
        var read = SearchRequest.Read(type, [KeyValuePair.Create("_count", "5")]);

        var issue = Assert.Single(read.Issues);
        Assert.Equal((FhirIssues.Missing, location), (issue.Code, issue.Location));
    }

    [Fact]
    public void UnknownType_IsRefused() =>
        Assert.Equal(FhirIssues.UnsupportedType, Assert.Single(SearchRequest.Read("Condition", []).Issues).Code);
}
