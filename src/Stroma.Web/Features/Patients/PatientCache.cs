using Microsoft.Extensions.Caching.Memory;
using Stroma.Application.Course;
using Stroma.Application.Patients;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Reports.Course;
using Stroma.Web.Hosting;

namespace Stroma.Web.Features.Patients;

/// <summary>The patient page's folder with its two plots rendered.</summary>
/// <param name="Folder">What the page shows.</param>
/// <param name="UpcrSvg">The UPCR timeline, or null without an assessment.</param>
/// <param name="EgfrSvg">The eGFR timeline, or null without an assessment.</param>
public sealed record RenderedFolder(PatientFolder Folder, string? UpcrSvg, string? EgfrSvg);

/// <summary>
/// What the patient page and the assessment API derive from a patient's records, kept in memory under the record's version (the
/// audit head, which every write moves): a request finds it again until anything is written, here or on another instance, so a
/// reader never sees a stale figure and the plots are drawn once per change rather than once per view. Keyed by what the reader may
/// see (identified or pseudonymised, links to the trail or not); bounded in size.
/// </summary>
public sealed class PatientCache(IMemoryCache cache)
{
    /// <summary>The patient's folder and plots for this reader, or null when there is no such patient.</summary>
    public async Task<RenderedFolder?> FolderAsync(RequestStore request, string patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = request.Store;
        var (identified, audit) = (request.MaySeeIdentity, request.MayReadAudit);
        var key = ("folder", patientId, identified, audit, await store.VersionAsync(ct));
        if (cache.TryGetValue(key, out RenderedFolder? found))
        {
            return found;
        }

        if (await PatientFolders.LoadAsync(store, patientId, identified, TreatmentProtocol.SeedCase, ct) is not { } folder)
        {
            return null;
        }

        string Link(string labId) => audit
            ? $"/patients/{Uri.EscapeDataString(patientId)}/labs/{Uri.EscapeDataString(labId)}/trail"
            : $"/patients/{Uri.EscapeDataString(patientId)}?lab={Uri.EscapeDataString(labId)}#lab-{labId}";
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var rendered = folder.Assessed is { } a
            ? new RenderedFolder(folder,
                CoursePlotsSvg.UpcrTimeline(a.Course, a.Assessment, p => new PlotPointLink(
                    string.Create(ci, $"{p.LabId}: UPCR {p.Upcr.MgPerMg:0.00} mg/mg, day {p.Day}{(p.MeetsTarget && p.IsPlasmapheresisFree ? ", target met without plasmapheresis" : "")}"), Link(p.LabId))),
                CoursePlotsSvg.EgfrTimeline(a.Course, a.Assessment, p => new PlotPointLink(
                    string.Create(ci, $"{p.CreatinineLabId}: eGFR {p.Result.Egfr.MlPerMinPer173M2:0.0} mL/min/1.73 m² ({p.Result.Equation}), day {p.Day}"), Link(p.CreatinineLabId))))
            : new RenderedFolder(folder, null, null);

        // Kept under the version read before loading: what was loaded is at least that recent, and a write since then (another
        // request's, or this load's own derived eGFR) moves the version, so this entry is never served for a later state.
        cache.Set(key, rendered, Entry());
        return rendered;
    }

    /// <summary>The patient's assessment for this reader (as <see cref="CaseReports.AssessAsync"/>).</summary>
    public async Task<ReadResult<AssessedCase>> AssessmentAsync(RequestStore request, string patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = request.Store;
        var key = ("assessment", patientId, request.MaySeeIdentity, false, await store.VersionAsync(ct));
        if (cache.TryGetValue(key, out ReadResult<AssessedCase>? found))
        {
            return found!;
        }

        var result = await CaseReports.AssessAsync(store, patientId, TreatmentProtocol.SeedCase, !request.MaySeeIdentity, ct);
        cache.Set(key, result, Entry());
        return result;
    }

    private static MemoryCacheEntryOptions Entry() => new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };
}
