using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

public sealed class InSilicoMixtureTests
{
    // Acceptance (issue 4): real single-source GlobalFiler injections of one 3500 run (GF_1 major, GF_2 minor, shared
    // osiris/globalfiler_hid) mixed in silico; the minor contributor's chimerism must be within 1 percentage point of truth from
    // 1% to 50% minor, where an MSC donor's DNA will be. Truth per locus is the minor's share of the reference-allele signal in the
    // two (warped) pure traces, w·T_minor / (w·T_minor + (1 − w)·T_major), averaged over the loci the estimate uses.
    // Measured (heights; the larger share at a locus taken as 1 minus the others): 1–50% within 0.9 pp; at 75% the estimate is
    // 1.6 pp and at 99% 1.0 pp under truth (the 25% contributor is over-read by its unique alleles; areas do no better). That range is
    // held to 2 pp here and recorded as a known bias.
    [Theory]
    [InlineData(0.01, 1.0)]
    [InlineData(0.02, 1.0)]
    [InlineData(0.05, 1.0)]
    [InlineData(0.10, 1.0)]
    [InlineData(0.25, 1.0)]
    [InlineData(0.50, 1.0)]
    [InlineData(0.75, 2.0)]
    [InlineData(0.99, 2.0)]
    public void Chimerism_InSilicoMixtureOfRealTraces_IsWithinTolerance(double minorWeight, double tolerancePoints)
    {
        var fixture = Fixture.Value;

        var mixture = fixture.Size(InSilicoMixture.Mix(fixture.Major, fixture.MajorLane.Curve, fixture.Minor, fixture.MinorLane.Curve, minorWeight, fixture.Kit.StandardFileChannel));

        var loci = new List<ChimerismLocus>();
        var truth = new Dictionary<string, double>();
        foreach (var (bins, major, minor) in fixture.Loci)
        {
            var alleles = major.Concat(minor).Distinct().ToList();
            loci.Add(new ChimerismLocus(bins.Locus.Name, new Dictionary<string, ImmutableArray<string>> { ["major"] = major, ["minor"] = minor },
                alleles.ToDictionary(a => a, a => bins.SignalAt(mixture, a))));
            var (t1, t2) = (major.Sum(a => bins.SignalAt(fixture.PureMajor, a)), minor.Sum(a => bins.SignalAt(fixture.PureMinor, a)));
            truth[bins.Locus.Name] = minorWeight * t2 / ((minorWeight * t2) + ((1 - minorWeight) * t1));
        }

        var estimate = Chimerism.Estimate(loci, new ChimerismSettings(LimitOfDetectionPercent: 0.5)).Single(c => c.Contributor == "minor");

        Assert.True(estimate.IsDetected, estimate.Text);
        Assert.True(estimate.LociUsed >= 8, estimate.Text);
        var expected = estimate.Loci.Where(l => !l.IsOutlier).Average(l => truth[l.Locus]) * 100;
        Assert.True(Math.Abs(estimate.Percent!.Value - expected) <= tolerancePoints, $"w={minorWeight}: estimate {estimate.Text}, truth {expected:0.00} %");
    }

