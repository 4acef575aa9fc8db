using System.Collections.Immutable;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.Str;

/// <summary>What a reviewer does with a call at a locus (or, for <see cref="NewVersion"/>, with the whole result).</summary>
public enum CallReviewAction
{
    /// <summary>The automatic call is right (kept as the reviewer's confirmation; the call is unchanged).</summary>
    Accept,

    /// <summary>The called allele is not an allele (an artefact the calling missed): the peak is set aside.</summary>
    Reject,

    /// <summary>The peak is another allele of the locus (an off-ladder peak that is a microvariant, a shifted bin).</summary>
    Relabel,

    /// <summary>A peak the calling missed or set aside is an allele.</summary>
    Add,

    /// <summary>A new version of a signed result is started (with its reason): the result can be reviewed again, and needs a new signature.</summary>
    NewVersion,
}

/// <summary>
/// One review of a kept sample's calls, kept beside the automatic call and never overwriting it (append-only): who, when, why, and
/// what they said. The reviews of a sample, in their order, turn the automatic calls into the reviewed calls.
/// </summary>
/// <param name="Id">The review's id.</param>
/// <param name="SampleId">The kept sample reviewed.</param>
/// <param name="Ordinal">Its place among the sample's reviews (1, 2, …).</param>
/// <param name="Action">What the reviewer did.</param>
/// <param name="Locus">The locus (null for <see cref="CallReviewAction.NewVersion"/>).</param>
/// <param name="Allele">The allele reviewed (accept, reject, relabel) or added; null for a new version.</param>
/// <param name="NewAllele">The allele a relabel gives the peak; null otherwise.</param>
/// <param name="Reason">The reviewer's reason (one line).</param>
/// <param name="Reviewer">The reviewer's user name.</param>
/// <param name="ReviewedAt">When, with the site's offset.</param>
public sealed record StrCallReview(
    string Id, string SampleId, int Ordinal, CallReviewAction Action, string? Locus, string? Allele, string? NewAllele, string Reason, string Reviewer, DateTimeOffset ReviewedAt);

/// <summary>A review as the reviewer asked for it, checked: the action, locus and alleles as the run's bins name them, and the reason.</summary>
/// <param name="Action">The action.</param>
/// <param name="Locus">The kit's locus name.</param>
/// <param name="Allele">The allele reviewed or added.</param>
/// <param name="NewAllele">The relabel's allele, or null.</param>
/// <param name="Reason">The reason, trimmed.</param>
public sealed record CheckedCallReview(CallReviewAction Action, string Locus, string Allele, string? NewAllele, string Reason);

/// <summary>
/// The rules of reviewing a sample's allele calls (as GeneMapper's and OSIRIS's edit of a call, with the reason they require): a
/// called allele is accepted, rejected or relabelled; a peak in a bin is added as its allele. A relabel or an added allele must be an
/// allele the run's ladder bins of that locus know (no free text: "10.1" where the ladder has no such bin is refused); an added
/// allele needs a peak in its bin (within the bin half-width) in the locus's dye. Every review carries a reason.
/// </summary>
public static class CallReviews
{
    /// <summary>The words of the actions a reviewer may ask for, as forms and the command line take them.</summary>
    public static IReadOnlyList<string> Words { get; } = ["accept", "reject", "relabel", "add"];

    /// <summary>A sample's result version: 1, and one more for every new version started among <paramref name="reviews"/> (the sample's).</summary>
    public static int Version(IEnumerable<StrCallReview> reviews) => 1 + reviews.Count(r => r.Action == CallReviewAction.NewVersion);

    /// <summary>The word of an action (<c>new-version</c> for <see cref="CallReviewAction.NewVersion"/>).</summary>
    public static string Word(CallReviewAction action) => action switch
    {
        CallReviewAction.Accept => "accept",
        CallReviewAction.Reject => "reject",
        CallReviewAction.Relabel => "relabel",
        CallReviewAction.Add => "add",
        CallReviewAction.NewVersion => "new-version",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a review action."),
    };

