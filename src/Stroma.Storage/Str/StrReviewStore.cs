using Microsoft.EntityFrameworkCore;
using Stroma.Core.Diagnostics;
using Stroma.Core.Str;
using Stroma.Storage.Course;
using Stroma.Storage.Signatures;
using Stroma.Storage.Str;

namespace Stroma.Storage;

/// <summary>A review to keep: the checked review of a locus (null for a new version), or a new version with its reason.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="SampleId">The kept sample.</param>
/// <param name="Action">The action.</param>
/// <param name="Review">The checked review of a call (null for <see cref="CallReviewAction.NewVersion"/>).</param>
/// <param name="Reason">The reason (one line).</param>
/// <param name="At">When, with the site's offset.</param>
/// <param name="ExpectedOrdinal">The ordinal the review gets if no other review was kept meanwhile (the reviews the reviewer was shown, plus one).</param>
public sealed record NewStrCallReview(string PatientId, string SampleId, CallReviewAction Action, CheckedCallReview? Review, string Reason, DateTimeOffset At, int ExpectedOrdinal);

/// <summary>Reviews of kept STR samples' calls: append-only, in order, refused while a result they change is signed as it stands.</summary>
public sealed partial class StromaStore
{
    /// <summary>The table of kept STR samples (an STR result is signed under it).</summary>
    public const string StrSampleTable = "str_samples";

    /// <summary>Another review of the sample was kept since the reviewer was shown its reviews (error; nothing written).</summary>
    public const string StrReviewedMeanwhile = "STR026";

