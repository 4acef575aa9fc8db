using System.Collections.Immutable;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Application.Patients;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Fhir.Export;

/// <summary>
/// Exports a stored patient as a FHIR R4 collection Bundle. Reads only (the patient page's folder, the lots of its infusions and their
/// custody): readers never write. Pseudonymised: no name, hospital number, DIN or birth date (the year only), every date shifted by the
/// patient's secret offset, every record id replaced by its opaque one, free text withheld.
/// </summary>
public static class FhirExports
{
    /// <summary>The export of <paramref name="patientId"/> as <see cref="CourseExport"/>, or the issue saying there is no such patient.</summary>
    public static async Task<ReadResult<CourseExport>> ReadAsync(StromaStore store, PatientId patientId, TreatmentProtocol protocol, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protocol);
        var original = await store.LoadCourseAsync(patientId, ct);
        var folder = await PatientFolders.LoadAsync(store, patientId, identified: !pseudonymise, protocol, ct);
        if (original is null || folder is null)
        {
            return ReadResult.Failed<CourseExport>([LabCsvIssues.NoSuchPatient(patientId, store.Location.ToString())]);
        }

        // Which bag each infusion came from: the bag whose custody log has it infused at the infusion's time (read on the true dates).
        var lots = new List<MscLot>();
        var bags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lotId in original.Infusions.Select(i => i.LotId).Distinct(StringComparer.Ordinal))
        {
            if (await store.LoadLotAsync(lotId, ct) is not { } held)
            {
                continue;
            }

            lots.Add(held.Lot);
            foreach (var bag in held.Lot.Bags)
            {
                foreach (var infused in (await store.LoadCustodyAsync(lotId, bag.Id, ct)).Where(e => e.Kind == CustodyEventKind.Infused))
                {
                    if (original.Infusions.FirstOrDefault(i => i.LotId == lotId && i.At == infused.At) is { } infusion)
                    {
                        bags[infusion.Id] = lotId + "/" + bag.Id;
                    }
                }
            }
        }

        var record = await store.LoadCellTherapyRecordAsync(patientId, ct);
        var safety = new StoredCellTherapyRecord([.. folder.AdverseEvents], record.Vitals, [.. folder.Biopsies]);
        var course = folder.Course;
        var egfr = folder.Assessed?.Assessment.Renal.Points ?? [];
        var samples = await store.LoadStrSamplesAsync(patientId, ct);
        var series = await store.LoadAnalyteSeriesAsync(patientId, ct);
        var biomarkers = series.Series.Count == 0 ? null : series;
        if (!pseudonymise)
        {
            return ReadResult.Of(new CourseExport(course, folder.Identity, [.. egfr], safety, lots, bags, protocol, null, now)
            {
                StrSamples = samples, Chimerism = folder.Chimerism, Biomarkers = biomarkers,
            }, folder.Issues);
        }

        // The lab ids are opaque already (the folder's course); every other record id is made opaque the same way.
        var shift = store.PseudonymShiftDays(patientId);
        var id = store.PseudonymRecordIds(patientId);
        course = course with
        {
            Sessions = [.. course.Sessions.Select(s => s with { Id = id(s.Id) })],
            Infusions = [.. course.Infusions.Select(i => i with { Id = id(i.Id), LotId = id(i.LotId) })],
            Drugs = [.. course.Drugs.Select(d => d with { Id = id(d.Id) })],
            Events = [.. course.Events.Select(e => e with { Id = id(e.Id) })],
        };
        safety = new StoredCellTherapyRecord(
            [.. safety.AdverseEvents.Select(e => e with { Id = id(e.Id), InfusionId = e.InfusionId is { } i ? id(i) : null, Verbatim = Pseudonymisation.Withheld })],
            [],
            [.. safety.Biopsies.Select(b => b with { Id = id(b.Id), Indication = Pseudonymisation.Withheld, StrSampleId = null })]);
        var shiftedLots = lots.Select(l => l with
        {
            Id = id(l.Id), ManufacturedAt = Pseudonymisation.Shift(l.ManufacturedAt, shift), ExpiresAt = Pseudonymisation.Shift(l.ExpiresAt, shift), Site = Pseudonymisation.Withheld,
            Bags = [.. l.Bags.Select(b => b with { Id = id(b.Id), AllocatedToPatientId = null })],
        }).ToList();
        var shiftedBags = bags.ToDictionary(p => id(p.Key), p => Opaque(p.Value, id), StringComparer.Ordinal);
        // STR samples and chimerism: opaque ids, the sampling time shifted, file names (which may carry a hospital number) withheld; the
        // raw files' SHA-256 stay, so that whoever holds a file can check it is the one analysed. Biomarker days count from day 0 already.
        var shiftedSamples = samples.Select(x => x with { Id = id(x.Id), SampledAt = Pseudonymisation.Shift(x.SampledAt, shift), FileName = Pseudonymisation.Withheld }).ToList();
        var shiftedChimerism = folder.Chimerism.Select(c => c with { Id = id(c.Id), SampleId = id(c.SampleId), ReferenceSampleId = id(c.ReferenceSampleId) }).ToList();
        var withheldSources = biomarkers is null ? null : biomarkers with
        {
            Series = biomarkers.Series.ToImmutableDictionary(p => p.Key, p => (IReadOnlyList<Core.Biomarkers.SeriesPoint>)[.. p.Value.Select(x => x with { Source = Withheld(x.Source, biomarkers) })], StringComparer.Ordinal),
            Sources = [.. biomarkers.Sources.Select(x => x with { Name = Withheld(x.Name, biomarkers)! })],
        };
        return ReadResult.Of(new CourseExport(course, null, [.. egfr], safety, shiftedLots, shiftedBags, protocol, folder.BirthYear, now)
        {
            StrSamples = shiftedSamples, Chimerism = shiftedChimerism, Biomarkers = withheldSources,
        }, folder.Issues);
    }

    /// <summary>The bundle of <paramref name="patientId"/> as pretty-printed FHIR JSON (UTF-8), with the issues met on the way; its Stroma URLs under the store's canonical base.</summary>
    public static async Task<ReadResult<byte[]>> ExportAsync(StromaStore store, PatientId patientId, TreatmentProtocol protocol, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var terminology = StromaTerminology.Use(await StromaTerminology.BaseOfAsync(store, ct));
        var read = await ReadAsync(store, patientId, protocol, pseudonymise, now, ct);
        return read.Value is { } export
            ? ReadResult.Of(System.Text.Encoding.UTF8.GetBytes(ToJson(CourseBundle.Build(export))), read.Issues)
            : ReadResult.Failed<byte[]>(read.Issues);
    }

    /// <summary>A resource as pretty-printed FHIR JSON.</summary>
    public static string ToJson(Resource resource) => new FhirJsonSerializer().SerializeToString(resource, pretty: true);

    // A source file's name withheld, numbered by its place among the sources (so the points of one file still share one source).
    private static string? Withheld(string? name, StoredAnalyteSeries series)
    {
        if (name is null)
        {
            return null;
        }

        var index = series.Sources.Select(s => s.Name).ToList().IndexOf(name);
        return $"{Pseudonymisation.Withheld} source {(index < 0 ? "?" : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}";
    }

    private static string Opaque(string lotAndBag, Func<string, string> id)
    {
        var slash = lotAndBag.IndexOf('/', StringComparison.Ordinal);
        return id(lotAndBag[..slash]) + "/" + id(lotAndBag[(slash + 1)..]);
    }
}
