using System.Globalization;
using System.Text;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Storage;
using Stroma.Storage.Proteome;
using Stroma.Core.Course;

namespace Stroma.Application.Proteome;

/// <summary>A kept run read back: its row, manifest, layout, options, images (in exposure order) and any placement.</summary>
internal sealed record KeptArrayRun(
    ArrayRunRow Run, Core.RawInput Manifest, ArrayLayout Layout, QuantificationOptions Options, IReadOnlyList<PixelBuffer> Images, PlacedCorners? Placed, IReadOnlyList<Issue> Issues);

/// <summary>
/// A run's manifest: what it was made of, so that its values can be recomputed from the kept files alone. Lines starting with <c>#</c>
/// state the layout and method, the sample and day, and the layout file (<c># layout-file</c>, tab, name, tab, SHA-256); every other
/// line is one image (name, tab, SHA-256, tab, the exposure time typed for it in seconds or nothing).
/// </summary>
internal static class ArrayRunFiles
{
    private const string LayoutFile = "# layout-file";

    public static byte[] Manifest(string kit, QuantificationOptions options, string? sample, int day, Core.RawInput layout, IEnumerable<(Core.RawInput File, double? Exposure)> images)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# layout {kit}; {options.Describe()}\n# sample {Core.Text.OneLine.Shown(sample ?? "not stated")}; day {day}\n{LayoutFile}\t{layout.Name}\t{layout.Sha256}\n");
        foreach (var (file, exposure) in images)
        {
            text.Append(CultureInfo.InvariantCulture, $"{file.Name}\t{file.Sha256}\t{(exposure is { } e ? e.ToString("R", CultureInfo.InvariantCulture) : string.Empty)}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The run read back from its kept files, or null when no such run is stored.</summary>
    public static async Task<KeptArrayRun?> LoadAsync(StromaStore store, PatientId patientId, string runId, CancellationToken ct)
    {
        if (await store.LoadArrayRunAsync(patientId, runId, ct) is not { } run || await store.LoadRawFileAsync(run.ManifestSha256, ct) is not { } manifestBytes)
        {
            return null;
        }

        var issues = new List<Issue>();
        var lines = Encoding.UTF8.GetString(manifestBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ArrayLayout? layout = null;
        var files = new List<(Core.RawInput File, double? Exposure)>();
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            if (fields is [LayoutFile, var name, var sha])
            {
                var bytes = await store.LoadRawFileAsync(sha, ct);
                layout = bytes is null ? null : ArrayLayouts.Read(bytes, name).Value;
            }
            else if (!line.StartsWith('#') && fields.Length >= 2 && await store.LoadRawFileAsync(fields[1], ct) is { } image)
            {
                files.Add((Core.RawInput.Of(fields[0], image), fields.Length > 2 && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : null));
            }
        }

        // A run kept before layouts were kept with it names a shipped kit.
        layout ??= ShippedLayouts.Find(run.Layout);
        if (layout is null)
        {
            return null;
        }

        var images = ArrayQuantification.InExposureOrder(ArrayRuns.Decode(files, issues));
        return new KeptArrayRun(run, Core.RawInput.Of(run.ManifestName, manifestBytes), layout, OptionsOf(run.Method), images, HandPlacement.ParseCorners(run.PlacedCorners), issues);
    }

    // The options back from their one-line description ("background local-annulus; exposure longest-linear").
    private static QuantificationOptions OptionsOf(string method) => new(
        Enum.GetValues<BackgroundMethod>().FirstOrDefault(b => method.Contains("background " + QuantificationOptions.KebabCase(b.ToString()), StringComparison.Ordinal)),
        Enum.GetValues<ExposureMode>().FirstOrDefault(m => method.Contains("exposure " + QuantificationOptions.KebabCase(m.ToString()), StringComparison.Ordinal)));
}
