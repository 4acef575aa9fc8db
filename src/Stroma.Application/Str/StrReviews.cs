using Stroma.Core.Diagnostics;
using Stroma.Core.Str;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.Str;

/// <summary>A review of a call as the reviewer typed it (each field as given; null when empty).</summary>
/// <param name="Action">accept, reject, relabel or add.</param>
/// <param name="Locus">The locus.</param>
/// <param name="Allele">The called allele reviewed, or the allele added.</param>
/// <param name="NewAllele">The relabel's allele.</param>
/// <param name="Reason">Why (one line).</param>
/// <param name="ShownReviews">How many reviews of the sample the reviewer was shown (a review kept meanwhile refuses this one), or null (as stored now).</param>
public sealed record StrReviewRequest(string? Action, string? Locus, string? Allele, string? NewAllele, string? Reason, int? ShownReviews = null);

/// <summary>
/// Reviewing a kept STR sample's calls as the acting user (the store's actor): the sample analysed again from its kept raw files, the
/// reviews kept so far applied, the new review checked against the run's bins (<see cref="CallReviews.Check"/>), then kept in one
/// transaction beside the automatic call — refused while a result it changes is signed, unless a new version was started.
/// </summary>
public static class StrReviews
{
    /// <summary>Keeps the review, or returns every issue with nothing written (the sample unknown: null).</summary>
    public static async Task<ReadResult<StrCallReview>?> ReviewAsync(StromaStore store, PatientId patientId, string sampleId, StrReviewRequest request, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var shown = await StrSamples.ReviewAsync(store, patientId, sampleId, null, ct);
        if (shown is null)
        {
            return null;
        }

        if (shown.Value is not { } review)
        {
            return ReadResult.Failed<StrCallReview>(shown.Issues);
        }

        var checkedReview = CallReviews.Check(review.Calls, review.Bins, request.Action, request.Locus, request.Allele, request.NewAllele, request.Reason);
        if (checkedReview.Value is not { } accepted)
        {
            return ReadResult.Failed<StrCallReview>(checkedReview.Issues);
        }

        var at = await AtSiteAsync(store, now, ct);
        return await store.AddStrCallReviewAsync(
            new NewStrCallReview(patientId, sampleId, accepted.Action, accepted, accepted.Reason, at, (request.ShownReviews ?? review.Reviews.Count) + 1), ct);
    }

    /// <summary>
    /// Starts a new version of a signed result with its reason (kept as a review of its own): the result's content changes, so its
    /// signatures show as no longer valid (they stay listed) and the result can be reviewed again and signed anew.
    /// </summary>
    public static async Task<ReadResult<StrCallReview>> NewVersionAsync(StromaStore store, PatientId patientId, string sampleId, string? reason, int? shownReviews, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Core.Text.OneLine.CheckRequired(reason, "reason", StrIssues.ReviewReasonMissing, "the reason for a new version (one line)") is { } bad)
        {
            return ReadResult.Failed<StrCallReview>([bad]);
        }

        var kept = (await store.LoadStrCallReviewsAsync(patientId, ct)).Count(r => r.SampleId == sampleId);
        var at = await AtSiteAsync(store, now, ct);
        return await store.AddStrCallReviewAsync(new NewStrCallReview(patientId, sampleId, CallReviewAction.NewVersion, null, reason!.Trim(), at, (shownReviews ?? kept) + 1), ct);
    }

    private static async Task<DateTimeOffset> AtSiteAsync(StromaStore store, DateTimeOffset now, CancellationToken ct) =>
        await Labs.LabEntries.SiteZoneAsync(store, ct) is { } zone ? TimeZoneInfo.ConvertTime(now, zone) : now.ToUniversalTime();
}