    /// <summary>The action a word names (as <see cref="Word"/> writes it), or null.</summary>
    public static CallReviewAction? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "accept" => CallReviewAction.Accept,
        "reject" => CallReviewAction.Reject,
        "relabel" => CallReviewAction.Relabel,
        "add" => CallReviewAction.Add,
        "new-version" => CallReviewAction.NewVersion,
        _ => null,
    };

    /// <summary>
    /// Checks a review asked of <paramref name="calls"/> (the sample's calls as reviewed so far) against the run's bins: every problem
    /// at its field (<c>action</c>, <c>locus</c>, <c>allele</c>, <c>newAllele</c>, <c>reason</c>), or the checked review. Allele names
    /// are matched as the bins write them (AMEL's X and Y are upper-case).
    /// </summary>
    public static ReadResult<CheckedCallReview> Check(
        SampleAnalysis calls, IReadOnlyList<LocusBins> bins, string? action, string? locus, string? allele, string? newAllele, string? reason, double binHalfWidth = 0.5)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(bins);
        var issues = new List<Issue>();
        var parsed = Parse(action);
        if (parsed is null or CallReviewAction.NewVersion)
        {
            issues.Add(Issue.Error(StrIssues.UnknownReviewAction, "action", $"Expected one of {string.Join(", ", Words)}; found {OneLine.Shown(action)}."));
        }

        if (OneLine.CheckRequired(reason, "reason", StrIssues.ReviewReasonMissing, "the reason for the review (one line)") is { } badReason)
        {
            issues.Add(badReason);
        }

        var locusBins = bins.FirstOrDefault(b => string.Equals(b.Locus.Name, locus?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (locusBins is null)
        {
            issues.Add(Issue.Error(StrIssues.UnknownLocus, "locus", $"Expected a locus of the run ({string.Join(", ", bins.Select(b => b.Locus.Name))}); found {OneLine.Shown(locus)}."));
        }

        if (locusBins is null || parsed is not { } act || act == CallReviewAction.NewVersion)
        {
            return ReadResult.Failed<CheckedCallReview>(issues);
        }

        var name = locusBins.Locus.Name;
        var called = calls.Loci.FirstOrDefault(l => l.Locus == name)?.Alleles ?? [];
        var calledNames = called.Select(a => a.Name).ToList();
        var known = locusBins.Alleles.Select(a => a.Allele.Name).ToList();
        var given = Known(allele, act == CallReviewAction.Add ? known : calledNames);
        string? target = null;
        if (act == CallReviewAction.Add)
        {
            if (given is null)
            {
                issues.Add(Issue.Error(StrIssues.AlleleNotInBins, "allele", $"Expected an allele of {name} that the run's bins know ({string.Join(", ", known)}); found {OneLine.Shown(allele)}."));
            }
            else if (calledNames.Contains(given, StringComparer.Ordinal))
            {
                issues.Add(Issue.Error(StrIssues.AlleleAlreadyCalled, "allele", $"Expected an allele not called at {name}; {given} is already called there (accept it instead)."));
            }
            else if (PeakInBin(calls, locusBins, given, binHalfWidth) is null)
            {
                var bp = locusBins.Alleles.First(a => a.Allele.Name == given).Bp;
                issues.Add(Issue.Error(StrIssues.NoPeakInBin, "allele",
                    $"Expected a peak in the bin of {name} {given} ({bp:0.00} ± {binHalfWidth} bp, dye {locusBins.Locus.FileChannel}); there is none: an allele is added from a peak, never typed in."));
            }
        }
        else if (given is null)
        {
            issues.Add(Issue.Error(StrIssues.CallNotFound, "allele",
                $"Expected an allele called at {name} ({(calledNames.Count == 0 ? "none is called" : string.Join(", ", calledNames))}); found {OneLine.Shown(allele)}."));
        }

        if (act == CallReviewAction.Relabel)
        {
            target = Known(newAllele, known);
            if (target is null)
            {
                issues.Add(Issue.Error(StrIssues.AlleleNotInBins, "newAllele", $"Expected an allele of {name} that the run's bins know ({string.Join(", ", known)}); found {OneLine.Shown(newAllele)}."));
            }
            else if (calledNames.Contains(target, StringComparer.Ordinal))
            {
                issues.Add(Issue.Error(StrIssues.AlleleAlreadyCalled, "newAllele", $"Expected an allele not called at {name}; {target} is already called there."));
            }
        }
        else if (!string.IsNullOrWhiteSpace(newAllele))
        {
            issues.Add(Issue.Error(StrIssues.UnknownReviewAction, "newAllele", $"Expected no new allele with {Word(act)} (only a relabel gives one); found {OneLine.Shown(newAllele)}."));
        }

        return issues.Count > 0 || given is null
            ? ReadResult.Failed<CheckedCallReview>(issues)
            : ReadResult.Of(new CheckedCallReview(act, name, given, target, reason!.Trim()));
    }

    /// <summary>
    /// The reviewed calls: <paramref name="analysis"/> (the automatic calls) with the reviews applied in their order — a rejected
    /// allele's peak set aside (<see cref="StrFlags.Rejected"/>, with the reason), a relabelled allele renamed on its own peak
    /// (<see cref="StrFlags.Relabelled"/>), an added allele called on the tallest peak in its bin (<see cref="StrFlags.AddedByReview"/>).
    /// Accepts and new versions change no call. A review that no longer applies (its allele is not called) is passed over.
    /// </summary>
    public static SampleAnalysis Apply(SampleAnalysis analysis, IReadOnlyList<LocusBins> bins, IEnumerable<StrCallReview> reviews, double binHalfWidth = 0.5)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(reviews);
        var loci = analysis.Loci.ToDictionary(l => l.Locus, StringComparer.Ordinal);
        foreach (var review in reviews.OrderBy(r => r.Ordinal))
        {
            if (review.Locus is null || review.Allele is null || bins.FirstOrDefault(b => b.Locus.Name == review.Locus) is not { } locusBins)
            {
                continue;
            }

            var locus = loci.GetValueOrDefault(review.Locus) ?? new LocusCall(review.Locus, [], [], []);
            var call = locus.Alleles.FirstOrDefault(a => a.Name == review.Allele);
            locus = review.Action switch
            {
                CallReviewAction.Reject when call is not null => locus with
                {
                    Alleles = locus.Alleles.Remove(call),
                    Filtered = locus.Filtered.Add(new FilteredPeak(call.Peak, StrFlags.Rejected, $"rejected by {review.Reviewer}: {review.Reason}")),
                },
                CallReviewAction.Relabel when call is not null && review.NewAllele is { } to => locus with
                {
                    Alleles = locus.Alleles.Replace(call, call with { Name = to, Flags = call.Flags.Remove(StrFlags.OffLadder).Add(StrFlags.Relabelled) }),
                },
                CallReviewAction.Add when call is null && PeakInBin(analysis with { Loci = [.. loci.Values] }, locusBins, review.Allele, binHalfWidth) is { } peak => locus with
                {
                    Alleles = [.. locus.Alleles.Add(new AlleleCall(review.Allele, peak, [StrFlags.AddedByReview])).OrderBy(a => a.Peak.Size.Bp)],
                    Filtered = locus.Filtered.RemoveAll(f => f.Peak == peak),
                },
                _ => locus,
            };
            loci[review.Locus] = locus with { Flags = locus.Alleles.IsEmpty ? locus.Flags.Remove(StrFlags.NoCall).Add(StrFlags.NoCall) : locus.Flags.Remove(StrFlags.NoCall) };
        }

        return analysis with { Loci = [.. analysis.Loci.Select(l => loci[l.Locus]), .. loci.Values.Where(l => analysis.Loci.All(a => a.Locus != l.Locus))] };
    }

    // The tallest peak of the locus's dye in the allele's bin that is not already called (nor a spike or a dye blob: no DNA there).
    private static Electrophoresis.SizedPeak? PeakInBin(SampleAnalysis calls, LocusBins bins, string allele, double halfWidth)
    {
        var bp = bins.Alleles.First(a => a.Allele.Name == allele).Bp;
        var taken = calls.Loci.SelectMany(l => l.Alleles).Select(a => a.Peak)
            .Concat(calls.Loci.SelectMany(l => l.Filtered).Where(f => f.Flag is StrFlags.Spike or StrFlags.DyeBlob).Select(f => f.Peak)).ToHashSet();
        return calls.Lane.Peaks.Where(p => p.Channel == bins.Locus.FileChannel && Math.Abs(p.Size.Bp - bp) <= halfWidth && !taken.Contains(p)).MaxBy(p => p.Peak.Height);
    }

    // The name as the list writes it (case-insensitive: "x" is AMEL's X), or null.
    private static string? Known(string? name, IEnumerable<string> names) =>
        string.IsNullOrWhiteSpace(name) ? null : names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
