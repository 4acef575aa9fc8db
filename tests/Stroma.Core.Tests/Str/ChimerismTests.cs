using System.Collections.Immutable;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Str;

public sealed class ChimerismTests
{
    private static readonly ChimerismSettings Settings = new();

    private static ChimerismLocus Locus(string name, (string Who, string[] Alleles)[] references, params (string Allele, double Signal)[] signals) =>
        new(name, references.ToDictionary(r => r.Who, r => r.Alleles.ToImmutableArray()), signals.ToDictionary(s => s.Allele, s => s.Signal));

    // Signals made from known fractions: S(a) = Σ_X f_X × copies of a in X (so T = 2). Each formula of research/str.md §4.2 must
    // return the fraction that made the signals.
    [Theory]
    [InlineData("fully informative (TYPE I)", new[] { "10", "12" }, new[] { "14", "15" }, 0.6)]
    [InlineData("one shared allele (Rchimerism 221)", new[] { "10", "12" }, new[] { "12", "14" }, 0.7)]
    [InlineData("recipient het, donor hom on the shared allele (121)", new[] { "10", "13" }, new[] { "13" }, 0.2)]
    [InlineData("recipient hom, donor het (211)", new[] { "12" }, new[] { "12", "14" }, 0.9)]
    [InlineData("both homozygous, different", new[] { "9" }, new[] { "12" }, 0.05)]
    public void AtLocus_SingleDonorFormulas_RecoverTheFraction(string why, string[] recipient, string[] donor, double recipientFraction)
    {
        var locus = Synthetic(("R", recipient, recipientFraction), ("D", donor, 1 - recipientFraction));

        var r = Chimerism.AtLocus(locus, "R", Settings);
        var d = Chimerism.AtLocus(locus, "D", Settings);

        Assert.True(r is not null || d is not null, why);
        if (r is { } rr)
        {
            Assert.Equal(recipientFraction, rr.Fraction, 1e-12);
        }

        if (d is { } dd)
        {
            Assert.Equal(1 - recipientFraction, dd.Fraction, 1e-12);
        }
    }

    [Fact]
    public void AtLocus_IdenticalGenotypes_IsNotInformative() =>
        Assert.Null(Chimerism.AtLocus(Synthetic(("R", ["10", "12"], 0.5), ("D", ["10", "12"], 0.5)), "R", Settings));

    // Three genomes (recipient, kidney donor, MSC donor): the general rule per contributor where it has unique alleles, and the
    // constrained least squares over every allele, both recover the fractions.
    [Fact]
    public void Estimate_ThreeContributors_RecoversEveryFraction()
    {
        var truth = new Dictionary<string, double> { ["R"] = 0.85, ["K"] = 0.12, ["M"] = 0.03 };
        var genotypes = new (string R, string K, string M)[]
        {
            ("8,9", "10,11", "12,13"), ("14", "15,16", "18"), ("20,21", "21,22", "24"), ("9.3", "6,7", "8,10"), ("11,12", "12", "13,15"),
        };
        var loci = genotypes.Select((g, i) => Synthetic(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("R", g.R.Split(','), truth["R"]), ("K", g.K.Split(','), truth["K"]), ("M", g.M.Split(','), truth["M"]))).ToList();

        var estimate = Chimerism.Estimate(loci, Settings with { Stutter = StutterHandling.Correct, StutterRatio = 0 });
        var lsq = Chimerism.LeastSquares(loci);

        foreach (var (who, fraction) in truth)
        {
            Assert.Equal(fraction * 100, estimate.Single(e => e.Contributor == who).Percent!.Value, 1e-9);
            Assert.Equal(fraction, lsq[who], 1e-9);
        }
    }

