using Microsoft.Extensions.Caching.Memory;
using Stroma.Application.Course;
using Stroma.Application.Patients;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Reports.Course;
using Stroma.Storage;
using Stroma.Web.Features.Records;
using Stroma.Web.Hosting;

namespace Stroma.Web.Features.Patients;

/// <summary>The patient page's folder and the record version it was read at.</summary>
/// <param name="Folder">What the page shows.</param>
/// <param name="Version">The records' version (the audit head) read before the folder was loaded.</param>
public sealed record VersionedFolder(PatientFolder Folder, long Version);

/// <summary>One of the patient page's plots as SVG, and the record version it was drawn at (its validator).</summary>
/// <param name="Svg">The SVG document.</param>
/// <param name="Version">The records' version read before the data were loaded.</param>
public sealed record VersionedPlot(string Svg, long Version);

/// <summary>The patient page's plots.</summary>
public enum PatientPlot
{
    /// <summary>UPCR, plasma exchange sessions and MSC infusions.</summary>
    Upcr,

    /// <summary>eGFR with the slopes before and after day 0.</summary>
    Egfr,
}

/// <summary>
/// What the patient page, its plots and the assessment API derive from a patient's records, kept in memory under the records' version
/// (the audit head, which every write moves): a request finds it again until anything is written, here or on another instance, so a
/// reader never sees a stale figure, and the plots are drawn once per change rather than once per view. Keyed by what the reader may
/// see (identified or pseudonymised, links to the trail or not); bounded in size. Nothing here writes: readers never take the
/// writers' lock.
/// </summary>
public sealed class PatientCache(IMemoryCache cache)
{
    /// <summary>The patient's folder for this reader, or null when there is no such patient.</summary>
    public async Task<VersionedFolder?> FolderAsync(RequestStore request, PatientId patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await FolderAsync(request, patientId, await request.Store.VersionAsync(ct), ct);
    }

    /// <summary>One of the patient's plots for this reader, or null when there is no such patient or the course is not assessable.</summary>
    public async Task<VersionedPlot?> PlotAsync(RequestStore request, PatientId patientId, PatientPlot plot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (identified, audit) = (request.MaySeeIdentity, request.MayReadAudit);
        var version = await request.Store.VersionAsync(ct);
        var key = ("plot", plot, patientId, identified, audit, version);
        if (cache.TryGetValue(key, out VersionedPlot? found))
        {
            return found;
        }

        if ((await FolderAsync(request, patientId, version, ct))?.Folder.Assessed is not { } a)
        {
            return null;
        }

        // Links leave the plot's own document (the page embeds it in a frame) for the record's trail, or the lab's row for a reader
        // without the trail.
        string Link(string labId) => audit ? RecordPaths.Trail(patientId, PatientRecordKind.LabResult, labId) : RecordPaths.LabRow(patientId, labId);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var svg = plot switch
        {
            PatientPlot.Upcr => CoursePlotsSvg.UpcrTimeline(a.Course, a.Assessment, p => new PlotPointLink(
                string.Create(ci, $"{p.LabId}: UPCR {p.Upcr.MgPerMg:0.00} mg/mg, day {p.Day}{(p.MeetsTarget && p.IsPlasmapheresisFree ? ", target met without plasmapheresis" : "")}"), Link(p.LabId))),
            _ => CoursePlotsSvg.EgfrTimeline(a.Course, a.Assessment, p => new PlotPointLink(
                string.Create(ci, $"{p.CreatinineLabId}: eGFR {p.Result.Egfr.MlPerMinPer173M2:0.0} mL/min/1.73 m² ({p.Result.Equation}), day {p.Day}"), Link(p.CreatinineLabId))),
        };
        var drawn = new VersionedPlot(svg, version);
        cache.Set(key, drawn, Entry());
        return drawn;
    }

    /// <summary>The patient's assessment for this reader (as <see cref="CaseReports.ReadAsync"/>).</summary>
    public async Task<ReadResult<AssessedCase>> AssessmentAsync(RequestStore request, PatientId patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = request.Store;
        var key = ("assessment", patientId, request.MaySeeIdentity, await store.VersionAsync(ct));
        if (cache.TryGetValue(key, out ReadResult<AssessedCase>? found))
        {
            return found!;
        }

        var result = await CaseReports.ReadAsync(store, patientId, TreatmentProtocol.SeedCase, !request.MaySeeIdentity, ct);
        cache.Set(key, result, Entry());
        return result;
    }

    private async Task<VersionedFolder?> FolderAsync(RequestStore request, PatientId patientId, long version, CancellationToken ct)
    {
        var identified = request.MaySeeIdentity;
        var key = ("folder", patientId, identified, version);
        if (cache.TryGetValue(key, out VersionedFolder? found))
        {
            return found;
        }

        if (await PatientFolders.LoadAsync(request.Store, patientId, identified, TreatmentProtocol.SeedCase, ct) is not { } folder)
        {
            return null;
        }

        // Kept under the version read before loading: what was loaded is at least that recent, and a write since then moves the
        // version, so this entry is never served for a later state.
        var loaded = new VersionedFolder(folder, version);
        cache.Set(key, loaded, Entry());
        return loaded;
    }

    private static MemoryCacheEntryOptions Entry() => new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };
}
