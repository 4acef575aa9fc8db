using System.Collections.Immutable;
using Stroma.Core.Biomarkers;
using Stroma.Core.Biopsy;
using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Core.Str;

namespace Stroma.Reports.Course;

/// <summary>
/// The records the report draws on beside the course, each section driven by the records the patient has (never by whether the
/// first infusion's lot is held here).
/// </summary>
/// <param name="StrSamples">STR samples (the STR section).</param>
/// <param name="Chimerism">Chimerism results.</param>
/// <param name="Lots">The lots of the patient's infusions that are held here, with their release and custody.</param>
/// <param name="Safety">The patient's adverse events, vital signs and biopsies.</param>
/// <param name="Biomarkers">The cytokine panel judged for sustained change (the biomarker section).</param>
/// <param name="Signatures">The electronic signatures of the patient's records, each with its validity (21 CFR 11.50: printed with the record).</param>
public sealed record CaseReportSections(
    IReadOnlyList<StrSampleRecord>? StrSamples = null, IReadOnlyList<ChimerismRecord>? Chimerism = null, IReadOnlyList<LotRecord>? Lots = null,
    SafetyRecord? Safety = null, BiomarkerPanel? Biomarkers = null, IReadOnlyList<Core.Signatures.CheckedSignature>? Signatures = null);

/// <summary>A lot held here, as the report shows it.</summary>
/// <param name="Lot">The MSC lot.</param>
/// <param name="Release">Its release decision.</param>
/// <param name="Custody">Custody events per bag id.</param>
public sealed record LotRecord(MscLot Lot, ReleaseDecision Release, IReadOnlyDictionary<string, ImmutableArray<CustodyEvent>> Custody);

/// <summary>A patient's safety record and biopsies.</summary>
/// <param name="AdverseEvents">Structured adverse events.</param>
/// <param name="Vitals">Vital signs around the infusions.</param>
/// <param name="Biopsies">Biopsies, oldest first.</param>
public sealed record SafetyRecord(ImmutableArray<AdverseEvent> AdverseEvents, ImmutableArray<VitalSigns> Vitals, ImmutableArray<BiopsyReport> Biopsies)
{
    /// <summary>The latest time any of these records names (an onset, a resolution, a vital sign, a biopsy), or null with none.</summary>
    public DateTimeOffset? LastDated => AdverseEvents.SelectMany(e => new[] { e.Onset, e.Resolved ?? e.Onset }).Concat(Vitals.Select(v => v.At)).Concat(Biopsies.Select(b => b.TakenAt))
        .Select(t => (DateTimeOffset?)t).Max();

    /// <summary>The last follow-up of the whole record: the assessment's (labs, sessions, infusions, events) or these records', whichever is later.</summary>
    public DateTimeOffset FollowUpEnd(DateTimeOffset assessed) => LastDated is { } last && last > assessed ? last : assessed;
}

/// <summary>The patient's analyte series judged for a sustained decrease, with where they came from.</summary>
/// <param name="Analytes">Every series' verdict, ranked.</param>
/// <param name="Sources">The raw files the results came from.</param>
/// <param name="UnitBySeries">Each series' unit (UCUM; "{ratio}" for an array series).</param>
public sealed record BiomarkerPanel(IReadOnlyList<AnalyteChange> Analytes, IReadOnlyList<AnalyteSource> Sources, IReadOnlyDictionary<string, string> UnitBySeries);
