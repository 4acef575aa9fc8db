using System.Collections.Immutable;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Biomarkers;
using Stroma.Core.Diagnostics;
using Stroma.Storage.Proteome;

namespace Stroma.Storage;

/// <summary>One analyte result to keep: analyte, study day, value (null when not detected) and its unit.</summary>
/// <param name="Analyte">Analyte (resolved to the name Stroma uses when kept: <see cref="AnalyteNames"/>).</param>
/// <param name="Day">Study day (day 0 = first infusion).</param>
/// <param name="Value">Value, or null when not detected.</param>
/// <param name="Unit">UCUM unit (or "{ratio}" for signals normalised to reference spots).</param>
/// <param name="AnalyticalCvPercent">The platform's analytical CV for this run (%), kept so the change can be judged later.</param>
/// <param name="Cvi">The within-subject CV (%) and its source the series was judged with, when it was judged as it was kept.</param>
public sealed record AnalyteResult(string Analyte, int Day, double? Value, string Unit, double AnalyticalCvPercent, (double Percent, string Source)? Cvi = null);

/// <summary>A patient's stored series with the largest analytical CV among its runs (the conservative one for the RCV).</summary>
/// <param name="Series">Series → points by day, each with the raw file it came from (two values of one day are both kept: a conflict, never averaged).</param>
/// <param name="AnalyticalCvPercent">Largest analytical CV of the stored runs (%).</param>
/// <param name="CvaBySeries">Each series' largest analytical CV among its runs (an array series is judged with its own, not an immunoassay's).</param>
/// <param name="Sources">The raw files the results came from, with what they fed.</param>
public sealed record StoredAnalyteSeries(
    ImmutableDictionary<string, IReadOnlyList<SeriesPoint>> Series, double AnalyticalCvPercent, ImmutableDictionary<string, double>? CvaBySeries = null, ImmutableArray<AnalyteSource> Sources = default)
{
    /// <summary>Each series' unit (UCUM; "{ratio}" for an array series).</summary>
    public ImmutableDictionary<string, string> UnitBySeries { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The CVi table the kept series were judged with (analyte → CVi and source); empty when none was judged as kept.</summary>
    public BiologicalVariation Judged { get; init; } = new(ImmutableDictionary<string, (double, string)>.Empty);
}

/// <summary>Analyte series (cytokine panels, array signals) kept against a patient with the raw file they came from.</summary>
public sealed partial class StromaStore
{
    /// <summary>A result of the same analyte, day and source already stored, or a change of unit in a series (error).</summary>
    public const string AnalyteConflict = "SERIES001";

    /// <summary>The analyte already has a value on that day in the same series from another source (error): one value per day.</summary>
    public const string AnalyteSecondSource = "SERIES002";

    /// <summary>The analyte was judged before with another within-subject CV (error): one CVi table per analyte.</summary>
    public const string CviConflict = "SERIES003";

    /// <summary>The unit of array signals normalised to the reference spots.</summary>
    public const string Ratio = "{ratio}";

    /// <summary>
    /// Keeps results and their raw source file (plus any further raw files they were measured from, such as the images of an
    /// exposure series, or the CVi table they were judged with) in one audited transaction; refused whole on any conflict: the same
    /// file's result again, a second value for an analyte and day of a series from another file, a unit change, or a CVi other
    /// than the one the analyte was judged with before.
    /// </summary>
    public async Task<ReadResult<int>> SaveAnalyteResultsAsync(
        string patientId, string sourceName, byte[] source, IReadOnlyList<AnalyteResult> results, IReadOnlyList<Core.RawInput>? rawFiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(results);
        await using var db = Context();
        var issues = await StageAnalyteResultsAsync(db, patientId, Core.RawInput.Of(sourceName, source), results, rawFiles, cancellationToken);
        if (issues.Count > 0)
        {
            return ReadResult.Failed<int>(issues);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(results.Count);
    }

    // The checks of SaveAnalyteResultsAsync; with none failing, the rows and raw files are added to the context (not saved).
    private static async Task<List<Issue>> StageAnalyteResultsAsync(
        StromaContext db, string patientId, Core.RawInput sourceInput, IReadOnlyList<AnalyteResult> results, IReadOnlyList<Core.RawInput>? rawFiles, CancellationToken cancellationToken)
    {
        results = [.. results.Select(r => r with { Analyte = AnalyteNames.Resolve(r.Analyte) })];
        var (sourceName, sha) = (sourceInput.Name, sourceInput.Sha256);
        var issues = new List<Issue>();
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            issues.Add(Issue.Error(UnknownLot, $"patient {patientId}", $"Expected a stored patient; {patientId} does not exist."));
        }

        var stored = (await db.AnalyteResults.AsNoTracking().Where(r => r.PatientId == patientId)
            .Select(r => new { r.Analyte, r.Day, r.Value, r.Unit, r.SourceSha256, r.SourceName, r.CviPercent, r.CviSource }).ToListAsync(cancellationToken))
            .Select(s => s with { Analyte = AnalyteNames.Resolve(s.Analyte) }).ToList();
        foreach (var r in results)
        {
            var sameSeries = stored.Where(s => s.Analyte == r.Analyte && (s.Unit == Ratio) == (r.Unit == Ratio)).ToList();
            if (sameSeries.Any(s => s.Day == r.Day && s.SourceSha256 == sha))
            {
                issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {r.Analyte} day {r.Day}", $"Expected a new result; this file's {r.Analyte} on day {r.Day} is already stored."));
            }
            else if (sameSeries.FirstOrDefault(s => s.Day == r.Day) is { } other)
            {
                issues.Add(Issue.Error(AnalyteSecondSource, $"{sourceName} {r.Analyte} day {r.Day}",
                    $"Expected one value of {r.Analyte} per day; day {r.Day} is already stored from {other.SourceName} ({(other.Value is { } v ? $"{v:G6} {other.Unit}" : "not detected")}); found {(r.Value is { } x ? $"{x:G6} {r.Unit}" : "not detected")} (two sources are never averaged: keep one)."));
            }

            // Concentrations of one analyte must share a unit; array signals relative to reference spots ("{ratio}") are a series of their own.
            if (sameSeries.FirstOrDefault() is { } earlier && earlier.Unit != r.Unit)
            {
                issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {r.Analyte} day {r.Day}", $"Expected {r.Analyte} in {earlier.Unit}, the unit of its stored series; found {r.Unit} (never converted by guess)."));
            }
        }

        // Biological variation belongs to the analyte: every series of it is judged with one CVi.
        foreach (var judged in results.Where(r => r.Cvi is not null).GroupBy(r => r.Analyte))
        {
            var cvi = judged.First().Cvi!.Value;
            if (stored.FirstOrDefault(s => s.Analyte == judged.Key && s.CviPercent is not null && (s.CviPercent != cvi.Percent || s.CviSource != cvi.Source)) is { } before)
            {
                issues.Add(Issue.Error(CviConflict, $"{sourceName} {judged.Key}",
                    $"Expected {judged.Key} judged with the CVi it was judged with before, {before.CviPercent} % ({before.CviSource}, with {before.SourceName}); found {cvi.Percent} % ({cvi.Source})."));
            }
        }

        foreach (var clash in results.GroupBy(r => (r.Analyte, r.Day, Ratio: r.Unit == Ratio)).Where(g => g.Count() > 1))
        {
            issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {clash.Key.Analyte} day {clash.Key.Day}", $"Expected one result per analyte and day in a file; found {clash.Count()} (average replicates first)."));
        }

        foreach (var mixed in results.GroupBy(r => (r.Analyte, Ratio: r.Unit == Ratio)).Where(g => g.Select(r => r.Unit).Distinct().Count() > 1))
        {
            issues.Add(Issue.Error(AnalyteConflict, $"{sourceName} {mixed.Key.Analyte}", $"Expected one unit for {mixed.Key.Analyte}; found {string.Join(", ", mixed.Select(r => r.Unit).Distinct())}."));
        }

        if (issues.Count > 0)
        {
            return issues;
        }

        await AddRawFilesAsync(db, [sourceInput, .. rawFiles ?? []], "application/octet-stream", cancellationToken);

        db.AnalyteResults.AddRange(results.Select(r => new AnalyteResultRow
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{patientId}-{sha[..12]}-{r.Analyte}-{r.Day}{(r.Unit == Ratio ? "-ratio" : string.Empty)}"), PatientId = patientId, Analyte = r.Analyte, Day = r.Day, Value = r.Value, Unit = r.Unit,
            AnalyticalCvPercent = r.AnalyticalCvPercent, SourceSha256 = sha, SourceName = sourceName, CviPercent = r.Cvi?.Percent, CviSource = r.Cvi?.Source,
        }));
        return issues;
    }

    /// <summary>
    /// A patient's analyte series, series → points by day with the file each came from (names resolved, so "TNF-alpha" kept earlier
    /// meets "TNF-α"); a day held by two sources keeps both points, for the judgement to show as a conflict — never averaged.
    /// </summary>
    public async Task<StoredAnalyteSeries> LoadAnalyteSeriesAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.AnalyteResults.AsNoTracking().Where(r => r.PatientId == patientId).ToListAsync(cancellationToken);
        // A concentration series is named by its analyte; an array series "IL-6 (array)".
        static string SeriesOf(AnalyteResultRow r) => AnalyteNames.Resolve(r.Analyte) + (r.Unit == Ratio ? " (array)" : string.Empty);
        var bySeries = rows.GroupBy(SeriesOf, StringComparer.Ordinal).ToList();
        var judged = rows.Where(r => r.CviPercent is not null).GroupBy(r => AnalyteNames.Resolve(r.Analyte), StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => (g.First().CviPercent!.Value, g.First().CviSource ?? "source not recorded"), StringComparer.OrdinalIgnoreCase);
        return new StoredAnalyteSeries(
            bySeries.ToImmutableDictionary(
                g => g.Key,
                g => (IReadOnlyList<SeriesPoint>)[.. g.OrderBy(r => r.Day).ThenBy(r => r.SourceName, StringComparer.Ordinal).Select(r => new SeriesPoint(r.Day, r.Value, r.SourceName))],
                StringComparer.Ordinal),
            rows.Select(r => r.AnalyticalCvPercent).DefaultIfEmpty(0).Max(),
            bySeries.ToImmutableDictionary(g => g.Key, g => g.Max(r => r.AnalyticalCvPercent), StringComparer.Ordinal),
            [.. rows.GroupBy(r => (r.SourceName, r.SourceSha256)).OrderBy(g => g.Key.SourceName, StringComparer.Ordinal).Select(g => new AnalyteSource(
                g.Key.SourceName, g.Key.SourceSha256, [.. g.Select(SeriesOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                string.Join(", ", g.Select(r => r.Unit).Distinct(StringComparer.Ordinal)), g.Max(r => r.AnalyticalCvPercent)))])
        {
            UnitBySeries = bySeries.ToImmutableDictionary(g => g.Key, g => string.Join(", ", g.Select(r => r.Unit).Distinct(StringComparer.Ordinal)), StringComparer.Ordinal),
            Judged = new BiologicalVariation(judged),
        };
    }
}
