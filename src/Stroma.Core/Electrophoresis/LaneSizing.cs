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
        for (var channel = 1; channel <= Math.Max(file.DyeCount, file.RawTraceNumbers.Length); channel++)
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
