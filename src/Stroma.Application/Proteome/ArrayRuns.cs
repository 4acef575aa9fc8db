using System.Globalization;
using System.Text;
using Stroma.Core.Diagnostics;
using Stroma.Core.Proteome;
using Stroma.Imaging;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.Proteome;

/// <summary>Stable issue codes of array uploads and placements (the form's fields).</summary>
public static class ArrayRunIssues
{
    /// <summary>The sample's study day is missing or not a whole number (error, field <c>day</c>).</summary>
    public const string BadDay = "ARRAY009";

    /// <summary>The sample's material and time are missing or not one line (error, field <c>sample</c>).</summary>
    public const string BadSample = "ARRAY010";

    /// <summary>No image was given (error, field <c>images</c>).</summary>
    public const string NoImages = "ARRAY011";

    /// <summary>Exposure times typed that are not one positive number of seconds per image (error, field <c>exposures</c>).</summary>
    public const string BadExposures = "ARRAY012";

    /// <summary>A placed coordinate that is not a number of pixels (error, field <c>top-left-x</c> …).</summary>
    public const string BadCoordinate = "ARRAY013";
}

/// <summary>A membrane upload as the form gives it: every field as typed, checked by <see cref="ArrayRuns.UploadAsync"/>.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Layout">A shipped layout's kit name (<see cref="ArrayRuns.Layouts"/>).</param>
/// <param name="Sample">The sample's material and time (one line: "serum, 2 h after the 2nd infusion").</param>
/// <param name="Day">Study day of the sample (day 0 = first infusion), a whole number.</param>
/// <param name="Images">The images (an exposure series, or one image).</param>
/// <param name="Exposures">Exposure times in seconds, one per image in the order given, separated by commas or spaces; empty: the times the files state.</param>
/// <param name="Slope">An exposure series as the slope of signal against time, instead of the longest exposure in the linear range.</param>
public sealed record ArrayUpload(PatientId PatientId, string? Layout, string? Sample, string? Day, IReadOnlyList<Core.RawInput> Images, string? Exposures = null, bool Slope = false);

/// <summary>A run kept: its id, status (<c>quantified</c>, <c>refused</c>, <c>placed</c>), how many analytes were kept, and the search's refusal.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="Analytes">Analytes kept (0 when the search was refused).</param>
/// <param name="SearchRefusal">The search's refusal (empty when the grid was found).</param>
public sealed record ArrayRunKept(string RunId, string Status, int Analytes, IReadOnlyList<Issue> SearchRefusal);

/// <summary>
/// Membrane array runs kept against a patient (analyse and keep, one transaction each, as the acting user of the store): the analytes'
/// normalised signals as an array series ({ratio}) with the run's measured CVa, and the layout and images as raw files named by a
/// manifest, so that the values can be recomputed from what was kept. A run whose grid the search refuses is kept too (images and the
/// refusal, no values), for the grid to be placed by hand (<see cref="PlaceAsync"/>).
/// </summary>
public static class ArrayRuns
{
    /// <summary>The layouts an upload can choose: the shipped kits, as the command line knows them.</summary>
    public static IReadOnlyList<string> Layouts => ShippedLayouts.Names;

    /// <summary>Keeps a run quantified elsewhere (the command line, the demo); returns how many analytes, or the issues that refused it (nothing written).</summary>
    public static async Task<ReadResult<int>> KeepAsync(
        StromaStore store, PatientId patientId, ArrayLayout layout, int studyDay, ArrayResult result, IReadOnlyList<Core.RawInput> images, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(result);
        var kept = await KeepRunAsync(store, patientId, layout, studyDay, null, result.Options, [.. images.Select(i => (i, (double?)null))], result, [], ct);
        return kept.HasErrors ? ReadResult.Failed<int>(kept.Issues) : ReadResult.Of(kept.Value!.Analytes, kept.Issues);
    }

