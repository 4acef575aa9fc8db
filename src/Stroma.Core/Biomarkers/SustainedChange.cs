using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Biomarkers;

/// <summary>One result of an analyte's series, relative to day 0 (the first infusion).</summary>
/// <param name="Day">Study day.</param>
/// <param name="Value">Concentration or normalised signal (positive), or null when not detected.</param>
/// <param name="Source">Where the value came from (the kept raw file's name), when known: a value is never merged with another.</param>
public sealed record SeriesPoint(int Day, double? Value, string? Source = null);

/// <summary>
/// Within-subject biological CVs (%) with their source: a configurable table. Defaults: Aziz et al., BMC Immunol 20:33 (2019),
/// serum, healthy adults, both sexes (research/proteome.md §5). Analytes without a value are not assessed, never guessed.
/// </summary>
public sealed record BiologicalVariation(ImmutableDictionary<string, (double CviPercent, string Source)> Table)
{
    /// <summary>The source of the built-in table.</summary>
    public const string DefaultSource = "Aziz et al., BMC Immunol 2019;20:33";

    /// <summary>The cited defaults.</summary>
    public static BiologicalVariation Defaults { get; } = new(new (string, double)[]
    {
        ("IL-1β", 30.9), ("IL-6", 21.5), ("IL-1ra", 17.0), ("IFN-γ", 31.0), ("TNF-α", 12.7), ("IL-8", 51.4), ("MIP-1β", 20.0), ("RANTES", 24.0), ("sCD40L", 13.2),
    }.ToImmutableDictionary(a => a.Item1, a => (a.Item2, DefaultSource), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The CVi of a series: by its name, else by the analyte before a qualifier in brackets ("IL-6 (array)" → IL-6: biological
    /// variation belongs to the analyte, not to the platform); names resolve through <see cref="AnalyteNames"/> ("TNF-alpha" finds
    /// TNF-α).
    /// </summary>
    public (double CviPercent, string Source)? Lookup(string series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var bracket = series.IndexOf(" (", StringComparison.Ordinal);
        var analyte = bracket > 0 && series.EndsWith(')') ? series[..bracket] : series;
        return Find(series) ?? Find(analyte);
    }

    private (double CviPercent, string Source)? Find(string name) =>
        Table.TryGetValue(name, out var own) ? own : Table.TryGetValue(AnalyteNames.Resolve(name), out var resolved) ? resolved
            : Table.FirstOrDefault(e => AnalyteNames.Resolve(e.Key) == AnalyteNames.Resolve(name)) is { Key: not null } match ? match.Value : null;

    /// <summary>This table with another's entries added or replacing its own (a centre's own CVs over the cited defaults).</summary>
    public BiologicalVariation With(BiologicalVariation overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return new(Table.SetItems(overrides.Table));
    }

    /// <summary>
    /// Reads a table CSV <c>analyte,cvi_percent,source</c>: a CV above 0 and below 200 %, and a source for each (a CVi without its
    /// citation cannot be checked). A bad row is named by its line; the whole table is refused.
    /// </summary>
    public static ReadResult<BiologicalVariation> Read(ReadOnlySpan<byte> csv, string fileName)
    {
        var table = CsvTable.Read(csv, fileName);
        if (table.Value is not { } t)
        {
            return ReadResult.Failed<BiologicalVariation>(table.Issues);
        }

        if (CsvColumns.Check(t, ["analyte", "cvi_percent", "source"]) is { Count: > 0 } columns)
        {
            return ReadResult.Failed<BiologicalVariation>(columns);
        }

        var (ai, ci, si) = (t.ColumnIndex("analyte"), t.ColumnIndex("cvi_percent"), t.ColumnIndex("source"));
        if (ai < 0 || ci < 0 || si < 0)
        {
            return ReadResult.Failed<BiologicalVariation>([Issue.Error(BadTable, $"{fileName} line 1", $"Expected the header analyte,cvi_percent,source; found '{string.Join(",", t.Header)}'.")]);
        }

        var issues = new List<Issue>(table.Issues); // a row with the wrong number of fields is not among the rows: refused, not lost
        var entries = ImmutableDictionary.CreateBuilder<string, (double, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in t.Rows)
        {
            var (analyte, cv, source) = (AnalyteNames.Resolve(row.Fields[ai]), row.Fields[ci].Trim(), row.Fields[si].Trim());
            if (analyte.Length == 0 || source.Length == 0 || !NumberText.TryParse(cv, out var value, out _) || !(value > 0 && value < 200))
            {
                issues.Add(Issue.Error(BadTable, $"{fileName} line {row.Line}", $"Expected an analyte, a CVi above 0 and below 200 % and its source; found '{analyte}', '{cv}', '{source}'."));
            }
            else if (!entries.TryAdd(analyte, (value, source)))
            {
                issues.Add(Issue.Error(BadTable, $"{fileName} line {row.Line}", $"Expected each analyte once; {analyte} is listed again."));
            }
        }

        return issues.Count > 0 ? ReadResult.Failed<BiologicalVariation>(issues) : ReadResult.Of(new BiologicalVariation(entries.ToImmutable()));
    }

    /// <summary>A bad within-subject CV table (error).</summary>
    public const string BadTable = "CVI001";
}

/// <summary>A raw file analyte results came from, as the report lists it.</summary>
/// <param name="Name">File name (a lab CSV, a standards CSV, or a membrane run's image manifest).</param>
/// <param name="Sha256">SHA-256 of the kept file.</param>
/// <param name="Series">The series it fed.</param>
/// <param name="Unit">Their unit.</param>
/// <param name="AnalyticalCvPercent">The analytical CV kept with its results (%).</param>
public sealed record AnalyteSource(string Name, string Sha256, ImmutableArray<string> Series, string Unit, double AnalyticalCvPercent);

/// <summary>One follow-up point judged against the baseline.</summary>
/// <param name="Day">Study day.</param>
/// <param name="Value">Value, or null when not detected.</param>
/// <param name="FoldChange">Value ÷ baseline.</param>
/// <param name="LogChange">ln(value ÷ baseline).</param>
/// <param name="P">One-sided p of a decrease: Φ(d ÷ SD).</param>
/// <param name="IsDecrease">d below −Z·SD (beyond the downward reference change value).</param>
public sealed record ChangePoint(int Day, double? Value, double? FoldChange, double? LogChange, double? P, bool IsDecrease)
{
    /// <summary>Where the value came from, when known.</summary>
    public string? Source { get; init; }
}

/// <summary>An analyte's verdict: a sustained decrease still present at one year, with its evidence.</summary>
/// <param name="Analyte">Analyte.</param>
/// <param name="Assessable">False when there is no usable baseline, no one-year sample or no within-subject CV; <see cref="Reason"/> says which.</param>
/// <param name="Reason">Why it is or is not a putative efficacy biomarker, in words.</param>
/// <param name="Baseline">Geometric mean of the pre-infusion samples.</param>
/// <param name="BaselineSamples">How many.</param>
/// <param name="CviPercent">Within-subject CV used, and its source.</param>
/// <param name="LogSd">SD of a log change: √((σa² + σi²)(1/n₀ + 1)), σ² = ln(CV² + 1).</param>
/// <param name="Points">Follow-up points from the onset day on.</param>
/// <param name="Sustained">Every follow-up point from onset through the one-year sample is a decrease.</param>
/// <param name="PSustained">The intersection–union p: the largest p of those points.</param>
/// <param name="Q">Benjamini–Hochberg q across the assessable analytes.</param>
/// <param name="AnalyticalCvPercent">The analytical CV the RCV used for this series (%).</param>
public sealed record AnalyteChange(
    string Analyte, bool Assessable, string Reason, double? Baseline, int BaselineSamples, (double Percent, string Source)? CviPercent, double? LogSd,
    ImmutableArray<ChangePoint> Points, bool Sustained, double? PSustained, double? Q, double? AnalyticalCvPercent = null);

/// <summary>Settings of the sustained-change rule.</summary>
/// <param name="AnalyticalCvPercent">The platform's analytical CV for this run (%), measured from duplicates and controls.</param>
/// <param name="Z">One-sided Z (1.645 for 95 %).</param>
/// <param name="OnsetDay">First follow-up day judged.</param>
/// <param name="OneYearDay">The one-year visit.</param>
/// <param name="OneYearToleranceDays">A sample within this many days of it counts as the one-year sample.</param>
public sealed record SustainedChangeSettings(double AnalyticalCvPercent, double Z = ReferenceChange.OneSided95, int OnsetDay = 28, int OneYearDay = 365, int OneYearToleranceDays = 45);

/// <summary>
/// Putative efficacy biomarkers (research/proteome.md §5, operational definition): per analyte, baseline B = geometric mean of the
/// pre-infusion samples (day ≤ 0); each follow-up from the onset day is d = ln(x/B); a decrease when d &lt; −Z·SD; sustained when
/// every follow-up through a one-year sample is a decrease; p = max over those points of Φ(d/SD) (intersection–union test);
/// Benjamini–Hochberg across analytes. An analyte not detected at baseline is not assessed.
/// </summary>
public static class SustainedChange
{
    /// <summary>
    /// Judges every analyte and ranks them: sustained decreases first by q, then the rest. A series measured on another platform
    /// (an array beside an immunoassay) takes its own analytical CV from <paramref name="analyticalCvBySeries"/> where given.
    /// </summary>
    public static ImmutableArray<AnalyteChange> Assess(
        IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> series, BiologicalVariation variation, SustainedChangeSettings settings, IReadOnlyDictionary<string, double>? analyticalCvBySeries = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(variation);
        ArgumentNullException.ThrowIfNull(settings);
        var judged = series.Select(s => Judge(s.Key, s.Value, variation,
            analyticalCvBySeries?.TryGetValue(s.Key, out var cva) == true ? settings with { AnalyticalCvPercent = cva } : settings)).ToList();
        var assessable = judged.Where(j => j.PSustained is not null).ToList();
        var q = ReferenceChange.BenjaminiHochberg([.. assessable.Select(a => a.PSustained!.Value)]);
        var withQ = judged.Select(j => assessable.IndexOf(j) is var i and >= 0 ? j with { Q = q[i] } : j).ToList();
        return [.. withQ.OrderByDescending(j => j.Sustained).ThenBy(j => j.Q ?? 2).ThenBy(j => j.Analyte, StringComparer.Ordinal)];
    }

    private static AnalyteChange Judge(string analyte, IReadOnlyList<SeriesPoint> points, BiologicalVariation variation, SustainedChangeSettings s)
    {
        AnalyteChange Not(string reason, double? baseline = null, int n = 0) => new(analyte, false, reason, baseline, n, null, null, [], false, null, null);

        // One value per day: two (a curve fit and a series, two files) are a conflict to resolve at the source, never averaged.
        var conflicts = points.GroupBy(p => p.Day).Where(g => g.Count() > 1).OrderBy(g => g.Key).ToList();
        if (conflicts.Count > 0)
        {
            return Not("conflicting values, not assessed until one is kept: " + string.Join("; ", conflicts.Select(g =>
                FormattableString.Invariant($"day {g.Key}: {string.Join(" vs ", g.Select(p => $"{(p.Value is { } v ? v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "not detected")} ({p.Source ?? "unnamed source"})"))}"))));
        }

        var before = points.Where(p => p.Day <= 0).ToList();
        if (before.Count == 0)
        {
            return Not("no pre-infusion sample");
        }

        if (before.Any(p => p.Value is not > 0))
        {
            return Not("not detected at baseline: a decrease could be noise near the detection floor", null, before.Count);
        }

        var baseline = Math.Exp(before.Average(p => Math.Log(p.Value!.Value)));
        if (variation.Lookup(analyte) is not { } cvi)
        {
            return Not("no within-subject CV in the table (add one; it is never guessed)", baseline, before.Count);
        }

        var after = points.Where(p => p.Day >= s.OnsetDay).OrderBy(p => p.Day).ToList();
        var oneYear = after.Where(p => Math.Abs(p.Day - s.OneYearDay) <= s.OneYearToleranceDays).Select(p => (int?)p.Day).LastOrDefault();
        var sa2 = Math.Log(Math.Pow(s.AnalyticalCvPercent / 100, 2) + 1);
        var si2 = Math.Log(Math.Pow(cvi.CviPercent / 100, 2) + 1);
        var sd = Math.Sqrt((sa2 + si2) * ((1.0 / before.Count) + 1));
        var judged = after.Select(p =>
        {
            if (p.Value is not > 0)
            {
                // Fallen below detection from a detected baseline: a decrease at least as large as to the floor; counted as a decrease.
                return new ChangePoint(p.Day, null, null, null, null, true) { Source = p.Source };
            }

            var d = Math.Log(p.Value.Value / baseline);
            return new ChangePoint(p.Day, p.Value, p.Value.Value / baseline, d, Normal.CDF(0, 1, d / sd), d < -s.Z * sd) { Source = p.Source };
        }).ToImmutableArray();
        if (oneYear is not { } yearDay)
        {
            return new AnalyteChange(analyte, false, FormattableString.Invariant($"no sample within {s.OneYearToleranceDays} days of day {s.OneYearDay}"), baseline, before.Count, cvi, sd, judged, false, null, null, s.AnalyticalCvPercent);
        }

        var window = judged.Where(p => p.Day <= yearDay).ToList();
        var sustained = window.All(p => p.IsDecrease);
        var pSustained = window.Select(p => p.P ?? 0).Max();
        var reason = sustained
            ? FormattableString.Invariant($"decrease beyond the RCV at all {window.Count} follow-ups from day {s.OnsetDay} to day {yearDay}")
            : FormattableString.Invariant($"not sustained: {window.Count(p => !p.IsDecrease)} of {window.Count} follow-ups to day {yearDay} within the RCV");
        return new AnalyteChange(analyte, true, reason, baseline, before.Count, cvi, sd, judged, sustained, pSustained, null, s.AnalyticalCvPercent);
    }
}