    // A 95% recipient whose two alleles are out of balance (1.2 : 0.8 of their expected share) and a 5% donor with a unique allele:
    // read through its unique allele 10 the recipient would be 1.14 ÷ 2 × 2 = 114 %; had by difference it is 95 %. At a locus where
    // the recipient has no unique allele (homozygous on the donor's allele) it is also 1 minus the donor.
    [Fact]
    public void Estimate_LargestShare_IsOneMinusTheOthers()
    {
        var loci = Enumerable.Range(0, 4).Select(i => Locus($"L{i}", [("R", ["10", "12"]), ("M", ["12", "14"])], ("10", 0.95 * 1.2), ("12", (0.95 * 0.8) + 0.05), ("14", 0.05)))
            .Append(Locus("L4", [("R", ["12"]), ("M", ["12", "14"])], ("12", (0.95 * 2) + 0.05), ("14", 0.05))).ToList();

        var estimate = Chimerism.Estimate(loci, Settings with { Stutter = StutterHandling.Correct, StutterRatio = 0 });

        var recipient = estimate.Single(e => e.Contributor == "R");
        Assert.Equal(95.0, recipient.Percent!.Value, 1e-9);
        Assert.Equal(5, recipient.LociUsed);
        Assert.All(recipient.Loci, l => Assert.True(l.IsByDifference));
        var msc = estimate.Single(e => e.Contributor == "M");
        Assert.True(msc.Percent is not null, msc.Text);
        Assert.Equal(5.0, msc.Percent.Value, 1e-9);
    }

    [Fact]
    public void Estimate_DonorAllelesAbsent_IsNotDetectedNeverZero()
    {
        var loci = Enumerable.Range(0, 5).Select(i => Locus($"L{i}", [("R", ["10", "12"]), ("M", ["14", "15"])], ("10", 1000), ("12", 950))).ToList();

        var msc = Chimerism.Estimate(loci, Settings).Single(c => c.Contributor == "M");

        Assert.False(msc.IsDetected);
        Assert.Null(msc.Percent);
        Assert.Equal("not detected (< 1 %)", msc.Text);
    }

    [Fact]
    public void AtLocus_MinorAlleleInStutterPosition_IsExcludedOrCorrected()
    {
        // Donor allele 13 sits one repeat below recipient allele 14: its signal holds 10% stutter of 14.
        var locus = Locus("D", [("R", ["14", "15"]), ("D", ["13", "18"])], ("13", 100 + 90), ("14", 900), ("15", 900), ("18", 100));

        var excluded = Chimerism.AtLocus(locus, "D", Settings)!.Value;
        var corrected = Chimerism.AtLocus(locus, "D", Settings with { Stutter = StutterHandling.Correct, StutterRatio = 0.1 })!.Value;

        Assert.Equal(["18"], excluded.Unique);
        // The recipient's stutter on 13 (10 % of 14) is no one's DNA and leaves the total too: 2 × 100 ÷ (2090 − 90).
        Assert.Equal(2 * 100 / (190 + 900 + 900 + 100.0 - 90), excluded.Fraction, 1e-12);
        // Corrected: 13 loses 10% of 14, and 14 (the recipient's own) loses 10% of 15, in the total too.
        Assert.Equal((100 + 100) / (100 + 810 + 900 + 100.0), corrected.Fraction, 1e-12);
    }

    [Fact]
    public void Estimate_OutlierLocus_IsDroppedAndCounted()
    {
        var loci = Enumerable.Range(0, 6).Select(i => Synthetic($"L{i}", ("R", ["10", "12"], 0.9), ("D", ["14", "15"], 0.1))).ToList();
        loci.Add(Locus("Odd", [("R", ["10", "12"]), ("D", ["14", "15"])], ("10", 50), ("12", 50), ("14", 50), ("15", 50)));

        var donor = Chimerism.Estimate(loci, Settings).Single(c => c.Contributor == "D");

        Assert.Equal(10, donor.Percent!.Value, 1e-9);
        Assert.Equal(6, donor.LociUsed);
        Assert.True(donor.Loci.Single(l => l.Locus == "Odd").IsOutlier);
    }

