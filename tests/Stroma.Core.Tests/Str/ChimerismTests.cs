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
        Assert.Equal(2 * 100 / (190 + 900 + 900 + 100.0), excluded.Fraction, 1e-12);
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
