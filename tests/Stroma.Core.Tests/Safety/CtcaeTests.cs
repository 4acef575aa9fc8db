using Stroma.Core.Safety;

namespace Stroma.Core.Tests.Safety;

/// <summary>The full CTCAE v5.0 term list shipped with Core: its size, its system organ classes, and the grades each term defines.</summary>
public sealed class CtcaeTests
{
    // NCI, Common Terminology Criteria for Adverse Events (CTCAE) Version 5.0, published 27 November 2017 (US DHHS, NIH, NCI): 837
    // terms in 26 MedDRA system organ classes.
    [Fact]
    public void All_HoldsEveryTermOfCtcae50_In26SystemOrganClasses()
    {
        Assert.Equal(837, Ctcae.All.Length);
        Assert.Equal(26, Ctcae.All.Select(t => t.Soc).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(837, Ctcae.Terms.Count);
        Assert.All(Ctcae.All, t => Assert.Matches("^100[0-9]{5}$", t.MeddraCode!));
    }

    // Known answers from the CTCAE v5.0 document (27 Nov 2017): the MedDRA code, the system organ class and which grades the term
    // defines ("–" in the document for the others). Exact: these are definitions, not measurements.
    [Theory]
    [InlineData("Febrile neutropenia", "10016288", "Blood and lymphatic system disorders", "345")]
    [InlineData("Left ventricular systolic dysfunction", "10069501", "Cardiac disorders", "345")]
    [InlineData("Anemia", "10002272", "Blood and lymphatic system disorders", "12345")]
    [InlineData("Eosinophilia", "10014950", "Blood and lymphatic system disorders", "13")]
    [InlineData("Cardiac arrest", "10007515", "Cardiac disorders", "45")]
    [InlineData("Sinus tachycardia", "10040752", "Cardiac disorders", "123")]
    [InlineData("Death NOS", "10011914", "General disorders and administration site conditions", "5")]
    [InlineData("Headache", "10019211", "Nervous system disorders", "123")]
    [InlineData("Acute kidney injury", "10069339", "Renal and urinary disorders", "345")]
    [InlineData("Proteinuria", "10037032", "Renal and urinary disorders", "123")]
    [InlineData("Chronic kidney disease", "10064848", "Renal and urinary disorders", "12345")]
    [InlineData("Creatinine increased", "10011368", "Investigations", "1234")]
    [InlineData("Alopecia", "10001760", "Skin and subcutaneous tissue disorders", "12")]
    [InlineData("Sepsis", "10040047", "Infections and infestations", "345")]
    [InlineData("Hypertension", "10020772", "Vascular disorders", "12345")]
    [InlineData("Vaginal stricture", "10053496", "Reproductive system and breast disorders", "1235")]
    public void Terms_KnownTerm_HasItsCodeSocAndGrades(string term, string meddra, string soc, string grades)
    {
        var found = Ctcae.Terms[term];

        Assert.Equal((meddra, soc), (found.MeddraCode, found.Soc));
        Assert.Equal(grades, string.Concat(Enumerable.Range(1, 5).Where(found.HasGrade)));
    }

    [Fact]
    public void Defined_TermsAreTheCatalogueEntries_WithTheirGradeTexts()
    {
        Assert.All(Ctcae.Defined, d => Assert.Same(d, Ctcae.Terms[d.Term]));
        Assert.Equal("Death", Ctcae.Terms["infusion related reaction"].Grades[4]);
    }

    // A grade the term does not define is refused with SAF's NoSuchGrade; any term of the list is accepted, the six typed ones and the others.
    [Theory]
    [InlineData("Febrile neutropenia", 2, null)]
    [InlineData("Febrile neutropenia", 3, "")]
    [InlineData("Headache", 4, null)]
    [InlineData("Acute kidney injury", 3, "")]
    public void Validate_GradeOfTheTerm_IsAcceptedOrRefused(string term, int grade, string? accepted)
    {
        var ae = new AdverseEvent("ae-k", term, term, Ctcae.Version, grade, new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero), null, [],
            Relatedness.Unrelated, ProductAction.None, AeOutcome.Recovered, null);

        var issues = ae.Validate();

        Assert.Equal(accepted is null ? [SafetyIssues.NoSuchGrade] : [], issues.Select(i => i.Code));
    }

    [Fact]
    public void Read_RepeatedTerm_IsABuildError() =>
        Assert.Throws<InvalidOperationException>(() => CtcaeCatalogue.Read("meddra_code,soc,term,grades\n1,A,X,12\n2,A,x,3\n", []));

    [Fact]
    public void Read_QuotedCommas_AreData() =>
        Assert.Equal("Cardiac disorders - Other, specify", Assert.Single(CtcaeCatalogue.Read("meddra_code,soc,term,grades\n10007541,Cardiac disorders,\"Cardiac disorders - Other, specify\",12345\n", [])).Term);
}
