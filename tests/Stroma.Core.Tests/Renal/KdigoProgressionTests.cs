using Stroma.Core.Renal;

namespace Stroma.Core.Tests.Renal;

public sealed class KdigoProgressionTests
{
    private static readonly DateOnly Zero = new(2025, 3, 3);

    // Values on a straight line of the given slope (mL/min/1.73 m²/year) at the given days after day 0.
    private static (DateOnly, double)[] Line(double start, double perYear, params int[] days) =>
        [.. days.Select(d => (Zero.AddDays(d), start + (perYear * d / EgfrSlope.DaysPerYear)))];

    // Known answers from the definitions of KDIGO 2012 recommendation 2.1.3, worked by hand: rapid progression is a slope below −5
    // mL/min/1.73 m²/year (values on an exact line give that slope); a certain drop is a worse GFR category with a fall ≥ 25 % from
    // the baseline (60 → 45 is −25.0 %, G2 → G3a; 60 → 45.6 is −24 %; 62 → 46 is −25.8 %).
    [Theory]
    [InlineData(50, 50, 3.0, true, false, false)]     // rising: stable
    [InlineData(60, 60, -4.9, true, false, false)]    // a decline, but not more than 5/year
    [InlineData(60, 60, -5.1, false, true, false)]    // rapid progression
    [InlineData(60, 60, -10, false, true, false)]
    public void Judge_Slope_DecidesRapidProgression(double baseline, double start, double perYear, bool stable, bool rapid, bool drop)
    {
        var verdict = KdigoProgression.Judge((Zero.AddDays(-7), baseline), Line(start, perYear, 0, 100, 200));

        Assert.Equal(stable, verdict.IsStable);
        Assert.Equal(rapid, verdict.RapidDecline);
        Assert.Equal(drop, verdict.CertainDrop);
        Assert.Equal(perYear, verdict.Slope!.PerYear, 1e-9);
    }

    [Theory]
    [InlineData(60, 45.0, false)]   // −25.0 %, G2 → G3a: a certain drop
    [InlineData(62, 46.0, false)]   // −25.8 %, G2 → G3a
    [InlineData(60, 45.6, true)]    // −24 %: not enough
    [InlineData(50, 36.0, false)]   // −28 %, G3a → G3b
    [InlineData(59, 44.5, true)]    // −24.6 %, G3a → G3b: not enough
    [InlineData(100, 70.0, false)]  // −30 %, G1 → G2
    public void Judge_LastAgainstBaseline_DecidesCertainDrop(double baseline, double last, bool stable)
    {
        // Flat after day 0, so that the slope cannot decide: only the drop from the baseline can.
        var verdict = KdigoProgression.Judge((Zero.AddDays(-7), baseline), Line(last, 0, 0, 180, 365));

        Assert.Equal(stable, verdict.IsStable);
        Assert.Equal(!stable, verdict.CertainDrop);
        Assert.False(verdict.RapidDecline);
    }

    [Fact]
    public void Judge_TooFewOrTooShort_IsNotAssessableAndSaysWhy()
    {
        var two = KdigoProgression.Judge((Zero.AddDays(-7), 60), Line(60, 0, 0, 200));
        var short_ = KdigoProgression.Judge((Zero.AddDays(-7), 60), Line(60, -20, 0, 30, 60));
        var noBaseline = KdigoProgression.Judge(null, Line(60, 0, 0, 100, 200));

        Assert.All(new[] { two, short_, noBaseline }, v => Assert.Null(v.IsStable));
        Assert.StartsWith("not assessable", two.Reason, StringComparison.Ordinal);
        Assert.NotNull(short_.Slope); // the evidence is still given
        Assert.Contains("no eGFR before day 0", noBaseline.Reason, StringComparison.Ordinal);
    }
}