    /// <summary>The reviews of a patient's samples, by sample and in their order.</summary>
    public async Task<IReadOnlyList<StrCallReview>> LoadStrCallReviewsAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.StrCallReviews.AsNoTracking().Where(r => r.PatientId == patientId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.SampleId, StringComparer.Ordinal).ThenBy(r => r.Ordinal).Select(ToReview)];
    }

    /// <summary>
    /// Keeps a review, in one transaction holding the writers' lock, as this store's actor: refused with nothing written when the
    /// sample is not the patient's (STR016), another review was kept meanwhile (STR026), or — for a review of a call — a result it
    /// changes is signed as it stands (STR024: the sample's own, or a result whose reference it is; a new version must be started
    /// first). A new version is refused when the sample's result is not signed as it stands (STR025: nothing to supersede).
    /// </summary>
    public Task<ReadResult<StrCallReview>> AddStrCallReviewAsync(NewStrCallReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        if (review.Action != CallReviewAction.NewVersion && review.Review is null)
        {
            throw new ArgumentException("A review of a call carries the checked review.", nameof(review));
        }

        return WriteAsync(async db =>
        {
            if (!await db.StrSamples.AnyAsync(s => s.PatientId == review.PatientId && s.Id == review.SampleId, cancellationToken))
            {
                return ReadResult.Failed<StrCallReview>([Issue.Error(StrIssues.RunComposition, "sample", $"Expected a kept STR sample of patient {review.PatientId}; found no {review.SampleId}.")]);
            }

            var count = await db.StrCallReviews.CountAsync(r => r.SampleId == review.SampleId, cancellationToken);
            if (count + 1 != review.ExpectedOrdinal)
            {
                return ReadResult.Failed<StrCallReview>([Issue.Error(StrReviewedMeanwhile, "sample",
                    $"Expected {review.ExpectedOrdinal - 1} review(s) of {review.SampleId}, as shown; {count} are kept: someone reviewed it meanwhile. Nothing was written; read the sample again.")]);
            }

            var signed = await SignedAsItStandsAsync(db, review.PatientId, review.SampleId, cancellationToken);
            if (review.Action == CallReviewAction.NewVersion && !signed.Contains(review.SampleId))
            {
                return ReadResult.Failed<StrCallReview>([Issue.Error(StrIssues.NothingToSupersede, "reason",
                    $"Expected a signed result to start a new version of; {review.SampleId} is not signed as it stands: review its calls directly.")]);
            }

            if (review.Action != CallReviewAction.NewVersion && signed.Count > 0)
            {
                var own = signed.Contains(review.SampleId);
                return ReadResult.Failed<StrCallReview>([Issue.Error(StrIssues.ResultLocked, "locus",
                    $"Expected an unsigned result to review; {(own ? $"the result of {review.SampleId} is signed" : $"the result of {string.Join(", ", signed)}, whose reference {review.SampleId} is, is signed")} as it stands and locked. Start a new version of {string.Join(", ", signed)} (with its reason) to review it again; the new version needs a new signature.")]);
            }

            var (at, offset) = CourseRows.Split(review.At);
            var row = new StrCallReviewRow
            {
                Id = Guid.NewGuid().ToString("N"), PatientId = review.PatientId, SampleId = review.SampleId, Ordinal = count + 1, Action = CallReviews.Word(review.Action),
                Locus = review.Review?.Locus, Allele = review.Review?.Allele, NewAllele = review.Review?.NewAllele, Reason = review.Reason.Trim(), Actor = Actor,
                AtUtc = at, AtOffsetMinutes = offset,
            };
            db.StrCallReviews.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            return ReadResult.Of(ToReview(row));
        }, cancellationToken);
    }

    /// <summary>
    /// The samples among <paramref name="sampleId"/> and the results it is a reference of whose result is signed as it stands now: a
    /// review of its calls is refused (STR024) while any is.
    /// </summary>
    public async Task<IReadOnlyList<string>> StrResultsSignedAsItStandsAsync(string patientId, string sampleId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await SignedAsItStandsAsync(db, patientId, sampleId, cancellationToken);
    }

    // The samples among this one and the post-treatment samples it is a reference of whose result is signed as it stands now.
    private static async Task<IReadOnlyList<string>> SignedAsItStandsAsync(StromaContext db, string patientId, string sampleId, CancellationToken cancellationToken)
    {
        var dependents = await db.Chimerism.AsNoTracking().Where(c => c.PatientId == patientId && c.ReferenceSampleId == sampleId).Select(c => c.SampleId).Distinct().ToListAsync(cancellationToken);
        var signed = new List<string>();
        foreach (var id in dependents.Prepend(sampleId).Distinct(StringComparer.Ordinal))
        {
            var hash = await StrResultHashAsync(db, patientId, id, cancellationToken);
            if (hash is not null && await db.Set<SignatureRow>().AnyAsync(
                s => s.TableName == StrSampleTable && s.PatientId == patientId && s.RecordId == id && s.ContentHash == hash, cancellationToken))
            {
                signed.Add(id);
            }
        }

        return signed;
    }

    // An STR result as signed: the sample row, its chimerism rows, and the reviews of its calls and of its references' calls, in order.
    private static async Task<string?> StrResultHashAsync(StromaContext db, string patientId, string sampleId, CancellationToken cancellationToken)
    {
        var sample = await FindAsync<StrSampleRow>(db, patientId, sampleId, cancellationToken);
        if (sample is null)
        {
            return null;
        }

        var chimerism = await db.Chimerism.AsNoTracking().Where(c => c.PatientId == patientId && c.SampleId == sampleId).ToListAsync(cancellationToken);
        var reviewed = chimerism.Select(c => c.ReferenceSampleId).Append(sampleId).Distinct().ToList();
        var reviews = await db.StrCallReviews.AsNoTracking().Where(r => r.PatientId == patientId && reviewed.Contains(r.SampleId)).ToListAsync(cancellationToken);
        return Hash(db, [sample, .. chimerism.OrderBy(c => c.Id, StringComparer.Ordinal), .. reviews.OrderBy(r => r.SampleId, StringComparer.Ordinal).ThenBy(r => r.Ordinal)]);
    }

    private static StrCallReview ToReview(StrCallReviewRow r) => new(
        r.Id, r.SampleId, r.Ordinal, CallReviews.Parse(r.Action) ?? throw new InvalidOperationException($"Review {r.Id} has the unknown action '{r.Action}'."),
        r.Locus, r.Allele, r.NewAllele, r.Reason, r.Actor, CourseRows.Join(r.AtUtc, r.AtOffsetMinutes));
}
