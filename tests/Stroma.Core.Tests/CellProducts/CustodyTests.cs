using Stroma.Core.CellProducts;

namespace Stroma.Core.Tests.CellProducts;

public sealed class CustodyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 7, 0, 0, TimeSpan.FromHours(1));
    private static readonly Bag Bag = new("MSC-001-B1", Isbt128.Parse("G123425000001").ValueOrThrow(), "S1234", "A0", 1e8, 50, "DEMO-001");
    private static readonly MscLot Lot = new("MSC-001", new CellDonor("D-017", DonorKind.ThirdParty), "bone marrow", 3, Preservation.Cryopreserved,
        T0.AddDays(-30), T0.AddDays(300), "Cell Factory", [Bag]);

    private static ReleaseDecision Released() =>
        new("MSC-001", "spec v1", SpecificationStatus.Approved, [new TestVerdict(ReleaseSpecification.IsctBoneMarrowMsc.Tests[0], null, VerdictStatus.Pass, "ok")])
        {
            ReleaseSignature = new(new("s1", "qp", "Quinn Person", T0.AddDays(-20), Stroma.Core.Signatures.SignatureMeaning.Release, "msc_lots", null, "MSC-001", new string('a', 64)), Stroma.Core.Signatures.SignatureValidity.Valid),
        };

    private static List<CustodyEvent> Chain() =>
    [
        new("c1", "MSC-001-B1", CustodyEventKind.Dispensed, "factory-qp", "courier", T0, "Cell Factory", -150),
        new("c2", "G123425000001", CustodyEventKind.Received, "courier", "ward-nurse", T0.AddHours(1), "Paediatric nephrology", -140),
        new("c3", "MSC-001-B1", CustodyEventKind.Thawed, "ward-nurse", "ward-nurse", T0.AddHours(2), "Paediatric nephrology", 37),
        new("c4", "MSC-001-B1", CustodyEventKind.AtBedside, "ward-nurse", "physician", T0.AddHours(2.5), "Bed 4", Witness: "second-nurse"),
    ];

    [Fact]
    public void CheckInfusion_ReleasedLotWholeChainRightPatient_IsAccepted() =>
        Assert.Empty(Custody.CheckInfusion(Lot, Released(), Bag, "DEMO-001", T0.AddHours(2.75), Chain()));

    [Fact]
    public void Check_HandoffFromSomeoneElse_IsAGapNamingBothCustodians()
    {
        var chain = Chain();
        chain[2] = chain[2] with { From = "pharmacy" };

        var gap = Assert.Single(Custody.Check(Bag, chain));

        Assert.Equal(CustodyIssues.Gap, gap.Code);
        Assert.Equal("bag MSC-001-B1 custody c3", gap.Location);
        Assert.Contains("from ward-nurse", gap.Message, StringComparison.Ordinal);
        Assert.Contains("from pharmacy", gap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OtherBagScannedOrBrokenSeal_IsRefused()
    {
        var chain = Chain();
        chain[1] = chain[1] with { ScannedItemId = "MSC-001-B2", SealIntact = false };

        var issues = Custody.Check(Bag, chain);

        Assert.Equal([CustodyIssues.ScanMismatch, CustodyIssues.Condition], issues.Select(i => i.Code));
    }

    [Fact]
    public void CheckInfusion_AnotherPatientsBagExpiredUnreleasedAndNoBedsideCheck_GivesEveryReason()
    {
        var blocked = new ReleaseDecision("MSC-001", "spec v1", SpecificationStatus.Approved, [new TestVerdict(ReleaseSpecification.IsctBoneMarrowMsc.Tests[10], null, VerdictStatus.Missing, "no result")]);

        var issues = Custody.CheckInfusion(Lot, blocked, Bag with { AllocatedToPatientId = "OTHER-9" }, "DEMO-001", T0.AddDays(301), Chain().Take(3).ToList());

        Assert.Equal([CustodyIssues.NotReleased, CustodyIssues.Expired, CustodyIssues.WrongPatient, CustodyIssues.NotAtBedside], issues.Select(i => i.Code));
        Assert.Contains("sterility missing", issues[0].Message, StringComparison.Ordinal);
    }

    // The gate's messages printed times as 2025-12-28T07:00:00.0000000+01:00; they read as ISO date, time and offset.
    [Fact]
    public void CheckInfusion_Expired_PrintsTheTimesWithTheirOffsetWithoutFractions()
    {
        var issue = Assert.Single(Custody.CheckInfusion(Lot, Released(), Bag, "DEMO-001", T0.AddDays(301), Chain()), i => i.Code == CustodyIssues.Expired);

        Assert.Equal("Expected an infusion before the lot's expiry 2025-12-28 07:00 +01:00; found 2025-12-29 07:00 +01:00.", issue.Message);
    }

    // The lot page's status: what the release decision says, and past the expiry (by the gate's rule: the expiry instant is in date) also that.
    [Theory]
    [InlineData(true, 0, "RELEASED")]
    [InlineData(true, 1, "RELEASED — EXPIRED on 2025-12-28 07:00 +01:00, not to be infused")]
    [InlineData(false, 1, "NOT RELEASED, EXPIRED on 2025-12-28 07:00 +01:00")]
    [InlineData(false, 0, "NOT RELEASED")]
    public void LotStatus_Effective_SaysReleasedAndExpiredByTheGatesRule(bool released, int secondsAfterExpiry, string expected)
    {
        var decision = released ? Released() : new ReleaseDecision("MSC-001", "spec v1", SpecificationStatus.Approved, []);

        Assert.Equal(expected, LotStatus.Effective(Lot, decision, Lot.ExpiresAt.AddSeconds(secondsAfterExpiry)));
        Assert.Equal(secondsAfterExpiry > 0, LotStatus.IsExpired(Lot, Lot.ExpiresAt.AddSeconds(secondsAfterExpiry)));
    }

    // The expiry instant itself is still in date; one second later is not.
    [Fact]
    public void CheckInfusion_AtTheExpiryInstant_IsInDate()
    {
        var chain = Chain();
        var lot = Lot with { ExpiresAt = T0.AddHours(3) };

        Assert.Empty(Custody.CheckInfusion(lot, Released(), Bag, "DEMO-001", T0.AddHours(3), chain));
        Assert.Contains(Custody.CheckInfusion(lot, Released(), Bag, "DEMO-001", T0.AddHours(3).AddSeconds(1), chain), i => i.Code == CustodyIssues.Expired);
    }

    // Ph. Eur. 5.1.10: K = 5 EU/kg (per hour, any route but intrathecal). The bag holds 1e8 cells in 50 mL (2e6 cells/mL); a dose of
    // 1.5e6 cells/kg at 40 kg (6e7 cells), drawn as 30 mL. Endotoxin per kg = EU/mL × 30 mL ÷ 40 kg: 0.5 EU/mL gives 0.375 EU/kg,
    // 6.6 EU/mL gives 4.95 EU/kg (accepted), 6.7 EU/mL gives 5.025 EU/kg (refused).
    [Theory]
    [InlineData(0.5, false)]
    [InlineData(6.6, false)]
    [InlineData(6.7, true)]
    public void CheckEndotoxinDose_AtMostFiveEuPerKilogram(double euPerMl, bool refused)
    {
        var issue = Custody.CheckEndotoxinDose(WithEndotoxin(euPerMl), Bag, 6e7, Stroma.Core.Quantities.Weight.FromKilograms(40));

        Assert.Equal(refused, issue is not null);
        if (refused)
        {
            Assert.Equal(CustodyIssues.EndotoxinDose, issue!.Code);
            Assert.Contains("5.025 EU/kg (6.7 EU/mL × 30 mL ÷ 40 kg)", issue.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckEndotoxinDose_WithoutAnEndotoxinResult_IsRefused()
    {
        Assert.Equal(CustodyIssues.EndotoxinDose, Custody.CheckEndotoxinDose(Released(), Bag, 6e7, Stroma.Core.Quantities.Weight.FromKilograms(40))?.Code);
    }

    private static ReleaseDecision WithEndotoxin(double euPerMl)
    {
        var test = ReleaseSpecification.IsctBoneMarrowMsc.Tests.First(t => t.Category == TestCategory.Endotoxin);
        return new("MSC-001", "spec v1", SpecificationStatus.Approved, [new TestVerdict(test, new ReleaseResult(test.Code, euPerMl, null, "[EU]/mL", T0), VerdictStatus.Pass, "ok")]);
    }

    // The bag holds 1e8 cells in 50 mL: 1e8 cells fit; 1.5e8 (5e6 cells/kg at 30 kg) would need 75 mL of a 50 mL bag.
    [Theory]
    [InlineData(1e8, false)]
    [InlineData(1.5e8, true)]
    public void CheckDoseFitsBag_AtMostTheBagsCells(double totalCells, bool refused)
    {
        var issue = Custody.CheckDoseFitsBag(Bag, totalCells);

        Assert.Equal(refused, issue is not null);
        if (refused)
        {
            Assert.Equal(CustodyIssues.DoseExceedsBag, issue!.Code);
            Assert.Contains("(75 mL)", issue.Message, StringComparison.Ordinal);
        }
    }
}
