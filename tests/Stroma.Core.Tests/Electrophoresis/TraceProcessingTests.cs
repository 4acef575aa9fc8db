using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Tests.Electrophoresis;

public sealed class TraceProcessingTests
{
    // Ground truth by construction: Gaussian peaks (σ in scans) on a sloping baseline with small deterministic ripple.
    private static short[] Synthetic(params (double Centre, double Height, double Sigma)[] peaks)
    {
        var trace = new short[3000];
        for (var i = 0; i < trace.Length; i++)
        {
            var value = 40 + (0.01 * i) + (3 * Math.Sin(i * 0.7));
            foreach (var (centre, height, sigma) in peaks)
            {
                value += height * Math.Exp(-0.5 * Math.Pow((i - centre) / sigma, 2));
            }

            trace[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }

        return trace;
    }

    [Fact]
    public void FindPeaks_Gaussians_GivesApexHeightAreaAndWidth()
    {
        var trace = Synthetic((800.3, 1000, 4), (1500.7, 400, 6), (2200, 2000, 5));

        var peaks = TraceProcessing.FindPeaks(trace, new PeakDetectionSettings(MinHeight: 100));

        Assert.Equal(3, peaks.Length);
        Assert.Equal(800.3, peaks[0].Apex, 0.15);
        Assert.Equal(1500.7, peaks[1].Apex, 0.15);
        Assert.Equal(1000, peaks[0].Height, 15.0);
        Assert.Equal(400, peaks[1].Height, 15.0);
        Assert.Equal(2000 * 5 * Math.Sqrt(2 * Math.PI), peaks[2].Area, 2000 * 5 * Math.Sqrt(2 * Math.PI) * 0.03);
        Assert.Equal(2.3548 * 6, peaks[1].HalfWidth, 0.6);
    }

    // Two Gaussians 3 scans apart make one peak with a notched top (valley ~97% of the tops); a −A shoulder 20 scans below its
    // parent at 30% is a peak of its own (the valley between them falls far under its height).
    [Fact]
    public void FindPeaks_NotchedTop_IsOnePeakButAShoulderIsNot()
    {
        var trace = Synthetic((1000, 1000, 2.5), (1003, 1000, 2.5), (1980, 300, 4), (2000, 1000, 4));

        var peaks = TraceProcessing.FindPeaks(trace, new PeakDetectionSettings(MinHeight: 100));

        Assert.Equal(3, peaks.Length);
        Assert.InRange(peaks[0].Apex, 1000, 1003);
        Assert.Equal(1980, peaks[1].Apex, 0.5);
        Assert.Equal(2000, peaks[2].Apex, 0.5);
    }

    [Fact]
    public void FindPeaks_BelowThreshold_IsIgnored() =>
        Assert.Single(TraceProcessing.FindPeaks(Synthetic((800, 1000, 4), (1500, 60, 4)), new PeakDetectionSettings(MinHeight: 100)));

    [Fact]
    public void FindPeaks_AtTheCap_IsSaturated()
    {
        var trace = Synthetic((800, 40000, 4), (1500, 500, 4));

        var peaks = TraceProcessing.FindPeaks(trace, new PeakDetectionSettings(MinHeight: 100));

        Assert.True(peaks[0].IsSaturated);
        Assert.False(peaks[1].IsSaturated);
    }

    [Fact]
    public void FindPeaks_OffScaleScan_IsSaturated()
    {
        var peaks = TraceProcessing.FindPeaks(Synthetic((800, 500, 4)), new PeakDetectionSettings(MinHeight: 100), new HashSet<int> { 801 });

        Assert.True(Assert.Single(peaks).IsSaturated);
    }

    [Fact]
    public void Baseline_SlopingTrace_FollowsTheSlope()
    {
        var trace = Synthetic((1500, 1000, 5));

        var baseline = TraceProcessing.Baseline(trace, 51);

        // A lower envelope: the running minimum sits at the bottom of the ±3 RFU ripple.
        Assert.Equal(40 + 5 - 3, baseline[500], 1.0);
        Assert.Equal(40 + 25 - 3, baseline[2500], 1.0);
        Assert.InRange(baseline[1500], 40, 60);
    }

    // The fast baseline (window minima by doubling a vector at a time, interior and ends apart, running mean) equals the definition computed the slow
    // way — the minimum over the window cut at the trace's ends, then the mean of those minima over the same cut window — on random
    // traces of every length around the window, including traces shorter than it.
    [Fact]
    public void Baseline_EqualsTheDefinition()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 300; trial++)
        {
            var window = 3 + (2 * random.Next(0, 30));
            var n = 1 + random.Next(0, 3 * window);
            var raw = Enumerable.Range(0, n).Select(_ => (short)random.Next(-200, 3000)).ToArray();
            var half = window / 2;
            var minimum = Enumerable.Range(0, n).Select(i => (double)raw[Math.Max(0, i - half)..(Math.Min(n - 1, i + half) + 1)].Min()).ToArray();
            var expected = Enumerable.Range(0, n).Select(i => minimum[Math.Max(0, i - half)..(Math.Min(n - 1, i + half) + 1)].Average()).ToArray();

            var baseline = TraceProcessing.Baseline(raw, window);

            Assert.All(Enumerable.Range(0, n), i => Assert.Equal(expected[i], baseline[i], 1e-9));
        }
    }

    [Fact]
    public void FindPeaks_StartScan_SkipsThePrimerFront() =>
        Assert.Equal(1500, Assert.Single(TraceProcessing.FindPeaks(Synthetic((300, 5000, 4), (1500, 500, 4)), new PeakDetectionSettings(MinHeight: 100, StartScan: 1000))).ApexScan);

    // A trace of zeros with the given samples from scan 500 (a flat baseline, so the corrected signal is these values).
    private static short[] Shaped(params short[] samples)
    {
        var trace = new short[1200];
        samples.CopyTo(trace, 500);
        return trace;
    }

    // The ILS600 375 bp peak of the shared PowerPlex 16 positive control (osiris/powerplex16/positive_control.fsa, scans 8590–8625,
    // baseline-corrected and rounded): its top is three equal samples. It was a peak of zero width and the area of one scan, so the
    // standard matcher took it for a spike and lost the fragment.
    [Fact]
    public void FindPeaks_FlatTop_HasItsWidthAndArea()
    {
        short[] samples = [16, 19, 27, 35, 43, 50, 61, 77, 85, 97, 110, 121, 135, 136, 143, 146, 146, 146, 138, 133, 119, 106, 95, 87, 70, 62, 54, 42, 35, 30, 28, 19, 21, 17, 9];

        var peak = Assert.Single(TraceProcessing.FindPeaks(Shaped(samples), new PeakDetectionSettings(MinHeight: 50)));

        Assert.Equal(516, peak.ApexScan);
        Assert.Equal(146, peak.Height);
        Assert.InRange(peak.HalfWidth, 16, 18);
        Assert.Equal(samples.Take(32).Sum(v => (double)v), peak.Area); // to the valley at scan 531, where the signal rises again
    }

    // D16S539 allele 12 of the shared PowerPlex 16 MIX05 case 1 reference (osiris/powerplex16/MIX05case1_victim.fsa, scans
    // 6430–6462): the top, 275, is followed by two equal samples of 262. That flat step on the falling flank was taken for a second
    // maximum, the two halves did not touch, and the allele was called twice (12 at 291.10 bp / 275 RFU and at 291.16 bp / 262 RFU).
    [Fact]
    public void FindPeaks_FlatStepBesideTheTop_IsOnePeak()
    {
        short[] samples = [22, 24, 32, 44, 54, 79, 96, 115, 145, 177, 196, 227, 247, 256, 275, 262, 262, 239, 235, 203, 180, 157, 131, 104, 79, 65, 59, 42, 34, 30, 24, 23, 21];

        var peak = Assert.Single(TraceProcessing.FindPeaks(Shaped(samples), new PeakDetectionSettings(MinHeight: 50)));

        Assert.Equal(514, peak.ApexScan);
        Assert.Equal(275, peak.Height);
    }
}
