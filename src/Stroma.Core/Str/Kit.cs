using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Str;

/// <summary>One allele of a kit's allelic ladder.</summary>
/// <param name="Name">Allele name ("9.3"; X and Y at amelogenin).</param>
/// <param name="NominalBp">Nominal size in base pairs from the kit definition.</param>
/// <param name="RelativeHeight">Relative ladder height class (L, ML, M, MH, H), where given.</param>
/// <param name="IsVirtual">A bin with no peak in the physical ladder (GeneMapper "virtual"); placed from its nearest ladder allele.</param>
public sealed record LadderAllele(string Name, double NominalBp, string? RelativeHeight, bool IsVirtual = false);

/// <summary>One locus of a kit.</summary>
/// <param name="Name">Locus name (D8S1179, AMEL, …).</param>
/// <param name="KitChannel">Kit channel number.</param>
/// <param name="FileChannel">The ABIF dye channel it is read from.</param>
/// <param name="MinBp">Locus window start (nominal bp).</param>
/// <param name="MaxBp">Locus window end (nominal bp).</param>
/// <param name="MinGridBp">Window start (sized bp) in which the ladder peaks are looked for (MinBP − 5 when the kit gives none).</param>
/// <param name="MaxGridBp">Window end (sized bp) in which the ladder peaks are looked for (MaxBP + 5 when the kit gives none).</param>
/// <param name="Ladder">Ladder alleles, ascending.</param>
/// <param name="CoreRepeat">Repeat length in bp when the kit states it (Penta loci: 5); otherwise derived from the ladder.</param>
public sealed record Locus(string Name, int KitChannel, int FileChannel, double MinBp, double MaxBp, double MinGridBp, double MaxGridBp, ImmutableArray<LadderAllele> Ladder, int? CoreRepeat)
{
    /// <summary>The kit's positive-control genotype at this locus, where the kit definition gives one (GeneMapper panels do).</summary>
    public ImmutableArray<string> ControlAlleles { get; init; } = [];

    /// <summary>The kit's back-stutter ratio for this locus (GeneMapper panels give one per marker), or null for the general one.</summary>
    public double? StutterRatio { get; init; }

    /// <summary>The repeat length: the kit's, else the most common size step between consecutive integer ladder alleles.</summary>
    public int RepeatBp => CoreRepeat ?? Ladder
        .Where(a => !a.Name.Contains('.', StringComparison.Ordinal))
        .Zip(Ladder.Where(a => !a.Name.Contains('.', StringComparison.Ordinal)).Skip(1), (a, b) => (int)Math.Round(b.NominalBp - a.NominalBp))
        .Where(d => d > 0)
        .GroupBy(d => d).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault(4);
}

/// <summary>An STR kit as data: channels, the size standard's channel and the loci with their ladders.</summary>
/// <param name="Name">Kit name.</param>
/// <param name="StandardFileChannel">The ABIF channel carrying the size standard.</param>
/// <param name="Loci">Loci in kit order.</param>
public sealed record Kit(string Name, int StandardFileChannel, ImmutableArray<Locus> Loci)
{
    /// <summary>The built-in size standards the kit definition names (empty when it names none Stroma knows), in the kit's order.</summary>
    public ImmutableArray<Electrophoresis.SizeStandard> SizeStandards { get; init; } = [];
}

/// <summary>Stable issue codes for kit definitions.</summary>
public static class KitIssues
{
    /// <summary>The file is not well-formed XML or has no kit.</summary>
    public const string Malformed = "KIT001";

    /// <summary>A required element is missing or not a number.</summary>
    public const string BadElement = "KIT002";
}

/// <summary>
/// Reads OSIRIS marker-set files (<c>*_LadderInfo.xml</c>, public domain; research/str.md §2.1): kit channels mapped to ABIF
/// channels, the lane standard's channel, and each locus with its windows and ladder alleles. Every problem names the element.
/// </summary>
public static class OsirisKitReader
{
    // OSIRIS kit files are five levels deep; anything far deeper is not one (and would cost time and stack to build).
    private const int MaximumDepth = 32;

