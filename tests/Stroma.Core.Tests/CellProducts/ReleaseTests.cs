using Stroma.Core.CellProducts;
using Stroma.Core.Signatures;

namespace Stroma.Core.Tests.CellProducts;

public sealed class ReleaseTests
{
    private static readonly DateTimeOffset At = new(2025, 2, 20, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly ReleaseSpecification Spec = ReleaseSpecification.IsctBoneMarrowMsc;

    // Every mandatory test exactly at its limit, the text results as expected.
    private static List<ReleaseResult> AtTheLimits() =>
    [
        new("viability", 70, null, "%", At), new("viable_cells", 1e8, null, "{cells}", At),
        new("CD73", 95, null, "%", At), new("CD90", 95, null, "%", At), new("CD105", 95, null, "%", At),
        new("CD45", 2, null, "%", At), new("CD34", 2, null, "%", At), new("CD11b", 2, null, "%", At), new("CD19", 2, null, "%", At), new("HLA-DR", 2, null, "%", At),
        new("sterility", null, "No growth", null, At), new("endotoxin", 0.49, null, "[EU]/mL", At), new("mycoplasma", null, "negative", null, At),
    ];

    // ISCT (Dominici 2006): ≥ 95 % and ≤ 2 % are inclusive; endotoxin < 0.5 EU/mL is strict; CD11b stands for CD14, CD19 for CD79α.
    [Fact]
    public void Decide_EveryMandatoryTestAtItsLimit_MeetsTheSpecificationWithInformativeTestsNoted()
    {
        var decision = Release.Decide("MSC-001", Spec, AtTheLimits(), SpecificationStatus.BuiltIn);

        Assert.True(decision.MeetsSpecification, string.Join("; ", decision.Blocking.Select(b => $"{b.Test.Code}: {b.Reason}")));
        Assert.Equal(["karyotype", "potency"], decision.Notes.Select(n => n.Test.Code));
        Assert.All(decision.Notes, n => Assert.Equal(VerdictStatus.Missing, n.Status));
    }

    [Theory]
    [InlineData("viability", 69.99, "%")]
    [InlineData("CD105", 94.9, "%")]
    [InlineData("HLA-DR", 2.01, "%")]
    [InlineData("endotoxin", 0.5, "[EU]/mL")]
    [InlineData("viability", 0.8, "1")]
    public void Decide_OneResultJustOutside_BlocksReleaseNamingIt(string code, double value, string unit)
    {
        var results = AtTheLimits();
        results.Add(new ReleaseResult(code, value, null, unit, At.AddHours(1)));

        var decision = Release.Decide("MSC-001", Spec, results, SpecificationStatus.BuiltIn);

        Assert.False(decision.Released);
        var blocking = Assert.Single(decision.Blocking);
        Assert.Equal(code, blocking.Test.Code);
        Assert.Equal(VerdictStatus.Fail, blocking.Status);
    }

    // The reason is read by people (issue 11: never 2.25E+08 or {cells}); the criterion for machines keeps its UCUM code.
    [Fact]
    public void Decide_Reasons_ReadAsAClinicianWritesThem()
    {
        var results = AtTheLimits();
        results.Add(new ReleaseResult("viable_cells", 2.25e8, null, "{cells}", At.AddHours(1)));
        results.Add(new ReleaseResult("endotoxin", 0.125, null, "EU/mL", At.AddHours(1)));

        var decision = Release.Decide("MSC-001", Spec, results, SpecificationStatus.BuiltIn);

        var verdicts = decision.Verdicts.ToDictionary(v => v.Test.Code);
        Assert.Equal("2.25 × 10⁸ cells against ≥ 1 × 10⁸ cells", verdicts["viable_cells"].Reason);
        Assert.Equal("0.125 EU/mL against < 0.5 EU/mL", verdicts["endotoxin"].Reason);
        var lowerCase = Release.Decide("MSC-001", Spec, [.. AtTheLimits(), new ReleaseResult("endotoxin", 0.125, null, "EU/ml", At.AddHours(1))], SpecificationStatus.BuiltIn);
        Assert.Equal("0.125 EU/mL (written EU/ml) against < 0.5 EU/mL", lowerCase.Verdicts.Single(v => v.Test.Code == "endotoxin").Reason);
        Assert.Equal("≥ 100000000 {cells}", verdicts["viable_cells"].Test.Criterion);
        Assert.Equal("70–80 %", (Spec.Tests[0] with { Comparator = Comparator.Between, Lower = 70, Upper = 80 }).ReadableCriterion());
    }

    [Fact]
    public void Decide_MissingAndFailingTests_AreAllListed()
    {
        var results = AtTheLimits().Where(r => r.Code is not ("mycoplasma" or "CD34")).Append(new ReleaseResult("sterility", null, "growth of S. epidermidis", null, At.AddDays(1))).ToList();

        var decision = Release.Decide("MSC-001", Spec, results, SpecificationStatus.BuiltIn);

        Assert.Equal(["CD34", "sterility", "mycoplasma"], decision.Blocking.Select(b => b.Test.Code));
        Assert.Equal([VerdictStatus.Missing, VerdictStatus.Fail, VerdictStatus.Missing], decision.Blocking.Select(b => b.Status));
    }

    // Ph. Eur. 5.1.10 / USP <85>: K = 5 EU/kg/h. A 40 kg child given 50 mL within an hour may receive 200 EU: 4 EU/mL; over 2 h,
    // 400 EU: 8 EU/mL. A 70 kg adult, 100 mL in 30 min: 3.5 EU/mL.
    [Theory]
    [InlineData(40, 50, 0.5, 200, 4.0)]
    [InlineData(40, 50, 1.0, 200, 4.0)]
    [InlineData(40, 50, 2.0, 400, 8.0)]
    [InlineData(70, 100, 0.5, 350, 3.5)]
    public void Endotoxin_CeilingForThePatient(double kg, double ml, double hours, double ceilingEu, double limitEuPerMl)
    {
        var weight = Core.Quantities.Weight.FromKilograms(kg);

        Assert.Equal(ceilingEu, Dosing.EndotoxinCeilingEu(weight, hours), 1e-9);
        Assert.Equal(limitEuPerMl, Dosing.EndotoxinLimitEuPerMl(weight, ml, hours), 1e-9);
    }

    // 2 × 10⁶ cells/kg for 42 kg from a bag of 1 × 10⁸ cells in 50 mL (2 × 10⁶ cells/mL): 8.4 × 10⁷ cells in 42 mL; and back.
    [Fact]
    public void Dosing_PerKilogramToTotalToVolume_AndBack()
    {
        var bag = new Bag("B1", Isbt128.Parse("G123498654321").ValueOrThrow(), "S1234", "A0", 1e8, 50);
        var weight = Core.Quantities.Weight.FromKilograms(42);

        var dose = Dosing.FromDose(Core.Quantities.CellDose.FromCellsPerKilogram(2e6), weight, bag);
        var back = Dosing.FromVolume(42, weight, bag);

        Assert.Equal(8.4e7, dose.TotalCells, 1e-3);
        Assert.Equal(42, dose.VolumeMl, 1e-9);
        Assert.Equal(2e6, back.Dose.CellsPerKilogram, 1e-3);
    }

    private static CheckedSignature Signature(string lot, SignatureMeaning meaning, SignatureValidity validity) =>
        new(new ElectronicSignature("s1", "qp", "Quinn Person", At.AddDays(1), meaning, "msc_lots", null, lot, new string('a', 64)), validity);

    // A lot never releases itself: results that meet the specification release nothing until the qualified person's release
    // signature is there and still holds (the lot unchanged since), for this lot, with the meaning "release".
    [Fact]
    public void Released_NeedsAValidReleaseSignatureOfThisLot()
    {
        var decision = Release.Decide("MSC-001", Spec, AtTheLimits(), SpecificationStatus.BuiltIn);

        Assert.False(decision.Released);
        Assert.Contains("not signed for release by a qualified person", decision.Refusal, StringComparison.Ordinal);
        Assert.True((decision with { ReleaseSignature = Signature("MSC-001", SignatureMeaning.Release, SignatureValidity.Valid) }).Released);
        var changed = decision with { ReleaseSignature = Signature("MSC-001", SignatureMeaning.Release, SignatureValidity.RecordChanged) };
        Assert.False(changed.Released);
        Assert.Contains("no longer valid", changed.Refusal, StringComparison.Ordinal);
        Assert.False((decision with { ReleaseSignature = Signature("MSC-002", SignatureMeaning.Release, SignatureValidity.Valid) }).Released);
        Assert.False((decision with { ReleaseSignature = Signature("MSC-001", SignatureMeaning.Review, SignatureValidity.Valid) }).Released);
    }

    [Fact]
    public void Released_FailingLotWithASignature_IsNotReleased()
    {
        var results = AtTheLimits();
        results.Add(new ReleaseResult("viability", 60, null, "%", At.AddHours(1)));

        var decision = Release.Decide("MSC-001", Spec, results, SpecificationStatus.BuiltIn) with { ReleaseSignature = Signature("MSC-001", SignatureMeaning.Release, SignatureValidity.Valid) };

        Assert.False(decision.Released);
        Assert.False(decision.MeetsSpecification);
        Assert.StartsWith("viability fail", decision.SpecificationRefusal, StringComparison.Ordinal);
    }
}
