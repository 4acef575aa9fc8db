using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stroma.Core.Str;

/// <summary>
/// Everything a kept STR sample was analysed with, so that its calls and chimerism can be recomputed from the kept raw files and
/// traced: the kit (name and the SHA-256 of the kit file read), the size standard asked for, the detection, sizing and calling
/// thresholds, the chimerism settings and signal, the method and the software version.
/// </summary>
/// <param name="Kit">The kit's name.</param>
/// <param name="KitSha256">SHA-256 of the kit file read (OSIRIS LadderInfo or GeneMapper Panels), or null for the built-in kit.</param>
/// <param name="BinsSha256">SHA-256 of the GeneMapper Bins export read with the Panels file, or null.</param>
/// <param name="SizeStandard">The size standard asked for, or null when the kit's or the file's was taken.</param>
/// <param name="Analysis">Peak detection (analytical threshold), sizing curve and allele calling (call, stutter, −A, pull-up thresholds).</param>
/// <param name="Chimerism">Stutter handling and ratio, limit of detection, minimum informative loci.</param>
/// <param name="Signal">Whether peaks were quantified by height or area.</param>
/// <param name="Method">The analysis method and its version (<see cref="StrRecords.Method"/>).</param>
/// <param name="Software">The Stroma version that analysed the run.</param>
public sealed record StrRunSettings(
    string Kit, string? KitSha256, string? BinsSha256, string? SizeStandard, StrSettings Analysis, ChimerismSettings Chimerism, PeakSignal Signal, string Method, string Software)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The running Stroma's version (the Core assembly's informational version).</summary>
    public static string CurrentSoftware { get; } =
        "Stroma " + (typeof(StrRunSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? typeof(StrRunSettings).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>The settings of this Stroma for <paramref name="kit"/>, with the given analysis and chimerism settings.</summary>
    public static StrRunSettings Of(string kit, string? kitSha256, string? binsSha256, string? sizeStandard, StrSettings analysis, ChimerismSettings chimerism, PeakSignal signal)
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(chimerism);
        return new(kit, kitSha256, binsSha256, sizeStandard, analysis, chimerism, signal, StrRecords.Method, CurrentSoftware);
    }

    /// <summary>The settings as JSON (camelCase, enums by name): how they are kept.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Settings kept as JSON by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not such JSON.</exception>
    public static StrRunSettings FromJson(string json) =>
        JsonSerializer.Deserialize<StrRunSettings>(json, Json) ?? throw new JsonException("Expected STR run settings; found null.");

    /// <summary>
    /// The first 12 hex digits of the SHA-256 of what changes a sample's calls (kit and its files, size standard, detection, sizing
    /// and calling thresholds, method). Not the chimerism settings (each chimerism result names its own in its method) nor the
    /// software version: the same calls under a rebuilt Stroma are the same sample.
    /// </summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(this with { Chimerism = new ChimerismSettings(), Signal = PeakSignal.Height, Software = string.Empty }, Json))))[..12];
}