    /// <summary>Reads the first kit of a file.</summary>
    public static ReadResult<Kit> Read(Stream xml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            using var buffer = new MemoryStream();
            xml.CopyTo(buffer);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            buffer.Position = 0;
            using (var scan = XmlReader.Create(buffer, settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaximumDepth)
                    {
                        return ReadResult.Failed<Kit>([Issue.Error(KitIssues.Malformed, $"{fileName} line {((IXmlLineInfo)scan).LineNumber}",
                            $"Expected a kit file (a few levels of elements); found elements nested more than {MaximumDepth} deep.")]);
                    }
                }
            }

            buffer.Position = 0;
            using var reader = XmlReader.Create(buffer, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            return ReadResult.Failed<Kit>([Issue.Error(KitIssues.Malformed, $"{fileName} line {e.LineNumber}", $"Expected well-formed XML; {e.Message}")]);
        }

        var set = document.Root?.Element("Kits")?.Element("Set");
        if (set is null)
        {
            return ReadResult.Failed<Kit>([Issue.Error(KitIssues.Malformed, fileName, $"Expected KitData/Kits/Set; it is missing.")]);
        }

        var issues = new List<Issue>();
        var name = set.Element("Name")?.Value ?? "?";
        var channelMap = set.Element("FsaChannelMap")?.Elements("Channel")
            .ToDictionary(c => Int(c, "KitChannelNumber", fileName, issues), c => Int(c, "fsaChannelNumber", fileName, issues)) ?? [];
        var standardKitChannel = Int(set.Element("LS") ?? set.Element("ILS") ?? set, "ChannelNo", fileName, issues); // older files say LS, newer ILS
        var loci = ImmutableArray.CreateBuilder<Locus>();
        foreach (var locus in set.Elements("Locus"))
        {
            var locusName = locus.Element("Name")?.Value ?? "?";
            var kitChannel = Int(locus, "Channel", fileName, issues);
            var (minBp, maxBp) = (Number(locus, "MinBP", fileName, issues), Number(locus, "MaxBP", fileName, issues));
            var ladder = locus.Element("LadderAlleles")?.Elements("Allele")
                .Select(a => new LadderAllele(Amelogenin.AlleleName(locusName, a.Element("Name")?.Value ?? "?"), Number(a, "BP", fileName, issues), a.Element("RelativeHeight")?.Value))
                .OrderBy(a => a.NominalBp).ToImmutableArray() ?? [];
            loci.Add(new Locus(
                locusName, kitChannel, channelMap.GetValueOrDefault(kitChannel, kitChannel),
                minBp, maxBp,
                Optional(locus, "MinGridLSBasePair") ?? minBp - GridMargin, Optional(locus, "MaxGridLSBasePair") ?? maxBp + GridMargin,
                ladder, locus.Element("CoreRepeatNumber") is { } repeat ? int.Parse(repeat.Value, CultureInfo.InvariantCulture) : null));
        }

        // The lane standards the kit runs with: <LS><LSName> in older files, <ILS><LSBases><ILSName> in newer ones.
        var standards = (set.Element("LS") ?? set.Element("ILS"))?.Descendants().Where(e => e.Name.LocalName is "LSName" or "ILSName")
            .Select(e => Electrophoresis.SizeStandard.FromOsirisName(e.Value)).OfType<Electrophoresis.SizeStandard>().Distinct().ToImmutableArray() ?? [];
        return issues.Count > 0
            ? ReadResult.Failed<Kit>(issues)
            : ReadResult.Of(new Kit(name, channelMap.GetValueOrDefault(standardKitChannel, standardKitChannel), loci.ToImmutable()) { SizeStandards = standards });
    }

    // Loci without ladder-grid bounds (some kits' Y loci) search the locus window widened by this many bp.
    private const double GridMargin = 5;

    private static double? Optional(XElement parent, string element) =>
        double.TryParse(parent.Element(element)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int Int(XElement parent, string element, string fileName, List<Issue> issues) => (int)Number(parent, element, fileName, issues);

    private static double Number(XElement parent, string element, string fileName, List<Issue> issues)
    {
        var text = parent.Element(element)?.Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var line = ((IXmlLineInfo)parent).HasLineInfo() ? ((IXmlLineInfo)parent).LineNumber : 0;
        issues.Add(Issue.Error(KitIssues.BadElement, $"{fileName} line {line}", $"Expected a number in <{element}> of <{parent.Name}>; found '{text ?? "nothing"}'."));
        return 0;
    }
}