    // The limit of detection, measured on the same in-silico series (major alleles ~5,500 RFU): at a 50 RFU analytical threshold the
    // pure major shows no minor signal at any locus, 0.25% shows it at 1 of 10, 0.5% at 3, 1% at 8 (estimate 0.9%), 1.5% at 9; at a
    // 10 RFU threshold noise gives the blank 0.4% (SD 0.2). Hence the default LOD of 1%: below it, or unseen, the minor reads
    // "not detected (< 1 %)", never 0%. (The LOD scales with threshold ÷ allele height; a weaker sample has a higher one.)
    [Theory]
    [InlineData(0.0, 50, false)]
    [InlineData(0.0, 10, false)]
    [InlineData(0.0025, 50, false)]
    [InlineData(0.015, 50, true)]
    public void Chimerism_AroundTheLimitOfDetection_IsNotDetectedBelowIt(double minorWeight, double analyticalThreshold, bool detected)
    {
        var fixture = Fixture.Value;
        var mixed = InSilicoMixture.Mix(fixture.Major, fixture.MajorLane.Curve, fixture.Minor, fixture.MinorLane.Curve, minorWeight, fixture.Kit.StandardFileChannel);
        var mixture = LaneSizing.Size(mixed, "mixture", SizeStandard.Gs600LizV2, fixture.Kit.StandardFileChannel, new PeakDetectionSettings(MinHeight: analyticalThreshold)).ValueOrThrow();
        var loci = fixture.Loci.Select(l => new ChimerismLocus(l.Bins.Locus.Name, new Dictionary<string, ImmutableArray<string>> { ["major"] = l.Major, ["minor"] = l.Minor },
            l.Major.Concat(l.Minor).Distinct().ToDictionary(a => a, a => l.Bins.SignalAt(mixture, a)))).ToList();

        var minor = Chimerism.Estimate(loci, new ChimerismSettings()).Single(c => c.Contributor == "minor");

        Assert.Equal(detected, minor.IsDetected);
        if (!detected)
        {
            Assert.Null(minor.Percent);
            Assert.Equal("not detected (< 1 %)", minor.Text);
        }
    }

    private static readonly Lazy<MixtureFixture> Fixture = new(() => new MixtureFixture());

    private sealed class MixtureFixture
    {
        public MixtureFixture()
        {
            using (var stream = File.OpenRead(TestData.PathOf("str/kits/osiris/GlobalFiler_LadderInfo.xml")))
            {
                Kit = OsirisKitReader.Read(stream, "GlobalFiler_LadderInfo.xml").ValueOrThrow();
            }

            var bins = Genotyping.CalibrateLadder(Kit, Size(Read("GF_ladder1_A11_01.hid")), "ladder").ValueOrThrow();
            (Major, Minor) = (Read("GF_1_FTA_A01_01.hid"), Read("GF_2_FTA_B01_02.hid"));
            (MajorLane, MinorLane) = (Size(Major), Size(Minor));
            PureMajor = Size(InSilicoMixture.Mix(Major, MajorLane.Curve, Minor, MinorLane.Curve, 0, Kit.StandardFileChannel));
            PureMinor = Size(InSilicoMixture.Mix(Major, MajorLane.Curve, Minor, MinorLane.Curve, 1, Kit.StandardFileChannel));
            var majorCalls = Genotyping.Call(bins, MajorLane, new CallSettings(), "GF_1").ValueOrThrow().ToDictionary(c => c.Locus);
            var minorCalls = Genotyping.Call(bins, MinorLane, new CallSettings(), "GF_2").ValueOrThrow().ToDictionary(c => c.Locus);
            Loci = [.. bins
                .Where(b => b.Locus.Name is not ("AMEL" or "Yindel" or "DYS391"))
                .Select(b => (Bins: b, Major: majorCalls[b.Locus.Name].Genotype, Minor: minorCalls[b.Locus.Name].Genotype))
                .Where(l => l.Major.Length is 1 or 2 && l.Minor.Length is 1 or 2 && l.Major.Concat(l.Minor).All(a => l.Bins.Alleles.Any(x => x.Allele.Name == a)))];
        }

        public Kit Kit { get; }

        public AbifFile Major { get; }

        public AbifFile Minor { get; }

        public SizedLane MajorLane { get; }

        public SizedLane MinorLane { get; }

        public SizedLane PureMajor { get; }

        public SizedLane PureMinor { get; }

        public ImmutableArray<(LocusBins Bins, ImmutableArray<string> Major, ImmutableArray<string> Minor)> Loci { get; }

        public SizedLane Size(AbifFile file) =>
            LaneSizing.Size(file, "mixture", SizeStandard.Gs600LizV2, Kit.StandardFileChannel, new PeakDetectionSettings(MinHeight: 10)).ValueOrThrow();

        private static AbifFile Read(string name) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/globalfiler_hid/{name}"), name);
    }
}
