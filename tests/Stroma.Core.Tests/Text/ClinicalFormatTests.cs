using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Core.Text;

namespace Stroma.Core.Tests.Text;

public sealed class ClinicalFormatTests
{
    // Powers of ten as a clinician writes them (1.5 × 10⁶ cells/kg), plain numbers between 10⁻³ and 10⁵, three significant digits.
    [Theory]
    [InlineData(1.5e6, "1.5 × 10⁶")]
    [InlineData(2.25e8, "2.25 × 10⁸")]
    [InlineData(1e8, "1 × 10⁸")]
    [InlineData(6e7, "6 × 10⁷")]
    [InlineData(99_900, "99900")]
    [InlineData(99_960, "1 × 10⁵")]
    [InlineData(999_999, "1 × 10⁶")]
    [InlineData(92.5, "92.5")]
    [InlineData(0.12, "0.12")]
    [InlineData(0.0004, "4 × 10⁻⁴")]
    [InlineData(-3.14159, "-3.14")]
    [InlineData(0, "0")]
    public void Number_ReadsAsWritten(double value, string expected) => Assert.Equal(expected, ClinicalFormat.Number(value));

    [Theory]
    [InlineData("{cells}", "cells")]
    [InlineData("{cells}/kg", "cells/kg")]
    [InlineData("[EU]/mL", "EU/mL")]
    [InlineData("mL/min/{1.73_m2}", "mL/min/1.73 m²")]
    [InlineData("umol/L", "µmol/L")]
    [InlineData("10*6/L", "10⁶/L")]
    [InlineData("pg/mL", "pg/mL")]
    [InlineData("%", "%")]
    public void Unit_WithoutUcumMarkup(string ucum, string expected) => Assert.Equal(expected, ClinicalFormat.Unit(ucum));

    [Fact]
    public void Quantity_ValueAndUnit() => Assert.Equal("1 × 10⁸ cells", ClinicalFormat.Quantity(1e8, "{cells}"));

    [Fact]
    public void Words_EnumNamesAsWords()
    {
        Assert.Equal("third party", ClinicalFormat.Words(DonorKind.ThirdParty));
        Assert.Equal("at bedside", ClinicalFormat.Words(CustodyEventKind.AtBedside));
        Assert.Equal("not recovered", ClinicalFormat.Words(AeOutcome.NotRecovered));
        Assert.Equal("NOS", ClinicalFormat.Words(Core.Biopsy.ColumbiaVariant.Nos));
        Assert.Equal("HLA", ClinicalFormat.Words("HLA"));
        Assert.Equal("subnephrotic", ClinicalFormat.Words("SubNephrotic"));
        Assert.Equal("nephrotic range", ClinicalFormat.Words("NephroticRange"));
    }

    [Fact]
    public void Fixed_Missing_SaysNotAssessable()
    {
        Assert.Equal(ClinicalFormat.NotAssessable, ClinicalFormat.Fixed(null, 2));
        Assert.Equal("+6.0", ClinicalFormat.Fixed(6.02, 1, withSign: true));
    }

    // Issue 11's text outputs wrote "1 lots", "1 adverse events", "1 biopsies".
    [Theory]
    [InlineData(0, "biopsy", "biopsies", "0 biopsies")]
    [InlineData(1, "biopsy", "biopsies", "1 biopsy")]
    [InlineData(1, "lot", null, "1 lot")]
    [InlineData(2, "adverse event", null, "2 adverse events")]
    public void Count_IsSingularForOneOnly(int count, string noun, string? plural, string expected) =>
        Assert.Equal(expected, ClinicalFormat.Count(count, noun, plural));
}
