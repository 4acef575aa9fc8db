using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Quantities;

public sealed class QuantityTests
{
    // Conversion factors from research/renal.md §1.1 and §3.1: creatinine 88.42 µmol/L per mg/dL (molar mass 113.12 g/mol),
    // cystatin C 74.9 nmol/L per mg/L, UPCR 113.12 mg/mmol per mg/mg. Tolerance 1e-9 (exact arithmetic).
    [Theory]
    [InlineData(88.42, "umol/L", 1.0)]
    [InlineData(88.42, "µmol/L", 1.0)]
    [InlineData(88.42, "μmol/l", 1.0)]
    [InlineData(176.84, "micromol/L", 2.0)]
    [InlineData(0.7, "mg/dL", 0.7)]
    [InlineData(0.7, "mg/dl", 0.7)]
    public void CreatinineRead_KnownUnits_ConvertsToMgPerDl(double value, string unit, double expectedMgPerDl)
    {
        var result = Creatinine.Read(value, unit, "row 1");

        Assert.False(result.HasErrors);
        Assert.Equal(expectedMgPerDl, result.Value.MgPerDl, 1e-9);
        Assert.Equal(value, result.Value.Reported.Value);
    }

    [Fact]
    public void CreatinineRead_MicroSign_KeepsTheUcumCodeAndTheOriginalValue()
    {
        var scr = Creatinine.Read(61.9, "µmol/L", "x").ValueOrThrow();

        Assert.Equal(new ReportedValue(61.9, "umol/L"), scr.Reported);
        Assert.Equal(61.9, scr.MicromolPerL, 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(51.0)]
    [InlineData(88.4)]
    public void CreatinineRead_ImpossibleValue_ReportsQty002(double value)
    {
        var result = Creatinine.Read(value, "mg/dL", "--creatinine");

        var issue = Assert.Single(result.Issues);
        Assert.Equal(QuantityIssues.Impossible, issue.Code);
        Assert.Equal("--creatinine", issue.Location);
        Assert.Equal(Severity.Error, issue.Severity);
    }

    // The value found reads as written once: "-0" as 0, and no "(= x mg/dL)" repeating a value already in the canonical unit;
    // 5000 µmol/L ÷ 88.42 (µmol/L per mg/dL, the IDMS factor of creatinine, 113.12 g/mol) = 56.5483 mg/dL.
    [Theory]
    [InlineData(-0.0, "mg/dL", "found 0 mg/dL.")]
    [InlineData(5000.0, "umol/L", "found 5000 umol/L (= 56.5483 mg/dL).")]
    public void CreatinineRead_ImpossibleValue_SaysTheValueFoundOnce(double value, string unit, string found) =>
        Assert.EndsWith(found, Assert.Single(Creatinine.Read(value, unit, "--creatinine").Issues).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CreatinineRead_NotFinite_ReportsQty001(double value) =>
        Assert.Equal(QuantityIssues.NotFinite, Assert.Single(Creatinine.Read(value, "mg/dL", "x").Issues).Code);

    [Theory]
    [InlineData("mmol/L")]
    [InlineData("mg")]
    [InlineData("mg/L")]
    public void CreatinineRead_UnknownUnit_ReportsQty003(string unit) =>
        Assert.Equal(QuantityIssues.UnknownUnit, Assert.Single(Creatinine.Read(1.0, unit, "x").Issues).Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void CreatinineRead_NoUnit_ReportsQty005(string? unit) =>
        Assert.Equal(QuantityIssues.MissingUnit, Assert.Single(Creatinine.Read(1.0, unit, "x").Issues).Code);

    [Fact]
    public void CreatinineRead_ImplausibleButPossible_WarnsAndKeepsTheValue()
    {
        var result = Creatinine.Read(20, "mg/dL", "x");

        Assert.False(result.HasErrors);
        Assert.Equal(QuantityIssues.Implausible, Assert.Single(result.Issues).Code);
        Assert.Equal(20, result.Value.MgPerDl);
    }

    [Fact]
    public void CreatinineFromMgPerDl_Zero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Creatinine.FromMgPerDl(0));

    [Fact]
    public void CreatinineFromMgPerDl_NaN_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Creatinine.FromMgPerDl(double.NaN));

    [Theory]
    [InlineData(74.9, "nmol/L", 1.0)]
    [InlineData(1.1, "mg/L", 1.1)]
    public void CystatinCRead_KnownUnits_ConvertsToMgPerL(double value, string unit, double expected) =>
        Assert.Equal(expected, CystatinC.Read(value, unit, "x").ValueOrThrow().MgPerL, 1e-9);

    [Fact]
    public void CystatinCFromMgPerL_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CystatinC.FromMgPerL(-0.1));

