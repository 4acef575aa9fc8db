using System.Globalization;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Text;

namespace Stroma.Core.Tests.Electrophoresis;

public sealed class SizingCurveTests
{
    // Reference: Thermo Fisher Peak Scanner output for the Fraggler K1–K7 runs (shared str/fraggler/peakscanner_cnv.csv):
    // size-standard rows are the ORANGE peaks sized "*60.00"…"*600.00" (GS600 LIZ v2) at integer data points; every sample peak
    // inside 60–600 bp must get Peak Scanner's size (2 dp) by Local Southern from those points. Tolerance 0.005 bp (the rounding).
    [Fact]
    public void LocalSouthern_PeakScannerTable_ReproducesEverySampleSize()
    {
        var table = CsvTable.Read(TestData.Bytes("str/fraggler/peakscanner_cnv.csv"), "peakscanner_cnv.csv").ValueOrThrow();
        var (file, dye, size, point) = (table.ColumnIndex("Sample Filename"), table.ColumnIndex("Dye Color"), table.ColumnIndex("Size"), table.ColumnIndex("Data Point"));
        var checkedPeaks = 0;
        foreach (var run in table.Rows.GroupBy(r => r.Fields[file]))
        {
            var standard = run.Where(r => r.Fields[dye] == "ORANGE" && r.Fields[size].StartsWith('*'))
                .Select(r => new SizeStandardPoint(Number(r.Fields[point]), Number(r.Fields[size][1..]))).ToList();
            var curve = SizingCurve.Create(standard);
            foreach (var peak in run.Where(r => !r.Fields[size].StartsWith('*')))
            {
                var expected = Number(peak.Fields[size]);
                if (expected is < 60 or > 600)
                {
                    continue;
                }

                var actual = curve.SizeAt(Number(peak.Fields[point]));
                Assert.False(actual.IsExtrapolated);
                Assert.True(Math.Abs(actual.Bp - expected) <= 0.005, $"{run.Key} {peak.Fields[dye]} scan {peak.Fields[point]}: Peak Scanner {expected}, Stroma {actual.Bp:0.0000}");
                checkedPeaks++;
            }
        }

        Assert.Equal(293, checkedPeaks);
    }

    [Fact]
    public void LocalSouthern_AtAStandardPoint_GivesItsSize()
    {
        var curve = SizingCurve.Create(Hyperbolic());

        Assert.All(Hyperbolic(), p => Assert.Equal(p.Bp, curve.SizeAt(p.Scan).Bp, 1e-9));
    }

    // On an exact hyperbola L = 600 − 2.5e6/(m + 3000) (increasing with scan), every local triple recovers it exactly.
    [Theory]
    [InlineData(1500.0)]
    [InlineData(2345.6)]
    [InlineData(5999.0)]
    [InlineData(1200.0)]
    public void LocalSouthern_ExactHyperbola_IsRecovered(double scan) =>
        Assert.Equal(600 - (2.5e6 / (scan + 3000)), SizingCurve.Create(Hyperbolic()).SizeAt(scan).Bp, 1e-9);

    [Fact]
    public void LocalSouthern_CollinearPoints_FollowTheLine()
    {
        var curve = SizingCurve.Create([new(1000, 100), new(2000, 200), new(3000, 300), new(4000, 400), new(5000, 500)]);

        Assert.Equal(256.7, curve.SizeAt(2567).Bp, 1e-9);
    }

    [Fact]
    public void SizeAt_OutsideTheStandard_ExtrapolatesAndFlags()
    {
        var curve = SizingCurve.Create([new(1000, 100), new(2000, 200), new(3000, 300), new(4000, 400)]);

        Assert.Equal(new FragmentSize(50, IsExtrapolated: true), curve.SizeAt(500));
        Assert.Equal(new FragmentSize(450, IsExtrapolated: true), curve.SizeAt(4500));
    }

    [Fact]
    public void LeastSquaresCubic_ExactCubic_IsRecovered()
    {
        static double Cubic(double m) => 5 + (0.05 * m) + (1e-6 * m * m) - (1e-11 * m * m * m);
        var curve = SizingCurve.Create(Enumerable.Range(1, 8).Select(i => new SizeStandardPoint(i * 700, Cubic(i * 700))), SizingMethod.LeastSquaresCubic);

        Assert.Equal(Cubic(3210), curve.SizeAt(3210).Bp, 1e-6);
    }

    [Fact]
    public void Create_NotIncreasing_Throws() =>
        Assert.Throws<ArgumentException>(() => SizingCurve.Create([new(1000, 100), new(2000, 90), new(3000, 300), new(4000, 400)]));

    private static SizeStandardPoint[] Hyperbolic() =>
        [.. new[] { 1200.0, 1500, 2000, 2600, 3300, 4100, 5000, 6000 }.Select(m => new SizeStandardPoint(m, 600 - (2.5e6 / (m + 3000)))).Reverse()];

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
