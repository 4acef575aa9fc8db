using System.Xml.Linq;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;
using Stroma.Reports.Str;

namespace Stroma.Reports.Tests.Str;

// The OSIRIS Identifiler exemplars and the GlobalFiler 3500 run (shared osiris/, public domain; tests/data/PROVENANCE.md): the SVG
// must carry, as SVG text, exactly the alleles the analysis called, the kit's bins, and a mark for every peak it filtered.
public sealed class ElectropherogramSvgTests
{
    private const string Run2003Ladder = "A01_LADDER_Run_3100_1465_027_2003-01-06_445_01.fsa";
    private const string Run2002Ladder = "A12_ID_LADDER1_Run_3100_1465_027_2002-08-27_99_02.fsa";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Kit ReadKit(string name)
    {
        using var stream = File.OpenRead(SharedData.PathOf($"str/kits/osiris/{name}_LadderInfo.xml"));
        return OsirisKitReader.Read(stream, name).ValueOrThrow();
    }

    private static AbifFile Read(string relative) => AbifReader.ReadOrThrow(File.ReadAllBytes(SharedData.PathOf(relative)), Path.GetFileName(relative));

    private static (AbifFile File, SampleAnalysis Analysis, LadderRun Ladder) Analyze(string kit, string folder, string sample, string ladder, SampleRole role = SampleRole.Sample)
    {
        // The 2002 Identifiler files name no standard (StdF empty); the run used GS500 LIZ.
        var standard = kit == "Identifiler" ? "GS500LIZ" : null;
        var run = StrAnalysis.Ladder(Read($"str/osiris/{folder}/{ladder}"), ladder, ReadKit(kit), standard, StrSettings.Default).ValueOrThrow();
        var file = Read($"str/osiris/{folder}/{sample}");
        return (file, StrAnalysis.Sample(file, sample, run, standard, StrSettings.Default, role).ValueOrThrow(), run);
    }

    private static XDocument Render((AbifFile File, SampleAnalysis Analysis, LadderRun Ladder) a, string? locus = null) =>
        XDocument.Parse(ElectropherogramSvg.Render(a.File, a.Analysis, a.Ladder, StrAnalysis.Check(a.Ladder), StrSettings.Default, locus));