    // UPCR: mg/mg = g/g; mg/g = 1000 × mg/mg; mg/mmol = 113.12 × mg/mg (research/renal.md §3.1).
    [Theory]
    [InlineData(5.0, "mg/mg", 5.0)]
    [InlineData(5.0, "g/g", 5.0)]
    [InlineData(5000.0, "mg/g", 5.0)]
    [InlineData(565.6, "mg/mmol", 5.0)]
    [InlineData(565.6, "mg/mmol{creat}", 5.0)]
    [InlineData(0.5656, "g/mmol", 5.0)]
    [InlineData(0.0, "mg/mg", 0.0)]
    public void UpcrRead_KnownUnits_ConvertsToMgPerMg(double value, string unit, double expected) =>
        Assert.Equal(expected, Upcr.Read(value, unit, "x").ValueOrThrow().MgPerMg, 1e-9);

    [Fact]
    public void Upcr_OneMgPerMg_Is113Point12MgPerMmolAnd1000MgPerG()
    {
        var upcr = Upcr.FromMgPerMg(1);

        Assert.Equal(113.12, upcr.MgPerMmol, 1e-9);
        Assert.Equal(1000, upcr.MgPerG, 1e-9);
        Assert.Equal(1, upcr.GPerG, 1e-12);
    }

    [Fact]
    public void UpcrRead_Negative_ReportsQty002() =>
        Assert.Equal(QuantityIssues.Impossible, Assert.Single(Upcr.Read(-0.1, "mg/mg", "x").Issues).Code);

    [Fact]
    public void UpcrRead_MolarUnitWithoutMass_ReportsQty003() =>
        Assert.Equal(QuantityIssues.UnknownUnit, Assert.Single(Upcr.Read(5, "mmol/mmol", "x").Issues).Code);

    // KDIGO states A2 as 30 mg/g or 3 mg/mmol; the exact factor is 0.11312.
    [Theory]
    [InlineData(30.0, "mg/g", 30.0)]
    [InlineData(3.3936, "mg/mmol", 30.0)]
    [InlineData(0.03, "mg/mg", 30.0)]
    public void UacrRead_KnownUnits_ConvertsToMgPerG(double value, string unit, double expected) =>
        Assert.Equal(expected, Uacr.Read(value, unit, "x").ValueOrThrow().MgPerG, 1e-9);

    [Theory]
    [InlineData(150.0, "cm", 150.0)]
    [InlineData(1.5, "m", 150.0)]
    [InlineData(60.0, "in", 152.4)]
    public void HeightRead_KnownUnits_ConvertsToCm(double value, string unit, double expected) =>
        Assert.Equal(expected, Height.Read(value, unit, "x").ValueOrThrow().Centimetres, 1e-9);

    [Fact]
    public void HeightRead_MetresTypedAsCentimetres_ReportsQty002() =>
        Assert.Equal(QuantityIssues.Impossible, Assert.Single(Height.Read(1.5, "cm", "--height-cm").Issues).Code);

    [Theory]
    [InlineData(40.0, "kg", 40.0)]
    [InlineData(40000.0, "g", 40.0)]
    [InlineData(100.0, "lb", 45.359237)]
    public void WeightRead_KnownUnits_ConvertsToKg(double value, string unit, double expected) =>
        Assert.Equal(expected, Weight.Read(value, unit, "x").ValueOrThrow().Kilograms, 1e-9);

    [Theory]
    [InlineData(3.2, "g/dL", 32.0)]
    [InlineData(32.0, "g/L", 32.0)]
    public void SerumAlbuminRead_KnownUnits_ConvertsToGPerL(double value, string unit, double expected) =>
        Assert.Equal(expected, SerumAlbumin.Read(value, unit, "x").ValueOrThrow().GPerL, 1e-9);

    [Fact]
    public void EgfrFromMlPerMinPer173M2_Zero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Egfr.FromMlPerMinPer173M2(0));

    [Fact]
    public void ReadResultValueOrThrow_WithErrors_ThrowsCarryingTheIssues()
    {
        var exception = Assert.Throws<InvalidInputException>(() => Creatinine.Read(-1, "mg/dL", "row 3").ValueOrThrow());

        Assert.Equal(QuantityIssues.Impossible, Assert.Single(exception.Issues).Code);
    }

    [Fact]
    public void IssueToCliLine_HasLocationCodeAndSeverity() =>
        Assert.StartsWith("--creatinine: QTY002 error: ", Assert.Single(Creatinine.Read(-1, "mg/dL", "--creatinine").Issues).ToCliLine(), StringComparison.Ordinal);
}
