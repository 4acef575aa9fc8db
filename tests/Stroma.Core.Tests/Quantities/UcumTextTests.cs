using Stroma.Core.Proteome;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Quantities;

public sealed class UcumTextTests
{
    public static TheoryData<string, string[]> AcceptedCodes() => new()
    {
        { "creatinine", [.. Creatinine.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "cystatin C", [.. CystatinC.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "UPCR", [.. Upcr.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "UACR", [.. Uacr.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "albumin", [.. SerumAlbumin.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "height", [.. Height.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "weight", [.. Weight.Kind.Units.SelectMany(u => u.Aliases.Prepend(u.Ucum))] },
        { "immunoassay", [.. ConcentrationUnits.Known] },
    };

    // Matching ignores case (UCUM's case-insensitive form) only because no list holds two codes that would then be confused.
    [Theory]
    [MemberData(nameof(AcceptedCodes))]
    public void AcceptedCodes_NoTwoAreConfused(string list, string[] codes)
    {
        var distinct = codes.Distinct(StringComparer.Ordinal).ToList();

        Assert.All(distinct, a => Assert.True(distinct.Count(b => UcumText.Matches(a, b)) == 1, $"{list}: {a} matches another accepted code"));
    }

    [Theory]
    [InlineData("pg/ml", "pg/mL")]
    [InlineData("ng/L", "ng/L")]
    [InlineData("ng/l", "ng/L")]
    [InlineData(" [iu]/ml ", "[IU]/mL")]
    [InlineData("µg/ml", "ug/mL")]
    public void ConcentrationUnits_LitreInEitherCase_FindsTheUcumCode(string written, string code) =>
        Assert.Equal(code, ConcentrationUnits.Find(written));

    [Theory]
    [InlineData("pg/g")]
    [InlineData("pg")]
    [InlineData("")]
    public void ConcentrationUnits_OtherUnits_AreNotGuessed(string written) => Assert.Null(ConcentrationUnits.Find(written));

    [Fact]
    public void Creatinine_LitreInEitherCase_IsTheSameUnit() =>
        Assert.Equal(Creatinine.Read(1, "mg/dL", "x").Value.MgPerDl, Creatinine.Read(1, "mg/dl", "x").Value.MgPerDl);
}
