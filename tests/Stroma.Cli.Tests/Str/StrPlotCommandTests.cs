using System.Security.Cryptography;
using System.Xml.Linq;

namespace Stroma.Cli.Tests.Str;

// `stroma str plot` on the 2005 NIST MIX05 Identifiler run (shared osiris/identifiler, public domain): one SVG per sample whose
// allele labels are exactly the calls `str analyze` makes on the same files.
public sealed class StrPlotCommandTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stroma-strplot-" + Guid.NewGuid().ToString("N"));

    private static string Id(string name) => SharedData.PathOf($"str/osiris/identifiler/{name}");

    private static string Kit => SharedData.PathOf("str/kits/osiris/Identifiler_LadderInfo.xml");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Plot_IdentifilerRun_Json_WritesOneSvgPerSampleLabellingTheAnalysisCalls()
    {
        var plot = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), Id("MIX05case2_victim.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder, "--json");
        var analyze = CliRun.Of("str", "analyze", Id("Positive_Control.fsa"), Id("MIX05case2_victim.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--json");

        Assert.Equal(ExitCodes.Ok, plot.ExitCode);
        var files = plot.Json().GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["Positive_Control.fsa", "MIX05case2_victim.fsa"], files.Select(f => f.GetProperty("input").GetString()));
        foreach (var file in files)
        {
            var path = file.GetProperty("svg").GetString()!;
            Assert.Equal(Path.Combine(_folder, Path.GetFileNameWithoutExtension(file.GetProperty("input").GetString()!) + ".svg"), path);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            var labels = XDocument.Load(path).Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "allele").Select(g => g.Element(Svg + "text")!.Value).Order(StringComparer.Ordinal);
            var sample = analyze.Json().GetProperty("samples").EnumerateArray().Single(s => s.GetProperty("file").GetString() == file.GetProperty("input").GetString());
            var calls = sample.GetProperty("loci").EnumerateArray().SelectMany(l => l.GetProperty("alleles").EnumerateArray().Select(a => a.GetProperty("allele").GetString()!)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(calls, labels);
            Assert.Equal(calls.Count, file.GetProperty("alleles").GetInt32());
            Assert.Contains("X", calls);
        }
    }

    // The run's controls: the positive control judged as 9947A from the shared control list, the blank as calling nothing.
    [Fact]
    public void Plot_Controls_ShowTheirVerdicts()
    {
        var run = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), Id("Negative_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder,
            "--controls", SharedData.PathOf("str/kits/osiris/StandardPositiveControlList.tab"), "--positive-control", "9947A");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        string Text(string file) => string.Join("\n", XDocument.Load(Path.Combine(_folder, file)).Descendants(Svg + "text").Select(t => t.Value));
        Assert.Contains("Positive control 9947A: passed", Text("Positive_Control.svg"), StringComparison.Ordinal);
        Assert.Contains("Negative control: passed", Text("Negative_Control.svg"), StringComparison.Ordinal);
        Assert.Contains("Ladder Identifiler_LADDER.fsa: ", Text("Negative_Control.svg"), StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_UnknownPositiveControl_ExitsOneWithKit003AndWritesNothing()
    {
        var run = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder,
            "--controls", SharedData.PathOf("str/kits/osiris/StandardPositiveControlList.tab"), "--positive-control", "NoSuchControl");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "KIT003" && i.Location == "--positive-control");
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Plot_Locus_WritesTheZoomedSvgNamedAfterTheLocus()
    {
        var run = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder, "--locus", "AMEL", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var svg = XDocument.Load(Path.Combine(_folder, "Positive_Control.AMEL.svg"));
        Assert.Equal(["X"], svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "allele").Select(g => g.Element(Svg + "text")!.Value).Distinct());
        Assert.Equal("AMEL", run.Json().GetProperty("locus").GetString());
    }

    [Fact]
    public void Plot_ExistingSvg_IsRefusedWithIo002UnlessForced()
    {
        Directory.CreateDirectory(_folder);
        var existing = Path.Combine(_folder, "Positive_Control.svg");
        File.WriteAllText(existing, "keep me");

        var refused = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder);
        var kept = File.ReadAllText(existing);
        var forced = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder, "--force");

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains(refused.Issues(), i => i.Code == "IO002" && i.Location == existing);
        Assert.Equal("keep me", kept);
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.StartsWith("<svg", File.ReadAllText(existing), StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_UnknownLocus_ExitsTwoWithCli031AndWritesNothing()
    {
        var run = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder, "--locus", "D99S1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "CLI031" && i.Location == "--locus");
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Plot_MissingFile_ExitsOneWithIo001()
    {
        var run = CliRun.Of("str", "plot", Path.Combine(_folder, "absent.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", _folder);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "IO001");
    }

    [Fact]
    public void Plot_UnknownKit_ExitsOneWithKit004()
    {
        var run = CliRun.Of("str", "plot", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", "NoSuchKit", "--out", _folder);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "KIT004" && i.Location == "--kit");
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Plot_NotAbif_ExitsOneWithAbif001AndWritesNothing()
    {
        Directory.CreateDirectory(_folder);
        var bad = Path.Combine(_folder, "bad.fsa");
        File.WriteAllText(bad, "not an electropherogram");

        var run = CliRun.Of("str", "plot", bad, "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Kit, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "ABIF001");
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }
}
