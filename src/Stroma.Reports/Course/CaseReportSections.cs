using System.Collections.Immutable;
using Stroma.Core.Biopsy;
using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Core.Str;

namespace Stroma.Reports.Course;

/// <summary>The records the report's optional sections draw on.</summary>
/// <param name="StrSamples">STR samples (the STR section).</param>
/// <param name="Chimerism">Chimerism results.</param>
/// <param name="CellTherapy">The product, safety and biopsy record.</param>
/// <param name="Biomarkers">The cytokine panel judged for sustained change, ranked (the biomarker section).</param>
/// <param name="BiomarkerSources">The raw files the panel's results came from.</param>
public sealed record CaseReportSections(
    IReadOnlyList<StrSampleRecord>? StrSamples = null, IReadOnlyList<ChimerismRecord>? Chimerism = null, CellTherapyRecord? CellTherapy = null,
    IReadOnlyList<Core.Biomarkers.AnalyteChange>? Biomarkers = null, IReadOnlyList<Core.Biomarkers.AnalyteSource>? BiomarkerSources = null);

/// <summary>The product, safety and biopsy record of a patient, as the report shows it.</summary>
/// <param name="Lot">The MSC lot.</param>
/// <param name="Release">Its release decision.</param>
/// <param name="Custody">Custody events per bag id.</param>
/// <param name="AdverseEvents">Adverse events.</param>
/// <param name="Vitals">Vital signs.</param>
/// <param name="Biopsies">Biopsies, oldest first.</param>
/// <param name="FollowedUpTo">How far the record reaches (the last follow-up).</param>
public sealed record CellTherapyRecord(
    MscLot Lot, ReleaseDecision Release, IReadOnlyDictionary<string, ImmutableArray<CustodyEvent>> Custody, ImmutableArray<AdverseEvent> AdverseEvents,
    ImmutableArray<VitalSigns> Vitals, ImmutableArray<BiopsyReport> Biopsies, DateTimeOffset FollowedUpTo);
