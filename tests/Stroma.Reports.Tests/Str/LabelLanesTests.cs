using Stroma.Reports.Str;

namespace Stroma.Reports.Tests.Str;

public sealed class LabelLanesTests
{
    [Fact]
    public void Place_SparseLabels_StayInTheFirstLaneOverTheirPeaks()
    {
        var (places, count) = LabelLanes.Place([new LaneLabel(100, 20, true), new LaneLabel(200, 20, true), new LaneLabel(300, 30, false)]);

        Assert.Equal(1, count);
        Assert.All(places, p => Assert.Equal(0, p!.Value.Lane));
        Assert.Equal([100.0, 200.0, 300.0], places.Select(p => p!.Value.Centre));
    }

    [Fact]
    public void Crosses_LeaderThroughALowerBox_IsTrueAndBesideItFalse()
    {
        Assert.True(LabelLanes.Crosses(100, 100, 2, 0, 90, 110));
        Assert.False(LabelLanes.Crosses(100, 100, 2, 0, 101, 130));
        Assert.False(LabelLanes.Crosses(100, 100, 0, 0, 90, 110));
        Assert.False(LabelLanes.Crosses(100, 160, 1, 0, 155, 170)); // the slanted leader has not reached 155 px by the top of lane 0
    }

    [Fact]
    public void Place_TwoPeaksCloserThanALabel_MovesOneAsideInTheFirstLane()
    {
        var (places, _) = LabelLanes.Place([new LaneLabel(100, 30, true), new LaneLabel(110, 30, true)]);

        Assert.All(places, p => Assert.Equal(0, p!.Value.Lane));
        Assert.True(Math.Abs(places[0]!.Value.Centre - places[1]!.Value.Centre) >= 30);
    }

    // Seeded random crowds (a ladder has a peak every few pixels): every required label is placed and no two boxes overlap in a lane.
    // (Where two peaks lie closer than a label's half width, a leader may have to pass behind a lower label; real samples are checked
    // for that in ElectropherogramSvgTests.)
    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 120)]
    [InlineData(3, 250)]
    public void Place_Crowd_PlacesEveryAlleleWithoutOverlap(int seed, int n)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(i => new LaneLabel(random.NextDouble() * 1100, 15 + (random.NextDouble() * 40), i % 3 != 0)).ToList();

        var (places, _) = LabelLanes.Place(labels);

        Assert.All(labels.Zip(places).Where(x => x.First.IsRequired), x => Assert.NotNull(x.Second));
        var boxes = labels.Zip(places).Where(x => x.Second is not null).Select(x => (x.First, Lane: x.Second!.Value.Lane, Centre: x.Second.Value.Centre)).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = 0; j < boxes.Count; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var (a, b) = (boxes[i], boxes[j]);
                var (aLeft, aRight) = (a.Centre - (a.First.Width / 2), a.Centre + (a.First.Width / 2));
                var (bLeft, bRight) = (b.Centre - (b.First.Width / 2), b.Centre + (b.First.Width / 2));
                Assert.False(a.Lane == b.Lane && aLeft < bRight && bLeft < aRight, $"{a} overlaps {b}");
            }
        }
    }
}