    private static IEnumerable<XElement> Groups(XDocument svg, string kind) => svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == kind);

    private static List<string> Labels(XDocument svg, string kind) => [.. Groups(svg, kind).Select(g => g.Element(Svg + "text")?.Value).OfType<string>()];

    [Theory]
    [InlineData("Identifiler", "identifiler", "Positive_Control.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("Identifiler", "identifiler", "MIX05case2_victim.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("Identifiler", "identifiler", "artifact_mixture_G01_ESM7.fsa", Run2002Ladder)]
    [InlineData("GlobalFiler", "globalfiler_hid", "GF_1_FTA_A01_01.hid", "GF_ladder1_A11_01.hid")]
    [InlineData("GlobalFiler", "globalfiler_hid", "GF_2_FTA_B01_02.hid", "GF_ladder1_A11_01.hid")]
    public void Render_RealRun_LabelsEveryCalledAlleleAsSvgText(string kit, string folder, string sample, string ladder)
    {
        var analysis = Analyze(kit, folder, sample, ladder);

        var svg = Render(analysis);

        var expected = analysis.Analysis.Loci.SelectMany(l => l.Alleles.Select(a => a.Name)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Labels(svg, "allele").Order(StringComparer.Ordinal).ToList());
        Assert.All(Groups(svg, "allele"), g => Assert.False(string.IsNullOrEmpty(g.Element(Svg + "title")?.Value)));
    }

    [Fact]
    public void Render_GlobalFiler_ShowsAmelogeninAsXAndYAndEveryBinOfTheLadder()
    {
        var analysis = Analyze("GlobalFiler", "globalfiler_hid", "GF_1_FTA_A01_01.hid", "GF_ladder1_A11_01.hid");

        var svg = Render(analysis);

        var amel = Groups(svg, "allele").Where(g => g.Element(Svg + "title")!.Value.StartsWith("AMEL ", StringComparison.Ordinal)).Select(g => g.Element(Svg + "text")!.Value).ToList();
        Assert.Equal(analysis.Analysis.Loci.Single(l => l.Locus == "AMEL").Genotype, amel.Distinct());
        Assert.All(amel, a => Assert.True(a is "X" or "Y", a));
        var bins = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bin").Select(r => ((string)r.Attribute("data-locus")!, (string)r.Attribute("data-allele")!)).ToHashSet();
        Assert.Equal(analysis.Ladder.Bins.SelectMany(b => b.Alleles.Select(a => (b.Locus.Name, a.Allele.Name))).ToHashSet(), bins);
        Assert.Equal(analysis.Ladder.Kit.Loci.Select(l => l.FileChannel).Distinct().Count(), Groups(svg, "dye-panel").Count());
    }

    [Theory]
    [InlineData("artifact_stutter_in_D3_D16_A03_TT50.fsa", Run2003Ladder, StrFlags.Stutter, "stutter")]
    [InlineData("artifact_pull-up_offscale_D3_D21_vWA_B08_UT57312.fsa", Run2002Ladder, StrFlags.PullUp, "pull-up")]
    [InlineData("artifact_mixture_G01_ESM7.fsa", Run2002Ladder, StrFlags.Spike, "spike")]
    public void Render_ArtefactExemplar_MarksEveryFilteredPeakWithItsArtefact(string sample, string ladder, string flag, string label)
    {
        var analysis = Analyze("Identifiler", "identifiler", sample, ladder);

        var svg = Render(analysis);

        var filtered = analysis.Analysis.Loci.SelectMany(l => l.Filtered).ToList();
        var marks = Groups(svg, "artefact").ToList();
        Assert.Equal(filtered.Select(f => f.Flag).Order(StringComparer.Ordinal), marks.Select(m => (string)m.Attribute("data-artefact")!).Order(StringComparer.Ordinal));
        Assert.Contains(marks, m => (string?)m.Attribute("data-artefact") == flag && m.Element(Svg + "text")?.Value == label);
    }

    // A ladder injection (the spike exemplar, 205 alleles) is the most crowded: every label still gets its own place; an artefact
    // label that finds no free lane is thinned, its peak keeping its mark (counted above) and its hover text.
    [Fact]
    public void Render_LadderInjection_MarksTheSpikeEvenWhereItsLabelIsThinned()
    {
        var analysis = Analyze("Identifiler", "identifiler", "artifact_spike_in_D2_and_FGA_B12_ID_LADDER2.fsa", Run2002Ladder);

        var spikes = Groups(Render(analysis), "artefact").Where(g => (string?)g.Attribute("data-artefact") == StrFlags.Spike).ToList();

        Assert.Equal(analysis.Analysis.Loci.Sum(l => l.Filtered.Count(f => f.Flag == StrFlags.Spike)), spikes.Count);
        Assert.All(spikes, s => Assert.Contains("spike at 346.0", s.Element(Svg + "title")!.Value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("identifiler", "artifact_spike_in_D2_and_FGA_B12_ID_LADDER2.fsa", Run2002Ladder)]
    [InlineData("identifiler", "artifact_mixture_G01_ESM7.fsa", Run2002Ladder)]
    [InlineData("identifiler", "artifact_stutter_in_D3_D16_A03_TT50.fsa", Run2003Ladder)]
    [InlineData("globalfiler_hid", "GF_2_FTA_B01_02.hid", "GF_ladder1_A11_01.hid")]
    public void Render_CrowdedRun_NoTwoLabelsOverlap(string folder, string sample, string ladder)
    {
        var boxes = Boxes(Render(Analyze(folder == "identifiler" ? "Identifiler" : "GlobalFiler", folder, sample, ladder))).Select(b => b.Box).ToList();

        Assert.True(boxes.Count > 20);
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"label boxes {a} and {b} overlap");
            }
        }
    }

    // In a sample (not a ladder), every leader runs from its label to its peak without passing through another label.
    [Theory]
    [InlineData("identifiler", "artifact_mixture_G01_ESM7.fsa", Run2002Ladder)]
    [InlineData("identifiler", "artifact_stutter_in_D3_D16_A03_TT50.fsa", Run2003Ladder)]
    [InlineData("identifiler", "MIX05case3_victim.fsa", "Identifiler_LADDER.fsa")]
    [InlineData("globalfiler_hid", "GF_2_FTA_B01_02.hid", "GF_ladder1_A11_01.hid")]
    public void Render_Sample_NoLeaderPassesThroughAnotherLabel(string folder, string sample, string ladder)
    {
        var labels = Boxes(Render(Analyze(folder == "identifiler" ? "Identifiler" : "GlobalFiler", folder, sample, ladder)));

        foreach (var (leader, own) in labels)
        {
            var ((x1, y1), (x2, y2)) = (leader[0], leader[1]);
            foreach (var other in labels.Select(l => l.Box).Where(b => b != own))
            {
                var inside = Enumerable.Range(0, 101).Select(k => (X: x1 + ((x2 - x1) * k / 100), Y: y1 + ((y2 - y1) * k / 100)))
                    .Any(p => p.X > other.X + 0.5 && p.X < other.X + other.W - 0.5 && p.Y > other.Y + 0.5 && p.Y < other.Y + other.H - 0.5);
                Assert.False(inside, $"the leader of {own} passes through {other}");
            }
        }
    }

    // Each placed label: its leader's slanted part (label to the data area's top) and its box.
    private static List<((double X, double Y)[] Leader, (double X, double Y, double W, double H) Box)> Boxes(XDocument svg) =>
        [.. Groups(svg, "allele").Concat(Groups(svg, "artefact")).Where(g => g.Element(Svg + "rect") is not null).Select(g =>
        {
            var r = g.Element(Svg + "rect")!;
            var points = ((string)g.Element(Svg + "polyline")!.Attribute("points")!).Split(' ')
                .Select(p => p.Split(',')).Select(p => (double.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            return (points, ((double)r.Attribute("x")!, (double)r.Attribute("y")!, (double)r.Attribute("width")!, (double)r.Attribute("height")!));
        })];

    [Fact]
    public void Render_ZoomToLocus_ShowsOnlyThatLocusAndItsDye()
    {
        var analysis = Analyze("Identifiler", "identifiler", "Positive_Control.fsa", "Identifiler_LADDER.fsa");

        var svg = Render(analysis, "d8s1179");

        Assert.Single(Groups(svg, "dye-panel"));
        Assert.Equal(analysis.Analysis.Loci.Single(l => l.Locus == "D8S1179").Alleles.Select(a => a.Name), Labels(svg, "allele"));
        Assert.All(svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bin"), r => Assert.Equal("D8S1179", (string?)r.Attribute("data-locus")));
    }

    [Fact]
    public void Render_PositiveControlAndLadder_ShowTheirVerdictsAndTheSizingQuality()
    {
        var analysis = Analyze("Identifiler", "identifiler", "Positive_Control.fsa", "Identifiler_LADDER.fsa", SampleRole.PositiveControl);

        var text = string.Join("\n", Render(analysis).Descendants(Svg + "text").Select(t => t.Value));

        Assert.Contains("Ladder Identifiler_LADDER.fsa: " + analysis.Ladder.Found + "/" + analysis.Ladder.Expected + " alleles, passed", text, StringComparison.Ordinal);
        Assert.Contains("Positive control: not judged", text, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"quality {analysis.Analysis.Lane.Standard.Quality:0.000}"), text, StringComparison.Ordinal);
        Assert.Contains("Sizing curve: GS500LIZ", text, StringComparison.Ordinal);
    }

    // A pseudonymised view (a researcher's) names neither the files nor the sample anywhere in the document.
    [Fact]
    public void Render_WithTitle_NamesNoFileAndNoSample()
    {
        var analysis = Analyze("Identifiler", "identifiler", "MIX05case2_victim.fsa", "Identifiler_LADDER.fsa");

        var svg = ElectropherogramSvg.Render(analysis.File, analysis.Analysis, analysis.Ladder, StrAnalysis.Check(analysis.Ladder), StrSettings.Default, title: "Sample P-0003/2");

        Assert.Contains("Sample P-0003/2", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("MIX05case2", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Identifiler_LADDER", svg, StringComparison.Ordinal);
        Assert.DoesNotContain(analysis.Analysis.SampleName!, svg, StringComparison.Ordinal);
        Assert.DoesNotContain("well " + analysis.Analysis.Well, svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownLocus_Throws()
    {
        var analysis = Analyze("Identifiler", "identifiler", "Positive_Control.fsa", "Identifiler_LADDER.fsa");

        Assert.Throws<ArgumentException>(() => Render(analysis, "D99S1"));
    }
}
