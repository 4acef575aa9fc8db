using System.Collections.Immutable;
using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Safety;

/// <summary>Stable issue codes for safety-and-biopsy files.</summary>
public static class SafetyJsonIssues
{
    /// <summary>Not well-formed JSON, or not the document's shape.</summary>
    public const string Malformed = "SAFETYJSON001";

    /// <summary>An invalid value (a time without offset, an unknown kind, a duplicate id).</summary>
    public const string BadValue = "SAFETYJSON002";
}

/// <summary>What a safety-and-biopsy file holds for one patient.</summary>
/// <param name="AdverseEvents">Adverse events.</param>
/// <param name="Vitals">Vital signs.</param>
/// <param name="Biopsies">Biopsy reports.</param>
public sealed record SafetyDocument(ImmutableArray<AdverseEvent> AdverseEvents, ImmutableArray<VitalSigns> Vitals, ImmutableArray<BiopsyReport> Biopsies);

/// <summary>
/// Reads a patient's adverse events, infusion vital signs and biopsy reports from JSON (camelCase; unknown properties are errors;
/// times ISO 8601 with an offset — never a guessed time zone). Each record then goes through its own checks (CTCAE term and grade,
/// Banff ranges, counts). Every problem has its JSON path; nothing is returned when anything is wrong.
/// </summary>
public static class SafetyJson
{
    /// <summary>Reads the file, judging dates against the system clock.</summary>
    public static ReadResult<SafetyDocument> Read(ReadOnlySpan<byte> json, string fileName) => Read(json, fileName, DateTimeOffset.UtcNow);

    /// <summary>
    /// Reads the file. Every time must lie in the <see cref="RecordWindow"/> of <paramref name="now"/> (and of the patient's
    /// <paramref name="birthDate"/>, when given), and every vital sign within <see cref="VitalSignRanges"/>.
    /// </summary>
    public static ReadResult<SafetyDocument> Read(ReadOnlySpan<byte> json, string fileName, DateTimeOffset now, DateOnly? birthDate = null)
    {
        var parsed = StrictJson.Read<Document>(json, fileName, SafetyJsonIssues.Malformed, "a safety document");
        if (parsed.Value is not { } d)
        {
            return ReadResult.Failed<SafetyDocument>(parsed.Issues);
        }

        var issues = new List<Issue>();
        var fields = new JsonFields(fileName, SafetyJsonIssues.BadValue, issues);
        var window = new RecordWindow(birthDate, now);
        string P(FormattableString path) => FormattableString.Invariant(path);
        DateTimeOffset When(string text, string path, string what)
        {
            var count = issues.Count;
            var at = fields.Time(text, path);
            if (issues.Count == count && window.Check(at, $"{fileName} {path}", what) is { } outside)
            {
                issues.Add(outside);
            }

            return at;
        }

        var events = (d.AdverseEvents ?? []).Select((e, i) => new AdverseEvent(
            e.Id, e.Verbatim, e.Term, e.CtcaeVersion ?? Ctcae.Version, e.Grade, When(e.Onset, P($"$.adverseEvents[{i}].onset"), "onset"),
            e.Resolved is null ? null : When(e.Resolved, P($"$.adverseEvents[{i}].resolved"), "resolution time"),
            [.. (e.Seriousness ?? []).Select((s, j) => fields.Kind<SeriousnessCriterion>(s, P($"$.adverseEvents[{i}].seriousness[{j}]")))],
            fields.Kind<Relatedness>(e.Relatedness, P($"$.adverseEvents[{i}].relatedness")), fields.Kind<ProductAction>(e.Action ?? "none", P($"$.adverseEvents[{i}].action")),
            fields.Kind<AeOutcome>(e.Outcome, P($"$.adverseEvents[{i}].outcome")), e.InfusionId)).ToImmutableArray();
        var vitals = (d.Vitals ?? []).Select((v, i) => new VitalSigns(v.InfusionId, When(v.At, P($"$.vitals[{i}].at"), "time of vital signs"), fields.Kind<InfusionPhase>(v.Phase, P($"$.vitals[{i}].phase")),
            v.TemperatureC, v.HeartRate, v.SystolicMmHg, v.DiastolicMmHg, v.RespiratoryRate, v.SpO2Percent)).ToImmutableArray();
        var biopsies = (d.Biopsies ?? []).Select((b, i) => new BiopsyReport(b.Id, When(b.TakenAt, P($"$.biopsies[{i}].takenAt"), "biopsy time"), b.Indication, b.Glomeruli, b.GloballySclerosed, b.Arteries,
            b.Lesions, b.Scores, b.Findings ?? new BanffFindings(), b.FootProcessEffacementPercent, b.EmGlomeruli ?? 0, b.StrSampleId)).ToImmutableArray();
        issues.AddRange(vitals.SelectMany((v, i) => VitalSignRanges.Check(v, P($"{fileName} $.vitals[{i}]"))));
        foreach (var duplicate in events.GroupBy(e => e.Id).Where(g => g.Count() > 1))
        {
            fields.Fail("$.adverseEvents", $"Expected unique ids; '{duplicate.Key}' appears {duplicate.Count()} times.", 0);
        }

        foreach (var duplicate in biopsies.GroupBy(b => b.Id).Where(g => g.Count() > 1))
        {
            fields.Fail("$.biopsies", $"Expected unique ids; '{duplicate.Key}' appears {duplicate.Count()} times.", 0);
        }

        if (!issues.Any(i => i.Severity == Severity.Error))
        {
            issues.AddRange(events.SelectMany(e => e.Validate()));
            issues.AddRange(biopsies.SelectMany(b => b.Validate()));
        }

        return issues.Any(i => i.Severity == Severity.Error)
            ? ReadResult.Failed<SafetyDocument>(issues)
            : ReadResult.Of(new SafetyDocument(events, vitals, biopsies), issues);
    }

    private sealed record Document(IReadOnlyList<AePart>? AdverseEvents = null, IReadOnlyList<VitalsPart>? Vitals = null, IReadOnlyList<BiopsyPart>? Biopsies = null);

    private sealed record AePart(
        string Id, string Verbatim, string Term, int Grade, string Onset, string Relatedness, string Outcome, string? CtcaeVersion = null, string? Resolved = null,
        IReadOnlyList<string>? Seriousness = null, string? Action = null, string? InfusionId = null);

    private sealed record VitalsPart(
        string InfusionId, string At, string Phase, double? TemperatureC = null, double? HeartRate = null, double? SystolicMmHg = null, double? DiastolicMmHg = null,
        double? RespiratoryRate = null, double? SpO2Percent = null);

    private sealed record BiopsyPart(
        string Id, string TakenAt, string Indication, int Glomeruli, int GloballySclerosed, int Arteries, FsgsLesions Lesions, BanffScores Scores,
        BanffFindings? Findings = null, double? FootProcessEffacementPercent = null, int? EmGlomeruli = null, string? StrSampleId = null);
}
