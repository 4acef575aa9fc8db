using System.Collections.Immutable;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Proteome;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage;

/// <summary>One analyte result to keep: analyte, study day, value (null when not detected) and its unit.</summary>
/// <param name="Analyte">Analyte (normalised name).</param>
/// <param name="Day">Study day (day 0 = first infusion).</param>
/// <param name="Value">Value, or null when not detected.</param>
/// <param name="Unit">UCUM unit (or "{ratio}" for signals normalised to reference spots).</param>
/// <param name="AnalyticalCvPercent">The platform's analytical CV for this run (%), kept so the change can be judged later.</param>
public sealed record AnalyteResult(string Analyte, int Day, double? Value, string Unit, double AnalyticalCvPercent);

/// <summary>A patient's stored series with the largest analytical CV among its runs (the conservative one for the RCV).</summary>
/// <param name="Series">Analyte → points by day.</param>
/// <param name="AnalyticalCvPercent">Largest analytical CV of the stored runs (%).</param>
/// <param name="CvaBySeries">Each series' largest analytical CV among its runs (an array series is judged with its own, not an immunoassay's).</param>
/// <param name="Sources">The raw files the results came from, with what they fed.</param>
public sealed record StoredAnalyteSeries(
    ImmutableDictionary<string, IReadOnlyList<SeriesPoint>> Series, double AnalyticalCvPercent, ImmutableDictionary<string, double>? CvaBySeries = null, ImmutableArray<AnalyteSource> Sources = default);

/// <summary>Analyte series (cytokine panels, array signals) kept against a patient with the raw file they came from.</summary>
public sealed partial class StromaStore
{
    /// <summary>A result of the same analyte, day and source already stored, or a change of unit in a series (error).</summary>
    public const string AnalyteConflict = "SERIES001";

    /// <summary>The unit of array signals normalised to the reference spots.</summary>
    public const string Ratio = "{ratio}";

    /// <summary>
    /// Keeps results and their raw source file (plus any further raw files they were measured from, such as the images of an
    /// exposure series) in one audited transaction; refused whole on any conflict.
    /// </summary>
    public async Task<ReadResult<int>> SaveAnalyteResultsAsync(
        string patientId, string sourceName, byte[] source, IReadOnlyList<AnalyteResult> results, IReadOnlyList<(string Name, byte[] Content)>? rawFiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(results);
        var sha = RawFileRow.HashOf(source);
        await using var db = Context();
        var issues = new List<Issue>();
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            issues.Add(Issue.Error(UnknownLot, $"patient {patientId}", $"Expected a stored patient; {patientId} does not exist."));
        }

        var stored = await db.AnalyteResults.AsNoTracking().Where(r => r.PatientId == patientId).Select(r => new { r.Analyte, r.Day, r.Unit, r.SourceSha256 }).ToListAsync(cancellationToken);
        foreach (var r in results)
        {
            if (stored.Any(s => s.Analyte == r.Analyte && s.Day == r.Day && s.SourceSha256 == sha))
            {
                issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {r.Analyte} day {r.Day}", $"Expected a new result; this file's {r.Analyte} on day {r.Day} is already stored."));
            }

            // Concentrations of one analyte must share a unit; array signals relative to reference spots ("{ratio}") are a series of their own.
            if (stored.FirstOrDefault(s => s.Analyte == r.Analyte && (s.Unit == Ratio) == (r.Unit == Ratio)) is { } earlier && earlier.Unit != r.Unit)
            {
                issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {r.Analyte} day {r.Day}", $"Expected {r.Analyte} in {earlier.Unit}, the unit of its stored series; found {r.Unit} (never converted by guess)."));
            }
        }

        foreach (var clash in results.GroupBy(r => (r.Analyte, r.Day)).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {clash.Key.Analyte} day {clash.Key.Day}", $"Expected one result per analyte and day in a file; found {clash.Count()} (average replicates first)."));
        }

        foreach (var mixed in results.GroupBy(r => r.Analyte).Where(g => g.Select(r => r.Unit).Distinct().Count() > 1))
        {
            issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {mixed.Key}", $"Expected one unit for {mixed.Key}; found {string.Join(", ", mixed.Select(r => r.Unit).Distinct())}."));
        }

        if (issues.Count > 0)
        {
            return ReadResult.Failed<int>(issues);
        }

        await AddRawFilesAsync(db, [(sourceName, source), .. rawFiles ?? []], "application/octet-stream", cancellationToken);

        db.AnalyteResults.AddRange(results.Select(r => new AnalyteResultRow
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{patientId}-{sha[..12]}-{r.Analyte}-{r.Day}{(r.Unit == Ratio ? "-ratio" : string.Empty)}"), PatientId = patientId, Analyte = r.Analyte, Day = r.Day, Value = r.Value, Unit = r.Unit,
            AnalyticalCvPercent = r.AnalyticalCvPercent, SourceSha256 = sha, SourceName = sourceName,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(results.Count);
    }

    /// <summary>A patient's analyte series, analyte → points by day (a value repeated on a day from several sources is averaged on the log scale).</summary>
    public async Task<StoredAnalyteSeries> LoadAnalyteSeriesAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.AnalyteResults.AsNoTracking().Where(r => r.PatientId == patientId).ToListAsync(cancellationToken);
        // A concentration series is named by its analyte; an array series "IL-6 (array)".
        static string SeriesOf(AnalyteResultRow r) => r.Unit == Ratio ? r.Analyte + " (array)" : r.Analyte;
        var bySeries = rows.GroupBy(SeriesOf, StringComparer.Ordinal).ToList();
        return new StoredAnalyteSeries(
            bySeries.ToImmutableDictionary(
                g => g.Key,
                g => (IReadOnlyList<SeriesPoint>)[.. g.GroupBy(r => r.Day).OrderBy(d => d.Key).Select(d => new SeriesPoint(d.Key,
                    d.Count() == 1 ? d.First().Value : d.All(r => r.Value is > 0) ? Math.Exp(d.Average(r => Math.Log(r.Value!.Value))) : null))],
                StringComparer.Ordinal),
            rows.Select(r => r.AnalyticalCvPercent).DefaultIfEmpty(0).Max(),
            bySeries.ToImmutableDictionary(g => g.Key, g => g.Max(r => r.AnalyticalCvPercent), StringComparer.Ordinal),
            [.. rows.GroupBy(r => (r.SourceName, r.SourceSha256)).OrderBy(g => g.Key.SourceName, StringComparer.Ordinal).Select(g => new AnalyteSource(
                g.Key.SourceName, g.Key.SourceSha256, [.. g.Select(SeriesOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                string.Join(", ", g.Select(r => r.Unit).Distinct(StringComparer.Ordinal)), g.Max(r => r.AnalyticalCvPercent)))]);
    }
}
