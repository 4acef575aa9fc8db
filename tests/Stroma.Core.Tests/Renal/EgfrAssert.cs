using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

/// <summary>Builds inputs for table-driven tests (sex as "F"/"M", absent values as null).</summary>
internal static class EgfrAssert
{
    public static Sex SexOf(string sex) => sex == "F" ? Sex.Female : Sex.Male;

    public static EgfrInputs Inputs(string sex, double age, double? heightCm = null, double? scrMgPerDl = null, double? cysMgPerL = null) =>
        new(
            SexOf(sex),
            AgeInYears.FromYears(age),
            heightCm is { } h ? Height.FromCentimetres(h) : null,
            scrMgPerDl is { } s ? Creatinine.FromMgPerDl(s) : null,
            cysMgPerL is { } c ? CystatinC.FromMgPerL(c) : null);

    public static double Compute(EgfrEquation equation, EgfrInputs inputs) => equation.Compute(inputs).Egfr.MlPerMinPer173M2;
}
