using System.Globalization;
using Stroma.Core.Str;

namespace Stroma.Application.Str;

/// <summary>The settings a kept STR sample was analysed with, as the review page lists them (label, value), units written out.</summary>
public static class StrSettingsText
{
    /// <summary>One row per setting; a sample kept before settings were recorded says so in one row.</summary>
    public static IReadOnlyList<(string Label, string Value)> Rows(StrRunSettings? settings)
    {
        if (settings is null)
        {
            return [("Settings", "not recorded (kept before settings were stored); recomputed with the defaults")];
        }

        var a = settings.Analysis;
        var c = settings.Chimerism;
        return
        [
            ("Kit file", settings.KitSha256 is { } kit ? $"{settings.Kit} (SHA-256 {kit}){(settings.BinsSha256 is { } bins ? $", bins SHA-256 {bins}" : string.Empty)}" : $"{settings.Kit} (built in)"),
            ("Size standard", settings.SizeStandard ?? "the kit's or the file's"),
            ("Peak detection", Invariant($"analytical threshold {a.Peaks.MinHeight} RFU, baseline window {a.Peaks.BaselineWindow} scans, saturation {a.Peaks.SaturationCap} RFU; sizing {a.Method}, size-standard peaks ≥ {a.MinStandardHeight} RFU")),
            ("Calling", Invariant($"call threshold {a.Calls.CallThreshold} RFU, bin ±{a.Calls.BinHalfWidth} bp, stutter < {a.Calls.StutterRatio}, −A < {a.Calls.MinusARatio}, pull-up < {a.Calls.PullUpRatio}, fraction of locus maximum {a.Calls.FractionOfMaxPeak}, heterozygote balance {a.Calls.HeterozygoteBalanceLimit}, overload {a.Calls.OverloadRfu} RFU{(a.Calls.LocusStutterRatios is { Count: > 0 } own ? "; per-locus stutter " + string.Join(", ", own.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => Invariant($"{x.Key} {x.Value}"))) : string.Empty)}")),
            ("Chimerism", Invariant($"{settings.Signal.ToString().ToLowerInvariant()}, stutter {c.Stutter.ToString().ToLowerInvariant()} (ratio {c.StutterRatio}), LOD {c.LimitOfDetectionPercent} %, at least {c.MinInformativeLoci} informative loci")),
            ("Software", $"{settings.Software}; {settings.Method}"),
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
