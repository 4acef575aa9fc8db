using System.Collections.Immutable;
using Stroma.Core.Course;

namespace Stroma.Reports.Course;

/// <summary>
/// The report's records in their pseudonymised form (<see cref="Pseudonymisation"/>): every date moved by the patient's secret
/// shift, and the free text the sections carry — file names, custodians' and witnesses' names, verbatim AE terms, biopsy
/// indications, the release signer's name — withheld; the signatures of records left out.
/// </summary>
public static class ReportPseudonymisation
{
    /// <summary>
    /// The sections with every date shifted by <paramref name="days"/> and their free text withheld; with <paramref name="recordId"/>,
    /// adverse event and biopsy ids (and the infusion an event names) mapped as the course's are.
    /// </summary>
    public static CaseReportSections Apply(CaseReportSections sections, int days, Func<string, string>? recordId = null)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var id = recordId ?? (x => x);
        const string W = Pseudonymisation.Withheld;
        return sections with
        {
            StrSamples = sections.StrSamples?.Select(s => s with { SampledAt = Pseudonymisation.Shift(s.SampledAt, days), FileName = W }).ToList(),
            Lots = sections.Lots?.Select(l => l with
            {
                Lot = l.Lot with { ManufacturedAt = Pseudonymisation.Shift(l.Lot.ManufacturedAt, days), ExpiresAt = Pseudonymisation.Shift(l.Lot.ExpiresAt, days) },
                Release = l.Release with
                {
                    ReleaseSignature = l.Release.ReleaseSignature is { } r
                        ? r with { Signature = r.Signature with { SignedAt = Pseudonymisation.Shift(r.Signature.SignedAt, days), SignerFullName = W, SignerUserName = W } }
                        : null,
                },
                Custody = l.Custody.ToImmutableDictionary(c => c.Key, c => c.Value.Select(e => e with { At = Pseudonymisation.Shift(e.At, days), From = W, To = W, Witness = e.Witness is null ? null : W }).ToImmutableArray()),
            }).ToList(),
            Safety = sections.Safety is { } s ? new SafetyRecord(
                [.. s.AdverseEvents.Select(e => e with { Id = id(e.Id), InfusionId = e.InfusionId is { } i ? id(i) : null, Onset = Pseudonymisation.Shift(e.Onset, days), Resolved = Pseudonymisation.Shift(e.Resolved, days), Verbatim = W })],
                [.. s.Vitals.Select(v => v with { At = Pseudonymisation.Shift(v.At, days) })],
                [.. s.Biopsies.Select(b => b with { Id = id(b.Id), TakenAt = Pseudonymisation.Shift(b.TakenAt, days), Indication = W })]) : null,
            Biomarkers = sections.Biomarkers is { } b2 ? b2 with { Sources = [.. b2.Sources.Select(x => x with { Name = W })] } : null,
            Signatures = null, // signers' names, record ids and signing times are not part of a pseudonymised record
        };
    }
}
