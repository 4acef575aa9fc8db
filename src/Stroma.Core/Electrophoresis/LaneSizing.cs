using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Electrophoresis;

/// <summary>A sample peak with its channel and size.</summary>
/// <param name="Channel">Dye channel (1-based).</param>
/// <param name="Peak">The peak.</param>
/// <param name="Size">Its size at the refined apex.</param>
public sealed record SizedPeak(int Channel, Peak Peak, FragmentSize Size);

/// <summary>A sized lane: the standard match, the sizing curve and every sample peak sized.</summary>
/// <param name="Standard">How the size standard was matched.</param>
/// <param name="Curve">The sizing curve.</param>
/// <param name="Peaks">Sample peaks of every other channel from the first standard fragment on (the primer front is excluded).</param>
public sealed record SizedLane(SizeStandardMatch Standard, SizingCurve Curve, ImmutableArray<SizedPeak> Peaks);

/// <summary>From a read ABIF file to sized peaks: peaks in the standard's channel, standard matched, curve built, sample peaks sized.</summary>
public static class LaneSizing
{
    // Applied Biosystems dye sets and the position of their size-standard dye: D (6-FAM, HEX, NED, ROX) and F (5-FAM, JOE, NED, ROX)
    // carry it fourth; G5 (6-FAM, VIC, NED, PET, LIZ), E5 (dR110, dR6G, dTAMRA, dROX, LIZ) and J6 (6-FAM, VIC, NED, TAZ, LIZ, SID)
    // fifth — J6's sixth dye, SID, is a quality sensor, not a standard.
    private static readonly Dictionary<string, int> DyeSets = new(StringComparer.OrdinalIgnoreCase) { ["D"] = 4, ["F"] = 4, ["G5"] = 5, ["E5"] = 5, ["J6"] = 5 };

    // Dyes that label size standards (LIZ, ROX, Promega's CXR, CC5 and WEN, orange), as DyeN names them.
    private static readonly string[] StandardDyes = ["LIZ", "ROX", "CXR", "CC5", "WEN", "Orange"];

    /// <summary>
    /// The channel that carries the size standard, as the file says it: the dye a 3100/3130 marks <c>DyeB</c> = S; else the dye
    /// <c>DyeN</c> names as the standard's own (LIZ, CXR …), or as the only size-standard dye of the file; else the standard's place in
    /// the file's dye set (<c>DySN</c> D, F: fourth; G5, E5, J6: fifth). SIZE006 when nothing in the file says it (never a guess such
    /// as the last dye: on a J6 3500 file that is SID, the quality sensor).
    /// </summary>
    public static ReadResult<int> StandardChannel(AbifFile file, SizeStandard standard, string fileName)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(standard);
        var channels = Enumerable.Range(1, file.DyeCount).ToList();
        if (channels.Where(c => file.Tag("DyeB", c)?.AsText()?.Trim() == "S").ToList() is [var marked])
        {
            return ReadResult.Of(marked);
        }

        var names = file.DyeNames;
        bool Named(int channel, IEnumerable<string> dyes) => names.ElementAtOrDefault(channel - 1) is { } name && dyes.Any(d => name.Equals(d, StringComparison.OrdinalIgnoreCase));
        if (channels.Where(c => Named(c, standard.DyeNames)).ToList() is [var own])
        {
            return ReadResult.Of(own);
        }

        if (channels.Where(c => Named(c, StandardDyes)).ToList() is [var only])
        {
            return ReadResult.Of(only);
        }

        if (file.DyeSetName is { } set && DyeSets.TryGetValue(set.Trim(), out var placed) && placed <= file.DyeCount)
        {
            return ReadResult.Of(placed);
        }

        return ReadResult.Failed<int>([Issue.Error(SizingIssues.UnknownStandardChannel, fileName,
            $"Expected the file to say which dye carries the {standard.Id} standard (DyeB 'S', a standard dye such as LIZ in DyeN, or a known dye set); found dyes {string.Join(", ", names.Select(n => n ?? "?"))} and dye set '{file.DyeSetName}'. Give --standard-channel N or --kit.")]);
    }

    /// <summary>Sizes a lane; the errors of a standard that cannot be matched are returned, never a guessed sizing.</summary>
    public static ReadResult<SizedLane> Size(
        AbifFile file, string fileName, SizeStandard standard, int standardChannel, PeakDetectionSettings settings, SizingMethod method = SizingMethod.LocalSouthern,
        double minStandardHeight = SizeStandardMatcher.DefaultMinStandardHeight)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(settings);
        var offScale = file.OffScaleScans.ToHashSet();
        if (file.RawTrace(standardChannel) is not { } standardTrace)
        {
            return ReadResult.Failed<SizedLane>([Issue.Error(AbifIssues.NoTraces, fileName, $"Expected the size standard's raw trace in channel {standardChannel}; it is missing.")]);
        }

        var location = $"{fileName} channel {standardChannel}";
        var match = SizeStandardMatcher.Match(TraceProcessing.FindPeaks(standardTrace.AsSpan(), settings, offScale), standard, location, minStandardHeight);
        if (match.Value is not { } matched)
        {
            return ReadResult.Failed<SizedLane>(match.Issues);
        }

        var curve = SizingCurve.Create(matched.FitPoints, method);
        var start = matched.Matched[0].Peak.Begin;
        var sized = ImmutableArray.CreateBuilder<SizedPeak>();
        var channels = Math.Max(file.DyeCount, file.RawTraceNumbers.Length);
        for (var channel = 1; channel <= channels; channel++)
        {
            if (channel == standardChannel || file.RawTrace(channel) is not { } trace)
            {
                continue;
            }

            foreach (var peak in TraceProcessing.FindPeaks(trace.AsSpan(), settings with { StartScan = Math.Max(settings.StartScan, start) }, offScale))
            {
                sized.Add(new SizedPeak(channel, peak, curve.SizeAt(peak.Apex)));
            }
        }

        return ReadResult.Of(new SizedLane(matched, curve, sized.ToImmutable()), match.Issues);
    }
}
