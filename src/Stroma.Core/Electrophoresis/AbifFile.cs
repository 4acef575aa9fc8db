using System.Collections.Immutable;

namespace Stroma.Core.Electrophoresis;

/// <summary>
/// A capillary-electrophoresis file (ABIF: ABI 3100/3130 .fsa, 3500 .fsa and .hid) as read: its version and every tag with its bytes.
/// Accessors give the raw traces (DATA1–4 and DATA105+, never the instrument's "analyzed" DATA9–12/205+), dye names, sample, well,
/// size-standard name, run times, instrument and saturation tags.
/// </summary>
public sealed class AbifFile
{
    // A file is read, looked up a few dozen times and dropped: a plain dictionary, cheaper to build than a frozen one.
    private readonly Dictionary<string, AbifTag> _byKey;
    private readonly ImmutableArray<int> _rawTraceNumbers;

    /// <summary>Creates a file from its tags (the first tag of each name and number is kept).</summary>
    public AbifFile(int version, IEnumerable<AbifTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Version = version;
        Tags = [.. tags];
        _byKey = new Dictionary<string, AbifTag>(Tags.Length, StringComparer.Ordinal);
        foreach (var tag in Tags)
        {
            _byKey.TryAdd(tag.Key, tag);
        }

        _rawTraceNumbers = [.. Tags.Where(t => t.Name == "DATA" && (t.Number is >= 1 and <= 4 || t.Number is >= 105 and <= 199) && t.ElementType == AbifElementType.ShortInteger)
            .Select(t => t.Number).Distinct().Order()];
    }

    /// <summary>The ABIF version (101 on 3100/3130, 300 on 3500).</summary>
    public int Version { get; }

    /// <summary>Every tag, in directory order.</summary>
    public ImmutableArray<AbifTag> Tags { get; }

    /// <summary>A tag, or null.</summary>
    public AbifTag? Tag(string name, int number) => _byKey.GetValueOrDefault(name + number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The ABIF trace tag numbers of the raw channels present: 1–4, then 105, 106, … (channel 5 is DATA105).</summary>
    public ImmutableArray<int> RawTraceNumbers => _rawTraceNumbers;

    /// <summary>The raw trace of a dye channel (1-based: 1–4 are DATA1–4, 5 and up are DATA105 and up), or null.</summary>
    public ImmutableArray<short>? RawTrace(int channel) =>
        Tag("DATA", channel <= 4 ? channel : 100 + channel) is { ElementType: AbifElementType.ShortInteger } tag ? tag.AsInt16s() : null;

    /// <summary>The number of dyes (<c>Dye#</c>), or the number of raw traces when the tag is missing.</summary>
    public int DyeCount => Tag("Dye#", 1) is { } dyes && dyes.AsInt16s() is [var n, ..] ? n : RawTraceNumbers.Length;

    /// <summary>Dye names from <c>DyeN 1..n</c>, trimmed (3500 files pad them with spaces); null where absent.</summary>
    public ImmutableArray<string?> DyeNames => [.. Enumerable.Range(1, DyeCount).Select(i => Tag("DyeN", i)?.AsText()?.Trim())];

    /// <summary>The sample name (<c>SpNm</c>, else <c>SMPL</c>).</summary>
    public string? SampleName => (Tag("SpNm", 1) ?? Tag("SMPL", 1))?.AsText();

    /// <summary>The well (<c>TUBE</c>).</summary>
    public string? Well => Tag("TUBE", 1)?.AsText();

    /// <summary>The size-standard name (<c>StdF</c>), often absent on old files.</summary>
    public string? SizeStandardName => Tag("StdF", 1)?.AsText();

    /// <summary>The dye-set name (<c>DySN</c>).</summary>
    public string? DyeSetName => Tag("DySN", 1)?.AsText();

    /// <summary>The instrument name (<c>MCHN</c>).</summary>
    public string? Instrument => Tag("MCHN", 1)?.AsText();

    /// <summary>The instrument model (<c>MODL</c>).</summary>
    public string? Model => Tag("MODL", 1)?.AsText();

    /// <summary>The number of scans (<c>SCAN</c>, else <c>Scan</c>), or null.</summary>
    public int? ScanCount =>
        (Tag("SCAN", 1) ?? Tag("Scan", 1)) is { } scans ? (scans.ElementType == AbifElementType.LongInteger ? scans.AsInt32s() is [var l, ..] ? l : null : scans.AsInt16s() is [var s, ..] ? s : null) : null;

    /// <summary>Run start (<c>RUND 1</c> + <c>RUNT 1</c>), or null.</summary>
    public DateTime? RunStarted => Tag("RUND", 1)?.AsDate() is { } date ? date.ToDateTime(Tag("RUNT", 1)?.AsTime() ?? TimeOnly.MinValue) : null;

    /// <summary>Scans flagged off-scale by the instrument (<c>OfSc</c>); empty when absent.</summary>
    public ImmutableArray<int> OffScaleScans => Tag("OfSc", 1) is { } tag ? tag.ElementType == AbifElementType.LongInteger ? tag.AsInt32s() : [.. tag.AsInt16s().Select(v => (int)v)] : [];

    /// <summary>Whether the instrument marked saturation (<c>Satd</c> present, or any <c>OfSc</c> scan, or <c>OvrI</c> values).</summary>
    public bool HasSaturationTags => Tag("Satd", 1) is not null || !OffScaleScans.IsEmpty || Tags.Any(t => t.Name is "OvrI" or "OvrV");
}