    // Correction for the contributor's own allele balance measured in its pre-transplant reference: each peak of a contributor is read
    // against what that allele carries of the contributor's own signal, not against an assumed 1 : 1 — the peak-measurement arithmetic
    // of Kristt D. et al., "Quantitative monitoring of multi-donor chimerism: a systematic, validated framework for routine analysis",
    // Bone Marrow Transplant 2010 (abstract checked on cris.tau.ac.il; results within ±5 % of reference values), and the heterozygote
    // balance used by the Cantabria group's hypothesis-free chimerism, Clin Chim Acta 2012;414:85–90 (PubMed 22967948). The review usually
    // cited for pre-transplant correction factors (Kristt, Stein, Yaniv, Klein, Bone Marrow Transplant 2007;39:255–268) could not be
    // checked here. Known answer by construction: a 30 % donor {8, 12} whose reference puts 60 % of
    // its signal on 8 and 40 % on 12, beside a balanced 70 % recipient {12, 14}: S(8) = 300 × 0.6 = 180, S(12) = 120 + 350,
    // S(14) = 350, T = 1000. Read through 8 alone, ×2 (balance assumed) gives 36 %; divided by its reference share 0.6, 30 %.
    [Fact]
    public void Estimate_DonorSeenThroughOneAlleleOfAnImbalancedPair_IsCorrectedByItsReferenceBalance()
    {
        var loci = Enumerable.Range(0, 4).Select(i => Locus($"L{i}", [("R", ["12", "14"]), ("D", ["8", "12"])], ("8", 180), ("12", 470), ("14", 350)) with
        {
            Balance = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["D"] = new Dictionary<string, double> { ["8"] = 0.6, ["12"] = 0.4 } },
        }).ToList();

        var donor = Chimerism.Estimate(loci, Settings).Single(c => c.Contributor == "D");