    /// <summary>
    /// Checks an upload field by field (every issue at its field, nothing written on any error), quantifies it, and keeps it: with its
    /// values when the grid is found, with the search's refusal and no values when it is not.
    /// </summary>
    public static async Task<ReadResult<ArrayRunKept>> UploadAsync(StromaStore store, ArrayUpload upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(upload);
        var issues = new List<Issue>();
        var layout = string.IsNullOrWhiteSpace(upload.Layout) ? null : ShippedLayouts.Find(upload.Layout);
        if (layout is null)
        {
            issues.Add(Issue.Error(LayoutIssues.NotFound, "layout", $"Expected one of the shipped layouts ({string.Join(", ", Layouts)}); found {Core.Text.OneLine.Shown(upload.Layout)}."));
        }

        if (!int.TryParse(upload.Day?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var day) || Math.Abs(day) > 100_000)
        {
            issues.Add(Issue.Error(ArrayRunIssues.BadDay, "day", $"Expected the sample's study day as a whole number (day 0 = first infusion; negative before it); found {Core.Text.OneLine.Shown(upload.Day)}."));
        }

        if (Core.Text.OneLine.CheckRequired(upload.Sample, "sample", ArrayRunIssues.BadSample, "the sample's material and time (serum, urine, supernatant …)") is { } badSample)
        {
            issues.Add(badSample);
        }

        var images = upload.Images.Where(i => i.Bytes.Length > 0).ToList();
        if (images.Count == 0)
        {
            issues.Add(Issue.Error(ArrayRunIssues.NoImages, "images", $"Expected at least one membrane image (TIFF, PNG or JPEG); none was chosen, or the files are empty."));
        }

        var exposures = ParseExposures(upload.Exposures, images.Count, issues);
        var files = images.Select((f, i) => (File: f with { Name = CleanName(f.Name) }, Exposure: exposures?[i])).ToList();
        var buffers = Decode(files, issues);
        if (layout is null || issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<ArrayRunKept>(issues);
        }

        var options = new QuantificationOptions(Exposure: upload.Slope ? ExposureMode.Slope : ExposureMode.LongestLinear);
        var result = ArrayQuantification.Quantify(buffers, layout, options);
        if (result.Value is null && !result.Issues.All(i => i.Severity != Severity.Error || IsGridRefusal(i.Code)))
        {
            return ReadResult.Failed<ArrayRunKept>([.. issues, .. result.Issues]);
        }

        return await KeepRunAsync(store, upload.PatientId, layout, day, upload.Sample!.Trim(), options, files, result.Value, result.Value is null ? result.Issues : [], ct);
    }

    /// <summary>
    /// Places the grid by hand (the three corner reference spots, six pixel coordinates as typed or clicked) on a kept run and keeps the
    /// values quantified from it with the reason; refused with nothing written when a coordinate is not a number, the placement fits
    /// nothing (<see cref="HandPlacement.Place"/>), or the reason is missing.
    /// </summary>
    /// <param name="store">The store, as the acting user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="runId">The run.</param>
    /// <param name="coordinates">x and y of the top-left, top-right and bottom-left reference spots, as typed (six values).</param>
    /// <param name="reason">Why the grid is placed by hand (kept in the run's trail).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<ReadResult<ArrayRunKept>> PlaceAsync(StromaStore store, PatientId patientId, string runId, IReadOnlyList<string?> coordinates, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(coordinates);
        var issues = new List<Issue>();
        var values = new double[6];
        for (var i = 0; i < 6; i++)
        {
            if (!HandPlacement.TryPixel(i < coordinates.Count ? coordinates[i]?.Trim() : null, out values[i]))
            {
                issues.Add(Issue.Error(ArrayRunIssues.BadCoordinate, CoordinateFields[i],
                    $"Expected a number of pixels (a dot as the decimal separator); found {Core.Text.OneLine.Shown(i < coordinates.Count ? coordinates[i] : null)}."));
            }
        }

        if (Core.Text.OneLine.CheckRequired(reason, "reason", Core.Course.CorrectionIssues.BadReason, "a reason for placing the grid by hand (it is kept in the run's trail)") is { } badReason)
        {
            issues.Add(badReason);
        }

        var kept = await ArrayRunFiles.LoadAsync(store, patientId, runId, ct);
        if (kept is null)
        {
            issues.Add(Issue.Error(StromaStore.ArrayRunUnknown, "run", $"Expected a stored array run of {patientId}; found no '{runId}'."));
        }

        if (kept is null || issues.Count > 0)
        {
            return ReadResult.Failed<ArrayRunKept>(issues);
        }

        var corners = new PlacedCorners(new PixelPoint(values[0], values[1]), new PixelPoint(values[2], values[3]), new PixelPoint(values[4], values[5]));
        var result = ArrayQuantification.Quantify(kept.Images, kept.Layout, kept.Options, corners);
        if (result.Value is not { } r)
        {
            return ReadResult.Failed<ArrayRunKept>(result.Issues);
        }

