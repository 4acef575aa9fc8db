using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class KdigoCategoriesTests
{
    private static readonly KdigoCategories Kdigo = KdigoCategories.Kdigo2012;

    // KDIGO 2012: G1 >= 90, G2 60-89, G3a 45-59, G3b 30-44, G4 15-29, G5 < 15. The epocakir test values (100, 70, 50, 35, 20, 10 -> G1..G5)
    // plus each boundary.
    [Theory]
    [InlineData(100, GfrCategory.G1)]
    [InlineData(90, GfrCategory.G1)]
    [InlineData(89.99, GfrCategory.G2)]
    [InlineData(70, GfrCategory.G2)]
    [InlineData(60, GfrCategory.G2)]
    [InlineData(50, GfrCategory.G3a)]
    [InlineData(45, GfrCategory.G3a)]
    [InlineData(35, GfrCategory.G3b)]
    [InlineData(30, GfrCategory.G3b)]
    [InlineData(20, GfrCategory.G4)]
    [InlineData(15, GfrCategory.G4)]
    [InlineData(14.99, GfrCategory.G5)]
    [InlineData(10, GfrCategory.G5)]
    public void GfrCategoryOf_Values_AreStaged(double egfr, GfrCategory expected) =>
        Assert.Equal(expected, Kdigo.GfrCategoryOf(Egfr.FromMlPerMinPer173M2(egfr)));

    [Theory]
    [InlineData(29.9, AlbuminuriaCategory.A1)]
    [InlineData(30, AlbuminuriaCategory.A2)]
    [InlineData(300, AlbuminuriaCategory.A2)]
    [InlineData(300.1, AlbuminuriaCategory.A3)]
    public void AlbuminuriaCategoryOf_Acr_IsStaged(double mgPerG, AlbuminuriaCategory expected) =>
        Assert.Equal(expected, Kdigo.AlbuminuriaCategoryOf(Uacr.FromMgPerG(mgPerG)));

    // KDIGO's mg/mmol table: A1 < 3, A2 3-30, A3 > 30 (rounded equivalents; 30 mg/mmol is 265 mg/g, which the mg/g table calls A2).
    [Theory]
    [InlineData(2.9, AlbuminuriaCategory.A1)]
    [InlineData(3.0, AlbuminuriaCategory.A2)]
    [InlineData(30, AlbuminuriaCategory.A2)]
    [InlineData(30.1, AlbuminuriaCategory.A3)]
    public void AlbuminuriaCategoryOf_AcrInMgPerMmol_UsesTheMgPerMmolTable(double mgPerMmol, AlbuminuriaCategory expected) =>
        Assert.Equal(expected, Kdigo.AlbuminuriaCategoryOf(Uacr.FromMgPerMmol(mgPerMmol)));

    [Theory]
    [InlineData(0.149, AlbuminuriaCategory.A1)]
    [InlineData(0.15, AlbuminuriaCategory.A2)]
    [InlineData(0.5, AlbuminuriaCategory.A2)]
    [InlineData(5, AlbuminuriaCategory.A3)]
    public void AlbuminuriaCategoryOf_Pcr_UsesPcrEquivalents(double mgPerMg, AlbuminuriaCategory expected) =>
        Assert.Equal(expected, Kdigo.AlbuminuriaCategoryOf(Upcr.FromMgPerMg(mgPerMg)));

    [Theory]
    [InlineData(14.9, AlbuminuriaCategory.A1)]
    [InlineData(15, AlbuminuriaCategory.A2)]
    [InlineData(50, AlbuminuriaCategory.A2)]
    [InlineData(50.1, AlbuminuriaCategory.A3)]
    public void AlbuminuriaCategoryOf_PcrInMgPerMmol_UsesTheMgPerMmolTable(double mgPerMmol, AlbuminuriaCategory expected) =>
        Assert.Equal(expected, Kdigo.AlbuminuriaCategoryOf(Upcr.FromMgPerMmol(mgPerMmol)));

    [Fact]
    public void AlbuminuriaCategoryOf_SameRatioInEitherUnit_FollowsEachTable()
    {
        // 31 mg/mmol = 274 mg/g: A3 by the mg/mmol table, A2 by the mg/g table, as KDIGO's two tables say.
        Assert.Equal(AlbuminuriaCategory.A3, Kdigo.AlbuminuriaCategoryOf(Uacr.FromMgPerMmol(31)));
        Assert.Equal(AlbuminuriaCategory.A2, Kdigo.AlbuminuriaCategoryOf(Uacr.FromMgPerG(Uacr.FromMgPerMmol(31).MgPerG)));
    }

    [Fact]
    public void Label_Transplant_AddsT() => Assert.Equal("G2T", KdigoCategories.Label(GfrCategory.G2, transplant: true));

    [Fact]
    public void RuleSet_IsConfigurable()
    {
        var strict = Kdigo with { Id = "local", G1From = 95 };

        Assert.Equal(GfrCategory.G2, strict.GfrCategoryOf(Egfr.FromMlPerMinPer173M2(92)));
    }
}