        Assert.Equal(30.0, donor.Percent!.Value, 1e-9);
        Assert.Equal(36.0, donor.UncorrectedPercent!.Value, 1e-9);
        Assert.All(donor.Loci, l => Assert.Equal((0.30, 0.36, 0.6), (Math.Round(l.Fraction, 12), Math.Round(l.UncorrectedFraction!.Value, 12), l.ReferenceShare!.Value)));
        Assert.Equal(70.0, Chimerism.Estimate(loci, Settings).Single(c => c.Contributor == "R").Percent!.Value, 1e-9);
    }

    // The recipient's own reference typed as the sample: where the donor's alleles are all the recipient's too, the recipient is read
    // through its unique allele, and its imbalance (1.2 : 0.8) read it as 120 %. With its balance it is 100 %; a share is never above it.
    [Fact]
    public void Estimate_SampleIsTheRecipientsOwnReference_ReadsAtMost100()
    {
        var balance = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["R"] = new Dictionary<string, double> { ["8"] = 0.6, ["12"] = 0.4 } };
        var loci = Enumerable.Range(0, 4).Select(i => Locus($"L{i}", [("R", ["8", "12"]), ("D", ["12"])], ("8", 1200), ("12", 800))).ToList();

        var balanced = Chimerism.Estimate(loci, Settings).Single(c => c.Contributor == "R");
        var corrected = Chimerism.Estimate([.. loci.Select(l => l with { Balance = balance })], Settings).Single(c => c.Contributor == "R");

        Assert.Equal(100.0, balanced.Percent!.Value, 1e-9);
        Assert.Equal(100.0, corrected.Percent!.Value, 1e-9);
        Assert.All(corrected.Loci, l => Assert.Equal(1.0, l.Fraction, 1e-12));
    }

    // A donor allele 1 bp below a recipient allele (TH01 9.3 under 10) carries the recipient's −A shoulder: it is no unique allele.
    [Fact]
    public void AtLocus_AlleleOnAnotherContributorsMinusAShoulder_IsLeftOut()
    {
        var locus = Locus("TH01", [("R", ["8", "10"]), ("D", ["8", "9.3"])], ("8", 7700), ("9.3", 626), ("10", 7040)) with
        {
            SizesBp = new Dictionary<string, double> { ["8"] = 176.1, ["9.3"] = 183.1, ["10"] = 184.1 },
        };

        Assert.Null(Chimerism.AtLocus(locus, "D", Settings));
        Assert.NotNull(Chimerism.AtLocus(locus with { SizesBp = new Dictionary<string, double>() }, "D", Settings));
    }

    // The back stutter a 90 % contributor {19, 23} puts on a 10 % contributor's 18 (one repeat below its 19) is no one's DNA: taken off
    // the total at ρ. S(19) = S(23) = 450, S(18) = 50 + 45 of stutter, S(30) = 50: the minor through 30 is 50 ÷ (1000 × ½) = 10 %
    // (9.57 % with the stutter left in the total).
    [Fact]
    public void AtLocus_StutterOnAnotherContributorsAllele_IsTakenOffTheTotal()
    {
        var locus = Locus("SE33", [("A", ["19", "23"]), ("B", ["18", "30"])], ("18", 95), ("19", 450), ("23", 450), ("30", 50));

        var minor = Chimerism.AtLocus(locus, "B", Settings)!.Value;

        Assert.Equal(["30"], minor.Unique);
        Assert.Equal(0.10, minor.Fraction, 1e-12);
    }

    [Theory]
    [InlineData(71.0, 71.0, true)]
    [InlineData(55.0, 30.0, true)]
    [InlineData(60.0, 38.0, false)]
    [InlineData(null, 100.0, false)]
    public void CheckSum_ContributorsThatDoNotAddUp_AreStr013(double? recipient, double donor, bool refused)
    {
        ContributorChimerism Of(string who, double? percent) => new(who, percent, 0, [], percent is not null, percent is null ? "not detected (< 1 %)" : "x");

        var issue = Chimerism.CheckSum([Of("recipient", recipient), Of("donor", donor)], "s.fsa");

        Assert.Equal(refused, issue is { Code: StrIssues.InconsistentWithReferences, Location: "s.fsa" });
    }

    // A 1 % donor {14, 15} beside a 99 % recipient {10, 12}, every peak read on 20 RFU of noise (the tallest peak within half a bp):
    // S(10) = S(12) = 990 + 20, S(14) = S(15) = 10 + 20. With the locus's noise floor of 20 taken off, the donor is 20 ÷ 2000 = 1 %;
    // read as measured it would be 60 ÷ 2080 = 2.88 %.
    [Fact]
    public void AtLocus_NoiseFloor_IsTakenOffEverySignal()
    {
        var locus = Locus("FGA", [("R", ["10", "12"]), ("D", ["14", "15"])], ("10", 1010), ("12", 1010), ("14", 30), ("15", 30));

        var floored = Chimerism.AtLocus(locus with { NoiseFloor = 20 }, "D", Settings)!.Value;
        var measured = Chimerism.AtLocus(locus, "D", Settings)!.Value;

        Assert.Equal(0.01, floored.Fraction, 1e-12);
        Assert.Equal(60 / 2080.0, measured.Fraction, 1e-12);
        Assert.Equal(0.0, Chimerism.AtLocus(locus with { NoiseFloor = 40 }, "D", Settings)!.Value.Fraction, 1e-12);
    }

    // The loci must agree: a donor read as 50 % from loci at 0 and 100 % (SD 55) is another person's sample, though the sum is 100.
    [Theory]
    [InlineData(9.7, false)]
    [InlineData(25.0, false)]
    [InlineData(25.1, true)]
    [InlineData(54.8, true)]
    public void CheckSum_LociThatDisagree_AreStr013(double sd, bool refused)
    {
        var issue = Chimerism.CheckSum([new("recipient", 50, sd, [], true, "x"), new("donor", 50, 1, [], true, "x")], "s.fsa");

        Assert.Equal(refused, issue is { Code: StrIssues.InconsistentWithReferences, Location: "s.fsa" });
    }

    private static ChimerismLocus Synthetic(params (string Who, string[] Alleles, double Fraction)[] contributors) => Synthetic("L", contributors);

    private static ChimerismLocus Synthetic(string name, params (string Who, string[] Alleles, double Fraction)[] contributors)
    {
        var signals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (_, alleles, fraction) in contributors)
        {
            foreach (var allele in alleles.Length == 1 ? [alleles[0], alleles[0]] : alleles)
            {
                signals[allele] = signals.GetValueOrDefault(allele) + (fraction * 1000);
            }
        }

        return new ChimerismLocus(name, contributors.ToDictionary(c => c.Who, c => c.Alleles.ToImmutableArray()), signals);
    }
}