        var saved = await store.PlaceArrayRunAsync(patientId, runId, corners.ToString(), reason, kept.Manifest, Results(r, kept.Run.Day), r.AnalyticalCv.Percent, ct);
        return saved.HasErrors ? ReadResult.Failed<ArrayRunKept>(saved.Issues) : ReadResult.Of(new ArrayRunKept(runId, saved.Value!.Status, r.Analytes.Length, []), result.Issues);
    }

    /// <summary>The form's names of the six coordinates, in the order <see cref="PlaceAsync"/> takes them.</summary>
    public static IReadOnlyList<string> CoordinateFields { get; } = ["top-left-x", "top-left-y", "top-right-x", "top-right-y", "bottom-left-x", "bottom-left-y"];

    // A search refusal keeps the run for a placement by hand; any other error (a slope without exposure times) refuses the upload.
    internal static bool IsGridRefusal(string code) => code is SpotIssues.GridNotFound or SpotIssues.OffGrid or SpotIssues.UnstatedBlocks;

    private static async Task<ReadResult<ArrayRunKept>> KeepRunAsync(
        StromaStore store, PatientId patientId, ArrayLayout layout, int day, string? sample, QuantificationOptions options, IReadOnlyList<(Core.RawInput File, double? Exposure)> images,
        ArrayResult? result, IReadOnlyList<Issue> refusal, CancellationToken ct)
    {
        var layoutFile = Core.RawInput.Of($"{CleanName(layout.Kit)}-layout.csv", Encoding.UTF8.GetBytes(ArrayLayouts.ToCsv(layout)));
        var manifest = ArrayRunFiles.Manifest(layout.Kit, options, sample, day, layoutFile, images);
        var run = new NewArrayRun(patientId, layout.Kit, day, sample, options.Describe(), Core.RawInput.Of($"{CleanName(layout.Kit)}-day{day}-images.tsv", manifest),
            [layoutFile, .. images.Select(i => i.File)], refusal.Count == 0 ? null : string.Join("\n", refusal.Select(i => $"{i.Location}: {i.Code} {i.Message}")),
            result?.AnalyticalCv.Percent, result is null ? [] : Results(result, day));
        var saved = await store.SaveArrayRunAsync(run, ct);
        return saved.HasErrors
            ? ReadResult.Failed<ArrayRunKept>(saved.Issues)
            : ReadResult.Of(new ArrayRunKept(run.Id, saved.Value!.Status, run.Results.Count, refusal));
    }

    private static List<AnalyteResult> Results(ArrayResult result, int day) =>
        [.. result.Analytes.Select(a => new AnalyteResult(a.Analyte, day, a.NormalizedSignal, StromaStore.Ratio, result.AnalyticalCv.Percent))];

    private static double[]? ParseExposures(string? text, int count, List<Issue> issues)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split([',', ' ', ';', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v) ? v : (double?)null).ToList();
        if (values.Any(v => v is null) || values.Count != count)
        {
            issues.Add(Issue.Error(ArrayRunIssues.BadExposures, "exposures",
                $"Expected one exposure time in seconds (a positive number, a dot as the decimal separator) for each of the {count} image(s), in the order chosen; found {Core.Text.OneLine.Shown(text)}."));
            return null;
        }

        return [.. values.Select(v => v!.Value)];
    }

    // Each file read (every issue at its name); a typed exposure replaces the file's own, for a file of one image only.
    internal static List<PixelBuffer> Decode(IReadOnlyList<(Core.RawInput File, double? Exposure)> files, List<Issue> issues)
    {
        var buffers = new List<PixelBuffer>();
        foreach (var (file, exposure) in files)
        {
            var read = ImageReader.Read(file.Bytes, file.Name);
            issues.AddRange(read.Issues.Where(i => i.Severity != Severity.Information));
            if (read.HasErrors || read.Value.IsDefaultOrEmpty)
            {
                continue;
            }

            if (exposure is not null && read.Value.Length > 1)
            {
                issues.Add(Issue.Error(ArrayRunIssues.BadExposures, "exposures",
                    $"Expected one image in {file.Name} to give it the typed exposure time; it holds {read.Value.Length} (leave the times empty: each frame states its own)."));
                continue;
            }

            buffers.AddRange(exposure is { } seconds ? [read.Value[0] with { ExposureSeconds = seconds }] : read.Value);
        }

        return buffers;
    }

    // A file name as it is kept and listed: one line, no tab.
    internal static string CleanName(string name) =>
        string.Concat(Path.GetFileName(name).Select(c => char.IsControl(c) ? ' ' : c)).Trim() is { Length: > 0 } clean ? clean : "image";
}
