using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;

namespace Stroma.Core.Tests.Simulation;

/// <summary>
/// Two real single-source injections of one run, typed against the run's ladder as references ("major" and "minor"), and in-silico
/// mixtures of them analysed end to end (StrAnalysis, StrChimerism) with the truth per locus: the minor's share of the reference-allele
/// signal in the two warped pure traces, w·T_minor ÷ (w·T_minor + (1 − w)·T_major), averaged over the loci the estimate uses.
/// </summary>
internal sealed class InSilicoMixturePair
{
    private readonly StrSettings _settings;
    private readonly SizedLane _pureMajor;
    private readonly SizedLane _pureMinor;
    private readonly string? _sizeStandard;

    public InSilicoMixturePair(string kitFile, string ladder, string major, string minor, double minStandardHeight = SizeStandardMatcher.DefaultMinStandardHeight, string? sizeStandard = null)
    {
        using (var stream = File.OpenRead(TestData.PathOf($"str/kits/osiris/{kitFile}")))
        {
            Kit = OsirisKitReader.Read(stream, kitFile).ValueOrThrow();
        }

        _settings = StrSettings.Default with { MinStandardHeight = minStandardHeight };
        _sizeStandard = sizeStandard;
        Ladder = StrAnalysis.Ladder(Read(ladder), ladder, Kit, sizeStandard, _settings).ValueOrThrow();
        (Major, Minor) = (Read(major), Read(minor));
        MajorReference = StrAnalysis.Sample(Major, major, Ladder, sizeStandard, _settings, SampleRole.Sample).ValueOrThrow();
        MinorReference = StrAnalysis.Sample(Minor, minor, Ladder, sizeStandard, _settings, SampleRole.Sample).ValueOrThrow();
        _pureMajor = StrAnalysis.Size(Mix(0), "pure", Kit, sizeStandard, _settings).ValueOrThrow();
        _pureMinor = StrAnalysis.Size(Mix(1), "pure", Kit, sizeStandard, _settings).ValueOrThrow();
    }

    public Kit Kit { get; }

    public LadderRun Ladder { get; }

    public AbifFile Major { get; }

    public AbifFile Minor { get; }

    public SampleAnalysis MajorReference { get; }

    public SampleAnalysis MinorReference { get; }

    public AbifFile Mix(double minorWeight) =>
        InSilicoMixture.Mix(Major, MajorReference.Lane.Curve, Minor, MinorReference.Lane.Curve, minorWeight, Kit.StandardFileChannel);

    /// <summary>The minor's estimate in a mixture of weight <paramref name="minorWeight"/>, and the truth over the loci it uses (%).</summary>
    public (ContributorChimerism Minor, ChimerismRun Run, double Truth) Estimate(double minorWeight, double analyticalThreshold = 10, ChimerismSettings? settings = null)
    {
        var mixture = StrAnalysis.Sample(Mix(minorWeight), "mixture", Ladder, _sizeStandard, _settings with { Peaks = _settings.Peaks with { MinHeight = analyticalThreshold } }, SampleRole.Sample).ValueOrThrow();
        var run = StrChimerism.Analyze(Ladder, [new ChimerismReference("major", MajorReference), new ChimerismReference("minor", MinorReference)], mixture.Lane,
            settings ?? new ChimerismSettings(LimitOfDetectionPercent: 0.5), PeakSignal.Height, mixture);
        var minor = run.Contributors.Single(c => c.Contributor == "minor");
        var used = minor.Loci.Where(l => !l.IsOutlier).Select(l => run.Loci.Single(x => x.Name == l.Locus)).ToList();
        var truth = used.Count == 0 ? double.NaN : used.Average(l =>
        {
            var bins = Ladder.Bins.Single(b => b.Locus.Name == l.Name);
            var (major, pure) = (l.References["major"].Sum(a => bins.SignalAt(_pureMajor, a)), l.References["minor"].Sum(a => bins.SignalAt(_pureMinor, a)));
            return minorWeight * pure / ((minorWeight * pure) + ((1 - minorWeight) * major));
        }) * 100;
        return (minor, run, truth);
    }

    private static AbifFile Read(string relative) => AbifReader.ReadOrThrow(TestData.Bytes($"str/osiris/{relative}"), relative);
}
